import type { DuckDBConnection } from '@duckdb/node-api';
import { canonicalJson } from '../ledger/jcs.ts';
import { withLedger } from '../ledger/log.ts';
import { ledgerActor, recordHash } from '../catalog/ledger-events.ts';
import type { Context } from '../store/context.ts';
import type { DatasetRow, ReleaseRow, UploadRow } from '../store/schema.ts';
import type { TableSchema } from './table-schema.ts';
import { reindexDataset } from './search.ts';
import { requestQualityReport } from '../quality/job-kinds.ts';
import { hash } from 'node:crypto';

/** Polls DuckDB's progress for the running query and reports it as a share of one stage. */
export async function withProgress<T>(connection: DuckDBConnection, report: (fraction: number) => void, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {
    const { percentage } = connection.progress;
    if (percentage >= 0) report(Math.min(1, percentage / 100));
  }, 250);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * Records a finished release: its row, the dataset's pointer and the ledger event commit together; the
 * Parquet file is already in place under a key no earlier release uses, so a crash before this leaves
 * the previous release serving and at most an unreferenced file.
 */
export async function commitRelease(
  ctx: Context,
  dataset: DatasetRow,
  upload: UploadRow,
  number: number,
  schema: TableSchema,
  rows: number,
  parquet: { key: string; sha256: string; size: number },
): Promise<ReleaseRow> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute((trx) => withLedger(trx, async (ledger) => {
    const current = await trx.selectFrom('datasets').select(['current_release']).where('id', '=', dataset.id).forUpdate().executeTakeFirstOrThrow();
    if ((current.current_release ?? 0) >= number) throw new Error(`release ${number} of ${dataset.id} already exists`);
    const release = await trx.insertInto('releases').values({
      dataset_id: dataset.id,
      number,
      upload_id: upload.id,
      row_count: rows,
      schema: JSON.stringify(schema),
      original_key: upload.blob_key,
      original_name: upload.file_name,
      original_sha256: upload.sha256,
      original_size: upload.size,
      parquet_key: parquet.key,
      parquet_sha256: parquet.sha256,
      parquet_size: parquet.size,
      created_by: upload.created_by,
      created_at: now,
    }).returningAll().executeTakeFirstOrThrow();
    await trx.updateTable('datasets').set({ current_release: number, updated_at: now }).where('id', '=', dataset.id).execute();
    await trx.updateTable('dataset_uploads').set({ status: 'published', updated_at: now, error: null }).where('id', '=', upload.id).execute();
    await reindexDataset(trx, dataset.id);
    await requestQualityReport(ctx.queue, trx, dataset.id, 'release');
    ledger.add({
      type: 'release.published',
      actor: ledgerActor(ctx.actor),
      entity: dataset.entity_id,
      subject: `dataset:${dataset.id}`,
      time: now.toISOString(),
      // The ledger is public: a restricted release is recorded by its hashes only, its file name, size and row
      // count committed to (facts_sha256) but not shown, so the entity can prove them later without revealing them now.
      payload: dataset.access_level === 'public'
        ? {
          release: number,
          rows,
          original: { name: upload.file_name, sha256: upload.sha256, size: upload.size },
          parquet: { sha256: parquet.sha256, size: parquet.size },
          schema_sha256: hash('sha256', canonicalJson(schema), 'hex'),
          access_level: dataset.access_level,
          record_sha256: recordHash({ dataset: dataset.id, title: dataset.title }),
        }
        : {
          release: number,
          original: { sha256: upload.sha256 },
          parquet: { sha256: parquet.sha256 },
          schema_sha256: hash('sha256', canonicalJson(schema), 'hex'),
          access_level: dataset.access_level,
          record_sha256: recordHash({ dataset: dataset.id, title: dataset.title }),
          facts_sha256: recordHash({ rows, name: upload.file_name, size: upload.size, parquet_size: parquet.size }),
        },
    });
    return release;
  }));
}
