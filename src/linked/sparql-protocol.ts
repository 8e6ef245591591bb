/** Messages between the SPARQL engine and its worker thread. */

export interface SparqlBinding {
  [variable: string]: { type: 'uri' | 'bnode' | 'literal' | 'triple'; value: string; 'xml:lang'?: string; datatype?: string };
}

export type WorkerResult =
  | { kind: 'boolean'; value: boolean }
  | { kind: 'bindings'; vars: string[]; bindings: SparqlBinding[]; truncated: boolean }
  | { kind: 'graph'; ntriples: string; truncated: boolean };

export type WorkerRequest =
  | { type: 'graph'; iri: string; ntriples: string | null }
  /** Changes to the default graph: the merge (set union) of every named graph. */
  | { type: 'default'; add: string; remove: string }
  | { type: 'query'; id: number; query: string; form: 'tabular' | 'graph'; defaultGraphs: string[]; namedGraphs: string[]; baseIri: string | null; maxResults: number };

/** `started` comes first: the query's time limit counts from it, not from the thread's start and loading. */
export type WorkerReply = { id: number; started: true } | { id: number; ok: true; result: WorkerResult } | { id: number; ok: false; message: string };
