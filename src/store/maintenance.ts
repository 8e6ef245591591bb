import { sql } from 'kysely';
import type { Db } from './database.ts';

const TABLES = ['assets', 'search_documents', 'search_words', 'catalog_changes'] as const;

/**
 * Refreshes the planner's statistics after bulk writes. PostgreSQL's autovacuum does it on its own in
 * time; PGlite runs no autovacuum, so without this its plans would keep the estimates of an empty table.
 */
export async function refreshStatistics(db: Db, tables: readonly (typeof TABLES)[number][] = TABLES): Promise<void> {
  for (const table of tables) await sql`ANALYZE ${sql.table(table)}`.execute(db);
}

/** Writes above this many rows are "bulk" and refresh the statistics. */
export const BULK_ROWS = 200;
