import type { Actor } from '../core/actor.ts';
import type { Clock } from '../core/clock.ts';
import type { BlobStore } from './blobs.ts';
import type { Db } from './database.ts';
import type { Engine } from './duckdb.ts';
import type { JobQueue } from './jobs.ts';

/** What every service function receives: the stores, the time, and who is asking. */
export interface Context {
  db: Db;
  blobs: BlobStore;
  clock: Clock;
  queue: JobQueue;
  /** DuckDB, for dataset contents. */
  engine: Engine;
  actor: Actor;
}

export function withActor(context: Context, actor: Actor): Context {
  return { ...context, actor };
}
