import { sql, type Kysely } from 'kysely';

/**
 * Quality: one report per computation (kept as history), the content validation of each release (done
 * once, releases never change), the last check of each link, daily use of each dataset, and the rules
 * the national data office set (a single row; absent means the documented defaults).
 */
const statements = [
  `CREATE TABLE quality_reports (
     id serial PRIMARY KEY,
     dataset_id text NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
     entity_id text NOT NULL REFERENCES entities (id),
     release_number integer,
     trigger text NOT NULL,
     mqa_score integer NOT NULL,
     mqa_band text NOT NULL,
     seal integer NOT NULL,
     criteria_score integer NOT NULL,
     report jsonb NOT NULL,
     rules_version integer NOT NULL,
     computed_at timestamptz NOT NULL
   )`,
  `CREATE INDEX quality_reports_dataset ON quality_reports (dataset_id, id DESC)`,
  `CREATE TABLE release_validations (
     dataset_id text NOT NULL,
     release_number integer NOT NULL,
     valid boolean NOT NULL,
     report jsonb NOT NULL,
     created_at timestamptz NOT NULL,
     PRIMARY KEY (dataset_id, release_number),
     FOREIGN KEY (dataset_id, release_number) REFERENCES releases (dataset_id, number) ON DELETE CASCADE
   )`,
  `CREATE TABLE link_checks (
     url text PRIMARY KEY,
     host text NOT NULL,
     ok boolean NOT NULL,
     status integer,
     error text,
     attempts integer NOT NULL,
     ms integer NOT NULL,
     checked_at timestamptz NOT NULL
   )`,
  `CREATE TABLE dataset_usage (
     dataset_id text NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
     day date NOT NULL,
     views integer NOT NULL DEFAULT 0,
     downloads integer NOT NULL DEFAULT 0,
     api_calls integer NOT NULL DEFAULT 0,
     PRIMARY KEY (dataset_id, day)
   )`,
  `CREATE TABLE quality_rules (
     id integer PRIMARY KEY CHECK (id = 1),
     version integer NOT NULL,
     rules jsonb NOT NULL,
     updated_at timestamptz NOT NULL,
     updated_by text
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
