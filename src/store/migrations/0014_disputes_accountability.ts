import { sql, type Kysely } from 'kysely';

/**
 * Disputes over denied or overdue requests, settled by the arbiter; data-sharing agreements of companies (COM
 * members); and each entity's accountability programme (responsabilidad demostrada) as dated records with
 * owner and evidence.
 */
const statements = [
  `CREATE TABLE disputes (
     id text PRIMARY KEY,
     request_id text NOT NULL UNIQUE REFERENCES access_requests (id),
     reason text NOT NULL,
     status text NOT NULL,
     messages jsonb NOT NULL DEFAULT '[]',
     ruling jsonb,
     opened_at timestamptz NOT NULL,
     opened_by text,
     ruled_at timestamptz,
     ruled_by text
   )`,
  `CREATE TABLE agreements (
     id text PRIMARY KEY,
     company_entity_id text NOT NULL REFERENCES entities (id),
     counterpart_entity_id text NOT NULL REFERENCES entities (id),
     dataset_id text REFERENCES datasets (id),
     purpose text NOT NULL,
     terms text NOT NULL,
     starts_on text NOT NULL,
     ends_on text NOT NULL,
     created_at timestamptz NOT NULL,
     created_by text
   )`,
  `CREATE TABLE accountability_records (
     id text PRIMARY KEY,
     entity_id text NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
     section text NOT NULL,
     element text NOT NULL,
     owner text NOT NULL,
     evidence text NOT NULL,
     dated_on text NOT NULL,
     created_at timestamptz NOT NULL,
     created_by text
   )`,
  `CREATE INDEX accountability_entity ON accountability_records (entity_id, section)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
