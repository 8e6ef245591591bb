import { sql, type Kysely } from 'kysely';

/** A log keeps one signing key for life: the first checkpoint records it, so a server with another key is refused. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE ledger_state ADD COLUMN verifier_key text`.execute(db);
}
