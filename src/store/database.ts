import path from 'node:path';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// Same values on both drivers: dates as 'YYYY-MM-DD' (no time-zone shift), counts as numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export function pgliteDirectory(dataDir: string): string {
  return path.join(dataDir, 'pg');
}

export async function openPglite(directory: string): Promise<Store> {
  mkdirSync(directory, { recursive: true });
  const lite = await PGlite.create(directory, { extensions: { unaccent, pg_trgm } });
  // PGlite is one session: the pool hands out a single client, so a transaction holds it exclusively.
  const pool = new pg.Pool(createPgConfig(lite) as unknown as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    async close() {
      await db.destroy();
      await lite.close();
    },
  };
}

export async function openPostgres(connectionString: string, max = 10): Promise<Store> {
  const pool = new pg.Pool({ connectionString, max });
  // pg-pool's end() resolves before its clients' sockets have closed; close() waits for them, so that
  // nothing of ours is still connected once it returns (a database dropped right after would kill them).
  const open = new Set<Promise<void>>();
  pool.on('connect', (client) => {
    const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
    open.add(ended);
    void ended.then(() => open.delete(ended));
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    async close() {
      await db.destroy();
      await Promise.all(open);
    },
  };
}

export async function openStore(options: { databaseUrl?: string | undefined; dataDir: string }): Promise<Store> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl)
    : openPglite(pgliteDirectory(options.dataDir));
}

/** True when a write failed on a unique constraint (optionally a given one): two writers raced for one key. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
