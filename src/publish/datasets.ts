import { appendEvents } from '../ledger/log.ts';
import { ledgerActor } from '../catalog/ledger-events.ts';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { actorId } from '../core/actor.ts';
import { AppError, forbidden, invalid, notFound, Problems } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { demand, policy } from '../catalog/access.ts';
import { requireEntity } from '../catalog/entities.ts';
import { LICENCES, THEMES } from '../catalog/vocabularies.ts';
import type { Context } from '../store/context.ts';
import type { DatasetRow, ReleaseRow, UploadRow } from '../store/schema.ts';
import { INGEST_JOB, PUBLISH_JOB, type IngestPayload } from './job-kinds.ts';
import { validateSchema } from './schema-edit.ts';
import { reindexDataset } from './search.ts';
import { requestQualityReport } from '../quality/job-kinds.ts';
import { gateProblems, type UploadPrivacy } from '../privacy/gate.ts';
import type { TableSchema } from './table-schema.ts';

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Socrata-style four-by-four id ("x7kq-92mf"), so SODA clients accept our datasets as their own. */
export function newDatasetId(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

export const isDatasetId = (value: string) => /^[a-z0-9]{4}-[a-z0-9]{4}$/.test(value);

export interface DatasetInput {
  title?: unknown;
  description?: unknown;
  asset_id?: unknown;
  keywords?: unknown;
  themes?: unknown;
  licence?: unknown;
  access_level?: unknown;
  /** A published schema standard, "id@version" (null or "" to drop the declaration). */
  conforms_to?: unknown;
  /** Why the access level or the classifying asset changes (kept in the ledger). */
  reason?: unknown;
}

export const UPLOAD_MAX_BYTES = 20 * 1024 ** 3;
const UPLOADABLE = /\.(csv|tsv|txt|json|ndjson|jsonl|geojson|parquet|xlsx|xlsm)$/i;

const datasetNotFound = (id: string) => notFound({ es: `el conjunto de datos «${id}»`, en: `dataset "${id}"` });

/** Published: not withdrawn, and with a release or with files its source keeps (links). */
export const isPublished = (row: Pick<DatasetRow, 'state' | 'current_release' | 'links'>) => row.state === 'active' && (row.current_release !== null || row.links.length > 0);

/** Everyone reads public published datasets; the entity's people read the rest, withdrawn ones included. */
function canRead(ctx: Context, row: DatasetRow): boolean {
  return (row.access_level === 'public' && isPublished(row)) || policy.readNonPublic(ctx.actor, row.entity_id);
}

/** A dataset the actor may see; otherwise "not found", so restricted datasets do not leak their existence. */
export async function requireDataset(ctx: Context, id: string): Promise<DatasetRow> {
  const row = isDatasetId(id) ? await ctx.db.selectFrom('datasets').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row || !canRead(ctx, row)) throw datasetNotFound(id);
  return row;
}

async function validateDataset(ctx: Context, entityId: string, input: DatasetInput, partial: boolean) {
  const problems = new Problems();
  const out: Partial<Pick<DatasetRow, 'title' | 'description' | 'asset_id' | 'keywords' | 'themes' | 'licence' | 'access_level' | 'conforms_to'>> = {};
  if (!partial || input.title !== undefined) {
    const title = typeof input.title === 'string' ? input.title.trim() : '';
    if (title.length < 3 || title.length > 300) problems.add('title', { es: 'El título es obligatorio (3 a 300 caracteres).', en: 'The title is required (3 to 300 characters).' }, input.title);
    out.title = title;
  }
  if (input.description !== undefined) {
    if (typeof input.description !== 'string' || input.description.length > 20_000) problems.add('description', { es: 'La descripción es un texto de hasta 20.000 caracteres.', en: 'The description is text of up to 20,000 characters.' });
    else out.description = input.description.trim();
  }
  if (input.asset_id !== undefined && input.asset_id !== null && input.asset_id !== '') {
    const asset = await ctx.db.selectFrom('assets').select(['id', 'entity_id']).where('id', '=', String(input.asset_id)).executeTakeFirst();
    if (!asset || asset.entity_id !== entityId) problems.add('asset_id', { es: 'El activo no existe en el inventario de la entidad.', en: "The asset is not in the entity's inventory." }, input.asset_id);
    else out.asset_id = asset.id;
  } else if (input.asset_id !== undefined) out.asset_id = null;
  const list = (value: unknown) => (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []).map((v) => String(v).trim()).filter(Boolean);
  if (input.keywords !== undefined) out.keywords = [...new Set(list(input.keywords))].slice(0, 50);
  if (input.themes !== undefined) {
    const themes = list(input.themes);
    const unknown = themes.filter((t) => !THEMES.terms.some((term) => term.code === t));
    if (unknown.length) problems.add('themes', { es: `Temas desconocidos: ${unknown.join(', ')}.`, en: `Unknown themes: ${unknown.join(', ')}.` });
    out.themes = themes;
  }
  if (input.licence !== undefined && input.licence !== null && input.licence !== '') {
    if (!LICENCES.terms.some((t) => t.code === input.licence)) problems.add('licence', { es: 'Licencia desconocida.', en: 'Unknown licence.' }, input.licence);
    else out.licence = String(input.licence);
  }
  if (input.access_level !== undefined) {
    if (input.access_level !== 'public' && input.access_level !== 'restricted') problems.add('access_level', { es: 'El acceso es «public» o «restricted».', en: 'Access is "public" or "restricted".' }, input.access_level);
    else out.access_level = input.access_level;
  }
  if (input.conforms_to === null || input.conforms_to === '') out.conforms_to = null;
  else if (input.conforms_to !== undefined) {
    const [standard = '', version = ''] = String(input.conforms_to).split('@');
    const found = await ctx.db.selectFrom('standard_versions as v').innerJoin('standards as s', 's.id', 'v.standard_id').select('v.version')
      .where('s.id', '=', standard).where('s.kind', '=', 'schema').where('v.version', '=', version).executeTakeFirst();
    if (!found) problems.add('conforms_to', { es: 'No existe ese esquema estándar y versión (id@versión); vea /standards.', en: 'No such schema standard and version (id@version); see /standards.' }, input.conforms_to);
    else out.conforms_to = `${standard}@${version}`;
  }
  problems.throwIfAny({ es: 'El conjunto de datos tiene datos inválidos.', en: 'The dataset has invalid data.' });
  return out;
}

export async function createDataset(ctx: Context, entityKey: string, input: DatasetInput): Promise<DatasetRow> {
  const entity = await requireEntity(ctx, entityKey);
  demand(policy.writeAssets(ctx.actor, entity.id), ctx.actor);
  const fields = await validateDataset(ctx, entity.id, input, false);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('datasets').values({
    id: newDatasetId(),
    entity_id: entity.id,
    title: fields.title!,
    asset_id: fields.asset_id ?? null,
    licence: fields.licence ?? 'CC-BY-4.0',
    current_release: null,
    ...(fields.description !== undefined ? { description: fields.description } : {}),
    ...(fields.keywords ? { keywords: fields.keywords } : {}),
    ...(fields.themes ? { themes: fields.themes } : {}),
    ...(fields.access_level ? { access_level: fields.access_level } : {}),
    ...(fields.conforms_to ? { conforms_to: fields.conforms_to } : {}),
    created_at: now,
    updated_at: now,
    created_by: actorId(ctx.actor),
    }).returningAll().executeTakeFirstOrThrow();
    await reindexDataset(trx, row.id);
    await requestQualityReport(ctx.queue, trx, row.id, 'metadata');
    return row;
  });
}

export async function updateDataset(ctx: Context, id: string, input: DatasetInput, expectedVersion: number): Promise<DatasetRow> {
  const row = await requireDataset(ctx, id);
  demand(policy.writeAssets(ctx.actor, row.entity_id) || policy.classifyDataset(ctx.actor, row.entity_id), ctx.actor);
  const fields = await validateDataset(ctx, row.entity_id, input, true);
  const reclassifies = (fields.access_level !== undefined && fields.access_level !== row.access_level) || (fields.asset_id !== undefined && fields.asset_id !== row.asset_id);
  const describes = Object.keys(fields).some((k) => k !== 'access_level' && k !== 'asset_id');
  if (describes || !reclassifies) demand(policy.writeAssets(ctx.actor, row.entity_id), ctx.actor);
  if (reclassifies && !policy.classifyDataset(ctx.actor, row.entity_id)) {
    throw forbidden({ es: 'Abrir o restringir un conjunto de datos, o cambiar el activo que lo clasifica, lo decide el responsable de datos de la entidad (o la oficina nacional de datos).', en: "Opening or restricting a dataset, or changing the asset that classifies it, is decided by the entity's data steward (or the national data office)." });
  }
  // Opening a dataset opens its current release: the personal-data gate is checked on it as it will be served.
  if (fields.access_level === 'public' && row.access_level !== 'public' && row.current_release !== null) {
    const served = await ctx.db.selectFrom('releases').innerJoin('dataset_uploads as u', 'u.id', 'releases.upload_id').select('u.privacy')
      .where('releases.dataset_id', '=', id).where('releases.number', '=', row.current_release).executeTakeFirst();
    const problems = gateProblems((served?.privacy ?? null) as UploadPrivacy | null, 'public');
    if (problems.length) throw new AppError('conflict', OPENING_GATE_MESSAGE, problems);
  }
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const changed = await trx.updateTable('datasets')
      .set({ ...fields, version: row.version + 1, updated_at: ctx.clock.now() })
      .where('id', '=', id).where('version', '=', expectedVersion)
      .returningAll().executeTakeFirst();
    if (changed) {
      await reindexDataset(trx, id);
      await requestQualityReport(ctx.queue, trx, id, 'metadata');
      // Who changed how the dataset is handled, when and why: its access level or the asset that classifies it.
      if (changed.access_level !== row.access_level || changed.asset_id !== row.asset_id) {
        const reason = typeof input.reason === 'string' && input.reason.trim() ? input.reason.trim().slice(0, 2000) : null;
        await appendEvents(trx, [{ type: 'dataset.classified', actor: ledgerActor(ctx.actor), entity: row.entity_id, subject: `dataset:${id}`, time: ctx.clock.now().toISOString(), payload: { from: { access_level: row.access_level, asset: row.asset_id }, to: { access_level: changed.access_level, asset: changed.asset_id }, ...(reason ? { reason } : {}) } }]);
      }
    }
    return changed;
  });
  if (!updated) {
    throw new AppError('conflict', {
      es: `Otra persona cambió este conjunto de datos (versión ${row.version}); recargue y vuelva a aplicar sus cambios.`,
      en: `Someone else changed this dataset (version ${row.version}); reload and apply your changes again.`,
    });
  }
  return updated;
}

/** The datasets the actor may read, withdrawn ones left out. */
export async function listDatasets(ctx: Context, filters: { entity?: string } = {}): Promise<DatasetRow[]> {
  let query = ctx.db.selectFrom('datasets').selectAll().where('state', '=', 'active').orderBy('title');
  if (filters.entity) query = query.where('entity_id', '=', (await requireEntity(ctx, filters.entity)).id);
  const rows = await query.execute();
  return rows.filter((row) => canRead(ctx, row));
}

/**
 * Refuses, before reading it, a file that could not fit: over the size limit, or (with room for its
 * Parquet and scratch copies, about twice its size) larger than the free disk.
 */
export async function assertRoomFor(ctx: Context, bytes: number, maxBytes: number): Promise<void> {
  const mb = (n: number) => Math.ceil(n / 1048576).toLocaleString('es-CO');
  if (bytes > maxBytes) {
    throw new AppError('payload_too_large', {
      es: `El archivo pesa ${mb(bytes)} MB; el máximo es ${mb(maxBytes)} MB.`,
      en: `The file is ${mb(bytes)} MB; the maximum is ${mb(maxBytes)} MB.`,
    });
  }
  const free = await ctx.blobs.freeBytes();
  if (free !== undefined && bytes * 2 > free) {
    throw new AppError('payload_too_large', {
      es: `El archivo pesa ${mb(bytes)} MB y el servidor tiene ${mb(free)} MB libres: no cabe con su conversión. No se guardó nada; avise al administrador.`,
      en: `The file is ${mb(bytes)} MB and the server has ${mb(free)} MB free: it does not fit with its conversion. Nothing was stored; tell the administrator.`,
    });
  }
}

/** Stores an upload (streamed, bounded) and queues its inspection, and its publication when asked. */
export async function startUpload(
  ctx: Context,
  datasetId: string,
  upload: { fileName: string; stream: Readable; maxBytes?: number },
  options: { publish: boolean; sheet?: string },
): Promise<UploadRow> {
  const dataset = await requireDataset(ctx, datasetId);
  demand(policy.writeAssets(ctx.actor, dataset.entity_id), ctx.actor);
  const fileName = path.basename(upload.fileName || 'datos.csv').slice(0, 200);
  if (!UPLOADABLE.test(fileName)) {
    upload.stream.resume();
    throw new AppError('unsupported_media_type', {
      es: `«${fileName}»: se publican archivos CSV, TSV, JSON, NDJSON, GeoJSON, XLSX o Parquet.`,
      en: `"${fileName}": CSV, TSV, JSON, NDJSON, GeoJSON, XLSX or Parquet files can be published.`,
    });
  }
  const id = newId();
  const key = `datasets/${dataset.id}/uploads/${id}${path.extname(fileName).toLowerCase()}`;
  const stored = await ctx.blobs.put(key, upload.stream, { maxBytes: upload.maxBytes ?? UPLOAD_MAX_BYTES });
  if (stored.size === 0) {
    await ctx.blobs.delete(key);
    throw invalid({ es: `«${fileName}» está vacío.`, en: `"${fileName}" is empty.` }, [{ file: fileName, message: { es: 'Archivo vacío.', en: 'Empty file.' } }]);
  }
  const payload: IngestPayload = { upload_id: id, person_id: actorId(ctx.actor), publish: options.publish };
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const jobId = await ctx.queue.enqueue({ kind: INGEST_JOB, payload, entityId: dataset.entity_id, createdBy: actorId(ctx.actor) }, trx);
    return trx.insertInto('dataset_uploads').values({
      id, dataset_id: dataset.id, file_name: fileName, blob_key: key, size: stored.size, sha256: stored.sha256, sheet: options.sheet?.trim().slice(0, 100) || null,
      status: 'inspecting', job_id: jobId, source: null, schema: null, inferred_schema: null, row_count: null, error: null,
      created_by: actorId(ctx.actor), created_at: now, updated_at: now,
    }).returningAll().executeTakeFirstOrThrow();
  });
}

export async function requireUpload(ctx: Context, datasetId: string, uploadId: string): Promise<{ dataset: DatasetRow; upload: UploadRow }> {
  const dataset = await requireDataset(ctx, datasetId);
  demand(policy.writeAssets(ctx.actor, dataset.entity_id), ctx.actor);
  const upload = await ctx.db.selectFrom('dataset_uploads').selectAll().where('id', '=', uploadId).where('dataset_id', '=', dataset.id).executeTakeFirst();
  if (!upload) throw notFound({ es: `la carga «${uploadId}»`, en: `upload "${uploadId}"` });
  return { dataset, upload };
}

/** The editor's corrections to the inferred schema: types, formats, titles and descriptions. */
export async function editUploadSchema(ctx: Context, datasetId: string, uploadId: string, schema: unknown): Promise<UploadRow> {
  const { upload } = await requireUpload(ctx, datasetId, uploadId);
  if (upload.status !== 'ready') throw uploadNotReady(upload);
  const valid = validateSchema(schema, upload.inferred_schema as TableSchema);
  return ctx.db.updateTable('dataset_uploads').set({ schema: JSON.stringify(valid), updated_at: ctx.clock.now() })
    .where('id', '=', upload.id).returningAll().executeTakeFirstOrThrow();
}

const uploadNotReady = (upload: UploadRow) => new AppError('conflict', {
  es: `La carga está en estado «${upload.status}»; solo se edita o publica una carga lista («ready»).`,
  en: `The upload is "${upload.status}"; only a ready upload can be edited or published.`,
});

export const GATE_MESSAGE = {
  es: 'Este conjunto de datos es abierto y la carga tiene datos personales: decida qué hacer con cada columna señalada antes de publicar.',
  en: 'This dataset is open and the upload holds personal data: decide what to do with each flagged column before publishing.',
};

export const OPENING_GATE_MESSAGE = {
  es: 'La versión vigente tiene datos personales sin resolver: no se puede abrir. Publique una versión sin ellos (o con la decisión del responsable de datos sobre cada columna) y ábrala después.',
  en: 'The current release holds unresolved personal data: it cannot be opened. Publish a release without them (or with the steward’s decision on each column) and open it then.',
};

export async function publishUpload(ctx: Context, datasetId: string, uploadId: string): Promise<UploadRow> {
  const { dataset, upload } = await requireUpload(ctx, datasetId, uploadId);
  if (upload.status !== 'ready') throw uploadNotReady(upload);
  const problems = gateProblems(upload.privacy as UploadPrivacy | null, dataset.access_level);
  if (problems.length) throw new AppError('conflict', GATE_MESSAGE, problems);
  return ctx.db.transaction().execute(async (trx) => {
    const jobId = await ctx.queue.enqueue({ kind: PUBLISH_JOB, payload: { upload_id: upload.id, person_id: actorId(ctx.actor), publish: true }, entityId: dataset.entity_id, createdBy: actorId(ctx.actor) }, trx);
    const row = await trx.updateTable('dataset_uploads').set({ status: 'publishing', job_id: jobId, updated_at: ctx.clock.now() })
      .where('id', '=', upload.id).where('status', '=', 'ready').returningAll().executeTakeFirst();
    if (!row) throw uploadNotReady(upload);
    return row;
  });
}

export async function listReleases(ctx: Context, datasetId: string): Promise<ReleaseRow[]> {
  const dataset = await requireDataset(ctx, datasetId);
  return ctx.db.selectFrom('releases').selectAll().where('dataset_id', '=', dataset.id).orderBy('number', 'desc').execute();
}

/** A release by number, or the current one for "latest". */
export async function requireRelease(ctx: Context, datasetId: string, number: number | 'latest'): Promise<{ dataset: DatasetRow; release: ReleaseRow }> {
  const dataset = await requireDataset(ctx, datasetId);
  const n = number === 'latest' ? dataset.current_release : number;
  const release = n === null ? undefined : await ctx.db.selectFrom('releases').selectAll().where('dataset_id', '=', dataset.id).where('number', '=', n).executeTakeFirst();
  if (!release) throw notFound({ es: `la versión ${number} de «${dataset.title}»`, en: `release ${number} of "${dataset.title}"` });
  return { dataset, release };
}
