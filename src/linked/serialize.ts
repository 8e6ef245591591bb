import type { FastifyReply, FastifyRequest } from 'fastify';
import { Writer, type Quad } from 'n3';
import jsonld from 'jsonld';
import { NS } from './dcat.ts';

/** The RDF serializations the platform writes, by short name (as in ?format=) and media type. */
export const RDF_FORMATS = {
  ttl: 'text/turtle',
  jsonld: 'application/ld+json',
  rdf: 'application/rdf+xml',
  nt: 'application/n-triples',
} as const;
export type RdfFormat = keyof typeof RDF_FORMATS;

const PREFIXES = { dcat: NS.dcat, dct: NS.dct, foaf: NS.foaf, org: NS.org, vcard: NS.vcard, skos: NS.skos, xsd: NS.xsd, rdfs: NS.rdfs, dqv: NS.dqv, oa: NS.oa, prov: NS.prov, hydra: NS.hydra };

function write(quads: Quad[], options: ConstructorParameters<typeof Writer>[0]): Promise<string> {
  const writer = new Writer(options);
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((error, result) => (error ? reject(error) : resolve(result))));
}

/** Quads as Turtle with the usual prefixes, each node written once with all its properties. */
export function toTurtle(quads: Quad[]): Promise<string> {
  const order = new Map<string, number>();
  for (const q of quads) if (!order.has(q.subject.value)) order.set(q.subject.value, order.size);
  return write([...quads].sort((a, b) => order.get(a.subject.value)! - order.get(b.subject.value)!), { prefixes: PREFIXES });
}

export const toNTriples = (quads: Quad[]) => write(quads, { format: 'N-Triples' });

/** Quads as compacted JSON-LD with the same prefixes as Turtle. */
export async function toJsonLd(quads: Quad[]): Promise<object> {
  const expanded = await jsonld.fromRDF(await write(quads, { format: 'N-Quads' }), { format: 'application/n-quads' });
  return jsonld.compact(expanded, PREFIXES);
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** The longest tail of an IRI that is an XML name (RDF/XML writes a predicate as namespace + local name). */
const LOCAL_NAME = /[A-Za-z_][\w.-]*$/;

/**
 * Quads as flat RDF/XML: one rdf:Description per subject. Written here because n3 has no RDF/XML writer and
 * Oxigraph's store turns derived datatypes (xsd:nonNegativeInteger) into xsd:integer, which DCAT-AP refuses.
 */
export function toRdfXml(quads: Quad[]): string {
  const namespaces = new Map<string, string>(Object.entries(PREFIXES).map(([prefix, iri]) => [iri, prefix]));
  namespaces.set(NS.rdf, 'rdf');
  const qname = (iri: string) => {
    const local = LOCAL_NAME.exec(iri)?.[0];
    if (!local) throw new Error(`RDF/XML cannot write the predicate <${iri}>`);
    const ns = iri.slice(0, -local.length);
    if (!namespaces.has(ns)) namespaces.set(ns, `ns${namespaces.size}`);
    return `${namespaces.get(ns)}:${local}`;
  };
  // Blank node labels renamed, since rdf:nodeID must be an XML name.
  const blanks = new Map<string, string>();
  const nodeId = (label: string) => blanks.get(label) ?? (blanks.set(label, `b${blanks.size}`), blanks.get(label)!);
  const node = (term: Quad['subject']) => (term.termType === 'BlankNode' ? `rdf:nodeID="${nodeId(term.value)}"` : `rdf:about="${xml(term.value)}"`);
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = `${q.subject.termType}:${q.subject.value}`;
    bySubject.set(key, [...(bySubject.get(key) ?? []), q]);
  }
  const body: string[] = [];
  for (const group of bySubject.values()) {
    body.push(`  <rdf:Description ${node(group[0]!.subject)}>`);
    for (const { predicate, object } of group) {
      const name = qname(predicate.value);
      if (object.termType === 'NamedNode') body.push(`    <${name} rdf:resource="${xml(object.value)}"/>`);
      else if (object.termType === 'BlankNode') body.push(`    <${name} rdf:nodeID="${nodeId(object.value)}"/>`);
      else if (object.termType === 'Literal') {
        const attribute = object.language ? ` xml:lang="${xml(object.language)}"` : object.datatype.value === `${NS.xsd}string` ? '' : ` rdf:datatype="${xml(object.datatype.value)}"`;
        body.push(`    <${name}${attribute}>${xml(object.value)}</${name}>`);
      }
    }
    body.push('  </rdf:Description>');
  }
  const declarations = [...namespaces].map(([iri, prefix]) => `xmlns:${prefix}="${xml(iri)}"`).join('\n    ');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF ${declarations}>\n${body.join('\n')}\n</rdf:RDF>\n`;
}

export async function serializeRdf(quads: Quad[], format: RdfFormat): Promise<string> {
  if (format === 'ttl') return toTurtle(quads);
  if (format === 'jsonld') return JSON.stringify(await toJsonLd(quads));
  if (format === 'rdf') return toRdfXml(quads);
  return toNTriples(quads);
}

const ALIASES: Record<string, RdfFormat> = { ttl: 'ttl', turtle: 'ttl', jsonld: 'jsonld', 'json-ld': 'jsonld', rdf: 'rdf', xml: 'rdf', rdfxml: 'rdf', nt: 'nt', ntriples: 'nt' };

/** Media ranges of an Accept header with their q-values, in the order the client prefers them. */
export function acceptedTypes(accept: string): string[] {
  return accept.split(',').map((part, index) => {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { type: type.trim(), q: q ? Number(q.slice(2)) : 1, index };
  }).filter((r) => r.type && r.q > 0).sort((a, b) => b.q - a.q || a.index - b.index).map((r) => r.type);
}

/**
 * Which RDF serialization a request asks for: `?format=` first, then the Accept header, where an RDF type
 * counts only if the client prefers it to HTML (browsers send text/html first). Null means HTML/JSON.
 */
export function negotiateRdf(request: FastifyRequest): RdfFormat | null {
  const format = String((request.query as { format?: string } | undefined)?.format ?? '').toLowerCase();
  if (format) return ALIASES[format] ?? null;
  for (const type of acceptedTypes(String(request.headers.accept ?? ''))) {
    if (type === 'text/html' || type === 'application/xhtml+xml' || type === 'application/json' || type === '*/*') return null;
    const found = (Object.keys(RDF_FORMATS) as RdfFormat[]).find((f) => RDF_FORMATS[f] === type);
    if (found) return found;
    if (type === 'application/xml' || type === 'text/xml') return 'rdf';
  }
  return null;
}

export async function sendRdf(reply: FastifyReply, quads: Quad[], format: RdfFormat) {
  reply.header('vary', 'accept');
  return reply.type(`${RDF_FORMATS[format]}; charset=utf-8`).send(await serializeRdf(quads, format));
}
