import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { actorId } from '../core/actor.ts';
import type { Context } from '../store/context.ts';
import type { JobView } from '../store/jobs.ts';
import { demand, policy } from './access.ts';
import { requireEntity } from './entities.ts';
import { INVENTORY_IMPORT, type InventoryImportPayload } from './jobs.ts';
import type { ImportReport } from './import/inventory-import.ts';

export interface ImportView {
  id: string;
  status: JobView['status'];
  progress: JobView['progress'];
  dry_run: boolean;
  file_name: string;
  sheet: string | null;
  mapping: Record<string, string>;
  entity: { id: string; nit: string; name: string };
  report: ImportReport | null;
  error: JobView['error'];
  created_at: Date;
  finished_at: Date | null;
}

const ALLOWED = /\.(csv|txt|xlsx|xlsm)$/i;

/** Stores an uploaded Registro and queues its import (a dry run unless told otherwise). */
export async function startImport(
  ctx: Context,
  entityKey: string,
  upload: { fileName: string; stream: Readable; maxBytes: number },
  options: { dryRun: boolean; sheet?: string; mapping?: Record<string, string> },
): Promise<string> {
  const entity = await requireEntity(ctx, entityKey);
  demand(policy.writeAssets(ctx.actor, entity.id), ctx.actor);
  const fileName = path.basename(upload.fileName || 'registro.csv').slice(0, 200);
  if (!ALLOWED.test(fileName)) {
    upload.stream.resume();
    throw new AppError('unsupported_media_type', {
      es: `«${fileName}»: solo se importan archivos .xlsx o .csv.`,
      en: `"${fileName}": only .xlsx or .csv files can be imported.`,
    });
  }
  const id = newId();
  const key = `imports/${id}${path.extname(fileName).toLowerCase()}`;
  const stored = await ctx.blobs.put(key, upload.stream, { maxBytes: upload.maxBytes });
  if (stored.size === 0) {
    await ctx.blobs.delete(key);
    throw invalid({ es: `«${fileName}» está vacío.`, en: `"${fileName}" is empty.` });
  }
  const payload: InventoryImportPayload = {
    blob_key: key,
    file_name: fileName,
    entity_id: entity.id,
    dry_run: options.dryRun,
    person_id: actorId(ctx.actor),
    ...(options.sheet ? { sheet: options.sheet } : {}),
    ...(options.mapping ? { mapping: options.mapping } : {}),
  };
  return ctx.queue.enqueue({ kind: INVENTORY_IMPORT, payload, entityId: entity.id, createdBy: actorId(ctx.actor), maxAttempts: 2 });
}

async function loadImportJob(ctx: Context, id: string): Promise<{ job: JobView; payload: InventoryImportPayload }> {
  const job = await ctx.queue.get(String(id));
  const missing = () => notFound({ es: 'la importación', en: 'the import' });
  if (!job || job.kind !== INVENTORY_IMPORT) throw missing();
  const allowed = (ctx.actor.kind === 'person' && job.created_by === ctx.actor.id) || policy.writeAssets(ctx.actor, job.entity_id ?? '') || policy.readAllNonPublic(ctx.actor);
  if (!allowed) throw missing();
  return { job, payload: job.payload as InventoryImportPayload };
}

export async function getImport(ctx: Context, id: string): Promise<ImportView> {
  const { job, payload } = await loadImportJob(ctx, id);
  const entity = await requireEntity(ctx, payload.entity_id);
  return {
    id: job.id,
    status: job.status,
    progress: job.progress,
    dry_run: payload.dry_run,
    file_name: payload.file_name,
    sheet: payload.sheet ?? null,
    mapping: payload.mapping ?? {},
    entity: { id: entity.id, nit: entity.nit, name: entity.name },
    report: (job.result as ImportReport | null) ?? null,
    error: job.error,
    created_at: job.created_at,
    finished_at: job.finished_at,
  };
}

/** Runs the same file again: with the user's column choices, and for real once the dry run is clean. */
export async function rerunImport(ctx: Context, id: string, options: { dryRun: boolean; sheet?: string; mapping?: Record<string, string> }): Promise<string> {
  const { payload } = await loadImportJob(ctx, id);
  demand(policy.writeAssets(ctx.actor, payload.entity_id), ctx.actor);
  const next: InventoryImportPayload = {
    ...payload,
    dry_run: options.dryRun,
    person_id: actorId(ctx.actor),
    ...(options.sheet !== undefined ? { sheet: options.sheet || undefined } : {}),
    ...(options.mapping ? { mapping: { ...(payload.mapping ?? {}), ...options.mapping } } : {}),
  };
  return ctx.queue.enqueue({ kind: INVENTORY_IMPORT, payload: next, entityId: payload.entity_id, createdBy: actorId(ctx.actor), maxAttempts: 2 });
}

/** Waits (polling the queue) until a job ends or the time is up; for API clients that ask to wait. */
export async function waitForJob(ctx: Context, id: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await ctx.queue.get(id);
    if (!job || job.status === 'succeeded' || job.status === 'failed' || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Parses the mapping a form or API client sends: {"Header": "field"} or "Header=field" lines. */
export function parseMapping(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v ?? '')]));
  const text = String(value).trim();
  if (text.startsWith('{')) {
    try {
      return parseMapping(JSON.parse(text));
    } catch {
      throw invalid({ es: 'La asignación de columnas no es JSON válido.', en: 'The column mapping is not valid JSON.' });
    }
  }
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const at = line.lastIndexOf('=');
    if (at > 0) out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return out;
}
