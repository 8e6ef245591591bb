import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import type { PersonActor } from '../../core/actor.ts';
import { demand, policy } from '../../catalog/access.ts';
import { ASSET_FIELDS } from '../../catalog/asset-fields.ts';
import { assetHistory, createAsset, deleteAsset, getAsset, hiddenAssetCount, listEntityAssets, updateAsset, type AssetInput } from '../../catalog/assets.ts';
import { DEMO_ACCOUNTS } from '../../catalog/demo/accounts.ts';
import { divipolaFor } from '../../catalog/divipola.ts';
import { createEntity, getEntity, listEntities, requireEntity, updateEntity } from '../../catalog/entities.ts';
import { labelFacets } from '../../catalog/facet-labels.ts';
import { getImport, rerunImport } from '../../catalog/imports.ts';
import { buildInstrument } from '../../catalog/instruments.ts';
import { instrumentFile, type ExportFormat } from '../../catalog/instrument-export.ts';
import { changeOwnPassword, createApiToken, createPerson, getPerson, listApiTokens, listPeople, revokeApiToken, signIn, signOut, updatePerson } from '../../catalog/people.ts';
import { receiveImport } from '../../catalog/routes.ts';
import { normalizeSearchParams, search } from '../../catalog/search.ts';
import { catalogStats } from '../../catalog/stats.ts';
import type { Platform } from '../../platform.ts';
import { clearSessionCookie, pageContextOf, setSessionCookie, type CookieNames } from '../auth.ts';
import { safeNext } from '../format.ts';
import { sendPage } from '../render.tsx';
import { AccountPage, LoginPage, PeoplePage, PersonPage } from './account.tsx';
import { AssetFormPage, AssetPage, DeleteAssetPage, HistoryPage, formValuesOf } from './assets.tsx';
import { EntitiesPage, EntityFormPage, EntityPage, InventoryPage } from './entities.tsx';
import { HomePage } from './home.tsx';
import { ImportFormPage, ImportPage } from './imports.tsx';
import { InstrumentPage } from './instruments.tsx';
import { SearchPage } from './search.tsx';

type Body = Record<string, unknown>;

const NOTICES: Record<string, { es: string; en: string }> = {
  created: { es: 'Se guardó el registro.', en: 'The record was saved.' },
  saved: { es: 'Se guardaron los cambios.', en: 'The changes were saved.' },
  deleted: { es: 'Se eliminó el activo.', en: 'The asset was deleted.' },
  person: { es: 'Se creó la cuenta.', en: 'The account was created.' },
};

function notice(request: FastifyRequest): string | undefined {
  const ok = (request.query as Record<string, unknown>).ok;
  const text = typeof ok === 'string' ? NOTICES[ok] : undefined;
  return text?.[request.lang];
}

const seeOther = (reply: FastifyReply, location: string) => reply.code(303).header('location', location).send();

/** Form problems a page shows next to their fields; anything else goes to the error handler. */
function formErrors(error: unknown): ErrorDetail[] {
  if (error instanceof AppError && (error.code === 'validation' || (error.code === 'conflict' && error.details.length > 0))) {
    return error.details.length ? error.details : [{ message: error.messages }];
  }
  throw error;
}

/** A browser form's fields as asset input: only the fields the form showed, unchecked boxes included. */
function assetInputFromForm(body: Body): AssetInput {
  const shown = new Set(String(body._fields ?? '').split(','));
  const input: AssetInput = {};
  for (const spec of ASSET_FIELDS) {
    if (!shown.has(spec.key)) continue;
    const raw = body[spec.key];
    if (spec.kind === 'choices') input[spec.key] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    else if (spec.kind === 'boolean') input[spec.key] = raw !== undefined && raw !== '';
    else input[spec.key] = raw ?? '';
  }
  return input;
}

function formValuesFromBody(body: Body): Record<string, unknown> {
  const values = formValuesOf(assetInputFromForm(body));
  return { ...values, version: body.version, reason: body.reason };
}

export function pageRoutes(platform: Platform, cookies: CookieNames): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const maxMb = Math.round(platform.config.maxUploadBytes / 1048576);

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
      return sendPage(reply, <EntityFormPage c={pageContextOf(request)} values={{ orden: 'nacional' }} errors={[]} divipola={await divipolaFor(platform.store.db)} />);
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
      const list = await listEntityAssets(request.ctx, nit, { perPage: 20 });
      const hidden = await hiddenAssetCount(request.ctx, list.entity);
      return sendPage(reply, <EntityPage c={pageContextOf(request)} entity={entity} assets={list.results} count={list.count} hidden={hidden} notice={notice(request)} />);
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

    // Import
    app.get('/entities/:nit/import', async (request, reply) => {
      const entity = await getEntity(request.ctx, (request.params as { nit: string }).nit);
      demand(policy.writeAssets(request.actor, entity.id), request.actor);
      return sendPage(reply, <ImportFormPage c={pageContextOf(request)} entity={entity} maxMb={maxMb} errors={[]} />);
    });

    app.post('/entities/:nit/import', { config: { csrfInHandler: true } }, async (request, reply) => {
      const { nit } = request.params as { nit: string };
      const entity = await getEntity(request.ctx, nit);
      demand(policy.writeAssets(request.actor, entity.id), request.actor);
      try {
        const id = await receiveImport(Object.assign(request, { params: { key: nit } }), platform);
        return seeOther(reply, `/imports/${id}`);
      } catch (error) {
        if (error instanceof AppError && ['validation', 'payload_too_large', 'unsupported_media_type'].includes(error.code)) {
          return sendPage(reply, <ImportFormPage c={pageContextOf(request)} entity={entity} maxMb={maxMb} errors={error.details.length ? error.details : [{ field: 'file', message: error.messages }]} />, error.status);
        }
        throw error;
      }
    });

    app.get('/imports/:id', async (request, reply) => {
      const view = await getImport(request.ctx, (request.params as { id: string }).id);
      const canApply = policy.writeAssets(request.actor, view.entity.id);
      return sendPage(reply, <ImportPage c={pageContextOf(request)} view={view} canApply={canApply} />);
    });

    app.post('/imports/:id/rerun', async (request, reply) => {
      const body = request.body as Body;
      const mapping: Record<string, string> = {};
      for (const [key, value] of Object.entries(body)) if (key.startsWith('map:')) mapping[key.slice(4)] = String(value ?? '');
      const id = await rerunImport(request.ctx, (request.params as { id: string }).id, { dryRun: body.dry_run !== 'false', mapping });
      return seeOther(reply, `/imports/${id}`);
    });

    app.get('/import-template.csv', async (request, reply) => {
      const header = ASSET_FIELDS.map((f) => `"${f.label[request.lang].replace(/"/g, '""')}"`).join(',');
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="plantilla-registro-activos.csv"').send(`\ufeff${header}\r\n`);
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

    // Sign-in and account
    const demoAccounts = platform.config.demo ? DEMO_ACCOUNTS : [];
    app.get('/login', async (request, reply) => {
      const next = safeNext((request.query as Record<string, unknown>).next);
      return sendPage(reply, <LoginPage c={pageContextOf(request)} next={next} demoAccounts={demoAccounts} />);
    });

    app.post('/login', async (request, reply) => {
      const body = request.body as Body;
      const next = safeNext(body.next);
      try {
        const { token } = await signIn(platform.store.db, String(body.email ?? ''), String(body.password ?? ''), platform.clock.now());
        setSessionCookie(reply, cookies, token);
        return seeOther(reply, next);
      } catch (error) {
        if (!(error instanceof AppError) || !['unauthorized', 'rate_limited'].includes(error.code)) throw error;
        return sendPage(reply, <LoginPage c={pageContextOf(request)} next={next} email={String(body.email ?? '')} error={{ field: 'email', message: error.messages }} demoAccounts={demoAccounts} />, error.status);
      }
    });

    app.post('/logout', async (request, reply) => {
      if (request.sessionToken) await signOut(platform.store.db, request.sessionToken);
      clearSessionCookie(reply, cookies);
      return seeOther(reply, '/');
    });

    const accountPage = async (request: FastifyRequest, reply: FastifyReply, extra: { newToken?: string; errors?: ErrorDetail[]; passwordErrors?: ErrorDetail[] } = {}, status = 200) => {
      demand(request.actor.kind === 'person', request.actor);
      const actor = request.actor as PersonActor;
      const [entity, tokens] = await Promise.all([getEntity(request.ctx, actor.entityId), listApiTokens(request.ctx)]);
      const passwordNotice = (request.query as Record<string, unknown>).ok === 'password' ? pageContextOf(request).t({ es: 'Se cambió la contraseña; sus otras sesiones se cerraron.', en: 'The password was changed; your other sessions were ended.' }) : undefined;
      return sendPage(reply, <AccountPage c={pageContextOf(request)} actor={actor} entity={entity} tokens={tokens} newToken={extra.newToken} errors={extra.errors ?? []} passwordErrors={extra.passwordErrors ?? []} passwordNotice={passwordNotice} />, status);
    };

    app.post('/account/password', async (request, reply) => {
      const body = request.body as Body;
      try {
        await changeOwnPassword(request.ctx, String(body.current_password ?? ''), String(body.new_password ?? ''), request.sessionToken ?? undefined);
        return seeOther(reply, '/account?ok=password');
      } catch (error) {
        return accountPage(request, reply, { passwordErrors: formErrors(error) }, 400);
      }
    });

    app.get('/people/:id', async (request, reply) => {
      const person = await getPerson(request.ctx, (request.params as { id: string }).id);
      const entity = await getEntity(request.ctx, person.entity_id);
      return sendPage(reply, <PersonPage c={pageContextOf(request)} entity={entity} person={person} values={person as never} errors={[]} notice={notice(request)} />);
    });

    app.post('/people/:id', async (request, reply) => {
      const person = await getPerson(request.ctx, (request.params as { id: string }).id);
      const entity = await getEntity(request.ctx, person.entity_id);
      const body = request.body as Body;
      const roles = body.roles === undefined ? [] : Array.isArray(body.roles) ? (body.roles as string[]) : [String(body.roles)];
      try {
        await updatePerson(request.ctx, person.id, { name: String(body.name ?? ''), roles, disabled: body.disabled !== undefined, ...(body.password ? { password: String(body.password) } : {}) });
        return seeOther(reply, `/people/${person.id}?ok=saved`);
      } catch (error) {
        return sendPage(reply, <PersonPage c={pageContextOf(request)} entity={entity} person={person} values={{ name: body.name, roles, disabled: body.disabled !== undefined }} errors={formErrors(error)} />, 400);
      }
    });

    app.get('/account', async (request, reply) => accountPage(request, reply));

    app.post('/account/tokens', async (request, reply) => {
      try {
        const created = await createApiToken(request.ctx, String((request.body as Body).name ?? ''));
        return accountPage(request, reply, { newToken: created.token }, 201);
      } catch (error) {
        return accountPage(request, reply, { errors: formErrors(error) }, 400);
      }
    });

    app.post('/account/tokens/:id/revoke', async (request, reply) => {
      await revokeApiToken(request.ctx, (request.params as { id: string }).id);
      return seeOther(reply, '/account');
    });

    app.get('/entities/:nit/people', async (request, reply) => {
      const entity = await getEntity(request.ctx, (request.params as { nit: string }).nit);
      const people = await listPeople(request.ctx, entity.nit);
      return sendPage(reply, <PeoplePage c={pageContextOf(request)} entity={entity} people={people} values={{}} errors={[]} notice={notice(request)} />);
    });

    app.post('/entities/:nit/people', async (request, reply) => {
      const entity = await requireEntity(request.ctx, (request.params as { nit: string }).nit);
      const body = request.body as Body;
      try {
        await createPerson(request.ctx, { email: String(body.email ?? ''), name: String(body.name ?? ''), roles: (body.roles ?? []) as string[], password: String(body.password ?? ''), entity: entity.nit });
        return seeOther(reply, `/entities/${entity.nit}/people?ok=person`);
      } catch (error) {
        const errors = error instanceof AppError && error.code === 'conflict' ? [{ field: 'email', message: error.messages }] : formErrors(error);
        const view = await getEntity(request.ctx, entity.nit);
        const people = await listPeople(request.ctx, entity.nit);
        return sendPage(reply, <PeoplePage c={pageContextOf(request)} entity={view} people={people} values={{ ...body, password: '' }} errors={errors} />, 400);
      }
    });
  };
}
