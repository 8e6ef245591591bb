import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/core/config.ts';
import { openPlatform, type Platform } from '../src/platform.ts';
import { note } from './report.ts';

/** BENCH_KEEP=1 keeps the generated store (.bench-cache-NAME, or database infradatos_bench_NAME) to measure again quickly. */
const KEEP = Boolean(process.env.BENCH_KEEP);

/** Runs a benchmark on a fresh platform: PGlite in a temporary directory, or a new PostgreSQL database. */
async function onStore(bench: string, databaseUrl: string | undefined, work: (platform: Platform) => Promise<void>): Promise<void> {
  const dataDir = KEEP ? path.resolve(`.bench-cache-${bench}`) : mkdtempSync(path.join(os.tmpdir(), 'infradatos-bench-'));
  let drop: (() => Promise<void>) | undefined;
  let url = databaseUrl;
  if (databaseUrl) {
    const name = KEEP ? `infradatos_bench_${bench}` : `infradatos_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(databaseUrl);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = KEEP ? undefined : async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    };
  }
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, DEMO: '0', SECRET: 'b'.repeat(40), ...(url ? { DATABASE_URL: url } : { DATABASE_URL: '' }) });
  const platform = await openPlatform(config);
  try {
    await work(platform);
  } finally {
    await platform.close();
    await drop?.();
    if (!KEEP) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** PGlite always; PostgreSQL too when DATABASE_URL is set (scripts/with-postgres.sh provides one). */
export async function onEveryStore(bench: string, work: (platform: Platform) => Promise<void>): Promise<void> {
  await onStore(bench, undefined, work);
  if (process.env.DATABASE_URL) await onStore(bench, process.env.DATABASE_URL, work);
  else note(`PostgreSQL not measured: set DATABASE_URL, or run scripts/with-postgres.sh npm run bench -- ${bench}`);
}
