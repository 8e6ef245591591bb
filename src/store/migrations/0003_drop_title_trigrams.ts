import { sql, type Kysely } from 'kysely';

/** Typos are corrected against the vocabulary of indexed words; titles no longer need their own trigrams. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS search_title_trgm`.execute(db);
  await sql`ALTER TABLE search_documents DROP COLUMN IF EXISTS title_folded`.execute(db);
}
