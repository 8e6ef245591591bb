import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError, type Bilingual } from '../core/errors.ts';
import type { ChildMessage, InitMessage, QueryMessage, Refusal } from './query-protocol.ts';

export interface QueryPoolOptions {
  /** For messages and logs: "sql", "soql". */
  name: string;
  /** Worker processes, each running one query at a time: the bound on concurrent heavy queries. */
  size: number;
  /** Queries waiting for a worker; one more is told to come back later (503). */
  maxWaiting: number;
  /** How long a query may wait for a worker. */
  waitMs: number;
  /** DuckDB's own limit inside each worker. */
  memoryLimit: string;
  /** A worker whose resident memory passes this is killed (DuckDB's limit does not cover everything it allocates). */
  hardMemoryMb: number;
  tempDirectory?: string;
  /** What every worker starts with; called again after `reconfigure`. */
  setup: () => Omit<InitMessage, 'type' | 'memoryLimit' | 'threads' | 'tempDirectory'>;
}

export interface QueryRequest {
  sql: string;
  params?: unknown[];
  untrusted: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface QueryStream {
  columns: string[];
  /** Row batches; ending the iteration early cancels the query. */
  batches: AsyncGenerator<Record<string, unknown>[]>;
}

const CHILD = fileURLToPath(new URL('./query-worker-child.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const CREDITS = 4;

/** The platform's limits, not the query's fault: 503, to be tried again later. */
const unavailable = (messages: Bilingual) => new AppError('unavailable', messages);

const REFUSALS: Record<Refusal, Bilingual> = {
  syntax: { es: 'La consulta no es SQL válido', en: 'The query is not valid SQL' },
  one_statement: { es: 'Envíe exactamente una consulta SELECT.', en: 'Send exactly one SELECT query.' },
  select_only: { es: 'Solo se permiten consultas SELECT: nada que escriba, cambie la configuración o cargue extensiones.', en: 'Only SELECT queries are allowed: nothing that writes, changes settings or loads extensions.' },
  refused: { es: 'La consulta usa algo que no está permitido aquí', en: 'The query uses something not allowed here' },
};

/** Server paths and DuckDB's internal wording never reach the caller. */
function cleanMessage(message: string): string {
  return message.replace(/(\/[\w.@-]+){2,}\/?/g, '…').replace(/^INTERNAL Error:.*$/i, 'internal error').slice(0, 500);
}

/** "function:read_csv" → ": la función «read_csv»"; a parser's message is passed on without server paths. */
function refusalDetail(detail: string | undefined): Bilingual {
  if (!detail) return { es: '', en: '' };
  const [kind, name = ''] = detail.split(/:(.*)/s);
  if (kind === 'function') return { es: `: la función «${name}»`, en: `: function ${name}` };
  if (kind === 'table') return { es: `: la tabla «${name}» (solo se consultan los conjuntos de datos abiertos, por su identificador)`, en: `: table ${name} (only open datasets can be queried, by their id)` };
  if (kind === 'nesting') return { es: ': un anidamiento demasiado profundo', en: ': nesting too deep' };
  const text = cleanMessage(detail);
  return { es: `: ${text}`, en: `: ${text}` };
}

function residentMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface Pending {
  id: number;
  onMessage(message: ChildMessage): void;
  onExit(reason: 'crashed' | 'memory' | 'time'): void;
}

/** One worker process: started on demand, restarted after it dies; one query at a time. */
class Worker {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private current: Pending | undefined;
  private killedFor: 'memory' | 'time' | undefined;
  private watchdog: NodeJS.Timeout | undefined;

  constructor(private readonly pool: QueryPoolOptions, private readonly generation: () => number) {}

  busy = false;
  startedGeneration = -1;

  private start(): Promise<void> {
    const child = fork(CHILD, [], {
      execArgv: ['--import', TSX, '--max-old-space-size=256'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.child = child;
    this.startedGeneration = this.generation();
    this.killedFor = undefined;
    child.on('message', (message: ChildMessage) => {
      if ('id' in message && this.current?.id === message.id) this.current.onMessage(message);
    });
    child.on('exit', () => {
      clearInterval(this.watchdog);
      if (this.child === child) {
        this.child = undefined;
        this.ready = undefined;
      }
      const pending = this.current;
      this.current = undefined;
      pending?.onExit(this.killedFor ?? 'crashed');
    });
    this.watchdog = setInterval(() => {
      const mb = child.pid ? residentMb(child.pid) : undefined;
      if (mb !== undefined && mb > this.pool.hardMemoryMb) this.kill('memory');
    }, 200);
    this.watchdog.unref();
    return new Promise<void>((resolve, reject) => {
      const onReady = (message: ChildMessage) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'init_failed') reject(new Error(`query worker ${this.pool.name}: ${message.message}`));
        else return;
        child.off('message', onReady);
      };
      child.on('message', onReady);
      child.once('exit', () => reject(new Error(`query worker ${this.pool.name} stopped while starting`)));
      child.send({ type: 'init', ...this.pool.setup(), memoryLimit: this.pool.memoryLimit, threads: 1, ...(this.pool.tempDirectory ? { tempDirectory: this.pool.tempDirectory } : {}) } satisfies InitMessage);
    });
  }

  /** A worker started before the pool was reconfigured is replaced before its next query. */
  async ensure(): Promise<void> {
    if (this.child && this.startedGeneration !== this.generation()) this.stop();
    if (!this.ready) {
      this.ready = this.start();
      this.ready.catch(() => (this.ready = undefined));
    }
    return this.ready;
  }

  kill(reason: 'memory' | 'time'): void {
    this.killedFor = reason;
    this.child?.kill('SIGKILL');
  }

  send(message: QueryMessage | { type: 'more'; id: number; credits: number } | { type: 'cancel'; id: number }): void {
    this.child?.send(message);
  }

  attach(pending: Pending | undefined): void {
    this.current = pending;
  }

  stop(): void {
    const child = this.child;
    this.child = undefined;
    this.ready = undefined;
    clearInterval(this.watchdog);
    child?.kill('SIGKILL');
  }
}

/**
 * Queries written or shaped by visitors (SQL, SoQL) run in a small pool of child processes: a crash, an
 * out-of-memory or a runaway query ends a worker, never the web process, and the worker is started again.
 * The pool bounds how many such queries run at once; the rest wait a little, then are told to come back.
 */
export class QueryPool {
  private readonly workers: Worker[];
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;
  private generation = 0;
  private closed = false;

  constructor(private readonly options: QueryPoolOptions) {
    this.workers = Array.from({ length: options.size }, () => new Worker(options, () => this.generation));
  }

  /** The views or directories changed: workers pick up the new setup before their next query. */
  reconfigure(): void {
    this.generation++;
  }

  private async acquire(signal?: AbortSignal): Promise<Worker> {
    for (;;) {
      if (this.closed) throw unavailable({ es: 'El servidor se está deteniendo.', en: 'The server is shutting down.' });
      const free = this.workers.find((w) => !w.busy);
      if (free) {
        free.busy = true;
        return free;
      }
      if (this.waiting.length >= this.options.maxWaiting) throw this.busyError();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = this.waiting.indexOf(wake);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(this.busyError());
        }, this.options.waitMs);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        this.waiting.push(wake);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(unavailable({ es: 'El cliente se desconectó.', en: 'The client went away.' }));
        }, { once: true });
      });
    }
  }

  private busyError() {
    return unavailable({ es: 'Hay demasiadas consultas en curso; intente de nuevo en unos segundos.', en: 'Too many queries are running; try again in a few seconds.' });
  }

  private release(worker: Worker): void {
    worker.busy = false;
    worker.attach(undefined);
    this.waiting.shift()?.();
  }

  /** Runs one query in a worker; its rows come in batches, and the worker is freed when they end. */
  async query(request: QueryRequest): Promise<QueryStream> {
    const worker = await this.acquire(request.signal);
    try {
      await worker.ensure();
    } catch (error) {
      this.release(worker);
      throw error;
    }
    const id = this.nextId++;
    const inbox: ChildMessage[] = [];
    let wake: (() => void) | undefined;
    let ended: 'crashed' | 'memory' | 'time' | undefined;
    // The worker said its last word on this query ('done' or 'failed'), or died.
    let settled = false;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    worker.attach({
      id,
      onMessage: (m) => {
        if (m.type === 'done' || m.type === 'failed' || m.type === 'refused') settled = true;
        inbox.push(m);
        notify();
      },
      onExit: (reason) => {
        ended = reason;
        settled = true;
        notify();
      },
    });
    const next = async (): Promise<ChildMessage | undefined> => {
      while (inbox.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      return inbox.shift();
    };
    let timedOut = false;
    let finished = false;
    // DuckDB is interrupted at the limit; a worker that does not stop within a few seconds more is killed.
    const timer = setTimeout(() => {
      timedOut = true;
      worker.send({ type: 'cancel', id });
      setTimeout(() => { if (!settled) worker.kill('time'); }, 3000).unref();
    }, request.timeoutMs);
    const abort = () => worker.send({ type: 'cancel', id });
    request.signal?.addEventListener('abort', abort);
    const finish = async () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', abort);
      // The worker takes another query only once this one has stopped; one that will not stop is killed.
      if (!settled) {
        worker.send({ type: 'cancel', id });
        const deadline = Date.now() + 3000;
        while (!settled && Date.now() < deadline) await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, 100); });
        if (!settled) worker.kill('time');
      }
      this.release(worker);
    };
    const failure = (message: ChildMessage | undefined): AppError => {
      if (timedOut || ended === 'time') return new AppError('validation', { es: `La consulta superó el tiempo máximo (${Math.round(request.timeoutMs / 1000)} s) y se canceló.`, en: `The query exceeded the time limit (${Math.round(request.timeoutMs / 1000)} s) and was cancelled.` });
      if (ended === 'memory' || (message?.type === 'failed' && message.outOfMemory)) return unavailable({ es: 'La consulta necesitó más memoria de la disponible y se detuvo. Intente con menos filas o grupos, o más tarde.', en: 'The query needed more memory than is available and was stopped. Try fewer rows or groups, or later.' });
      if (ended === 'crashed' || !message) return unavailable({ es: 'El motor de consultas se detuvo con esta consulta y se reinició. Intente de nuevo o cambie la consulta.', en: 'The query engine stopped on this query and was restarted. Try again or change the query.' });
      if (message.type === 'refused') {
        const base = REFUSALS[message.code];
        const detail = refusalDetail(message.detail);
        const text = { es: `${base.es}${detail.es}`, en: `${base.en}${detail.en}` };
        return new AppError(message.code === 'syntax' ? 'validation' : 'forbidden', text, [{ field: 'sql', message: text }]);
      }
      const text = message.type === 'failed' ? cleanMessage(message.message) : 'error';
      return new AppError('validation', { es: `La consulta falló: ${text}`, en: `The query failed: ${text}` }, [{ field: 'sql', message: { es: text, en: text } }]);
    };
    worker.send({ type: 'query', id, sql: request.sql, ...(request.params ? { params: request.params } : {}), untrusted: request.untrusted, credits: CREDITS });
    const first = await next();
    if (first?.type !== 'columns') {
      await finish();
      throw failure(first);
    }
    const batches = async function* (): AsyncGenerator<Record<string, unknown>[]> {
      try {
        for (;;) {
          const message = await next();
          if (message?.type === 'rows') {
            yield message.rows;
            worker.send({ type: 'more', id, credits: 1 });
          } else if (message?.type === 'done') return;
          else throw failure(message);
        }
      } finally {
        await finish();
      }
    };
    return { columns: first.columns, batches: batches() };
  }

  close(): void {
    this.closed = true;
    for (const worker of this.workers) worker.stop();
    for (const wake of this.waiting.splice(0)) wake();
  }
}
