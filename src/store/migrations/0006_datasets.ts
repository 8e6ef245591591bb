import { sql, type Kysely } from 'kysely';

/** Datasets, their uploads (staged files with an inferred, editable schema) and immutable releases. */
const statements = [
  `CREATE TABLE datasets (
     id text PRIMARY KEY,
     entity_id text NOT NULL REFERENCES entities (id),
     asset_id text REFERENCES assets (id) ON DELETE SET NULL,
     title text NOT NULL,
     description text NOT NULL DEFAULT '',
     keywords text[] NOT NULL DEFAULT '{}',
     themes text[] NOT NULL DEFAULT '{}',
     licence text,
     access_level text NOT NULL DEFAULT 'public' CHECK (access_level IN ('public', 'restricted')),
     current_release integer,
     version integer NOT NULL DEFAULT 1,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     created_by text
   )`,
  `CREATE INDEX datasets_entity ON datasets (entity_id)`,
  `CREATE INDEX datasets_asset ON datasets (asset_id)`,
  `CREATE TABLE dataset_uploads (
     id text PRIMARY KEY,
     dataset_id text NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
     file_name text NOT NULL,
     blob_key text NOT NULL,
     size bigint NOT NULL,
     sha256 text NOT NULL,
     status text NOT NULL CHECK (status IN ('inspecting', 'ready', 'publishing', 'published', 'failed')),
     job_id text,
     source jsonb,
     schema jsonb,
     inferred_schema jsonb,
     row_count bigint,
     error jsonb,
     created_by text,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX dataset_uploads_dataset ON dataset_uploads (dataset_id, created_at DESC)`,
  `CREATE TABLE releases (
     dataset_id text NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
     number integer NOT NULL,
     upload_id text NOT NULL REFERENCES dataset_uploads (id),
     row_count bigint NOT NULL,
     schema jsonb NOT NULL,
     original_key text NOT NULL,
     original_name text NOT NULL,
     original_sha256 text NOT NULL,
     original_size bigint NOT NULL,
     parquet_key text NOT NULL,
     parquet_sha256 text NOT NULL,
     parquet_size bigint NOT NULL,
     created_by text,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (dataset_id, number)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
