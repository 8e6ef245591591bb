import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser, Store, type Quad, type Term } from 'n3';
import type { SparqlBinding } from '../../src/linked/sparql-protocol.ts';

/** Reading the W3C SPARQL 1.1 test manifests in ../shared/conformance/sparql11. */
export const SUITE = path.resolve(import.meta.dirname, '../../../shared/conformance/sparql11');
/** The suite's own base IRI, under which manifests name their files. */
export const SUITE_BASE = 'http://www.w3.org/2009/sparql/docs/tests/data-sparql11/';

export const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
export const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';
export const UT = 'http://www.w3.org/2009/sparql/tests/test-update#';
export const HT = 'http://www.w3.org/2011/http#';
export const CNT = 'http://www.w3.org/2011/content#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';

export function readManifest(folder: string): { store: Store; base: string } {
  const base = `${SUITE_BASE}${folder}/manifest.ttl`;
  const store = new Store(new Parser({ baseIRI: base }).parse(readFileSync(path.join(SUITE, folder, 'manifest.ttl'), 'utf8')));
  return { store, base };
}

export const one = (store: Store, subject: Term | string, predicate: string): Term | undefined => store.getObjects(subject, predicate, null)[0];
export const all = (store: Store, subject: Term | string, predicate: string): Term[] => store.getObjects(subject, predicate, null);

/** An RDF collection's members, in order. */
export function list(store: Store, head: Term | undefined): Term[] {
  const out: Term[] = [];
  let node = head;
  while (node && node.value !== `${RDF}nil`) {
    out.push(one(store, node, `${RDF}first`)!);
    node = one(store, node, `${RDF}rest`);
  }
  return out;
}

/** The manifest's entries of a type, in manifest order. */
export function entries(store: Store, type: string): Term[] {
  const manifest = store.getSubjects(`${RDF}type`, `${MF}Manifest`, null)[0]!;
  return list(store, one(store, manifest, `${MF}entries`)).filter((e) => store.has({ subject: e, predicate: { termType: 'NamedNode', value: `${RDF}type` }, object: { termType: 'NamedNode', value: type } } as Quad));
}

/** A suite IRI as the local file it names. */
export const localFile = (iri: string) => path.join(SUITE, iri.slice(SUITE_BASE.length));

/** Named graphs a test loads (ut:graphData): its file and the graph IRI it is loaded as. */
export function graphData(store: Store, test: Term): { file: string; iri: string }[] {
  return all(store, test, `${UT}graphData`).map((g) => ({ file: localFile(one(store, g, `${UT}graph`)!.value), iri: one(store, g, `${RDFS}label`)!.value }));
}

const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n))).replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16))).replace(/&amp;/g, '&');

/** SPARQL results in XML (.srx) read into the JSON shape (variables and bindings, or a boolean). */
export function readSrx(text: string): { vars: string[]; bindings: SparqlBinding[] } | { boolean: boolean } {
  const booleanMatch = /<boolean>\s*(true|false)\s*<\/boolean>/.exec(text);
  if (booleanMatch) return { boolean: booleanMatch[1] === 'true' };
  const vars = [...text.matchAll(/<variable\s+name="([^"]+)"/g)].map((m) => m[1]!);
  const bindings: SparqlBinding[] = [];
  for (const result of text.matchAll(/<result>([\s\S]*?)<\/result>|<result\s*\/>/g)) {
    const row: SparqlBinding = {};
    for (const b of (result[1] ?? '').matchAll(/<binding\s+name="([^"]+)"\s*>\s*([\s\S]*?)\s*<\/binding>/g)) {
      const body = b[2]!;
      const uri = /^<uri>([\s\S]*)<\/uri>$/.exec(body);
      const bnode = /^<bnode>([\s\S]*)<\/bnode>$/.exec(body);
      const literal = /^<literal([^>]*)>([\s\S]*)<\/literal>$|^<literal([^>]*)\/>$/.exec(body);
      if (uri) row[b[1]!] = { type: 'uri', value: decode(uri[1]!) };
      else if (bnode) row[b[1]!] = { type: 'bnode', value: bnode[1]! };
      else if (literal) {
        const attributes = literal[1] ?? literal[3] ?? '';
        const lang = /xml:lang="([^"]+)"/.exec(attributes)?.[1];
        const datatype = /datatype="([^"]+)"/.exec(attributes)?.[1];
        row[b[1]!] = { type: 'literal', value: decode(literal[2] ?? ''), ...(lang ? { 'xml:lang': lang } : {}), ...(datatype ? { datatype } : {}) };
      }
    }
    bindings.push(row);
  }
  return { vars, bindings };
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const XSD_STRING = `${XSD}string`;
const NUMERIC = new Set(['integer', 'decimal', 'double', 'float'].map((t) => XSD + t));
/** Numbers and booleans compare by value (the store keeps canonical forms): "2.0" and "2" are the same xsd:decimal, "3.0E4" and "30000" the same double. */
const lexical = (value: string, datatype: string) => {
  if (NUMERIC.has(datatype) && Number.isFinite(Number(value))) return String(Number(value));
  if (datatype === `${XSD}boolean`) return value === '1' || value === 'true' ? 'true' : 'false';
  return value;
};
const RDF_LANG_STRING = `${RDF}langString`;

/** A binding as a comparable key: literals by lexical form, datatype (xsd:string when plain) and language. */
export function bindingKey(binding: SparqlBinding, vars: string[]): string {
  return vars.map((v) => {
    const term = binding[v];
    if (!term) return `${v}=`;
    if (term.type !== 'literal') return `${v}=${term.type}:${term.value}`;
    const lang = term['xml:lang']?.toLowerCase();
    const datatype = lang ? RDF_LANG_STRING : term.datatype ?? XSD_STRING;
    return `${v}="${lexical(term.value, datatype)}"^^${datatype}@${lang ?? ''}`;
  }).join(' ');
}
