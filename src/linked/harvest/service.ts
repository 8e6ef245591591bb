import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { demand, policy } from '../../catalog/access.ts';
import { requireEntity } from '../../catalog/entities.ts';
import { actorId } from '../../core/actor.ts';
import { AppError, conflict, invalid, notFound, type Bilingual } from '../../core/errors.ts';
import { newDatasetId } from '../../publish/datasets.ts';
import { reindexDataset } from '../../publish/search.ts';
import { requestQualityReport } from '../../quality/job-kinds.ts';
import type { Context } from '../../store/context.ts';
import type { DatasetLink, HarvestMessage, HarvestSourcesTable } from '../../store/schema.ts';
import type { Selectable } from 'kysely';
import type { HarvestedExtra } from '../dataset-record.ts';
import type { FetchLimits } from './fetch.ts';
import { readCkan, readDataJson } from './read-json.ts';
import { readDcat } from './read-dcat.ts';
import { recordHash, type HarvestItem, type HarvestRecord } from './record.ts';

export const HARVEST_JOB = 'harvest';
export const HARVEST_TYPES = ['dcat', 'ckan', 'datajson'] as const;
export type HarvestType = (typeof HARVEST_TYPES)[number];
export type HarvestSource = Selectable<HarvestSourcesTable>;

const READERS: Record<HarvestType, (url: string, limits: FetchLimits) => AsyncGenerator<HarvestItem>> = { dcat: readDcat, ckan: readCkan, datajson: readDataJson };

/** At most this many messages are kept per run; the counts are always complete. */
const MAX_MESSAGES = 1000;

export interface SourceInput {
  url?: unknown;
  type?: unknown;
  title?: unknown;
  schedule_hours?: unknown;
}

/** Registers a catalog the entity publishes elsewhere; its editors and stewards may. */
export async function createSource(ctx: Context, entityKey: string, input: SourceInput): Promise<HarvestSource> {
  const entity = await requireEntity(ctx, entityKey);
  demand(policy.writeAssets(ctx.actor, entity.id), ctx.actor);
  const url = typeof input.url === 'string' ? input.url.trim() : '';
  const details = [];
  if (!/^https?:\/\/[^\s]+$/i.test(url)) details.push({ field: 'url', message: { es: 'La dirección debe empezar por http:// o https://.', en: 'The address must start with http:// or https://.' } });
  if (!HARVEST_TYPES.includes(input.type as HarvestType)) details.push({ field: 'type', message: { es: `El tipo es uno de: ${HARVEST_TYPES.join(', ')}.`, en: `The type is one of: ${HARVEST_TYPES.join(', ')}.` } });
  const hours = input.schedule_hours === undefined || input.schedule_hours === '' ? 24 : Number(input.schedule_hours);
  if (!Number.isInteger(hours) || hours < 0 || hours > 24 * 365) details.push({ field: 'schedule_hours', message: { es: 'Horas entre cosechas: un entero de 0 (solo a pedido) a 8760.', en: 'Hours between harvests: an integer from 0 (on demand only) to 8760.' } });
  if (details.length) throw invalid({ es: 'La fuente de cosecha tiene datos inválidos.', en: 'The harvest source has invalid data.' }, details);
  const existing = await ctx.db.selectFrom('harvest_sources').select('id').where('entity_id', '=', entity.id).where('url', '=', url).executeTakeFirst();
  if (existing) throw conflict({ es: `La entidad ya cosecha ${url} (fuente ${existing.id}).`, en: `The entity already harvests ${url} (source ${existing.id}).` });
  const title = typeof input.title === 'string' && input.title.trim() ? input.title.trim().slice(0, 200) : new URL(url).host;
  return ctx.db.insertInto('harvest_sources').values({ entity_id: entity.id, url, type: input.type as HarvestType, title, schedule_hours: hours, created_at: ctx.clock.now(), created_by: actorId(ctx.actor), last_run_at: null }).returningAll().executeTakeFirstOrThrow();
}

export async function requireSource(ctx: Context, id: number): Promise<HarvestSource> {
  const source = Number.isInteger(id) ? await ctx.db.selectFrom('harvest_sources').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!source) throw notFound({ es: `la fuente de cosecha ${id}`, en: `harvest source ${id}` });
  return source;
}

/** Queues a run of the source, unless one is already waiting or running. */
export async function requestHarvest(ctx: Context, source: HarvestSource): Promise<string> {
  demand(policy.writeAssets(ctx.actor, source.entity_id), ctx.actor);
  const waiting = await ctx.db.selectFrom('jobs').select('id').where('kind', '=', HARVEST_JOB).where('status', 'in', ['queued', 'running'])
    .where(sql<string>`payload->>'source_id'`, '=', String(source.id)).executeTakeFirst();
  if (waiting) return waiting.id;
  return ctx.queue.enqueue({ kind: HARVEST_JOB, payload: { source_id: source.id }, entityId: source.entity_id, createdBy: actorId(ctx.actor), maxAttempts: 1 });
}

/** Sources due by their schedule, queued (called every hour by the server). */
export async function scheduleHarvests(ctx: Context): Promise<number> {
  const now = ctx.clock.now().getTime();
  const sources = await ctx.db.selectFrom('harvest_sources').selectAll().where('enabled', '=', true).where('schedule_hours', '>', 0).execute();
  let queued = 0;
  for (const source of sources) {
    if (source.last_run_at && source.last_run_at.getTime() + source.schedule_hours * 3_600_000 > now) continue;
    await requestHarvest(ctx, source);
    queued++;
  }
  return queued;
}

const linkId = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 12);

/** The dataset columns a record sets; a record's own limits are the platform's (title, description, keywords). */
function datasetFields(record: HarvestRecord) {
  const links: DatasetLink[] = record.files.map((f) => ({ id: linkId(f.url), name: f.name, url: f.url, format: f.format, media_type: f.mediaType, description: f.description, size: f.size, modified: f.modified }));
  const extra: HarvestedExtra = {
    ...(record.landingPage ? { source_landing_page: record.landingPage } : {}),
    ...(record.temporal ? { temporal: record.temporal } : {}),
    ...(record.frequency ? { frequency: record.frequency } : {}),
    ...(record.issued ? { issued: record.issued } : {}),
    ...(record.modified ? { modified: record.modified } : {}),
    ...(record.contact ? { contact: record.contact } : {}),
  };
  return {
    title: record.title.slice(0, 300),
    description: record.description.slice(0, 20_000),
    keywords: [...new Set(record.keywords.map((k) => k.slice(0, 100)))].slice(0, 50),
    themes: record.themes,
    licence: record.licence,
    access_level: record.restricted ? 'restricted' as const : 'public' as const,
    links: JSON.stringify(links),
    extra: JSON.stringify(extra),
    state: 'active' as const,
  };
}

type Outcome = 'created' | 'updated' | 'unchanged';

/** Writes one record: created, updated when it changed, or left as it is; all of it or nothing. */
async function applyRecord(ctx: Context, source: HarvestSource, record: HarvestRecord): Promise<Outcome> {
  if (record.title.trim().length < 3) throw new AppError('validation', { es: 'El título tiene menos de 3 caracteres.', en: 'The title is shorter than 3 characters.' });
  const hash = recordHash(record);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('datasets').select(['id', 'harvest_hash', 'state', 'version']).where('harvest_source_id', '=', source.id).where('harvest_identifier', '=', record.identifier).executeTakeFirst();
    if (existing && existing.harvest_hash === hash && existing.state === 'active') return 'unchanged';
    const fields = datasetFields(record);
    let id: string;
    if (existing) {
      id = existing.id;
      await trx.updateTable('datasets').set({ ...fields, harvest_hash: hash, version: existing.version + 1, updated_at: now }).where('id', '=', id).execute();
    } else {
      id = newDatasetId();
      await trx.insertInto('datasets').values({ id, entity_id: source.entity_id, asset_id: null, current_release: null, ...fields, harvest_source_id: source.id, harvest_identifier: record.identifier, harvest_hash: hash, created_at: now, updated_at: now, created_by: null }).execute();
    }
    await reindexDataset(trx, id);
    await requestQualityReport(ctx.queue, trx, id, 'metadata');
    return existing ? 'updated' : 'created';
  });
}

export interface HarvestCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  errors: number;
  warnings: number;
}

/**
 * One run: reads the source record by record, writes each on its own (a bad record is reported and
 * skipped, never stops the run), and when the whole source was read withdraws what it no longer lists.
 * If the source cannot be read to the end nothing is withdrawn.
 */
export async function runHarvest(ctx: Context, sourceId: number, limits: FetchLimits, progress: (done: number) => void = () => {}): Promise<{ runId: number; status: 'done' | 'failed'; counts: HarvestCounts; messages: HarvestMessage[] }> {
  const source = await requireSource(ctx, sourceId);
  const started = ctx.clock.now();
  const run = await ctx.db.insertInto('harvest_runs').values({ source_id: source.id, job_id: null, status: 'running', started_at: started, finished_at: null }).returning('id').executeTakeFirstOrThrow();
  const counts: HarvestCounts = { read: 0, created: 0, updated: 0, unchanged: 0, withdrawn: 0, errors: 0, warnings: 0 };
  const messages: HarvestMessage[] = [];
  const note = (record: string | null, level: 'error' | 'warning', message: Bilingual) => {
    counts[level === 'error' ? 'errors' : 'warnings']++;
    if (messages.length < MAX_MESSAGES) messages.push({ record, level, message });
  };
  const seen = new Set<string>();
  let status: 'done' | 'failed' = 'done';
  try {
    for await (const item of READERS[source.type](source.url, limits)) {
      counts.read++;
      if ('problem' in item) {
        note(item.problem.identifier, 'error', item.problem.message);
      } else {
        const record = item.record;
        if (seen.has(record.identifier)) {
          note(record.identifier, 'warning', { es: 'El identificador se repite en la fuente; se tomó el primero.', en: 'The identifier repeats in the source; the first was kept.' });
        } else {
          seen.add(record.identifier);
          for (const warning of record.warnings) note(record.identifier, 'warning', warning);
          if (!record.files.length) note(record.identifier, 'warning', { es: 'Sin archivos: el conjunto queda como borrador, sin publicar.', en: 'No files: the dataset stays a draft, unpublished.' });
          try {
            counts[await applyRecord(ctx, source, record)]++;
          } catch (error) {
            const message = error instanceof AppError ? error.messages : { es: `No se pudo guardar: ${(error as Error).message}`, en: `Could not be stored: ${(error as Error).message}` };
            note(record.identifier, 'error', message);
          }
        }
      }
      progress(counts.read);
    }
  } catch (error) {
    status = 'failed';
    const reason = (error as Error).message;
    note(null, 'error', { es: `La fuente no se pudo leer completa; no se retiró ningún conjunto. ${reason}`, en: `The source could not be read to the end; no dataset was withdrawn. ${reason}` });
  }
  if (status === 'done') {
    const gone = (await ctx.db.selectFrom('datasets').select(['id', 'harvest_identifier', 'version']).where('harvest_source_id', '=', source.id).where('state', '=', 'active').execute())
      .filter((d) => !seen.has(d.harvest_identifier ?? ''));
    for (const dataset of gone) {
      await ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('datasets').set({ state: 'deleted', version: dataset.version + 1, updated_at: ctx.clock.now() }).where('id', '=', dataset.id).execute();
        await reindexDataset(trx, dataset.id);
      });
      counts.withdrawn++;
    }
  }
  const finished = ctx.clock.now();
  await ctx.db.updateTable('harvest_runs').set({ status, finished_at: finished, counts: JSON.stringify(counts), messages: JSON.stringify(messages) }).where('id', '=', run.id).execute();
  await ctx.db.updateTable('harvest_sources').set({ last_run_at: finished }).where('id', '=', source.id).execute();
  return { runId: run.id, status, counts, messages };
}

/** A source as the API and pages show it: its entity, its datasets and its recent runs. */
export async function sourceView(ctx: Context, source: HarvestSource, runs = 20) {
  const [entity, datasets, recent] = await Promise.all([
    ctx.db.selectFrom('entities').select(['nit', 'name']).where('id', '=', source.entity_id).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('datasets').select(({ fn }) => ['state', fn.countAll<number>().as('n')]).where('harvest_source_id', '=', source.id).groupBy('state').execute(),
    ctx.db.selectFrom('harvest_runs').selectAll().where('source_id', '=', source.id).orderBy('id', 'desc').limit(runs).execute(),
  ]);
  const count = (state: string) => Number(datasets.find((d) => d.state === state)?.n ?? 0);
  // A run waiting or under way, with its progress (records read so far).
  const active = await ctx.db.selectFrom('jobs').select('id').where('kind', '=', HARVEST_JOB).where('status', 'in', ['queued', 'running'])
    .where(sql<string>`payload->>'source_id'`, '=', String(source.id)).executeTakeFirst();
  const job = active ? await ctx.queue.get(active.id) : null;
  return {
    id: source.id,
    url: source.url,
    type: source.type,
    title: source.title,
    entity: { nit: entity.nit, name: entity.name },
    schedule_hours: source.schedule_hours,
    enabled: source.enabled,
    created_at: source.created_at,
    last_run_at: source.last_run_at,
    datasets: { active: count('active'), withdrawn: count('deleted') },
    runs: recent.map((r) => ({ id: r.id, status: r.status, started_at: r.started_at, finished_at: r.finished_at, counts: r.counts, messages: r.messages })),
    can_run: policy.writeAssets(ctx.actor, source.entity_id),
    job: job ? { id: job.id, status: job.status, records_read: job.progress.done } : null,
  };
}

export async function listSources(ctx: Context) {
  const sources = await ctx.db.selectFrom('harvest_sources').selectAll().orderBy('id').execute();
  return Promise.all(sources.map((s) => sourceView(ctx, s, 1)));
}
