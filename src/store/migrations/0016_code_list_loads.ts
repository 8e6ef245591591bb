import { sql, type Kysely } from 'kysely';

/**
 * DANE's municipality list stops being read from a file at start: the platform ships the departments and the
 * demo's municipalities, and the national data office loads the full list. `code_list_loads` records each load;
 * until DIVIPOLA has one, municipality codes are checked by form and department only. An install that already
 * holds the full list (read from the file by earlier versions) counts as loaded. An entity may sit in a
 * municipality the built-in subset lacks, so its municipality is no longer a foreign key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE code_list_loads (
     name text PRIMARY KEY,
     rows integer NOT NULL,
     sha256 text,
     file_name text,
     loaded_by text NOT NULL,
     loaded_at timestamptz NOT NULL DEFAULT now()
   )`.execute(db);
  await sql`INSERT INTO code_list_loads (name, rows, loaded_by)
     SELECT 'divipola', count(*), 'migration' FROM divipola WHERE kind = 'municipality' HAVING count(*) >= 1000`.execute(db);
  await sql`ALTER TABLE entities DROP CONSTRAINT IF EXISTS entities_municipality_code_fkey`.execute(db);
}
