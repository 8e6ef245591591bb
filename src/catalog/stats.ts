import { sql } from 'kysely';
import type { Context } from '../store/context.ts';
import { policy } from './access.ts';

/** Key numbers of what the platform holds, as the caller may see them. */
export async function catalogStats(ctx: Context) {
  const all = policy.readAllNonPublic(ctx.actor);
  const own = ctx.actor.kind === 'person' ? ctx.actor.entityId : null;
  const visible = all ? sql`true` : own ? sql`(d.is_public OR d.entity_id = ${own})` : sql`d.is_public`;
  const totals = await sql<{ entities: number; assets: number; public_assets: number; restricted_assets: number; datasets: number; departments: number }>`
    SELECT (SELECT count(*)::int FROM entities) AS entities,
           (SELECT count(*)::int FROM search_documents d WHERE d.doc_type = 'asset' AND ${visible}) AS assets,
           (SELECT count(*)::int FROM search_documents d WHERE d.doc_type = 'asset' AND d.is_public) AS public_assets,
           (SELECT count(*)::int FROM search_documents d WHERE d.doc_type = 'asset' AND NOT d.is_public) AS restricted_assets,
           (SELECT count(*)::int FROM search_documents d WHERE d.doc_type = 'dataset' AND d.is_public) AS datasets,
           (SELECT count(DISTINCT department_code)::int FROM entities) AS departments`.execute(ctx.db);
  const bySector = await sql<{ sector: string; count: number }>`
    SELECT d.sector, count(*)::int AS count FROM search_documents d WHERE ${visible} AND d.sector IS NOT NULL
    GROUP BY d.sector ORDER BY count DESC, d.sector LIMIT 10`.execute(ctx.db);
  const byClass = await sql<{ legal_class: string; count: number }>`
    SELECT d.legal_class, count(*)::int AS count FROM search_documents d WHERE d.doc_type = 'asset' GROUP BY d.legal_class ORDER BY d.legal_class`.execute(ctx.db);
  const recent = await sql<{ type: 'asset' | 'dataset'; id: string; title: string; entity_name: string; nit: string; updated_at: Date; legal_class: string | null }>`
    SELECT d.doc_type AS type, d.ref_id AS id, d.title, e.name AS entity_name, e.nit, d.updated_at, d.legal_class
    FROM search_documents d JOIN entities e ON e.id = d.entity_id
    WHERE ${visible} ORDER BY d.updated_at DESC, d.ref_id LIMIT 6`.execute(ctx.db);
  return {
    ...totals.rows[0]!,
    by_sector: bySector.rows,
    // Counts by class are public knowledge (the Índice is public); the assets themselves are not.
    by_legal_class: byClass.rows,
    recent: recent.rows,
  };
}
