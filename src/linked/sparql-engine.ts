import { Worker } from 'node:worker_threads';
import { AppError, invalid } from '../core/errors.ts';
import type { WorkerReply, WorkerRequest, WorkerResult } from './sparql-protocol.ts';

export interface SparqlLimits {
  /** A query running longer is stopped (its thread is terminated and restarted). */
  timeoutMs: number;
  /** Rows of a SELECT, or triples of a CONSTRUCT/DESCRIBE, returned at most. */
  maxResults: number;
}

export interface SparqlDataset {
  /** Protocol-specified default graphs (default-graph-uri); when none, the merge of every graph. */
  defaultGraphs: string[];
  namedGraphs: string[];
}

/** The query form, read past the prologue: IRIs, strings and comments cannot hide a keyword. */
export function queryForm(query: string): 'tabular' | 'graph' {
  const bare = query.replace(/<[^<>"{}|^`\\\s]*>/g, ' ').replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, ' ').replace(/#[^\n\r]*/g, ' ');
  const keyword = /\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(bare)?.[1]?.toUpperCase();
  return keyword === 'CONSTRUCT' || keyword === 'DESCRIBE' ? 'graph' : 'tabular';
}

// tsx's loader is registered in the worker before its TypeScript entry is imported.
const TSX_API = import.meta.resolve('tsx/esm/api');
const WORKER_ENTRY = new URL('./sparql-worker.ts', import.meta.url).href;
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_ENTRY)}); });`;
/** Time a new thread may take to start and load the graphs before its first query starts. */
const STARTUP_ALLOWANCE_MS = 60_000;

/** Threads answering queries at once: one client's heavy queries cannot hold them all. */
const THREADS = 2;
/** Queries one client may have waiting beyond the one running; more are refused (429). */
const WAITING_PER_CLIENT = 2;

interface Waiting {
  client: string;
  start: () => void;
}

/**
 * A read-only SPARQL 1.1 engine (Oxigraph) over named graphs the platform keeps in step with its data.
 * Queries run in a few worker threads with a time limit, at most one at a time per client (its address), so
 * that five heavy queries from one client leave a thread for everyone else; the graphs are kept here too, so
 * a worker stopped on timeout is rebuilt with the same data.
 */
export class SparqlEngine {
  private readonly workers: (Worker | undefined)[] = Array.from({ length: THREADS }, () => undefined);
  private readonly busy = new Set<number>();
  private readonly running = new Map<string, number>();
  private readonly waiting: Waiting[] = [];
  private readonly graphs = new Map<string, string>();
  /**
   * The default graph is the RDF merge of the named graphs: a triple several graphs share (an entity's name,
   * a theme's label) is there once. Each triple counts the graphs holding it.
   */
  private readonly shared = new Map<string, number>();
  private nextId = 1;
  private closed = false;

  constructor(readonly limits: SparqlLimits) {}

  /** Replaces a named graph with these N-Triples (null removes it), and the default graph with it. */
  setGraph(iri: string, ntriples: string | null) {
    const lines = (text: string | undefined) => new Set((text ?? '').split('\n').map((l) => l.trim()).filter(Boolean));
    const before = lines(this.graphs.get(iri));
    const after = lines(ntriples ?? undefined);
    const add: string[] = [];
    const remove: string[] = [];
    for (const line of before) {
      if (after.has(line)) continue;
      const n = (this.shared.get(line) ?? 1) - 1;
      if (n) this.shared.set(line, n);
      else {
        this.shared.delete(line);
        remove.push(line);
      }
    }
    for (const line of after) {
      if (before.has(line)) continue;
      const n = (this.shared.get(line) ?? 0) + 1;
      this.shared.set(line, n);
      if (n === 1) add.push(line);
    }
    if (ntriples === null) this.graphs.delete(iri);
    else this.graphs.set(iri, ntriples);
    for (const worker of this.workers) {
      worker?.postMessage({ type: 'graph', iri, ntriples } satisfies WorkerRequest);
      if (add.length || remove.length) worker?.postMessage({ type: 'default', add: add.join('\n'), remove: remove.join('\n') } satisfies WorkerRequest);
    }
  }

  graphNames(): string[] {
    return [...this.graphs.keys()];
  }

  private start(slot: number): Worker {
    const existing = this.workers[slot];
    if (existing) return existing;
    const worker = new Worker(BOOTSTRAP, { eval: true });
    worker.unref();
    for (const [iri, ntriples] of this.graphs) worker.postMessage({ type: 'graph', iri, ntriples } satisfies WorkerRequest);
    worker.postMessage({ type: 'default', add: [...this.shared.keys()].join('\n'), remove: '' } satisfies WorkerRequest);
    this.workers[slot] = worker;
    return worker;
  }

  private stop(slot: number) {
    void this.workers[slot]?.terminate();
    this.workers[slot] = undefined;
  }

  /**
   * Evaluates one query; syntax errors and timeouts are the client's errors (400), and a client with a query
   * running and others waiting is asked to wait (429).
   */
  async query(query: string, dataset: SparqlDataset, baseIri: string | null = null, client = 'local'): Promise<WorkerResult> {
    if (this.closed) throw new AppError('internal', { es: 'El motor SPARQL está cerrado.', en: 'The SPARQL engine is closed.' });
    if (this.waiting.filter((w) => w.client === client).length >= WAITING_PER_CLIENT) {
      throw new AppError('rate_limited', { es: 'Tiene varias consultas SPARQL en curso; espere a que terminen.', en: 'You have several SPARQL queries under way; wait for them to finish.' });
    }
    const slot = await this.slotFor(client);
    try {
      return await this.evaluate(slot, query, dataset, baseIri);
    } finally {
      this.busy.delete(slot);
      const left = (this.running.get(client) ?? 1) - 1;
      if (left) this.running.set(client, left);
      else this.running.delete(client);
      this.dispatch();
    }
  }

  /** A free thread, once this client has no query running: waiting queries are served in order, client by client. */
  private slotFor(client: string): Promise<number> {
    return new Promise<number>((resolve) => {
      this.waiting.push({ client, start: () => resolve(this.take(client)) });
      this.dispatch();
    });
  }

  private take(client: string): number {
    const slot = this.workers.findIndex((_w, i) => !this.busy.has(i));
    this.busy.add(slot);
    this.running.set(client, (this.running.get(client) ?? 0) + 1);
    return slot;
  }

  private dispatch() {
    while (this.busy.size < THREADS) {
      const next = this.waiting.findIndex((w) => !this.running.has(w.client));
      if (next < 0) return;
      const [chosen] = this.waiting.splice(next, 1);
      chosen!.start();
    }
  }

  private evaluate(slot: number, query: string, dataset: SparqlDataset, baseIri: string | null): Promise<WorkerResult> {
    const worker = this.start(slot);
    const id = this.nextId++;
    const { timeoutMs, maxResults } = this.limits;
    return new Promise<WorkerResult>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== id) return;
        if ('started' in reply) {
          clearTimeout(timer);
          timer = setTimeout(stopped, timeoutMs);
          return;
        }
        finish();
        if (reply.ok) resolve(reply.result);
        else reject(invalid({ es: `Consulta SPARQL inválida: ${reply.message}`, en: `Invalid SPARQL query: ${reply.message}` }, [{ field: 'query', message: { es: reply.message, en: reply.message } }]));
      };
      const onError = (error: Error) => {
        finish();
        this.stop(slot);
        reject(error);
      };
      const stopped = () => {
        finish();
        this.stop(slot);
        reject(invalid({ es: `La consulta superó el tiempo máximo (${timeoutMs / 1000} s) y se detuvo.`, en: `The query exceeded the time limit (${timeoutMs / 1000} s) and was stopped.` }));
      };
      // Until the thread has started the query (after starting up and loading the graphs), a generous guard.
      let timer = setTimeout(stopped, timeoutMs + STARTUP_ALLOWANCE_MS);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ type: 'query', id, query, form: queryForm(query), defaultGraphs: dataset.defaultGraphs, namedGraphs: dataset.namedGraphs, baseIri, maxResults } satisfies WorkerRequest);
    });
  }

  async close() {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w?.terminate()));
    this.workers.fill(undefined);
  }
}
