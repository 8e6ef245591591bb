import { DataFactory, type Quad, type Quad_Object, type Quad_Subject } from 'n3';
import { NS } from './dcat.ts';

const { namedNode, literal, quad } = DataFactory;

/** A standard's version as a URI (a dct:Standard; for a code list also its skos:ConceptScheme). */
export const standardUri = (baseUrl: string, id: string, version: string) => `${baseUrl}/standards/${id}/${version}`;

/** DIVIPOLA's concepts keep version-less URIs (places do not change with the list's edition). */
export function conceptUri(baseUrl: string, id: string, version: string, code: string): string {
  if (id.startsWith('divipola-')) return `${baseUrl}/divipola/${code}`;
  return `${standardUri(baseUrl, id, version)}#${encodeURIComponent(code)}`;
}

interface CodeList {
  id: string;
  title: string;
  description: string;
  version: string;
  rows: { codigo: string; nombre: string; superior?: string }[];
  broader: string | null;
}

/** A code list in SKOS: the scheme, its concepts with notation and label, and each concept's broader concept. */
export function codeListQuads(baseUrl: string, list: CodeList): Quad[] {
  const out: Quad[] = [];
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => out.push(quad(s, namedNode(p), o));
  const scheme = namedNode(standardUri(baseUrl, list.id, list.version));
  add(scheme, `${NS.rdf}type`, namedNode(`${NS.skos}ConceptScheme`));
  add(scheme, `${NS.rdf}type`, namedNode(`${NS.dct}Standard`));
  add(scheme, `${NS.dct}title`, literal(list.title, 'es'));
  if (list.description) add(scheme, `${NS.dct}description`, literal(list.description, 'es'));
  add(scheme, `${NS.dct}identifier`, literal(list.id));
  add(scheme, `${NS.skos}notation`, literal(list.id));
  add(scheme, `http://www.w3.org/2002/07/owl#versionInfo`, literal(list.version));
  for (const row of list.rows) {
    const concept = namedNode(conceptUri(baseUrl, list.id, list.version, row.codigo));
    add(concept, `${NS.rdf}type`, namedNode(`${NS.skos}Concept`));
    add(concept, `${NS.skos}inScheme`, scheme);
    add(concept, `${NS.skos}notation`, literal(row.codigo));
    add(concept, `${NS.skos}prefLabel`, literal(row.nombre, 'es'));
    if (row.superior && list.broader) add(concept, `${NS.skos}broader`, namedNode(conceptUri(baseUrl, list.broader, '1.0', row.superior)));
    else {
      add(concept, `${NS.skos}topConceptOf`, scheme);
      add(scheme, `${NS.skos}hasTopConcept`, concept);
    }
  }
  return out;
}

/** A schema standard as a dct:Standard with its title, version and machine-readable Table Schema. */
export function schemaStandardQuads(baseUrl: string, standard: { id: string; title: string; description: string; version: string }): Quad[] {
  const node = namedNode(standardUri(baseUrl, standard.id, standard.version));
  const out = [
    quad(node, namedNode(`${NS.rdf}type`), namedNode(`${NS.dct}Standard`)),
    quad(node, namedNode(`${NS.dct}title`), literal(standard.title, 'es')),
    quad(node, namedNode(`${NS.dct}identifier`), literal(standard.id)),
    quad(node, namedNode('http://www.w3.org/2002/07/owl#versionInfo'), literal(standard.version)),
    quad(node, namedNode(`${NS.dcat}landingPage`), namedNode(`${baseUrl}/standards/${standard.id}`)),
  ];
  if (standard.description) out.push(quad(node, namedNode(`${NS.dct}description`), literal(standard.description, 'es')));
  return out;
}
