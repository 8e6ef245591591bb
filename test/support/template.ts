import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import { ensureDivipola } from '../../src/catalog/divipola.ts';
import { openPglite, openPostgres } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

export const CACHE_DIR = path.join(PROJECT_ROOT, '.test-cache');

/** Changes whenever the schema or the code list loader changes, so stale templates are never used. */
export function schemaHash(): string {
  const hash = createHash('sha256');
  const dir = path.join(PROJECT_ROOT, 'src/store/migrations');
  for (const file of readdirSync(dir).sort()) hash.update(readFileSync(path.join(dir, file)));
  hash.update(readFileSync(path.join(PROJECT_ROOT, 'src/catalog/divipola.ts')));
  return hash.digest('hex').slice(0, 12);
}

export function pgliteTemplateDir(): string {
  return path.join(CACHE_DIR, `pglite-${schemaHash()}`);
}

export function postgresTemplateName(): string {
  return `infradatos_tpl_${schemaHash()}`;
}

/** A migrated database with the built-in code lists (as a fresh install has), copied by each test instead of built again. */
export async function prepareTemplate(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const name = postgresTemplateName();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return;
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const store = await openPostgres(url.toString(), 2);
    try {
      await migrateToLatest(store.db);
      await ensureDivipola(store.db);
    } finally {
      await store.close();
    }
    return;
  }
  const dir = pgliteTemplateDir();
  if (existsSync(dir)) return;
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const store = await openPglite(building);
  await migrateToLatest(store.db);
  await ensureDivipola(store.db);
  await store.close();
  renameSync(building, dir);
}
