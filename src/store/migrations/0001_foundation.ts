import { sql, type Kysely } from 'kysely';

// Plain DDL that runs on PostgreSQL 15 (Debian) and 18 (PGlite). No user input reaches these strings.
const statements = [
  `CREATE EXTENSION IF NOT EXISTS unaccent`,
  `CREATE EXTENSION IF NOT EXISTS pg_trgm`,
  `DO $$ BEGIN
     CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = pg_catalog.spanish);
   EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL; END $$`,
  `ALTER TEXT SEARCH CONFIGURATION es_unaccent
     ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem`,

  `CREATE TABLE divipola (
     code text PRIMARY KEY,
     kind text NOT NULL CHECK (kind IN ('department', 'municipality')),
     name text NOT NULL,
     department_code text NOT NULL,
     municipality_type text,
     latitude double precision,
     longitude double precision
   )`,

  `CREATE TABLE entities (
     id text PRIMARY KEY,
     nit text NOT NULL UNIQUE,
     check_digit smallint NOT NULL,
     member_class text NOT NULL,
     name text NOT NULL,
     acronym text,
     sector text NOT NULL,
     orden text NOT NULL CHECK (orden IN ('nacional', 'territorial')),
     department_code text NOT NULL REFERENCES divipola (code),
     municipality_code text REFERENCES divipola (code),
     website text,
     contact_name text,
     contact_email text,
     contact_phone text,
     description text,
     sort_key text NOT NULL,
     version integer NOT NULL DEFAULT 1,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX entities_sort ON entities (sort_key COLLATE "C")`,

  `CREATE TABLE people (
     id text PRIMARY KEY,
     email text NOT NULL UNIQUE,
     name text NOT NULL,
     entity_id text NOT NULL REFERENCES entities (id),
     roles text[] NOT NULL,
     password_hash text,
     disabled boolean NOT NULL DEFAULT false,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX people_entity ON people (entity_id)`,

  `CREATE TABLE sessions (
     token_hash text PRIMARY KEY,
     person_id text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz NOT NULL,
     last_seen_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX sessions_person ON sessions (person_id)`,

  `CREATE TABLE api_tokens (
     id text PRIMARY KEY,
     person_id text NOT NULL REFERENCES people (id) ON DELETE CASCADE,
     name text NOT NULL,
     token_hash text NOT NULL UNIQUE,
     prefix text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     expires_at timestamptz,
     last_used_at timestamptz,
     revoked_at timestamptz
   )`,

  `CREATE TABLE assets (
     id text PRIMARY KEY,
     entity_id text NOT NULL REFERENCES entities (id),
     code text,
     title text NOT NULL,
     title_key text NOT NULL,
     description text NOT NULL,
     language text NOT NULL,
     medium text NOT NULL CHECK (medium IN ('fisico', 'electronico', 'ambos')),
     formats text[] NOT NULL,
     availability text NOT NULL CHECK (availability IN ('publicada', 'disponible')),
     published_where text,
     link text,
     producer text,
     owner text,
     generated_on date,
     update_frequency text,
     legal_class text NOT NULL CHECK (legal_class IN ('publica', 'clasificada', 'reservada')),
     exception_ground text,
     exception_norm text,
     exception_scope text CHECK (exception_scope IN ('total', 'parcial')),
     classified_on date,
     exception_until date,
     personal_data_class text NOT NULL
       CHECK (personal_data_class IN ('ninguno', 'publico', 'semiprivado', 'privado', 'sensible')),
     children_data boolean NOT NULL DEFAULT false,
     themes text[] NOT NULL DEFAULT '{}',
     keywords text[] NOT NULL DEFAULT '{}',
     spatial text[] NOT NULL DEFAULT '{}',
     temporal_start date,
     temporal_end date,
     licence text,
     contact_name text,
     contact_email text,
     version integer NOT NULL DEFAULT 1,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now(),
     created_by text,
     updated_by text
   )`,
  `CREATE UNIQUE INDEX assets_entity_code ON assets (entity_id, code) WHERE code IS NOT NULL`,
  `CREATE UNIQUE INDEX assets_entity_title ON assets (entity_id, title_key)`,

  // Who changed what and when, for entities, assets and people.
  `CREATE TABLE catalog_changes (
     id bigserial PRIMARY KEY,
     subject_type text NOT NULL,
     subject_id text NOT NULL,
     entity_id text,
     version integer,
     action text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
     actor_id text,
     actor_label text NOT NULL,
     at timestamptz NOT NULL DEFAULT now(),
     changes jsonb NOT NULL,
     reason text
   )`,
  `CREATE INDEX catalog_changes_subject ON catalog_changes (subject_type, subject_id, id)`,

  `CREATE TABLE search_documents (
     doc_type text NOT NULL,
     ref_id text NOT NULL,
     entity_id text NOT NULL,
     title text NOT NULL,
     summary text NOT NULL DEFAULT '',
     keywords text NOT NULL DEFAULT '',
     body text NOT NULL DEFAULT '',
     title_folded text NOT NULL,
     sort_key text NOT NULL,
     sector text,
     department_code text,
     themes text[] NOT NULL DEFAULT '{}',
     formats text[] NOT NULL DEFAULT '{}',
     legal_class text,
     licence text,
     is_public boolean NOT NULL,
     updated_at timestamptz NOT NULL,
     tsv tsvector GENERATED ALWAYS AS (
       setweight(to_tsvector('es_unaccent'::regconfig, title), 'A') ||
       setweight(to_tsvector('es_unaccent'::regconfig, keywords), 'B') ||
       setweight(to_tsvector('es_unaccent'::regconfig, summary || ' ' || body), 'C')
     ) STORED,
     PRIMARY KEY (doc_type, ref_id)
   )`,
  `CREATE INDEX search_tsv ON search_documents USING gin (tsv)`,
  `CREATE INDEX search_title_trgm ON search_documents USING gin (title_folded gin_trgm_ops)`,
  `CREATE INDEX search_sort ON search_documents (sort_key COLLATE "C")`,
  `CREATE INDEX search_updated ON search_documents (updated_at)`,
  `CREATE INDEX search_entity ON search_documents (entity_id)`,
  // Every word seen in indexed text, folded: the vocabulary that misspelt queries are corrected against.
  `CREATE TABLE search_words (word text PRIMARY KEY)`,
  `CREATE INDEX search_words_trgm ON search_words USING gin (word gin_trgm_ops)`,

  `CREATE TABLE jobs (
     id text PRIMARY KEY,
     kind text NOT NULL,
     status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
     payload jsonb NOT NULL,
     result jsonb,
     error jsonb,
     progress_done bigint NOT NULL DEFAULT 0,
     progress_total bigint,
     attempts integer NOT NULL DEFAULT 0,
     max_attempts integer NOT NULL DEFAULT 3,
     run_after timestamptz NOT NULL DEFAULT now(),
     locked_by text,
     heartbeat_at timestamptz,
     entity_id text,
     created_by text,
     created_at timestamptz NOT NULL DEFAULT now(),
     started_at timestamptz,
     finished_at timestamptz
   )`,
  `CREATE INDEX jobs_queued ON jobs (run_after) WHERE status = 'queued'`,
  `CREATE INDEX jobs_running ON jobs (heartbeat_at) WHERE status = 'running'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
