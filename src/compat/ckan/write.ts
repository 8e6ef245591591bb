import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { demand, policy } from '../../catalog/access.ts';
import { LICENCES, THEMES } from '../../catalog/vocabularies.ts';
import { fold } from '../../core/text.ts';
import { waitForJob } from '../../catalog/imports.ts';
import { createDataset, requireDataset, requireUpload, startUpload, updateDataset, type DatasetInput } from '../../publish/datasets.ts';
import { reindexDataset } from '../../publish/search.ts';
import type { DatasetLink, DatasetRow } from '../../store/schema.ts';
import { CkanError } from './errors.ts';
import { param, type Catalogue, type Params } from './read.ts';
import { packageDict, resourceId } from './records.ts';

/** CKAN's usual licence ids, as the platform names them. */
const CKAN_LICENCES: Record<string, string> = {
  'cc-by': 'CC-BY-4.0', 'cc-by-4.0': 'CC-BY-4.0', 'cc-by-sa': 'CC-BY-SA-4.0', 'cc-by-sa-4.0': 'CC-BY-SA-4.0',
  'cc-zero': 'CC0-1.0', cc0: 'CC0-1.0', 'odc-by': 'ODC-BY-1.0', 'odc-odbl': 'ODbL-1.0', odbl: 'ODbL-1.0',
};

function licence(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value);
  const known = LICENCES.terms.find((t) => t.code.toLowerCase() === text.toLowerCase())?.code ?? CKAN_LICENCES[text.toLowerCase()];
  if (!known) throw new CkanError('validation', '', { license_id: [`License "${text}" is not known; use one of ${LICENCES.terms.map((t) => t.code).join(', ')}`] });
  return known;
}

/** Tags as CKAN sends them ([{name}] or names) and groups ([{name}]) as EU theme codes. */
const names = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.map((v) => (typeof v === 'object' && v ? String((v as { name?: unknown }).name ?? '') : String(v))).filter(Boolean) : undefined);

function themes(value: unknown): string[] | undefined {
  const list = names(value);
  if (!list) return undefined;
  return list.map((g) => {
    const theme = THEMES.terms.find((t) => t.code.toLowerCase() === g.toLowerCase());
    if (!theme) throw new CkanError('validation', '', { groups: [`Group "${g}" does not exist; groups are the EU data themes (${THEMES.terms.map((t) => t.code.toLowerCase()).join(', ')})`] });
    return theme.code;
  });
}

/** A CKAN package dict as the platform's dataset fields; `full` clears what a package_update leaves out. */
function datasetInput(params: Params, full: boolean): DatasetInput {
  const input: DatasetInput = {};
  const title = params.title ?? (full ? params.name : undefined);
  if (title !== undefined) input.title = title;
  if (params.notes !== undefined || full) input.description = params.notes ?? '';
  const tags = names(params.tags);
  if (tags || full) input.keywords = tags ?? [];
  const groups = themes(params.groups);
  if (groups || full) input.themes = groups ?? [];
  const licenceId = licence(params.license_id);
  if (licenceId) input.licence = licenceId;
  if (params.private !== undefined) input.access_level = param.bool(params, 'private', false) ? 'restricted' : 'public';
  return input;
}

async function show(catalogue: Catalogue, row: DatasetRow) {
  return packageDict(catalogue.ctx, row, await catalogue.organizations(), catalogue.baseUrl);
}

/** Link resources given with a package (CKAN allows resources in package_create/update). */
function linksOf(value: unknown, existing: DatasetLink[] = []): DatasetLink[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((r, position) => {
    const resource = (r ?? {}) as Record<string, unknown>;
    const url = String(resource.url ?? '');
    if (!/^https?:\/\//i.test(url)) throw new CkanError('validation', '', { resources: [`Resource ${position + 1}: url must be an http(s) address`] });
    const id = existing.find((e) => e.id === resource.id)?.id ?? randomBytes(4).toString('hex');
    return { id, name: String(resource.name ?? ''), url, format: resource.format ? String(resource.format) : null, media_type: resource.mimetype ? String(resource.mimetype) : null, description: resource.description ? String(resource.description) : null, size: Number.isFinite(Number(resource.size)) && resource.size !== null && resource.size !== '' ? Number(resource.size) : null, modified: null };
  });
}

async function setLinks(catalogue: Catalogue, row: DatasetRow, links: DatasetLink[]): Promise<DatasetRow> {
  demand(policy.writeAssets(catalogue.ctx.actor, row.entity_id), catalogue.ctx.actor);
  return catalogue.ctx.db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('datasets').set({ links: JSON.stringify(links), version: row.version + 1, updated_at: catalogue.ctx.clock.now() }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
    await reindexDataset(trx, row.id);
    return updated;
  });
}

export async function packageCreate(catalogue: Catalogue, params: Params) {
  const orgs = await catalogue.organizations();
  const owner = orgs.find(param.required(params, 'owner_org'));
  if (!owner) throw new CkanError('validation', '', { owner_org: ['Organization does not exist'] });
  let row = await createDataset(catalogue.ctx, owner.nit, datasetInput(params, true));
  const links = linksOf(params.resources);
  if (links?.length) row = await setLinks(catalogue, row, links);
  return show(catalogue, row);
}

async function existing(catalogue: Catalogue, params: Params): Promise<DatasetRow> {
  const id = param.string(params, 'id') ?? param.string(params, 'name');
  if (!id) throw new CkanError('validation', '', { id: ['Missing value'] });
  return requireDataset(catalogue.ctx, id);
}

export async function packageUpdate(catalogue: Catalogue, params: Params) {
  const row = await existing(catalogue, params);
  let updated = await updateDataset(catalogue.ctx, row.id, datasetInput(params, true), row.version);
  const links = linksOf(params.resources ?? [], row.links);
  if (links) updated = await setLinks(catalogue, updated, links);
  return show(catalogue, updated);
}

export async function packagePatch(catalogue: Catalogue, params: Params) {
  const row = await existing(catalogue, params);
  let updated = await updateDataset(catalogue.ctx, row.id, datasetInput(params, false), row.version);
  const links = linksOf(params.resources, row.links);
  if (links) updated = await setLinks(catalogue, updated, links);
  return show(catalogue, updated);
}

/** Withdraws the dataset: hidden from every listing and API, its releases and ledger entries kept. */
export async function packageDelete(catalogue: Catalogue, params: Params) {
  const row = await existing(catalogue, params);
  demand(policy.writeAssets(catalogue.ctx.actor, row.entity_id), catalogue.ctx.actor);
  await catalogue.ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('datasets').set({ state: 'deleted', version: row.version + 1, updated_at: catalogue.ctx.clock.now() }).where('id', '=', row.id).execute();
    await reindexDataset(trx, row.id);
  });
  return null;
}

/**
 * resource_create: a file (multipart `upload`) becomes a new release of the dataset, published as the
 * platform's own upload API does (same inference, privacy gate and quality checks); a `url` becomes a link.
 */
export async function resourceCreate(catalogue: Catalogue, params: Params, request: FastifyRequest) {
  const ctx = catalogue.ctx;
  if (request.isMultipart()) {
    const fields: Record<string, string> = {};
    let upload: Awaited<ReturnType<typeof startUpload>> | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'field') fields[part.fieldname] = String(part.value);
      else {
        if (!fields.package_id) {
          part.file.resume();
          throw new CkanError('validation', '', { package_id: ['Send package_id before the file'] });
        }
        const row = await requireDataset(ctx, fields.package_id);
        upload = await startUpload(ctx, row.id, { fileName: part.filename || `${fields.name || 'datos'}.csv`, stream: part.file }, { publish: true });
      }
    }
    if (!upload) throw new CkanError('validation', '', { upload: ['Missing file'] });
    if (upload.job_id) await waitForJob(ctx, upload.job_id, 600_000);
    const done = (await requireUpload(ctx, upload.dataset_id, upload.id)).upload;
    if (done.status !== 'published') throw new CkanError('validation', '', { upload: [done.error ? JSON.stringify(done.error) : `The file was not published (${done.status}); review it at /datasets/${done.dataset_id}/uploads/${done.id}`] });
    const pkg = await show(catalogue, await requireDataset(ctx, upload.dataset_id));
    return pkg.resources.find((r) => r.id === resourceId(upload!.dataset_id, 'csv')) ?? pkg.resources[0];
  }
  const row = await requireDataset(ctx, param.required(params, 'package_id'));
  const [link] = linksOf([params])!;
  if (row.links.some((l) => l.url === link!.url)) throw new CkanError('validation', '', { url: ['The dataset already has a resource with this url'] });
  const updated = await setLinks(catalogue, row, [...row.links, link!]);
  const pkg = await show(catalogue, updated);
  return pkg.resources.find((r) => fold(r.url) === fold(link!.url));
}
