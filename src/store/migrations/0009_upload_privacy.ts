import { sql, type Kysely } from 'kysely';

/** What the personal-data scan found in an upload, and the steward's decisions per column (drop, or keep with a legal justification). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE dataset_uploads ADD COLUMN privacy jsonb`.execute(db);
}
