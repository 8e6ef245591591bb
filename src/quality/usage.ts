import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { LINK_CHECK_AGENT } from './links.ts';

export type UseKind = 'views' | 'downloads' | 'api_calls';

/** Counts one use of a dataset on today's row (UTC). Relevance reads these counts. */
export async function recordUse(db: Db, datasetId: string, kind: UseKind, now: Date): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  await db.insertInto('dataset_usage').values({ dataset_id: datasetId, day, [kind]: 1 })
    .onConflict((oc) => oc.columns(['dataset_id', 'day']).doUpdateSet({ [kind]: sql`dataset_usage.${sql.ref(kind)} + 1` }))
    .execute();
}

/** Uses of a dataset (all kinds) in the days before `now`. */
export async function usesSince(db: Db, datasetId: string, now: Date, days: number): Promise<number> {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const row = await db.selectFrom('dataset_usage')
    .select(sql<number>`COALESCE(SUM(views + downloads + api_calls), 0)`.as('uses'))
    .where('dataset_id', '=', datasetId).where('day', '>=', since).executeTakeFirst();
  return Number(row?.uses ?? 0);
}

/**
 * Counts a use from an HTTP request, in the background: HEAD requests and the platform's own link checker
 * are not uses, and a failure to count never fails the request.
 */
export function noteUse(db: Db, datasetId: string, kind: UseKind, request: { method: string; headers: Record<string, unknown> }, now: Date): void {
  if (request.method !== 'GET' || String(request.headers['user-agent'] ?? '').startsWith(LINK_CHECK_AGENT)) return;
  recordUse(db, datasetId, kind, now).catch(() => {});
}
