import type { FastifyInstance } from 'fastify';
import { policy } from '../../catalog/access.ts';
import { createSource, listSources, requestHarvest, requireSource, sourceView } from '../../linked/harvest/service.ts';
import { pageContextOf } from '../auth.ts';
import { sendPage } from '../render.tsx';
import { formErrors, seeOther, type Body } from './forms.ts';
import { HarvestListPage, HarvestSourcePage } from './harvest.tsx';

/** /harvest: the sources, a form to register one, and each source's runs. */
export function harvestPages() {
  return async (app: FastifyInstance) => {
    const entitiesFor = async (request: Parameters<typeof pageContextOf>[0]) => {
      const rows = await request.ctx.db.selectFrom('entities').select(['id', 'nit', 'name']).orderBy('sort_key').execute();
      return rows.filter((e) => request.actor.kind === 'person' && policy.writeAssets(request.actor, e.id));
    };

    app.get('/harvest', async (request, reply) => sendPage(reply, <HarvestListPage c={pageContextOf(request)} sources={await listSources(request.ctx)} entities={await entitiesFor(request)} errors={[]} values={{}} />));

    app.post('/harvest', async (request, reply) => {
      const body = request.body as Body;
      try {
        const source = await createSource(request.ctx, String(body.entity ?? ''), { url: body.url, type: body.type, title: body.title, schedule_hours: body.schedule_hours });
        await requestHarvest(request.ctx, source);
        return seeOther(reply, `/harvest/${source.id}`);
      } catch (error) {
        const errors = formErrors(error);
        const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
        return sendPage(reply, <HarvestListPage c={pageContextOf(request)} sources={await listSources(request.ctx)} entities={await entitiesFor(request)} errors={errors} values={values} />, 400);
      }
    });

    app.get('/harvest/:id', async (request, reply) => {
      const source = await requireSource(request.ctx, Number((request.params as { id: string }).id));
      return sendPage(reply, <HarvestSourcePage c={pageContextOf(request)} source={await sourceView(request.ctx, source)} />);
    });

    app.post('/harvest/:id/run', async (request, reply) => {
      const source = await requireSource(request.ctx, Number((request.params as { id: string }).id));
      await requestHarvest(request.ctx, source);
      return seeOther(reply, `/harvest/${source.id}`);
    });
  };
}
