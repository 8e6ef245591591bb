import { sql, type Kysely } from 'kysely';

/**
 * Datasets described elsewhere and withdrawn ones: a dataset may be published as links to files kept
 * by its source (harvested catalogs, CKAN link resources) instead of, or besides, releases; it may be
 * withdrawn (state 'deleted') with its record kept. Harvest sources, their runs, and what each
 * harvested dataset came from (the record's identifier and a hash of it, to update only what changed).
 */
const statements = [
  `CREATE TABLE harvest_sources (
     id serial PRIMARY KEY,
     entity_id text NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
     url text NOT NULL,
     type text NOT NULL,
     title text NOT NULL,
     schedule_hours integer NOT NULL DEFAULT 24,
     enabled boolean NOT NULL DEFAULT true,
     created_at timestamptz NOT NULL,
     created_by text,
     last_run_at timestamptz,
     UNIQUE (entity_id, url)
   )`,
  `CREATE TABLE harvest_runs (
     id serial PRIMARY KEY,
     source_id integer NOT NULL REFERENCES harvest_sources (id) ON DELETE CASCADE,
     job_id text,
     status text NOT NULL,
     started_at timestamptz NOT NULL,
     finished_at timestamptz,
     counts jsonb NOT NULL DEFAULT '{}',
     messages jsonb NOT NULL DEFAULT '[]'
   )`,
  `CREATE INDEX harvest_runs_source ON harvest_runs (source_id, id)`,
  `ALTER TABLE datasets ADD COLUMN state text NOT NULL DEFAULT 'active'`,
  `ALTER TABLE datasets ADD COLUMN links jsonb NOT NULL DEFAULT '[]'`,
  `ALTER TABLE datasets ADD COLUMN extra jsonb NOT NULL DEFAULT '{}'`,
  `ALTER TABLE datasets ADD COLUMN harvest_source_id integer REFERENCES harvest_sources (id) ON DELETE SET NULL`,
  `ALTER TABLE datasets ADD COLUMN harvest_identifier text`,
  `ALTER TABLE datasets ADD COLUMN harvest_hash text`,
  `CREATE UNIQUE INDEX datasets_harvested ON datasets (harvest_source_id, harvest_identifier) WHERE harvest_source_id IS NOT NULL`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
