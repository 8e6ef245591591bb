import { systemActor, type Actor } from './core/actor.ts';
import { systemClock, type Clock } from './core/clock.ts';
import type { Config } from './core/config.ts';
import { ensureDivipola, loadDivipolaFileOnce } from './catalog/divipola.ts';
import { registerCatalogJobs } from './catalog/jobs.ts';
import { FileBlobStore, openBlobStore, type BlobStore } from './store/blobs.ts';
import { QueryPool } from './store/query-pool.ts';
import { mkdirSync, rmSync } from 'node:fs';
import type { Context } from './store/context.ts';
import { openStore, type Store } from './store/database.ts';
import { JobQueue } from './store/jobs.ts';
import { Engine } from './store/duckdb.ts';
import path from 'node:path';
import { registerPublishJobs } from './publish/jobs.ts';
import { SqlService } from './publish/sql.ts';
import { migrateToLatest } from './store/migrate.ts';
import { defaultOrigin, loadSigner, type LogSigner } from './ledger/keys.ts';
import { assertLogKey } from './ledger/service.ts';
import { registerQualityJobs } from './quality/jobs.ts';
import { ensureBuiltinStandards } from './quality/standards.ts';
import { ensureBuiltinNorms } from './exchange/norms.ts';
import { LinkChecker } from './quality/links.ts';
import { BUILTIN_SHAPES } from './quality/shacl.ts';
import type { QualityDeps } from './quality/report.ts';
import { LinkedData } from './linked/service.ts';
import { registerHarvestJobs } from './linked/harvest/jobs.ts';

/** Everything a process needs besides HTTP: the stores, the queue and the clock. */
export interface Platform {
  config: Config;
  /** The ledger's signing key. */
  signer: LogSigner;
  store: Store;
  blobs: BlobStore;
  queue: JobQueue;
  engine: Engine;
  /** The sandbox for SQL written by anyone. */
  sql: SqlService;
  /** Worker processes for queries shaped by visitors (SoQL, CKAN's datastore_search) over any release file. */
  soql: QueryPool;
  /** The quality checks' settings and their link checker (one per process, so per-host limits hold across jobs). */
  quality: QualityDeps;
  /** The SPARQL engine over the open catalog. */
  linked: LinkedData;
  clock: Clock;
  context(actor: Actor): Context;
  close(): Promise<void>;
}

export interface PlatformOptions {
  clock?: Clock;
  log?: { info(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

/**
 * SoQL is compiled by us with every value a parameter, but what it computes is the visitor's: it runs in worker
 * processes that read only the blob store, so a heavy or crashing query never reaches the web process.
 */
function soqlPool(blobs: BlobStore, tempDirectory: string): QueryPool {
  const root = blobs instanceof FileBlobStore ? blobs.root : undefined;
  // Spill files of workers that were killed are stale.
  rmSync(tempDirectory, { recursive: true, force: true });
  mkdirSync(tempDirectory, { recursive: true });
  return new QueryPool({
    name: 'soql', size: 2, maxWaiting: 32, waitMs: 30_000, memoryLimit: '512MB', hardMemoryMb: 1024, tempDirectory,
    setup: () => ({ views: [], allowedDirectories: [...(root ? [path.resolve(root)] : []), tempDirectory] }),
  });
}

/** Opens the stores, applies migrations and loads the reference code lists. */
export async function openPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const signer = loadSigner({ dataDir: config.dataDir, ledgerKey: config.ledgerKey, origin: config.ledgerOrigin ?? defaultOrigin(config.baseUrl) });
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(store.db);
    await ensureDivipola(store.db);
    await ensureBuiltinStandards(store.db);
    await ensureBuiltinNorms(store.db);
    await assertLogKey(store.db, signer);
  } catch (error) {
    await store.close();
    throw error;
  }
  const blobs = openBlobStore(config.blobUrl);
  const queue = new JobQueue(store.db, { ...(options.log ? { log: options.log } : {}) });
  const clock = options.clock ?? systemClock;
  // DuckDB's share of the process's memory: with Node and PGlite the whole stays under 1 GB whatever the file size.
  const engine = new Engine({ tempDir: path.join(config.dataDir, 'tmp'), memoryLimit: '512MB' });
  const platform: Platform = {
    config,
    signer,
    store,
    blobs,
    queue,
    engine,
    sql: new SqlService(path.join(config.dataDir, 'tmp')),
    soql: soqlPool(blobs, path.join(config.dataDir, 'tmp', 'soql')),
    quality: { baseUrl: config.baseUrl, shapesFiles: [BUILTIN_SHAPES, ...(config.dcatApShapes ? [config.dcatApShapes] : [])], links: new LinkChecker({ privateHostsAllowed: config.linkCheckPrivateHosts, unpacedHosts: [new URL(config.baseUrl).host] }) },
    linked: new LinkedData(config.baseUrl, { timeoutMs: config.sparqlTimeoutMs, maxResults: config.sparqlMaxResults }),
    clock,
    context: (actor) => ({ db: store.db, blobs, clock, queue, engine, actor }),
    async close() {
      await queue.stop();
      await platform.linked.close();
      await platform.sql.close();
      platform.soql.close();
      await engine.close();
      await store.close();
    },
  };
  if (config.divipolaFile) await loadDivipolaFileOnce(platform.context(systemActor('divipola')), config.divipolaFile);
  registerCatalogJobs(platform);
  registerPublishJobs(platform);
  registerQualityJobs(platform);
  registerHarvestJobs(platform);
  return platform;
}
