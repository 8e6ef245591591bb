import { systemActor, type Actor } from '../core/actor.ts';
import { AppError } from '../core/errors.ts';
import { actorFor } from '../catalog/jobs.ts';
import type { Context } from '../store/context.ts';
import type { JobContext, JobQueue } from '../store/jobs.ts';
import type { UploadRow } from '../store/schema.ts';
import { findBadCells, writeParquet } from './convert.ts';
import { requireUpload } from './datasets.ts';
import { inferSchema } from './infer.ts';
import { INGEST_JOB, PUBLISH_JOB, type IngestPayload } from './job-kinds.ts';
import { commitRelease, withProgress } from './releases.ts';
import { openSource, type Source } from './sources.ts';
import { TABLE_SCHEMA_PROFILE, type Field, type TableSchema } from './table-schema.ts';
import { gateProblems, keptFields, pseudonymized, scanSource, type UploadPrivacy } from '../privacy/gate.ts';
import { entityKey } from '../privacy/pseudonym.ts';
import { GATE_MESSAGE } from './datasets.ts';
import path from 'node:path';

// Progress is reported in thousandths: inspection is the first 40%, writing the release the rest.
const TOTAL = 1000;
const INSPECTED = 400;

async function jobContext(platform: { context(actor: Actor): Context }, personId: string | null): Promise<Context> {
  const base = platform.context(systemActor('jobs'));
  return { ...base, actor: await actorFor(base, personId) };
}

async function loadUpload(ctx: Context, uploadId: string): Promise<UploadRow> {
  const row = await ctx.db.selectFrom('dataset_uploads').selectAll().where('id', '=', uploadId).executeTakeFirstOrThrow();
  return (await requireUpload(ctx, row.dataset_id, row.id)).upload;
}

/**
 * A user's mistake is recorded on the upload with its reason: an unreadable file fails, a schema that does
 * not fit the data sends the upload back to "ready" to be corrected. Anything else is retried by the queue.
 */
async function recordUserError<T>(ctx: Context, upload: UploadRow, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) {
      const current = await ctx.db.selectFrom('dataset_uploads').select('status').where('id', '=', upload.id).executeTakeFirstOrThrow();
      await ctx.db.updateTable('dataset_uploads')
        .set({ status: current.status === 'publishing' ? 'ready' : 'failed', error: JSON.stringify({ code: error.code, message: error.messages, details: error.details }), updated_at: ctx.clock.now() })
        .where('id', '=', upload.id).execute();
    }
    throw error;
  }
}

const openUpload = (ctx: Context, upload: UploadRow, dir: string) => openSource(ctx.engine, ctx.blobs.location(upload.blob_key), upload.file_name, dir, { sheet: upload.sheet });

async function inspect(ctx: Context, upload: UploadRow, job: JobContext, dir: string): Promise<{ source: Source; schema: TableSchema; rows: number; privacy: UploadPrivacy }> {
  const source = await openUpload(ctx, upload, dir);
  const { fields, rows } = await ctx.engine.use((c) => withProgress(c, (f) => job.progress(Math.round(f * INSPECTED), TOTAL), () => inferSchema(c, source, upload.file_name)));
  const schema: TableSchema = { $schema: TABLE_SCHEMA_PROFILE, fields, missingValues: [''] };
  const privacy = await ctx.engine.use((c) => scanSource(c, source));
  await ctx.db.updateTable('dataset_uploads').set({
    status: 'ready',
    privacy: JSON.stringify(privacy),
    source: JSON.stringify({ format: source.format, encoding: source.encoding, delimiter: source.delimiter, sheet: source.sheet ?? null, columns: source.columns }),
    inferred_schema: JSON.stringify(schema),
    schema: JSON.stringify(schema),
    row_count: rows,
    error: null,
    updated_at: ctx.clock.now(),
  }).where('id', '=', upload.id).execute();
  job.progress(INSPECTED, TOTAL);
  return { source, schema, rows, privacy };
}

/** Writes the release; `inspected` is the source the same job just read, else the original is opened again. */
async function publish(ctx: Context, upload: UploadRow, job: JobContext, dir: string, secret: string, inspected?: Source): Promise<{ release: number; rows: number }> {
  const dataset = await ctx.db.selectFrom('datasets').selectAll().where('id', '=', upload.dataset_id).executeTakeFirstOrThrow();
  const schema = upload.schema as TableSchema;
  const inferred = upload.inferred_schema as TableSchema;
  const source = inspected ?? (await openUpload(ctx, upload, dir));
  const privacy = upload.privacy as UploadPrivacy | null;
  const key = entityKey(secret, dataset.entity_id);
  const pseudonyms = new Map(pseudonymized(privacy).map((name) => [name, key]));
  // Pseudonyms are text, whatever the column held.
  const kept = keptFields(schema.fields, privacy).map((f) => (pseudonyms.has(f.name) ? { ...f, type: 'string' as const, description: [f.description, 'Seudónimo HMAC-SHA256 con la clave de la entidad / keyed pseudonym'].filter(Boolean).join(' — ') } : f));
  const changed = schema.fields.filter((f, i) => kept.some((k) => k.name === f.name) && !pseudonyms.has(f.name) && JSON.stringify(stripDocs(f)) !== JSON.stringify(stripDocs(inferred.fields[i]!)));
  const target = path.join(dir, 'data.parquet');
  const rows = await ctx.engine.use(async (c) => {
    if (changed.length) await findBadCells(c, source, changed, upload.file_name);
    return withProgress(c, (f) => job.progress(INSPECTED + Math.round(f * (TOTAL - INSPECTED - 10)), TOTAL), () => writeParquet(c, source, kept, target, upload.file_name, pseudonyms));
  });
  const number = (dataset.current_release ?? 0) + 1;
  const stored = await ctx.blobs.putFile(`datasets/${dataset.id}/releases/${number}/data.parquet`, target);
  const release = await commitRelease(ctx, dataset, upload, number, releaseSchema(schema, kept), rows, stored);
  job.progress(TOTAL, TOTAL);
  return { release: release.number, rows };
}

/** Runs a job's work with a scratch directory of its own, removed afterwards. */
async function withScratch<T>(ctx: Context, work: (dir: string) => Promise<T>): Promise<T> {
  const scratch = ctx.engine.scratch('ingest');
  try {
    return await work(scratch.dir);
  } finally {
    scratch.done();
  }
}

/** What decides how a column is stored: its type and format, not its documentation or constraints. */
const stripDocs = ({ title: _t, description: _d, 'x-inferred': _x, 'x-samples': _s, constraints: _c, ...rest }: Field) => rest;

export function registerPublishJobs(platform: { queue: JobQueue; config: { secret: string }; context(actor: Actor): Context }): void {
  platform.queue.register(INGEST_JOB, async (payload: IngestPayload, job) => {
    const ctx = await jobContext(platform, payload.person_id);
    const upload = await loadUpload(ctx, payload.upload_id);
    return recordUserError(ctx, upload, () => withScratch(ctx, async (dir) => {
      const inspected = await inspect(ctx, upload, job, dir);
      if (!payload.publish) return { status: 'ready', rows: inspected.rows };
      const blocked = await heldByGate(ctx, upload, inspected.privacy);
      if (blocked) return { status: 'ready', rows: inspected.rows, blocked };
      await ctx.db.updateTable('dataset_uploads').set({ status: 'publishing' }).where('id', '=', upload.id).execute();
      return publish(ctx, await loadUpload(ctx, upload.id), job, dir, platform.config.secret, inspected.source);
    }));
  });
  platform.queue.register(PUBLISH_JOB, async (payload: IngestPayload, job) => {
    const ctx = await jobContext(platform, payload.person_id);
    const upload = await loadUpload(ctx, payload.upload_id);
    // Checked again as the job runs: the dataset may have been opened since the publication was asked for.
    const blocked = await heldByGate(ctx, upload, upload.privacy as UploadPrivacy | null);
    if (blocked) return { status: 'ready', blocked };
    return recordUserError(ctx, upload, () => withScratch(ctx, (dir) => publish(ctx, upload, job, dir, platform.config.secret)));
  });
}

/**
 * Personal data in an open dataset stops here, judged on the dataset as it is now: the upload waits, ready,
 * for the steward's decisions. Returns how many columns hold it (0: the upload may be published).
 */
async function heldByGate(ctx: Context, upload: UploadRow, privacy: UploadPrivacy | null): Promise<number> {
  const dataset = await ctx.db.selectFrom('datasets').select('access_level').where('id', '=', upload.dataset_id).executeTakeFirstOrThrow();
  const problems = gateProblems(privacy, dataset.access_level);
  if (problems.length) {
    await ctx.db.updateTable('dataset_uploads').set({ status: 'ready', error: JSON.stringify({ code: 'personal_data', message: GATE_MESSAGE, details: problems }), updated_at: ctx.clock.now() }).where('id', '=', upload.id).execute();
  }
  return problems.length;
}

/** The release's schema: the kept fields, and the keys that do not name a dropped column. */
function releaseSchema(schema: TableSchema, kept: Field[]): TableSchema {
  const names = new Set(kept.map((f) => f.name));
  const { primaryKey, foreignKeys, ...rest } = schema;
  const keys = foreignKeys?.filter((fk) => fk.fields.every((n) => names.has(n))) ?? [];
  return { ...rest, fields: kept, ...(primaryKey?.every((n) => names.has(n)) ? { primaryKey } : {}), ...(keys.length ? { foreignKeys: keys } : {}) };
}
