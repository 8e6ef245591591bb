import { Store, type Term } from 'n3';
import oxigraph from 'oxigraph';
import type { Bilingual } from '../../core/errors.ts';
import { NS } from '../dcat.ts';
import type { FetchLimits } from './fetch.ts';
import { fetchDocument, FetchError } from './fetch.ts';
import { formatOf, frequencyCode, isoDate, licenceCode, mailto, themeCodes, type HarvestFile, type HarvestItem } from './record.ts';

const ACCEPT = 'text/turtle, application/ld+json;q=0.9, application/rdf+xml;q=0.8, application/n-triples;q=0.7';
const TYPES: Record<string, string> = { 'text/turtle': 'text/turtle', 'application/x-turtle': 'text/turtle', 'application/ld+json': 'application/ld+json', 'application/rdf+xml': 'application/rdf+xml', 'application/xml': 'application/rdf+xml', 'text/xml': 'application/rdf+xml', 'application/n-triples': 'application/n-triples' };
const EXTENSIONS: Record<string, string> = { ttl: 'text/turtle', jsonld: 'application/ld+json', json: 'application/ld+json', rdf: 'application/rdf+xml', xml: 'application/rdf+xml', nt: 'application/n-triples' };
const IANA = /^https?:\/\/www\.iana\.org\/assignments\/media-types\//;
const SCHEMA = 'http://schema.org/';
const RESTRICTED = /access-right\/(RESTRICTED|NON_PUBLIC)$/;

/** The RDF syntax of a fetched document, by its media type and else by its extension. */
function syntaxOf(contentType: string, url: string): string {
  const extension = /\.([a-z]+)(?:[?#].*)?$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  const found = TYPES[contentType] ?? (extension ? EXTENSIONS[extension] : undefined);
  if (!found) throw new FetchError(`${url}: not an RDF document (${contentType || 'no media type'})`);
  return found;
}

/**
 * A DCAT catalog (Turtle, RDF/XML, JSON-LD or N-Triples; DCAT-AP or plain DCAT), page after page when
 * it is paged with Hydra. Each dcat:Dataset becomes a record; one that cannot be read is a problem.
 */
export async function* readDcat(start: string, limits: FetchLimits): AsyncGenerator<HarvestItem> {
  const seen = new Set<string>();
  let next: string | null = start;
  let page = 0;
  while (next && !seen.has(next) && page < 10_000) {
    seen.add(next);
    page++;
    const document = await fetchDocument(next, ACCEPT, limits);
    const syntax = syntaxOf(document.contentType, document.url);
    let store: Store;
    if (syntax === 'application/rdf+xml') assertSafeXml(document.body, document.url);
    try {
      store = new Store(oxigraph.parse(document.body, { format: syntax, base_iri: document.url }) as never);
    } catch (error) {
      throw new FetchError(`${document.url}: ${(error as Error).message}`);
    }
    const datasets = store.getSubjects(`${NS.rdf}type`, `${NS.dcat}Dataset`, null);
    for (const dataset of datasets) yield datasetItem(store, dataset);
    const hydraNext = store.getObjects(null, `${NS.hydra}next`, null)[0];
    next = hydraNext ? new URL(hydraNext.value, document.url).href : null;
  }
}

/** Literals of a property, preferring Spanish, then no language, then any. */
function text(store: Store, subject: Term, property: string): string | null {
  const values = store.getObjects(subject, property, null).filter((o) => o.termType === 'Literal');
  const pick = values.find((v) => (v as { language?: string }).language?.startsWith('es')) ?? values.find((v) => !(v as { language?: string }).language) ?? values[0];
  return pick?.value.trim() || null;
}

const first = (store: Store, subject: Term, property: string) => store.getObjects(subject, property, null)[0];

function datasetItem(store: Store, node: Term): HarvestItem {
  const warnings: Bilingual[] = [];
  const identifier = text(store, node, `${NS.dct}identifier`) ?? (node.termType === 'NamedNode' ? node.value : null);
  const title = text(store, node, `${NS.dct}title`);
  if (!identifier) return { problem: { identifier: null, message: { es: `Un conjunto sin identificador ni URI («${title ?? 'sin título'}»).`, en: `A dataset without identifier or URI ("${title ?? 'untitled'}").` } } };
  if (!title) return { problem: { identifier, message: { es: 'El conjunto no tiene título (dct:title).', en: 'The dataset has no title (dct:title).' } } };
  const description = text(store, node, `${NS.dct}description`) ?? '';
  if (!description) warnings.push({ es: 'Sin descripción (dct:description).', en: 'No description (dct:description).' });

  const themeValues = store.getObjects(node, `${NS.dcat}theme`, null).flatMap((t) => [t.value, ...(t.termType !== 'Literal' ? [text(store, t, `${NS.skos}prefLabel`)].filter((x): x is string => Boolean(x)) : [])]);
  const files: HarvestFile[] = [];
  let licence: string | null = null;
  const licenceOf = (subject: Term) => {
    const l = first(store, subject, `${NS.dct}license`);
    return l ? (l.termType === 'Literal' ? l.value : text(store, l, `${NS.rdfs}label`) ?? l.value) : null;
  };
  const datasetLicence = licenceOf(node);
  for (const distribution of store.getObjects(node, `${NS.dcat}distribution`, null)) {
    const url = first(store, distribution, `${NS.dcat}downloadURL`)?.value ?? first(store, distribution, `${NS.dcat}accessURL`)?.value;
    if (!url || !/^https?:\/\//i.test(url)) {
      warnings.push({ es: 'Una distribución sin dirección http(s) se omitió.', en: 'A distribution without an http(s) address was left out.' });
      continue;
    }
    const formatNode = first(store, distribution, `${NS.dct}format`);
    const declared = formatNode ? (formatNode.termType === 'Literal' ? formatNode.value : text(store, formatNode, `${NS.rdfs}label`) ?? formatNode.value) : null;
    const mediaNode = first(store, distribution, `${NS.dcat}mediaType`) ?? (formatNode && formatNode.termType !== 'Literal' ? first(store, formatNode, `${NS.rdf}value`) : undefined);
    const mediaType = mediaNode ? mediaNode.value.replace(IANA, '') : null;
    const size = Number(first(store, distribution, `${NS.dcat}byteSize`)?.value);
    licence ??= licenceOf(distribution);
    files.push({
      name: text(store, distribution, `${NS.dct}title`) ?? '',
      url,
      format: formatOf(declared, mediaType, url),
      mediaType: mediaType && mediaType.includes('/') ? mediaType : null,
      description: text(store, distribution, `${NS.dct}description`),
      size: Number.isFinite(size) ? Math.round(size) : null,
      modified: isoDate(first(store, distribution, `${NS.dct}modified`)?.value),
    });
  }
  const temporalNode = first(store, node, `${NS.dct}temporal`);
  const temporal = temporalNode ? {
    start: isoDate(first(store, temporalNode, `${NS.dcat}startDate`)?.value ?? first(store, temporalNode, `${SCHEMA}startDate`)?.value)?.slice(0, 10) ?? null,
    end: isoDate(first(store, temporalNode, `${NS.dcat}endDate`)?.value ?? first(store, temporalNode, `${SCHEMA}endDate`)?.value)?.slice(0, 10) ?? null,
  } : null;
  const contactNode = first(store, node, `${NS.dcat}contactPoint`);
  const email = contactNode ? mailto(first(store, contactNode, `${NS.vcard}hasEmail`)?.value) : null;
  const accessRights = first(store, node, `${NS.dct}accessRights`)?.value ?? '';
  return {
    record: {
      identifier,
      title,
      description,
      keywords: [...new Set(store.getObjects(node, `${NS.dcat}keyword`, null).map((k) => k.value.trim()).filter(Boolean))],
      themes: themeCodes(themeValues, warnings),
      licence: licenceCode(datasetLicence ?? licence, warnings),
      landingPage: first(store, node, `${NS.dcat}landingPage`)?.value ?? null,
      issued: isoDate(first(store, node, `${NS.dct}issued`)?.value),
      modified: isoDate(first(store, node, `${NS.dct}modified`)?.value),
      temporal: temporal && (temporal.start || temporal.end) ? temporal : null,
      frequency: frequencyCode(first(store, node, `${NS.dct}accrualPeriodicity`)?.value),
      contact: email ? { name: text(store, contactNode!, `${NS.vcard}fn`), email } : null,
      restricted: RESTRICTED.test(accessRights),
      files,
      warnings,
    },
  };
}

/** Largest text that entity references may expand to in one RDF/XML document. */
const MAX_ENTITY_EXPANSION = 10 * 1024 * 1024;

/**
 * RDF/XML may declare entities (often for namespaces: &xsd;), and a document of a few KB can declare entities
 * of entities that expand to gigabytes ("billion laughs"). Before parsing: external entities are refused,
 * entities made of other entities are refused, and what all references would expand to is bounded.
 */
export function assertSafeXml(body: string, url: string): void {
  const doctype = /<!DOCTYPE[^[>]*\[([\s\S]*?)\]\s*>/i.exec(body);
  if (!doctype) {
    if (/<!ENTITY/i.test(body)) throw new FetchError(`${url}: entity declarations outside a DOCTYPE are refused`);
    return;
  }
  const entities = new Map<string, string>();
  for (const match of doctype[1]!.matchAll(/<!ENTITY\s+(%\s+)?([\w.:-]+)\s+([^>]*)>/gi)) {
    const [, parameter, name, definition] = match;
    if (parameter || /^\s*(SYSTEM|PUBLIC)\b/i.test(definition!)) throw new FetchError(`${url}: external or parameter entities are refused (${name})`);
    const value = /^\s*(["'])([\s\S]*)\1\s*$/.exec(definition!)?.[2] ?? '';
    if (/[&%]/.test(value)) throw new FetchError(`${url}: entities built from other entities are refused (${name})`);
    entities.set(name!, value);
  }
  let expansion = 0;
  for (const match of body.matchAll(/&([\w.:-]+);/g)) {
    expansion += entities.get(match[1]!)?.length ?? 0;
    if (expansion > MAX_ENTITY_EXPANSION) throw new FetchError(`${url}: entity references would expand beyond ${MAX_ENTITY_EXPANSION / 1048576} MB`);
  }
}
