import { sql, type Kysely } from 'kysely';

/** The transparency ledger: entries, the tree in tiles, the current size and root, checkpoints, witnesses. */
const statements = [
  `CREATE TABLE ledger_state (
     id integer PRIMARY KEY CHECK (id = 1),
     size bigint NOT NULL,
     root bytea NOT NULL,
     updated_at timestamptz NOT NULL DEFAULT now()
   )`,
  // The empty tree's root is SHA-256 of the empty string.
  `INSERT INTO ledger_state (id, size, root) VALUES (1, 0, decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'))`,
  `CREATE TABLE ledger_entries (
     idx bigint PRIMARY KEY,
     leaf_hash bytea NOT NULL,
     data text NOT NULL,
     type text NOT NULL,
     entity_id text,
     subject text NOT NULL,
     actor text NOT NULL,
     created_at timestamptz NOT NULL,
     content_hashes text[] NOT NULL DEFAULT '{}'
   )`,
  `CREATE INDEX ledger_entries_leaf ON ledger_entries (leaf_hash)`,
  `CREATE INDEX ledger_entries_entity ON ledger_entries (entity_id, idx DESC)`,
  `CREATE INDEX ledger_entries_type ON ledger_entries (type, idx DESC)`,
  `CREATE INDEX ledger_entries_subject ON ledger_entries (subject, idx DESC)`,
  `CREATE INDEX ledger_entries_content ON ledger_entries USING gin (content_hashes)`,
  `CREATE TABLE ledger_tiles (
     level smallint NOT NULL,
     idx bigint NOT NULL,
     width smallint NOT NULL CHECK (width BETWEEN 1 AND 256),
     hashes bytea NOT NULL,
     PRIMARY KEY (level, idx)
   )`,
  // Hashes do not compress: store them as they are.
  `ALTER TABLE ledger_tiles ALTER COLUMN hashes SET STORAGE EXTERNAL`,
  `CREATE TABLE ledger_checkpoints (
     size bigint PRIMARY KEY,
     root bytea NOT NULL,
     note text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE ledger_witnesses (
     name text PRIMARY KEY,
     entity_id text NOT NULL,
     public_key bytea NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     revoked_at timestamptz
   )`,
  `CREATE TABLE ledger_cosignatures (
     size bigint NOT NULL REFERENCES ledger_checkpoints (size),
     witness text NOT NULL REFERENCES ledger_witnesses (name),
     signed_at bigint NOT NULL,
     line text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (size, witness)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
