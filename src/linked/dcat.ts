import { DataFactory, type Quad, type Quad_Object, type Quad_Subject } from 'n3';
import { FREQUENCIES, LICENCES, SECTORS, THEMES, term } from '../catalog/vocabularies.ts';

const { namedNode, literal, blankNode, quad } = DataFactory;

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dqv: 'http://www.w3.org/ns/dqv#',
  oa: 'http://www.w3.org/ns/oa#',
  prov: 'http://www.w3.org/ns/prov#',
  adms: 'http://www.w3.org/ns/adms#',
  org: 'http://www.w3.org/ns/org#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
} as const;

/** EU controlled vocabularies (publications.europa.eu authority tables) used as DCAT-AP asks. */
export const EU = {
  theme: 'http://publications.europa.eu/resource/authority/data-theme/',
  fileType: 'http://publications.europa.eu/resource/authority/file-type/',
  accessRight: 'http://publications.europa.eu/resource/authority/access-right/',
  frequency: 'http://publications.europa.eu/resource/authority/frequency/',
  language: 'http://publications.europa.eu/resource/authority/language/',
  country: 'http://publications.europa.eu/resource/authority/country/',
} as const;

export const IANA_MEDIA_TYPES = 'https://www.iana.org/assignments/media-types/';

/** DIVIPOLA codes as URIs under the platform, so spatial coverage dereferences to a place. */
export const placeUri = (baseUrl: string, code: string) => (code === 'CO' ? `${EU.country}COL` : `${baseUrl}/divipola/${code}`);
/** A dataset's stable URI; it answers HTML (its page) or RDF by content negotiation. */
export const datasetUri = (baseUrl: string, id: string) => `${baseUrl}/dataset/${id}`;
/** The Colombian administrative sectors as a SKOS scheme under the platform. */
export const sectorUri = (baseUrl: string, code: string) => `${baseUrl}/vocab/sector/${code}`;

export interface DcatDistribution {
  uri: string;
  title: string;
  /** EU file-type code (CSV, JSON, PARQUET, XLSX…), or null when unknown. */
  format: string | null;
  /** IANA media type (text/csv), or null. */
  mediaType: string | null;
  accessURL: string;
  downloadURL: string | null;
  byteSize: number | null;
  /** The API that serves the same data, when there is one. */
  accessService: string | null;
}

/** An API serving the dataset (DCAT-AP DataService). */
export interface DcatService {
  uri: string;
  title: string;
  endpointURL: string;
  endpointDescription: string | null;
  conformsTo: string | null;
}

/** Everything DCAT-AP says about one dataset, gathered from the dataset, its inventory asset and its entity. */
export interface DcatDataset {
  uri: string;
  id: string;
  title: string;
  description: string;
  keywords: string[];
  /** EU data-theme codes. */
  themes: string[];
  spatial: string[];
  temporal: { start: string | null; end: string | null } | null;
  frequency: string | null;
  licence: string | null;
  accessRight: 'PUBLIC' | 'RESTRICTED' | 'NON_PUBLIC';
  /** The Ley 1712 statement of rights on reuse, in words. */
  rights: string;
  language: string;
  issued: Date | null;
  modified: Date | null;
  landingPage: string;
  /** The entity: a foaf:Agent and org:Organization, with its Colombian sector. */
  publisher: { uri: string; name: string; acronym: string | null; homepage: string | null; sector: string | null };
  contact: { name: string | null; email: string } | null;
  distributions: DcatDistribution[];
  services: DcatService[];
  /** The standard (schema version) the dataset declares it follows. */
  conformsTo: string | null;
}

const LANGUAGE_CODES: Record<string, string> = { es: 'SPA', en: 'ENG', pt: 'POR', fr: 'FRA', mul: 'MUL' };

/** An entity as foaf:Agent and org:Organization: names, acronym, home page, and its sector. */
export function agentQuads(agent: DcatDataset['publisher'], baseUrl: string): Quad[] {
  const node = namedNode(agent.uri);
  const out: Quad[] = [
    quad(node, namedNode(`${NS.rdf}type`), namedNode(`${NS.foaf}Agent`)),
    quad(node, namedNode(`${NS.rdf}type`), namedNode(`${NS.org}Organization`)),
    quad(node, namedNode(`${NS.foaf}name`), literal(agent.name, 'es')),
    quad(node, namedNode(`${NS.skos}prefLabel`), literal(agent.name, 'es')),
  ];
  if (agent.acronym) out.push(quad(node, namedNode(`${NS.skos}altLabel`), literal(agent.acronym, 'es')));
  if (agent.homepage) out.push(quad(node, namedNode(`${NS.foaf}homepage`), namedNode(agent.homepage)), quad(namedNode(agent.homepage), namedNode(`${NS.rdf}type`), namedNode(`${NS.foaf}Document`)));
  if (agent.sector) out.push(quad(node, namedNode(`${NS.org}classification`), namedNode(sectorUri(baseUrl, agent.sector))));
  return out;
}

/** The dataset as DCAT-AP 3 triples, every referenced node typed as the official shapes' ranges ask. */
export function datasetQuads(d: DcatDataset, baseUrl: string): Quad[] {
  const out: Quad[] = [];
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => out.push(quad(s, namedNode(p), o));
  const typed = (s: Quad_Subject, cls: string) => add(s, `${NS.rdf}type`, namedNode(cls));
  const text = (value: string, lang = 'es') => literal(value, lang);
  const dateTime = (value: Date) => literal(value.toISOString(), namedNode(`${NS.xsd}dateTime`));
  const ds = namedNode(d.uri);
  typed(ds, `${NS.dcat}Dataset`);
  add(ds, `${NS.dct}identifier`, literal(d.id));
  add(ds, `${NS.dct}title`, text(d.title));
  if (d.description) add(ds, `${NS.dct}description`, text(d.description));
  for (const k of d.keywords) add(ds, `${NS.dcat}keyword`, text(k));
  for (const code of d.themes) {
    const theme = namedNode(EU.theme + code);
    add(ds, `${NS.dcat}theme`, theme);
    typed(theme, `${NS.skos}Concept`);
    const label = term(THEMES, code)?.label;
    if (label) for (const lang of ['es', 'en'] as const) add(theme, `${NS.skos}prefLabel`, text(label[lang], lang));
  }
  // The Colombian sector of the publishing entity, as a second theme scheme beside the EU's.
  const sector = term(SECTORS, d.publisher.sector);
  if (sector) {
    const node = namedNode(sectorUri(baseUrl, sector.code));
    add(ds, `${NS.dcat}theme`, node);
    typed(node, `${NS.skos}Concept`);
    add(node, `${NS.skos}inScheme`, namedNode(`${baseUrl}/vocab/sector`));
    for (const lang of ['es', 'en'] as const) add(node, `${NS.skos}prefLabel`, text(sector.label[lang], lang));
  }
  for (const code of d.spatial) {
    const place = namedNode(placeUri(baseUrl, code));
    add(ds, `${NS.dct}spatial`, place);
    typed(place, `${NS.dct}Location`);
  }
  if (d.temporal && (d.temporal.start || d.temporal.end)) {
    const period = blankNode();
    add(ds, `${NS.dct}temporal`, period);
    typed(period, `${NS.dct}PeriodOfTime`);
    if (d.temporal.start) add(period, `${NS.dcat}startDate`, literal(d.temporal.start, namedNode(`${NS.xsd}date`)));
    if (d.temporal.end) add(period, `${NS.dcat}endDate`, literal(d.temporal.end, namedNode(`${NS.xsd}date`)));
  }
  const frequency = term(FREQUENCIES, d.frequency)?.uri;
  if (frequency) {
    add(ds, `${NS.dct}accrualPeriodicity`, namedNode(EU.frequency + frequency));
    typed(namedNode(EU.frequency + frequency), `${NS.dct}Frequency`);
  }
  const accessRights = namedNode(EU.accessRight + d.accessRight);
  add(ds, `${NS.dct}accessRights`, accessRights);
  typed(accessRights, `${NS.dct}RightsStatement`);
  const language = namedNode(EU.language + (LANGUAGE_CODES[d.language] ?? 'SPA'));
  add(ds, `${NS.dct}language`, language);
  typed(language, `${NS.dct}LinguisticSystem`);
  if (d.issued) add(ds, `${NS.dct}issued`, dateTime(d.issued));
  if (d.modified) add(ds, `${NS.dct}modified`, dateTime(d.modified));
  if (d.conformsTo) {
    add(ds, `${NS.dct}conformsTo`, namedNode(d.conformsTo));
    typed(namedNode(d.conformsTo), `${NS.dct}Standard`);
  }
  add(ds, `${NS.dcat}landingPage`, namedNode(d.landingPage));
  typed(namedNode(d.landingPage), `${NS.foaf}Document`);
  const publisher = namedNode(d.publisher.uri);
  add(ds, `${NS.dct}publisher`, publisher);
  out.push(...agentQuads(d.publisher, baseUrl));
  if (d.contact) {
    const contact = blankNode();
    add(ds, `${NS.dcat}contactPoint`, contact);
    typed(contact, `${NS.vcard}Kind`);
    if (d.contact.name) add(contact, `${NS.vcard}fn`, literal(d.contact.name));
    add(contact, `${NS.vcard}hasEmail`, namedNode(`mailto:${d.contact.email}`));
  }
  const licenceUri = term(LICENCES, d.licence)?.uri;
  const rights = blankNode();
  typed(rights, `${NS.dct}RightsStatement`);
  add(rights, `${NS.rdfs}label`, text(d.rights));
  for (const dist of d.distributions) {
    const node = namedNode(dist.uri);
    add(ds, `${NS.dcat}distribution`, node);
    typed(node, `${NS.dcat}Distribution`);
    add(node, `${NS.dct}title`, text(dist.title));
    add(node, `${NS.dcat}accessURL`, namedNode(dist.accessURL));
    if (dist.downloadURL) add(node, `${NS.dcat}downloadURL`, namedNode(dist.downloadURL));
    if (dist.format) {
      add(node, `${NS.dct}format`, namedNode(EU.fileType + dist.format));
      typed(namedNode(EU.fileType + dist.format), `${NS.dct}MediaTypeOrExtent`);
    }
    if (dist.mediaType) {
      add(node, `${NS.dcat}mediaType`, namedNode(IANA_MEDIA_TYPES + dist.mediaType));
      typed(namedNode(IANA_MEDIA_TYPES + dist.mediaType), `${NS.dct}MediaType`);
    }
    if (dist.byteSize !== null) add(node, `${NS.dcat}byteSize`, literal(String(dist.byteSize), namedNode(`${NS.xsd}nonNegativeInteger`)));
    if (licenceUri) {
      add(node, `${NS.dct}license`, namedNode(licenceUri));
      typed(namedNode(licenceUri), `${NS.dct}LicenseDocument`);
    }
    add(node, `${NS.dct}rights`, rights);
    if (d.modified) add(node, `${NS.dct}modified`, dateTime(d.modified));
    if (dist.accessService) add(node, `${NS.dcat}accessService`, namedNode(dist.accessService));
  }
  for (const service of d.services) {
    const node = namedNode(service.uri);
    typed(node, `${NS.dcat}DataService`);
    add(node, `${NS.dct}title`, text(service.title));
    add(node, `${NS.dcat}endpointURL`, namedNode(service.endpointURL));
    if (service.endpointDescription) add(node, `${NS.dcat}endpointDescription`, namedNode(service.endpointDescription));
    if (service.conformsTo) {
      add(node, `${NS.dct}conformsTo`, namedNode(service.conformsTo));
      typed(namedNode(service.conformsTo), `${NS.dct}Standard`);
    }
    add(node, `${NS.dcat}servesDataset`, ds);
    add(node, `${NS.dct}publisher`, publisher);
    if (licenceUri) add(node, `${NS.dct}license`, namedNode(licenceUri));
    add(node, `${NS.dct}accessRights`, accessRights);
  }
  return out;
}
