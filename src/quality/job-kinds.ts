import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import type { JobQueue } from '../store/jobs.ts';

export const QUALITY_JOB = 'quality_report';
export const QUALITY_REFRESH_JOB = 'quality_refresh';

export type QualityTrigger = 'release' | 'metadata' | 'schedule' | 'rules' | 'request';

export interface QualityPayload {
  dataset_id: string;
  trigger: QualityTrigger;
  /** Check links again even if a recent result exists. */
  recheck_links?: boolean;
}

/**
 * Asks for a dataset's quality report to be computed again. Pass the transaction of the change that calls
 * for it, so the job exists only if the change commits; a report already waiting for the dataset serves.
 */
export async function requestQualityReport(queue: JobQueue, db: Db, datasetId: string, trigger: QualityTrigger, recheckLinks = false): Promise<void> {
  const payload: QualityPayload = { dataset_id: datasetId, trigger, ...(recheckLinks ? { recheck_links: true } : {}) };
  const waiting = await db.selectFrom('jobs').select(['id', 'payload'])
    .where('kind', '=', QUALITY_JOB).where('status', '=', 'queued')
    .where(sql<string>`payload->>'dataset_id'`, '=', datasetId).executeTakeFirst();
  if (waiting) {
    // A new release is the better reason to record: the waiting report will measure it.
    if (trigger === 'release') await db.updateTable('jobs').set({ payload: JSON.stringify({ ...(waiting.payload as QualityPayload), trigger }) }).where('id', '=', waiting.id).execute();
    return;
  }
  await queue.enqueue({ kind: QUALITY_JOB, payload, maxAttempts: 3 }, db);
}
