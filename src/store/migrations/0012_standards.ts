import { sql, type Kysely } from 'kysely';

/**
 * Standards for administrative records: Table Schemas and code lists the national data office publishes in
 * versions that never change once published; datasets that declare conformance to a schema version; and
 * each release's conformance check, computed once.
 */
const statements = [
  `CREATE TABLE standards (
     id text PRIMARY KEY,
     kind text NOT NULL,
     title text NOT NULL,
     description text NOT NULL DEFAULT '',
     created_at timestamptz NOT NULL,
     created_by text
   )`,
  `CREATE TABLE standard_versions (
     standard_id text NOT NULL REFERENCES standards (id) ON DELETE CASCADE,
     version text NOT NULL,
     body jsonb NOT NULL,
     notes text NOT NULL DEFAULT '',
     published_at timestamptz NOT NULL,
     published_by text,
     PRIMARY KEY (standard_id, version)
   )`,
  `ALTER TABLE datasets ADD COLUMN conforms_to text`,
  `CREATE TABLE conformance_checks (
     dataset_id text NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
     release_number integer NOT NULL,
     standard text NOT NULL,
     valid boolean NOT NULL,
     report jsonb NOT NULL,
     checked_at timestamptz NOT NULL,
     PRIMARY KEY (dataset_id, release_number, standard)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
