import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { invalid } from '../core/errors.ts';
import { demand, policy } from './access.ts';
import { divipolaFor, divipolaStatus, loadDivipola } from './divipola.ts';
import type { Platform } from '../platform.ts';
import { changeOwnPassword, createPerson, getPerson, listPeople, updatePerson } from './people.ts';
import { csrfTokenFor, signIn, signOut } from './sessions.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './tokens.ts';
import { createAsset, deleteAsset, getAsset, assetHistory, listEntityAssets, updateAsset } from './assets.ts';
import { createEntity, getEntity, listEntities, updateEntity } from './entities.ts';
import { buildInstrument, INSTRUMENTS } from './instruments.ts';
import { instrumentFile, type ExportFormat } from './instrument-export.ts';
import { getImport, parseMapping, rerunImport, startImport, waitForJob } from './imports.ts';
import { normalizeSearchParams, search } from './search.ts';
import { catalogStats } from './stats.ts';
import { labelFacets } from './facet-labels.ts';
import * as S from './schemas.ts';
import {
  AVAILABILITY, EXCEPTION_GROUNDS, EXCEPTION_SCOPES, FORMATS, FREQUENCIES, LANGUAGES, LEGAL_CLASSES, LICENCES, MEDIA, ORDENES,
  PERSONAL_DATA_CLASSES, ROLES, SECTORS, THEMES,
} from './vocabularies.ts';

export const VOCABULARIES = [SECTORS, ORDENES, THEMES, MEDIA, FORMATS, AVAILABILITY, FREQUENCIES, LEGAL_CLASSES, EXCEPTION_GROUNDS, EXCEPTION_SCOPES, PERSONAL_DATA_CLASSES, LICENCES, LANGUAGES, ROLES];

/** The version a client edited: If-Match header ("3" or W/"3"), or `version` in the body or query. */
export function expectedVersion(request: FastifyRequest, fromBody?: unknown): number {
  const header = request.headers['if-match'];
  const raw = header ? String(header).replace(/^W\//, '').replace(/"/g, '') : fromBody ?? (request.query as Record<string, unknown>)?.version;
  const n = Number(raw);
  if (raw === undefined || raw === null || raw === '' || !Number.isInteger(n) || n < 1) {
    throw invalid(
      { es: 'Indique la versión que editó (campo «version» o cabecera If-Match), para no sobrescribir cambios de otros.', en: 'Give the version you edited ("version" field or If-Match header), so others’ changes are not overwritten.' },
      [{ field: 'version', message: { es: 'Versión obligatoria.', en: 'Version required.' } }],
    );
  }
  return n;
}

const etag = (reply: FastifyReply, version: number) => reply.header('etag', `"${version}"`);

const withoutMeta = (body: Record<string, unknown>) => {
  const { version: _v, reason: _r, _csrf: _c, ...rest } = body;
  return rest;
};

/**
 * What the HTTP layer lends the catalog's routes: the session cookie and the CSRF check. Passed in by
 * the application that composes the plugins, so this module does not depend on the web layer.
 */
export interface HttpSession {
  setCookie(reply: FastifyReply, token: string): void;
  clearCookie(reply: FastifyReply): void;
  assertCsrf(request: FastifyRequest, given: string | undefined): void;
}

/** The catalog's JSON API: one place per action, one error envelope, described in OpenAPI. */
export function catalogRoutes(platform: Platform, http: HttpSession): FastifyPluginAsync {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    // Session and account
    app.post('/session', {
      schema: { tags: ['cuenta'], summary: 'Iniciar sesión / Sign in', body: S.LoginBody, response: { 200: Type.Object({ person: S.Person, csrf_token: Type.String() }), ...S.errors(400, 401, 429) } },
    }, async (request, reply) => {
      const { token, actor } = await signIn(platform.store.db, request.body.email, request.body.password, platform.clock.now(), request.ip);
      http.setCookie(reply, token);
      return { person: { id: actor.id, email: actor.email, name: actor.name, entity_id: actor.entityId, roles: actor.roles }, csrf_token: csrfTokenFor(platform.config.secret, token) };
    });

    app.delete('/session', { schema: { tags: ['cuenta'], summary: 'Cerrar sesión / Sign out', response: { 204: Type.Null() } } }, async (request, reply) => {
      if (request.sessionToken) await signOut(platform.store.db, request.sessionToken);
      http.clearCookie(reply);
      return reply.code(204).send(null);
    });

    app.get('/me', { schema: { tags: ['cuenta'], summary: 'Quién soy / Who am I' } }, async (request) => {
      const actor = request.actor;
      if (actor.kind !== 'person') return { authenticated: false };
      const entity = await getEntity(request.ctx, actor.entityId);
      return { authenticated: true, person: { id: actor.id, email: actor.email, name: actor.name, entity_id: actor.entityId, roles: actor.roles }, entity: { id: entity.id, nit: entity.nit, name: entity.name }, via: actor.via, csrf_token: request.csrfToken || undefined };
    });

    app.get('/me/tokens', { schema: { tags: ['cuenta'], summary: 'Mis tokens de API / My API tokens', security: [{ session: [] }, { bearer: [] }] } }, async (request) => {
      const results = await listApiTokens(request.ctx);
      return { count: results.length, results };
    });

    app.post('/me/tokens', {
      schema: { tags: ['cuenta'], summary: 'Crear un token de API (se muestra una sola vez) / Create an API token (shown once)', body: S.TokenBody, security: [{ session: [] }, { bearer: [] }], response: { 201: Type.Object({ id: Type.String(), name: Type.String(), token: Type.String(), expires_at: Type.String() }), ...S.errors(400, 401) } },
    }, async (request, reply) => {
      const created = await createApiToken(request.ctx, request.body.name, request.body.days);
      return reply.code(201).send({ ...created, expires_at: created.expires_at.toISOString() });
    });

    app.delete('/me/tokens/:id', { schema: { tags: ['cuenta'], summary: 'Revocar un token / Revoke a token', params: Type.Object({ id: Type.String() }), response: { 204: Type.Null(), ...S.errors(401, 404) } } }, async (request, reply) => {
      await revokeApiToken(request.ctx, request.params.id);
      return reply.code(204).send(null);
    });

    app.post('/me/password', {
      schema: { tags: ['cuenta'], summary: 'Cambiar mi contraseña (cierra mis otras sesiones) / Change my password (ends my other sessions)', body: S.PasswordBody, response: { 204: Type.Null(), ...S.errors(400, 401) } },
    }, async (request, reply) => {
      await changeOwnPassword(request.ctx, request.body.current_password, request.body.new_password, request.sessionToken ?? undefined);
      return reply.code(204).send(null);
    });

    // Reference data
    app.get('/vocabularies', { schema: { tags: ['referencia'], summary: 'Listas de códigos del catálogo / Catalog code lists' } }, async () =>
      Object.fromEntries(VOCABULARIES.map((v) => [v.name, v.terms.map((t) => ({ code: t.code, label: t.label, ...(t.uri ? { uri: t.uri } : {}) }))])),
    );

    app.get('/divipola', {
      schema: { tags: ['referencia'], summary: 'Divipola: departamentos o municipios de un departamento / DIVIPOLA codes', querystring: Type.Object({ department: Type.Optional(Type.String({ pattern: '^\\d{1,2}$' })) }) },
    }, async (request) => {
      const divipola = await divipolaFor(platform.store.db);
      const department = request.query.department?.padStart(2, '0');
      const results = department ? divipola.municipalitiesOf(department) : divipola.departments();
      return { count: results.length, results: results.map((e) => ({ code: e.code, name: e.name, kind: e.kind })) };
    });

    app.get('/divipola/status', {
      schema: { tags: ['referencia'], summary: '¿Está cargada la lista completa de municipios del DANE? / Is DANE\'s full municipality list loaded?' },
    }, async () => divipolaStatus(platform.store.db));

    app.post('/divipola/load', {
      config: { csrfInHandler: true },
      schema: {
        tags: ['referencia'],
        summary: 'Cargar la DIVIPOLA del DANE (CSV, multipart: file) / Load DANE\'s DIVIPOLA (oficina nacional de datos)',
        description: 'Reemplaza la lista de municipios, toda o nada; queda en el registro de transparencia. / Replaces the municipality list, all or nothing; recorded in the ledger.',
        consumes: ['multipart/form-data'],
        response: {
          200: Type.Object({
            rows: Type.Integer(), departments: Type.Integer(), municipalities: Type.Integer(), sha256: Type.String(),
            entities_outside_list: Type.Array(Type.Object({ id: Type.String(), municipality_code: Type.String() })),
          }),
          ...S.errors(400, 401, 403, 413),
        },
      },
    }, async (request) => loadDivipolaUpload(request, http));

    app.get('/stats', { schema: { tags: ['catálogo'], summary: 'Cifras del catálogo (página de inicio) / Catalog figures (home page)' } }, async (request) => catalogStats(request.ctx));

    // Search
    app.get('/search', {
      schema: { tags: ['catálogo'], summary: 'Buscar activos de información / Search information assets', querystring: S.SearchQuery, response: { 200: S.SearchResponse, ...S.errors(400) } },
    }, async (request) => labelFacets(platform.store.db, await search(request.ctx, normalizeSearchParams(request.query as Record<string, unknown>)), request.lang));

    // Entities
    app.get('/entities', {
      schema: { tags: ['entidades'], summary: 'Listar entidades / List entities', querystring: Type.Object({ sector: Type.Optional(Type.String()), orden: Type.Optional(Type.String()), department: Type.Optional(Type.String()) }), response: { 200: S.EntityList } },
    }, async (request) => {
      const results = await listEntities(request.ctx, request.query);
      return { count: results.length, results };
    });

    app.post('/entities', {
      schema: { tags: ['entidades'], summary: 'Crear una entidad (oficina nacional de datos) / Create an entity', body: S.EntityBody, response: { 201: S.Entity, ...S.errors(400, 401, 403, 409) } },
    }, async (request, reply) => {
      const entity = await createEntity(request.ctx, withoutMeta(request.body));
      etag(reply, entity.version);
      return reply.code(201).header('location', `/api/v1/entities/${entity.nit}`).send(entity);
    });

    app.get('/entities/:key', { schema: { tags: ['entidades'], summary: 'Una entidad / One entity', params: S.EntityKey, response: { 200: S.Entity, ...S.errors(404) } } }, async (request, reply) => {
      const entity = await getEntity(request.ctx, request.params.key);
      etag(reply, entity.version);
      return entity;
    });

    app.patch('/entities/:key', {
      schema: { tags: ['entidades'], summary: 'Modificar una entidad / Update an entity', params: S.EntityKey, body: S.EntityBody, response: { 200: S.Entity, ...S.errors(400, 401, 403, 404, 409) } },
    }, async (request, reply) => {
      const entity = await updateEntity(request.ctx, request.params.key, withoutMeta(request.body), expectedVersion(request, request.body.version));
      etag(reply, entity.version);
      return entity;
    });

    app.get('/entities/:key/assets', {
      schema: { tags: ['inventario'], summary: 'Inventario de una entidad / An entity’s inventory', params: S.EntityKey, querystring: S.Paging, response: { 200: S.AssetList, ...S.errors(404) } },
    }, async (request) => {
      const list = await listEntityAssets(request.ctx, request.params.key, { page: request.query.page, perPage: request.query.per_page, legalClasses: request.query.legal_class as never });
      return { count: list.count, page: list.page, per_page: list.per_page, results: list.results };
    });

    app.post('/entities/:key/assets', {
      schema: { tags: ['inventario'], summary: 'Registrar un activo / Record an asset', params: S.EntityKey, body: S.AssetBody, response: { 201: S.Asset, ...S.errors(400, 401, 403, 404, 409) } },
    }, async (request, reply) => {
      const asset = await createAsset(request.ctx, request.params.key, withoutMeta(request.body));
      etag(reply, asset.version);
      return reply.code(201).header('location', `/api/v1/assets/${asset.id}`).send(asset);
    });

    app.get('/entities/:key/people', { schema: { tags: ['cuenta'], summary: 'Personas de una entidad / People of an entity', params: S.EntityKey } }, async (request) => {
      const results = await listPeople(request.ctx, request.params.key);
      return { count: results.length, results };
    });

    app.post('/entities/:key/people', {
      schema: { tags: ['cuenta'], summary: 'Crear una cuenta en la entidad / Create an account in the entity', params: S.EntityKey, body: S.PersonBody, response: { 201: S.Person, ...S.errors(400, 401, 403, 409) } },
    }, async (request, reply) => {
      const person = await createPerson(request.ctx, { ...request.body, entity: request.params.key });
      return reply.code(201).send(person);
    });

    app.get('/people/:id', { schema: { tags: ['cuenta'], summary: 'Una persona (para quien administra su entidad) / One person', params: Type.Object({ id: Type.String() }), response: { 200: S.Person, ...S.errors(404) } } }, async (request) =>
      getPerson(request.ctx, request.params.id),
    );

    app.patch('/people/:id', {
      schema: { tags: ['cuenta'], summary: 'Cambiar nombre, roles, acceso o contraseña de una persona / Change a person’s name, roles, access or password', params: Type.Object({ id: Type.String() }), body: S.PersonChangeBody, response: { 200: S.Person, ...S.errors(400, 401, 403, 404) } },
    }, async (request) => updatePerson(request.ctx, request.params.id, request.body));

    app.get('/entities/:key/instruments/:instrument', {
      schema: {
        tags: ['inventario'],
        summary: 'Instrumentos de la Ley 1712: Registro de Activos, Índice de Información Clasificada y Reservada, Esquema de Publicación / Law 1712 instruments',
        params: Type.Object({ key: Type.String(), instrument: Type.String({ enum: INSTRUMENTS.map((i) => i.key) }) }),
        querystring: Type.Object({ format: Type.Optional(Type.String({ enum: ['json', 'csv', 'xlsx'], default: 'json' })) }),
      },
    }, async (request, reply) => {
      const table = await buildInstrument(request.ctx, request.params.key, request.params.instrument, request.lang);
      const format = (request.query.format ?? 'json') as ExportFormat;
      if (format === 'json') {
        const { asset_ids: _ids, ...rest } = table;
        return rest;
      }
      const file = await instrumentFile(table, format);
      return reply.header('content-type', file.contentType).header('content-disposition', file.disposition).send(file.body);
    });

    // Assets
    app.get('/assets/:id', { schema: { tags: ['inventario'], summary: 'Un activo de información / One information asset', params: Type.Object({ id: Type.String() }), response: { 200: S.Asset, ...S.errors(404) } } }, async (request, reply) => {
      const asset = await getAsset(request.ctx, request.params.id);
      etag(reply, asset.version);
      return asset;
    });

    app.patch('/assets/:id', {
      schema: { tags: ['inventario'], summary: 'Modificar un activo (con la versión editada) / Update an asset (with the edited version)', params: Type.Object({ id: Type.String() }), body: S.AssetBody, response: { 200: S.Asset, ...S.errors(400, 401, 403, 404, 409) } },
    }, async (request, reply) => {
      const body = request.body as Record<string, unknown>;
      const asset = await updateAsset(request.ctx, request.params.id, withoutMeta(body), expectedVersion(request, body.version), body.reason as string | undefined);
      etag(reply, asset.version);
      return asset;
    });

    app.delete('/assets/:id', {
      schema: { tags: ['inventario'], summary: 'Eliminar un activo (con la versión) / Delete an asset (with the version)', params: Type.Object({ id: Type.String() }), querystring: S.VersionQuery, response: { 204: Type.Null(), ...S.errors(400, 401, 403, 404, 409) } },
    }, async (request, reply) => {
      await deleteAsset(request.ctx, request.params.id, expectedVersion(request));
      return reply.code(204).send(null);
    });

    app.get('/assets/:id/history', { schema: { tags: ['inventario'], summary: 'Historial de cambios / Change history', params: Type.Object({ id: Type.String() }) } }, async (request) => {
      const results = await assetHistory(request.ctx, request.params.id);
      return { count: results.length, results };
    });

    // Imports
    app.post('/entities/:key/imports', {
      config: { csrfInHandler: true },
      schema: {
        tags: ['inventario'],
        summary: 'Importar un Registro de Activos (XLSX o CSV, multipart: file, dry_run, sheet, mapping) / Import a Register of Assets',
        description: 'Por defecto es una prueba (dry_run=true) que informa qué se crearía y actualizaría y cada error por fila y columna. Con wait=true responde cuando termina. / A dry run by default; wait=true answers when done.',
        params: S.EntityKey,
        querystring: Type.Object({ wait: Type.Optional(Type.Boolean()) }),
        consumes: ['multipart/form-data'],
        response: { 202: S.ImportView, 200: S.ImportView, ...S.errors(400, 401, 403, 404, 413, 415) },
      },
    }, async (request, reply) => {
      const id = await receiveImport(request, platform, http);
      if (request.query.wait) await waitForJob(request.ctx, id, 120_000);
      const view = await getImport(request.ctx, id);
      return reply.code(view.status === 'succeeded' || view.status === 'failed' ? 200 : 202).header('location', `/api/v1/imports/${id}`).send(view);
    });

    app.get('/imports/:id', { schema: { tags: ['inventario'], summary: 'Estado e informe de una importación / Import status and report', params: Type.Object({ id: Type.String() }), response: { 200: S.ImportView, ...S.errors(404) } } }, async (request) =>
      getImport(request.ctx, request.params.id),
    );

    app.post('/imports/:id/rerun', {
      schema: { tags: ['inventario'], summary: 'Repetir una importación con otra asignación de columnas, o de verdad / Run an import again', params: Type.Object({ id: Type.String() }), querystring: Type.Object({ wait: Type.Optional(Type.Boolean()) }), body: S.RerunBody, response: { 202: S.ImportView, 200: S.ImportView, ...S.errors(400, 401, 403, 404) } },
    }, async (request, reply) => {
      const id = await rerunImport(request.ctx, request.params.id, { dryRun: request.body.dry_run ?? true, ...(request.body.sheet !== undefined ? { sheet: request.body.sheet } : {}), ...(request.body.mapping ? { mapping: request.body.mapping } : {}) });
      if (request.query.wait) await waitForJob(request.ctx, id, 120_000);
      const view = await getImport(request.ctx, id);
      return reply.code(view.status === 'succeeded' || view.status === 'failed' ? 200 : 202).header('location', `/api/v1/imports/${id}`).send(view);
    });
  };
}

/** Reads DANE's DIVIPOLA file from a multipart form (field «file») and loads it. */
export async function loadDivipolaUpload(request: FastifyRequest, http: Pick<HttpSession, 'assertCsrf'>) {
  demand(policy.loadCodeLists(request.actor), request.actor);
  if (!request.isMultipart()) {
    throw invalid({ es: 'Envíe el archivo como multipart/form-data en el campo «file».', en: 'Send the file as multipart/form-data in the "file" field.' });
  }
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    http.assertCsrf(request, fields._csrf ?? (request.headers['x-csrf-token'] as string | undefined));
    const data = await part.toBuffer();
    return loadDivipola(request.ctx, data, part.filename);
  }
  throw invalid({ es: 'No se recibió ningún archivo (campo «file»).', en: 'No file was received ("file" field).' }, [{ field: 'file', message: { es: 'Elija un archivo.', en: 'Choose a file.' } }]);
}

/** Reads a multipart import upload: fields (_csrf, dry_run, sheet, mapping) and one streamed file. */
export async function receiveImport(request: FastifyRequest, platform: Platform, http: Pick<HttpSession, 'assertCsrf'>): Promise<string> {
  const { key } = request.params as { key: string };
  if (!request.isMultipart()) {
    throw invalid({ es: 'Envíe el archivo como multipart/form-data en el campo «file».', en: 'Send the file as multipart/form-data in the "file" field.' });
  }
  const fields: Record<string, string> = {};
  let id: string | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    if (id) {
      part.file.resume();
      continue;
    }
    http.assertCsrf(request, fields._csrf ?? (request.headers['x-csrf-token'] as string | undefined));
    id = await startImport(request.ctx, key, { fileName: part.filename, stream: part.file, maxBytes: platform.config.maxUploadBytes }, {
      dryRun: !['false', '0', 'no'].includes((fields.dry_run ?? 'true').toLowerCase()),
      ...(fields.sheet ? { sheet: fields.sheet } : {}),
      ...(parseMapping(fields.mapping) ? { mapping: parseMapping(fields.mapping)! } : {}),
    });
    if (part.file.truncated) throw invalid({ es: 'El archivo supera el tamaño permitido.', en: 'The file exceeds the allowed size.' });
  }
  if (!id) throw invalid({ es: 'No se recibió ningún archivo (campo «file»).', en: 'No file was received ("file" field).' }, [{ field: 'file', message: { es: 'Elija un archivo.', en: 'Choose a file.' } }]);
  return id;
}
