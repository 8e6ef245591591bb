import os from 'node:os';
import { sql } from 'kysely';
import { AppError, type Bilingual, type ErrorDetail } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Db } from './database.ts';
import type { JobRow } from './schema.ts';
import { processAlive } from '../core/process.ts';

export interface JobError {
  code: string;
  message: Bilingual;
  details?: ErrorDetail[];
}

export interface JobContext {
  readonly id: string;
  /** Reports progress; cheap to call often (kept in memory, written to the database at most twice a second). */
  progress(done: number, total?: number): void;
}

export type JobHandler = (payload: any, context: JobContext) => Promise<unknown>;

export interface JobView {
  id: string;
  kind: string;
  status: JobRow['status'];
  progress: { done: number; total: number | null; percent: number | null };
  result: unknown;
  error: JobError | null;
  attempts: number;
  entity_id: string | null;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  payload: unknown;
}

interface Logger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const silent: Logger = { info() {}, error() {} };

/**
 * A job queue stored in the database. Any process may take work: claims use
 * FOR UPDATE SKIP LOCKED, and a job whose process died (no heartbeat) is retried or failed.
 */
/** True when a worker id (host:pid:…) other than ours names a process of this host that has ended. */
function deadHere(lockedBy: string | null, self: string): boolean {
  const [host, pid] = (lockedBy ?? '').split(':');
  if (!lockedBy || lockedBy === self || host !== os.hostname() || !pid) return false;
  // Our own pid under another worker id is an earlier process that had this pid.
  if (Number(pid) === process.pid) return true;
  return !processAlive(Number(pid));
}

export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly live = new Map<string, { done: number; total: number | null }>();
  private readonly workerId = `${os.hostname()}:${process.pid}:${newId().slice(-6)}`;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly options: { pollMs?: number; staleMs?: number; log?: Logger } = {},
  ) {}

  private get log(): Logger {
    return this.options.log ?? silent;
  }

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Queues a job; pass the transaction it belongs to so that it exists only if that work commits. */
  async enqueue(input: { kind: string; payload: unknown; entityId?: string | null; createdBy?: string | null; maxAttempts?: number }, db: Db = this.db): Promise<string> {
    const id = newId();
    await db
      .insertInto('jobs')
      .values({
        id,
        kind: input.kind,
        status: 'queued',
        payload: JSON.stringify(input.payload),
        result: null,
        error: null,
        progress_total: null,
        run_after: new Date(),
        locked_by: null,
        heartbeat_at: null,
        entity_id: input.entityId ?? null,
        created_by: input.createdBy ?? null,
        created_at: new Date(),
        started_at: null,
        finished_at: null,
        ...(input.maxAttempts ? { max_attempts: input.maxAttempts } : {}),
      })
      .execute();
    this.wake?.();
    return id;
  }

  async get(id: string): Promise<JobView | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.view(row) : undefined;
  }

  private view(row: JobRow): JobView {
    const live = row.status === 'running' ? this.live.get(row.id) : undefined;
    const done = live?.done ?? row.progress_done;
    const total = live?.total ?? row.progress_total;
    const percent = row.status === 'succeeded' ? 100 : total ? Math.min(100, Math.floor((done / total) * 100)) : null;
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      progress: { done, total, percent },
      result: row.result,
      error: row.error as JobError | null,
      attempts: row.attempts,
      entity_id: row.entity_id,
      created_by: row.created_by,
      created_at: row.created_at,
      started_at: row.started_at,
      finished_at: row.finished_at,
      payload: row.payload,
    };
  }

  /** Marks jobs whose worker stopped sending heartbeats: retried while attempts remain, else failed. */
  async recoverStale(staleMs = this.options.staleMs ?? 60_000): Promise<number> {
    const cutoff = new Date(Date.now() - staleMs);
    const running = await this.db
      .selectFrom('jobs')
      .select(['id', 'attempts', 'max_attempts', 'locked_by', 'heartbeat_at'])
      .where('status', '=', 'running')
      .execute();
    // Silent for too long, or held by a process of this machine that no longer exists (known at once).
    const stale = running.filter((job) => !job.heartbeat_at || job.heartbeat_at < cutoff || deadHere(job.locked_by, this.workerId));
    const died: JobError = {
      code: 'worker_died',
      message: {
        es: 'El proceso que ejecutaba el trabajo terminó sin completarlo (por ejemplo, el servidor se detuvo).',
        en: 'The process running the job ended before finishing it (for example, the server stopped).',
      },
    };
    for (const job of stale) {
      // A job whose process died may have killed it: it gets one more try, not a crash at every start.
      const retry = job.attempts < Math.min(job.max_attempts, 2);
      await this.db
        .updateTable('jobs')
        .set(retry
          ? { status: 'queued', locked_by: null, heartbeat_at: null, error: JSON.stringify(died), run_after: new Date() }
          : { status: 'failed', locked_by: null, error: JSON.stringify(died), finished_at: new Date() })
        .where('id', '=', job.id)
        .where('status', '=', 'running')
        .execute();
      this.log.info({ job: job.id, retry }, 'recovered stale job');
    }
    return stale.length;
  }

  private async claim(only?: string[]): Promise<JobRow | undefined> {
    const kinds = [...this.handlers.keys()].filter((k) => !only || only.includes(k));
    if (kinds.length === 0) return undefined;
    const result = await sql<JobRow>`
      UPDATE jobs SET status = 'running', locked_by = ${this.workerId}, heartbeat_at = now(),
        started_at = coalesce(started_at, now()), attempts = attempts + 1
      WHERE id = (
        SELECT id FROM jobs
        WHERE status = 'queued' AND run_after <= now() AND kind = ANY(${kinds})
        ORDER BY run_after, id
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      RETURNING *`.execute(this.db);
    return result.rows[0];
  }

  private async execute(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    const state = { done: job.progress_done, total: job.progress_total };
    this.live.set(job.id, state);
    let lastWrite = 0;
    const writeProgress = () => {
      lastWrite = Date.now();
      // Not awaited: on PGlite a handler may hold the only connection in a transaction.
      this.db
        .updateTable('jobs')
        .set({ progress_done: state.done, progress_total: state.total, heartbeat_at: new Date() })
        .where('id', '=', job.id)
        .where('status', '=', 'running')
        .execute()
        .catch((error) => this.log.error({ err: error, job: job.id }, 'progress write failed'));
    };
    const heartbeat = setInterval(writeProgress, 5_000);
    const context: JobContext = {
      id: job.id,
      progress(done, total) {
        state.done = done;
        if (total !== undefined) state.total = total;
        if (Date.now() - lastWrite > 500) writeProgress();
      },
    };
    const started = Date.now();
    try {
      const result = await handler(job.payload, context);
      await this.db
        .updateTable('jobs')
        .set({
          status: 'succeeded',
          result: JSON.stringify(result ?? null),
          error: null,
          progress_done: state.total ?? state.done,
          progress_total: state.total ?? state.done,
          finished_at: new Date(),
          locked_by: null,
        })
        .where('id', '=', job.id)
        .execute();
      this.log.info({ job: job.id, kind: job.kind, ms: Date.now() - started }, 'job succeeded');
    } catch (error) {
      const userError = error instanceof AppError;
      const retry = !userError && job.attempts < job.max_attempts;
      const payload: JobError = userError
        ? { code: error.code, message: error.messages, details: error.details }
        : {
            code: 'internal',
            message: {
              es: `Error interno al ejecutar el trabajo: ${(error as Error).message}`,
              en: `Internal error while running the job: ${(error as Error).message}`,
            },
          };
      await this.db
        .updateTable('jobs')
        .set(retry
          ? { status: 'queued', error: JSON.stringify(payload), locked_by: null, run_after: new Date(Date.now() + 2 ** job.attempts * 1000) }
          : { status: 'failed', error: JSON.stringify(payload), finished_at: new Date(), locked_by: null })
        .where('id', '=', job.id)
        .execute();
      if (!userError) this.log.error({ err: error, job: job.id, kind: job.kind, retry }, 'job failed');
    } finally {
      clearInterval(heartbeat);
      this.live.delete(job.id);
    }
  }

  /** Runs queued jobs (of the given kinds, or all) until none is left; for the CLI, the demo and tests. */
  async runUntilIdle(kinds?: string[]): Promise<void> {
    for (let job = await this.claim(kinds); job; job = await this.claim(kinds)) await this.execute(job);
  }

  /** Starts the background worker of this process. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      await this.recoverStale().catch((error) => this.log.error({ err: error }, 'stale job recovery failed'));
      while (!this.stopping) {
        try {
          const job = await this.claim();
          if (job) {
            await this.execute(job);
            continue;
          }
        } catch (error) {
          this.log.error({ err: error }, 'job worker error');
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.pollMs ?? 1_000);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    })();
  }

  /** Stops taking work and waits for the job in progress to finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }
}
