import { sql, type Kysely } from 'kysely';

/** The workbook sheet an XLSX upload is read from (null: the first sheet with data). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE dataset_uploads ADD COLUMN sheet text`.execute(db);
}
