import { sql, type Kysely } from 'kysely';

/**
 * Sharing between entities: the catalog of norms a request may cite, entities' client credentials (an Ed25519
 * public key per subsystem, X-Road style), access requests with their deadline and conversation, the grants
 * they become, and every access made with a grant (with the request's hash and nonce, so none is replayed).
 */
const statements = [
  `CREATE TABLE norms (
     id text PRIMARY KEY,
     title text NOT NULL,
     article text NOT NULL,
     summary text NOT NULL,
     created_at timestamptz NOT NULL,
     created_by text
   )`,
  `CREATE TABLE exchange_clients (
     id text PRIMARY KEY,
     entity_id text NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
     subsystem text NOT NULL,
     public_key text NOT NULL,
     created_at timestamptz NOT NULL,
     created_by text,
     revoked_at timestamptz,
     UNIQUE (entity_id, subsystem)
   )`,
  `CREATE TABLE access_requests (
     id text PRIMARY KEY,
     requester_entity_id text NOT NULL REFERENCES entities (id),
     provider_entity_id text NOT NULL REFERENCES entities (id),
     dataset_id text NOT NULL REFERENCES datasets (id),
     purpose text NOT NULL,
     norm_id text NOT NULL REFERENCES norms (id),
     legal_basis text NOT NULL,
     fields jsonb NOT NULL,
     row_filter jsonb NOT NULL DEFAULT '{}',
     duration_days integer NOT NULL,
     commitments jsonb NOT NULL,
     status text NOT NULL,
     messages jsonb NOT NULL DEFAULT '[]',
     decision jsonb,
     submitted_at timestamptz NOT NULL,
     due_at timestamptz NOT NULL,
     decided_at timestamptz,
     reminded_at timestamptz,
     created_by text
   )`,
  `CREATE INDEX access_requests_provider ON access_requests (provider_entity_id, status)`,
  `CREATE TABLE grants (
     id text PRIMARY KEY,
     request_id text NOT NULL REFERENCES access_requests (id),
     dataset_id text NOT NULL REFERENCES datasets (id),
     provider_entity_id text NOT NULL REFERENCES entities (id),
     consumer_entity_id text NOT NULL REFERENCES entities (id),
     fields jsonb NOT NULL,
     row_filter jsonb NOT NULL DEFAULT '{}',
     starts_at timestamptz NOT NULL,
     expires_at timestamptz NOT NULL,
     revoked_at timestamptz,
     revoked_by text,
     revoke_reason text
   )`,
  `CREATE INDEX grants_consumer ON grants (consumer_entity_id, dataset_id)`,
  `CREATE TABLE exchange_accesses (
     id serial PRIMARY KEY,
     grant_id text REFERENCES grants (id),
     client_id text NOT NULL REFERENCES exchange_clients (id),
     dataset_id text NOT NULL,
     nonce text NOT NULL,
     request_hash text NOT NULL,
     status integer NOT NULL,
     rows integer NOT NULL DEFAULT 0,
     at timestamptz NOT NULL,
     UNIQUE (client_id, nonce)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
