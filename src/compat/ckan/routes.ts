import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import type { Platform } from '../../platform.ts';
import { datastoreSearch } from './datastore.ts';
import { CkanError, fromAppError } from './errors.ts';
import { Catalogue, currentPackageListWithResources, groupList, groupShow, organizationList, organizationShow, packageList, packageSearch, resourceShow, tagList, type Params } from './read.ts';
import { packageCreate, packageDelete, packagePatch, packageUpdate, resourceCreate } from './write.ts';

interface Action {
  run(catalogue: Catalogue, params: Params, request: FastifyRequest): Promise<unknown>;
  /** Reads only: may be called by GET (CKAN's side_effect_free). */
  read: boolean;
  help: string;
}

const read = (run: Action['run'], help: string): Action => ({ run, read: true, help });
const write = (run: Action['run'], help: string): Action => ({ run, read: false, help });

function actions(platform: Platform): Record<string, Action> {
  return {
    package_search: read((c, p) => packageSearch(c, p), 'Searches datasets: q, fq, fq_list, rows, start, sort, facet.field, facet.limit, facet.mincount, include_private.'),
    package_show: read((c, p) => c.find(String(p.id ?? p.name ?? '')), 'One dataset by id or name.'),
    package_list: read((c, p) => packageList(c, p), 'Names of the public datasets: limit, offset.'),
    current_package_list_with_resources: read((c, p) => currentPackageListWithResources(c, p), 'Public datasets with their resources, newest change first: limit, offset (or page).'),
    organization_list: read((c, p) => organizationList(c, p), 'Entities as organizations: all_fields, sort, limit, offset, organizations, q.'),
    organization_show: read((c, p) => organizationShow(c, p), 'One entity by name or NIT: include_datasets.'),
    group_list: read((c, p) => groupList(c, p), 'The EU data themes as groups: all_fields, sort, limit, offset.'),
    group_show: read((c, p) => groupShow(c, p), 'One theme: include_datasets.'),
    tag_list: read((c, p) => tagList(c, p), 'Keywords of the public datasets: query, all_fields.'),
    resource_show: read((c, p) => resourceShow(c, p), 'One resource by id.'),
    datastore_search: read((c, p) => datastoreSearch(c.ctx, p, platform.config.baseUrl, platform.soql), "Rows of a resource's release: resource_id, filters, q, fields, sort, limit, offset, include_total, records_format."),
    status_show: read(async () => ({
      site_title: 'infradatos',
      site_description: 'Infraestructura nacional de datos / National data infrastructure',
      site_url: platform.config.baseUrl,
      // The level of CKAN's Action API reproduced here; the software is infradatos.
      ckan_version: '2.10.0',
      error_emails_to: null,
      locale_default: 'es',
      extensions: ['datastore', 'dcat'],
    }), 'Site information.'),
    help_show: read(async (_c, p) => {
      const name = String(p.name ?? '');
      const action = actions(platform)[name];
      if (!action) throw new CkanError('not_found', `Action "${name}" not found`);
      return action.help;
    }, 'What an action does.'),
    package_create: write((c, p) => packageCreate(c, p), 'Creates a dataset in an entity (owner_org): name is assigned, title, notes, tags, groups, license_id, private.'),
    package_update: write((c, p) => packageUpdate(c, p), "Replaces a dataset's metadata."),
    package_patch: write((c, p) => packagePatch(c, p), "Changes some of a dataset's metadata."),
    package_delete: write((c, p) => packageDelete(c, p), 'Withdraws a dataset (state deleted); its releases stay in the record.'),
    resource_create: write((c, p, r) => resourceCreate(c, p, r), 'Adds a resource: a file upload (published as a new release) or a link.'),
  };
}

/** A request's parameters as CKAN reads them: a JSON body, a form, or for reads the query string. */
function paramsOf(request: FastifyRequest, action: Action): Params {
  if (request.method === 'GET') {
    if (!action.read) throw new BadRequest('JSON Error: Invalid request. Please use POST method for your request');
    return request.query as Params;
  }
  const body = request.body;
  if (body === undefined || body === null || body === '') return { ...(request.query as Params) };
  if (typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('JSON Error: Request data JSON decoded to a non-dictionary but it needs to be a dictionary.');
  return body as Params;
}

class BadRequest extends Error {}

/**
 * CKAN's Action API v3 at /api/3/action/{action} (and /api/action/…): the same envelope
 * {help, success, result | error}, the same error types and statuses, GET for reads and POST for all.
 * Writes use the platform's API tokens (Authorization: <token>, Bearer <token> or X-CKAN-API-Key) and
 * the same authorization as the platform's own API.
 */
export function ckanRoutes(platform: Platform): FastifyPluginAsync {
  const base = platform.config.baseUrl;
  return async (app: FastifyInstance) => {
    const registry = actions(platform);
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const name = (request.params as { action: string }).action;
      const action = registry[name];
      reply.header('access-control-allow-origin', '*');
      if (!action) return reply.code(400).type('application/json; charset=utf-8').send(JSON.stringify(`Bad request - Action name not known: ${name}`));
      const envelope = { help: `${base}/api/3/action/help_show?name=${name}` };
      try {
        const params = paramsOf(request, action);
        const result = await action.run(new Catalogue(request.ctx, base), params, request);
        return reply.send({ ...envelope, success: true, result });
      } catch (error) {
        if (error instanceof BadRequest) return reply.code(400).type('application/json; charset=utf-8').send(JSON.stringify(`Bad request - ${error.message}`));
        const ckan = error instanceof CkanError ? error : error instanceof AppError ? fromAppError(error) : undefined;
        if (!ckan) throw error;
        return reply.code(ckan.status).send({ ...envelope, success: false, error: ckan.body() });
      }
    };
    for (const prefix of ['/api/3/action', '/api/action']) {
      app.get(`${prefix}/:action`, { schema: { tags: ['ckan'], summary: 'CKAN Action API v3 (lecturas) / CKAN Action API v3 (reads)' } }, handler);
      app.post(`${prefix}/:action`, { schema: { tags: ['ckan'], summary: 'CKAN Action API v3 (lecturas y escrituras con token) / CKAN Action API v3' } }, handler);
    }
    app.get('/api/3', { schema: { tags: ['ckan'], summary: 'Versión de la API de CKAN / CKAN API version' } }, async () => ({ version: 3 }));
  };
}
