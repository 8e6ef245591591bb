import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createSource, HARVEST_TYPES, listSources, requestHarvest, requireSource, sourceView } from './service.ts';

const SourceId = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/** Harvest sources: registered by an entity's editors, run on their schedule or on demand, every run reported. */
export function harvestRoutes(): FastifyPluginAsync {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/harvest-sources', { schema: { tags: ['cosecha'], summary: 'Fuentes de cosecha y su última ejecución / Harvest sources and their last run' } }, async (request) => ({ results: await listSources(request.ctx) }));

    app.post('/entities/:nit/harvest-sources', {
      schema: {
        tags: ['cosecha'],
        summary: 'Registrar un catálogo para cosechar (DCAT, CKAN o data.json) / Register a catalog to harvest',
        params: Type.Object({ nit: Type.String() }),
        body: Type.Object({ url: Type.String({ maxLength: 2000 }), type: Type.Union(HARVEST_TYPES.map((t) => Type.Literal(t))), title: Type.Optional(Type.String({ maxLength: 200 })), schedule_hours: Type.Optional(Type.Integer({ minimum: 0, maximum: 8760 })), run: Type.Optional(Type.Boolean()) }),
      },
    }, async (request, reply) => {
      const source = await createSource(request.ctx, request.params.nit, request.body);
      const job = request.body.run === false ? null : await requestHarvest(request.ctx, source);
      return reply.code(201).header('location', `/api/v1/harvest-sources/${source.id}`).send({ ...(await sourceView(request.ctx, source)), job_id: job });
    });

    app.get('/harvest-sources/:id', { schema: { tags: ['cosecha'], summary: 'Una fuente con sus ejecuciones, errores y avisos por registro / A source with its runs and per-record messages', params: SourceId } },
      async (request) => sourceView(request.ctx, await requireSource(request.ctx, request.params.id)));

    app.post('/harvest-sources/:id/runs', { schema: { tags: ['cosecha'], summary: 'Cosechar ahora (un trabajo con progreso) / Harvest now (a job with progress)', params: SourceId } }, async (request, reply) => {
      const source = await requireSource(request.ctx, request.params.id);
      const job = await requestHarvest(request.ctx, source);
      return reply.code(202).header('location', `/api/v1/harvest-sources/${source.id}`).send({ job_id: job });
    });
  };
}
