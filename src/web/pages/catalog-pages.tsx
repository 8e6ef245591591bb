import { qualitySummary } from '../../quality/service.ts';
import { listDatasets } from '../../publish/datasets.ts';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { demand, policy } from '../../catalog/access.ts';
import { assetHistory, createAsset, deleteAsset, getAsset, hiddenAssetCount, listEntityAssets, updateAsset } from '../../catalog/assets.ts';
import { divipolaFor } from '../../catalog/divipola.ts';
import { createEntity, getEntity, listEntities, updateEntity } from '../../catalog/entities.ts';
import { labelFacets } from '../../catalog/facet-labels.ts';
import { buildInstrument } from '../../catalog/instruments.ts';
import { instrumentFile, type ExportFormat } from '../../catalog/instrument-export.ts';
import { normalizeSearchParams, search } from '../../catalog/search.ts';
import { catalogStats } from '../../catalog/stats.ts';
import type { Platform } from '../../platform.ts';
import { agentQuads } from '../../linked/dcat.ts';
import { negotiateRdf, sendRdf } from '../../linked/serialize.ts';
import { pageContextOf, type CookieNames } from '../auth.ts';
import { safeNext } from '../format.ts';
import { sendPage } from '../render.tsx';
import { AssetFormPage, AssetPage, DeleteAssetPage, HistoryPage, formValuesOf } from './assets.tsx';
import { EntitiesPage, EntityFormPage, EntityPage, InventoryPage } from './entities.tsx';
import { HomePage } from './home.tsx';
import { InstrumentPage } from './instruments.tsx';
import { SearchPage } from './search.tsx';
import { assetInputFromForm, formErrors, formValuesFromBody, notice, seeOther, type Body } from './forms.ts';

/** Pages of the catalog: home, search, entities, the inventory, assets and the legal instruments. */
export function catalogPages(platform: Platform, cookies: CookieNames) {
  return async (app: FastifyInstance) => {

    app.get('/', async (request, reply) => sendPage(reply, <HomePage c={pageContextOf(request)} stats={await catalogStats(request.ctx)} />));

    app.get('/lang', async (request, reply) => {
      const { to, back } = request.query as Record<string, string>;
      if (to === 'es' || to === 'en') reply.setCookie(cookies.lang, to, { path: '/', sameSite: 'lax', maxAge: 365 * 86400, secure: cookies.secure });
      const target = safeNext(back).replace(/([?&])lang=(es|en)(&|$)/, '$1').replace(/[?&]$/, '');
      return seeOther(reply, target || '/');
    });

    app.get('/search', async (request, reply) => {
      const params = normalizeSearchParams(request.query as Record<string, unknown>);
      const result = await labelFacets(platform.store.db, await search(request.ctx, params), request.lang);
      return sendPage(reply, <SearchPage c={pageContextOf(request)} params={params} result={result} />);
    });

    // Entities
    app.get('/entities', async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const filters = Object.fromEntries(['sector', 'orden', 'department'].filter((k) => typeof query[k] === 'string' && query[k]).map((k) => [k, String(query[k])]));
      const [entities, divipola] = await Promise.all([listEntities(request.ctx, filters), divipolaFor(platform.store.db)]);
      return sendPage(reply, <EntitiesPage c={pageContextOf(request)} entities={entities} divipola={divipola} filters={filters} />);
    });

    app.get('/entities/new', async (request, reply) => {
      demand(policy.createEntity(request.actor), request.actor);
      return sendPage(reply, <EntityFormPage c={pageContextOf(request)} values={{ orden: 'nacional', member_class: 'GOV' }} errors={[]} divipola={await divipolaFor(platform.store.db)} />);
    });

    app.post('/entities/new', async (request, reply) => {
      const body = request.body as Body;
      try {
        const entity = await createEntity(request.ctx, body as never);
        return seeOther(reply, `/entities/${entity.nit}?ok=created`);
      } catch (error) {
        const errors = formErrors(error);
        return sendPage(reply, <EntityFormPage c={pageContextOf(request)} values={body as never} errors={errors} divipola={await divipolaFor(platform.store.db)} />, 400);
      }
    });

    app.get('/entities/:nit', async (request, reply) => {
      const { nit } = request.params as { nit: string };
      const entity = await getEntity(request.ctx, nit);
      // The entity's URI in DCAT (dct:publisher) answers RDF too.
      const rdf = negotiateRdf(request);
      if (rdf) return sendRdf(reply, agentQuads({ uri: `${platform.config.baseUrl}/entities/${entity.nit}`, name: entity.name, acronym: entity.acronym, homepage: entity.website, sector: entity.sector }, platform.config.baseUrl), rdf);
      const list = await listEntityAssets(request.ctx, nit, { perPage: 20 });
      const hidden = await hiddenAssetCount(request.ctx, list.entity);
      const datasets = await listDatasets(request.ctx, { entity: entity.id });
      const quality = datasets.length ? (await qualitySummary(request.ctx, { entity: entity.id })).entities[0] : undefined;
      return sendPage(reply, <EntityPage c={pageContextOf(request)} entity={entity} assets={list.results} count={list.count} hidden={hidden} notice={notice(request)} datasets={datasets} quality={quality} />);
    });

    app.get('/entities/:nit/edit', async (request, reply) => {
      const entity = await getEntity(request.ctx, (request.params as { nit: string }).nit);
      demand(policy.editEntity(request.actor, entity.id), request.actor);
      return sendPage(reply, <EntityFormPage c={pageContextOf(request)} entity={entity} values={entity as never} errors={[]} divipola={await divipolaFor(platform.store.db)} />);
    });

    app.post('/entities/:nit/edit', async (request, reply) => {
      const entity = await getEntity(request.ctx, (request.params as { nit: string }).nit);
      const { version, _csrf, ...body } = request.body as Body;
      try {
        await updateEntity(request.ctx, entity.nit, body as never, Number(version));
        return seeOther(reply, `/entities/${entity.nit}?ok=saved`);
      } catch (error) {
        const errors = error instanceof AppError && error.code === 'conflict' ? [{ message: error.messages }] : formErrors(error);
        return sendPage(reply, <EntityFormPage c={pageContextOf(request)} entity={entity} values={body as never} errors={errors} divipola={await divipolaFor(platform.store.db)} />, 400);
      }
    });

    app.get('/entities/:nit/inventory', async (request, reply) => {
      const { nit } = request.params as { nit: string };
      const query = request.query as Record<string, string>;
      const page = Math.max(1, Number(query.page) || 1);
      const legalClass = ['publica', 'clasificada', 'reservada'].includes(query.legal_class ?? '') ? query.legal_class : undefined;
      const entity = await getEntity(request.ctx, nit);
      const list = await listEntityAssets(request.ctx, nit, { page, perPage: 100, ...(legalClass ? { legalClasses: [legalClass as 'publica'] } : {}) });
      return sendPage(reply, <InventoryPage c={pageContextOf(request)} entity={entity} assets={list.results} count={list.count} page={page} pages={Math.max(1, Math.ceil(list.count / 100))} legalClass={legalClass} notice={notice(request)} />);
    });

    app.get('/entities/:nit/assets/new', async (request, reply) => {
      const entity = await getEntity(request.ctx, (request.params as { nit: string }).nit);
      demand(policy.writeAssets(request.actor, entity.id), request.actor);
      const defaults = formValuesOf({ language: 'es', medium: 'electronico', availability: 'disponible', legal_class: 'publica', personal_data_class: 'ninguno', licence: 'CC-BY-SA-4.0' });
      return sendPage(reply, <AssetFormPage c={pageContextOf(request)} entity={entity} values={defaults} errors={[]} />);
    });

    app.post('/entities/:nit/assets/new', async (request, reply) => {
      const entity = await getEntity(request.ctx, (request.params as { nit: string }).nit);
      const body = request.body as Body;
      try {
        const asset = await createAsset(request.ctx, entity.nit, assetInputFromForm(body));
        return seeOther(reply, `/assets/${asset.id}?ok=created`);
      } catch (error) {
        return sendPage(reply, <AssetFormPage c={pageContextOf(request)} entity={entity} values={formValuesFromBody(body)} errors={formErrors(error)} />, 400);
      }
    });

    app.get('/entities/:nit/instruments/:file', async (request, reply) => {
      const { nit, file } = request.params as { nit: string; file: string };
      const match = /^([a-z-]+?)(?:\.(csv|xlsx|json))?$/.exec(file);
      const table = await buildInstrument(request.ctx, nit, match?.[1] ?? file, request.lang);
      const format = match?.[2] as ExportFormat | undefined;
      if (!format) return sendPage(reply, <InstrumentPage c={pageContextOf(request)} table={table} />);
      const download = await instrumentFile(table, format);
      return reply.header('content-type', download.contentType).header('content-disposition', download.disposition).send(download.body);
    });

    // Assets
    app.get('/assets/:id', async (request, reply) => {
      const asset = await getAsset(request.ctx, (request.params as { id: string }).id);
      return sendPage(reply, <AssetPage c={pageContextOf(request)} asset={asset} divipola={await divipolaFor(platform.store.db)} notice={notice(request)} />);
    });

    app.get('/assets/:id/edit', async (request, reply) => {
      const asset = await getAsset(request.ctx, (request.params as { id: string }).id);
      demand(policy.writeAssets(request.actor, asset.entity_id), request.actor);
      const entity = await getEntity(request.ctx, asset.entity_id);
      return sendPage(reply, <AssetFormPage c={pageContextOf(request)} entity={entity} asset={asset} values={{ ...formValuesOf(asset), version: asset.version }} errors={[]} />);
    });

    app.post('/assets/:id/edit', async (request, reply) => {
      const asset = await getAsset(request.ctx, (request.params as { id: string }).id);
      const entity = await getEntity(request.ctx, asset.entity_id);
      const body = request.body as Body;
      try {
        await updateAsset(request.ctx, asset.id, assetInputFromForm(body), Number(body.version), String(body.reason ?? '') || undefined);
        return seeOther(reply, `/assets/${asset.id}?ok=saved`);
      } catch (error) {
        const c = pageContextOf(request);
        if (error instanceof AppError && error.code === 'conflict' && error.details.length === 0) {
          // Someone saved first: keep what this person typed, based on the latest version, and say so.
          const latest = await getAsset(request.ctx, asset.id);
          return sendPage(reply, <AssetFormPage c={c} entity={entity} asset={latest} values={{ ...formValuesFromBody(body), version: latest.version }} errors={[]} conflict={c.t(error.messages)} />, 409);
        }
        return sendPage(reply, <AssetFormPage c={c} entity={entity} asset={asset} values={formValuesFromBody(body)} errors={formErrors(error)} />, 400);
      }
    });

    app.get('/assets/:id/delete', async (request, reply) => {
      const asset = await getAsset(request.ctx, (request.params as { id: string }).id);
      demand(policy.writeAssets(request.actor, asset.entity_id), request.actor);
      return sendPage(reply, <DeleteAssetPage c={pageContextOf(request)} asset={asset} />);
    });

    app.post('/assets/:id/delete', async (request, reply) => {
      const asset = await getAsset(request.ctx, (request.params as { id: string }).id);
      await deleteAsset(request.ctx, asset.id, Number((request.body as Body).version));
      return seeOther(reply, `/entities/${asset.entity.nit}/inventory?ok=deleted`);
    });

    app.get('/assets/:id/history', async (request, reply) => {
      const asset = await getAsset(request.ctx, (request.params as { id: string }).id);
      const entries = await assetHistory(request.ctx, asset.id);
      return sendPage(reply, <HistoryPage c={pageContextOf(request)} asset={asset} entries={entries} />);
    });

  };
}
