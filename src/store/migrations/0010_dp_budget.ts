import { sql, type Kysely } from 'kysely';

/**
 * Differential privacy: each dataset's privacy budget in millionths of ε (so sums stay exact), and every
 * query answered from it.
 */
const statements = [
  `CREATE TABLE dp_budgets (
     dataset_id text PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
     epsilon_total_micro bigint NOT NULL,
     epsilon_spent_micro bigint NOT NULL DEFAULT 0,
     updated_at timestamptz NOT NULL,
     updated_by text
   )`,
  `CREATE TABLE dp_queries (
     id serial PRIMARY KEY,
     dataset_id text NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
     release_number integer NOT NULL,
     aggregate text NOT NULL,
     request jsonb NOT NULL,
     epsilon_micro bigint NOT NULL,
     actor text NOT NULL,
     created_at timestamptz NOT NULL
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
