import { sql, type Kysely } from 'kysely';

/**
 * A counter that moves whenever the search index changes (statement-level trigger), so every process can
 * cache counts for queries without words and know, with one cheap read, when its cache is stale.
 */
const statements = [
  `CREATE TABLE search_state (id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)`,
  `INSERT INTO search_state (id, version) VALUES (1, 1)`,
  `CREATE FUNCTION search_state_bump() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     UPDATE search_state SET version = version + 1 WHERE id = 1;
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER search_documents_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON search_documents
     FOR EACH STATEMENT EXECUTE FUNCTION search_state_bump()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
