import { parentPort } from 'node:worker_threads';
import oxigraph from 'oxigraph';
import type { WorkerReply, WorkerRequest } from './sparql-protocol.ts';

/**
 * Holds the RDF store and evaluates queries, in its own thread so a runaway query can be stopped by
 * terminating the thread (Oxigraph's evaluation is synchronous WebAssembly and cannot be interrupted).
 */
const store = new oxigraph.Store();
const port = parentPort!;

/** Replaces a named graph; the graph exists even when empty, as SPARQL datasets expect. */
function replaceGraph(iri: string, ntriples: string | null) {
  if (!/^[^<>"{}|^`\\\s]+$/.test(iri)) throw new Error(`Invalid graph IRI: ${iri}`);
  store.update(`DROP SILENT GRAPH <${iri}>`);
  if (ntriples === null) return;
  store.update(`CREATE SILENT GRAPH <${iri}>`);
  const graph = oxigraph.namedNode(iri);
  for (const q of parse(ntriples)) store.add(oxigraph.quad(q.subject, q.predicate, q.object, graph));
}

/**
 * N-Triples parsed, then added one by one: Store.load would give each load's blank nodes fresh labels, and the
 * default graph must find the same blank node again to remove it when its dataset changes.
 */
function parse(ntriples: string) {
  return ntriples ? oxigraph.parse(ntriples, { format: 'application/n-triples' }) : [];
}

function changeDefault(add: string, remove: string) {
  for (const quad of parse(remove)) store.delete(quad);
  for (const quad of parse(add)) store.add(quad);
}

function evaluate(request: Extract<WorkerRequest, { type: 'query' }>): WorkerReply {
  const dataset = request.defaultGraphs.length || request.namedGraphs.length
    ? { default_graph: request.defaultGraphs.map((g) => oxigraph.namedNode(g)), named_graphs: request.namedGraphs.map((g) => oxigraph.namedNode(g)) }
    : {};
  const options = { ...dataset, ...(request.baseIri ? { base_iri: request.baseIri } : {}) };
  if (request.form === 'graph') {
    const quads = store.query(request.query, options);
    if (!Array.isArray(quads)) throw new Error('Expected a CONSTRUCT or DESCRIBE query');
    const triples = (quads as { toString(): string }[]).slice(0, request.maxResults).map((q) => `${q.toString()} .`);
    return { id: request.id, ok: true, result: { kind: 'graph', ntriples: triples.join('\n'), truncated: quads.length > request.maxResults } };
  }
  const json = JSON.parse(store.query(request.query, { ...options, results_format: 'application/sparql-results+json' }) as string);
  if (typeof json.boolean === 'boolean') return { id: request.id, ok: true, result: { kind: 'boolean', value: json.boolean } };
  const bindings = json.results.bindings as unknown[];
  return { id: request.id, ok: true, result: { kind: 'bindings', vars: json.head.vars ?? [], bindings: bindings.slice(0, request.maxResults) as never, truncated: bindings.length > request.maxResults } };
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'graph') {
    replaceGraph(request.iri, request.ntriples);
    return;
  }
  if (request.type === 'default') {
    changeDefault(request.add, request.remove);
    return;
  }
  port.postMessage({ id: request.id, started: true } satisfies WorkerReply);
  try {
    port.postMessage(evaluate(request));
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
  }
});
