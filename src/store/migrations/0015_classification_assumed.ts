import { sql, type Kysely } from 'kysely';

/**
 * An asset whose Ley 1712 class or Ley 1581 class was left blank is stored as public / without personal data,
 * and marked: the classification was assumed, not stated, until the entity's steward confirms it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE assets ADD COLUMN classification_assumed boolean NOT NULL DEFAULT false`.execute(db);
}
