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

/**
 * A read-only SPARQL 1.1 engine (Oxigraph) over named graphs the platform keeps in step with its data.
 * Queries run one at a time in a worker thread with a time limit; the graphs are kept here too, so a
 * worker stopped on timeout is rebuilt with the same data.
 */
export class SparqlEngine {
  private worker: Worker | undefined;
  private readonly graphs = new Map<string, string>();
  /**
   * The default graph is the RDF merge of the named graphs: a triple several graphs share (an entity's name,
   * a theme's label) is there once. Each triple counts the graphs holding it.
   */
  private readonly shared = new Map<string, number>();
  private queue: Promise<unknown> = Promise.resolve();
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
    this.worker?.postMessage({ type: 'graph', iri, ntriples } satisfies WorkerRequest);
    if (add.length || remove.length) this.worker?.postMessage({ type: 'default', add: add.join('\n'), remove: remove.join('\n') } satisfies WorkerRequest);
  }

  graphNames(): string[] {
    return [...this.graphs.keys()];
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(BOOTSTRAP, { eval: true });
    worker.unref();
    for (const [iri, ntriples] of this.graphs) worker.postMessage({ type: 'graph', iri, ntriples } satisfies WorkerRequest);
    worker.postMessage({ type: 'default', add: [...this.shared.keys()].join('\n'), remove: '' } satisfies WorkerRequest);
    this.worker = worker;
    return worker;
  }

  private stop() {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /** Evaluates one query; syntax errors and timeouts are the client's errors (400). */
  query(query: string, dataset: SparqlDataset, baseIri: string | null = null): Promise<WorkerResult> {
    const run = this.queue.then(() => this.evaluate(query, dataset, baseIri));
    this.queue = run.catch(() => {});
    return run;
  }

  private evaluate(query: string, dataset: SparqlDataset, baseIri: string | null): Promise<WorkerResult> {
    if (this.closed) return Promise.reject(new AppError('internal', { es: 'El motor SPARQL está cerrado.', en: 'The SPARQL engine is closed.' }));
    const worker = this.start();
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
        this.stop();
        reject(error);
      };
      const stopped = () => {
        finish();
        this.stop();
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
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
