/** CSV on the Web's namespaces: the prefixes of its JSON-LD context (the RDFa initial context) and the datatypes. */

export const CSVW = 'http://www.w3.org/ns/csvw#';
export const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';

export const PREFIXES: Record<string, string> = {
  as: 'https://www.w3.org/ns/activitystreams#', cc: 'http://creativecommons.org/ns#', csvw: CSVW, ctag: 'http://commontag.org/ns#',
  dc: 'http://purl.org/dc/terms/', dc11: 'http://purl.org/dc/elements/1.1/', dcat: 'http://www.w3.org/ns/dcat#', dcterms: 'http://purl.org/dc/terms/',
  dctypes: 'http://purl.org/dc/dcmitype/', dqv: 'http://www.w3.org/ns/dqv#', duv: 'https://www.w3.org/TR/vocab-duv#', foaf: 'http://xmlns.com/foaf/0.1/',
  gr: 'http://purl.org/goodrelations/v1#', grddl: 'http://www.w3.org/2003/g/data-view#', ical: 'http://www.w3.org/2002/12/cal/icaltzd#',
  ldp: 'http://www.w3.org/ns/ldp#', ma: 'http://www.w3.org/ns/ma-ont#', oa: 'http://www.w3.org/ns/oa#', og: 'http://ogp.me/ns#', org: 'http://www.w3.org/ns/org#',
  owl: 'http://www.w3.org/2002/07/owl#', prov: 'http://www.w3.org/ns/prov#', qb: 'http://purl.org/linked-data/cube#', rdf: RDF, rdfa: 'http://www.w3.org/ns/rdfa#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#', rev: 'http://purl.org/stuff/rev#', rif: 'http://www.w3.org/2007/rif#', rr: 'http://www.w3.org/ns/r2rml#',
  schema: 'http://schema.org/', sd: 'http://www.w3.org/ns/sparql-service-description#', sioc: 'http://rdfs.org/sioc/ns#', skos: 'http://www.w3.org/2004/02/skos/core#',
  skosxl: 'http://www.w3.org/2008/05/skos-xl#', v: 'http://rdf.data-vocabulary.org/#', vcard: 'http://www.w3.org/2006/vcard/ns#', void: 'http://rdfs.org/ns/void#',
  wdr: 'http://www.w3.org/2007/05/powder#', wrds: 'http://www.w3.org/2007/05/powder-s#', xhv: 'http://www.w3.org/1999/xhtml/vocab#', xsd: XSD,
};

/** A prefixed name (dc:title) as an absolute IRI; anything else unchanged. */
export function expandName(name: string): string {
  const match = /^([a-z][a-z0-9]*):(.*)$/i.exec(name);
  const namespace = match ? PREFIXES[match[1]!] : undefined;
  return namespace !== undefined && !match![2]!.startsWith('//') ? namespace + match![2] : name;
}

/** An absolute IRI as a prefixed name when a prefix covers it (URL compaction). */
export function compactIri(iri: string): string {
  for (const [prefix, namespace] of Object.entries(PREFIXES)) {
    if (prefix === 'dcterms') continue;
    if (iri.startsWith(namespace) && iri.length > namespace.length) return `${prefix}:${iri.slice(namespace.length)}`;
  }
  return iri;
}

/** The built-in datatypes: name → the IRI of the RDF datatype. */
export function datatypeIri(base: string): string {
  switch (base) {
    case 'number': return `${XSD}double`;
    case 'any': return `${XSD}anyAtomicType`;
    case 'datetime': return `${XSD}dateTime`;
    case 'json': return `${CSVW}JSON`;
    case 'xml': return `${RDF}XMLLiteral`;
    case 'html': return `${RDF}HTML`;
    default: return XSD + base;
  }
}

export const BUILTIN_DATATYPES = new Set([
  'anyAtomicType', 'anyURI', 'base64Binary', 'boolean', 'date', 'dateTime', 'dateTimeStamp', 'decimal', 'integer', 'long', 'int', 'short', 'byte',
  'nonNegativeInteger', 'positiveInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte', 'nonPositiveInteger', 'negativeInteger',
  'double', 'duration', 'dayTimeDuration', 'yearMonthDuration', 'float', 'gDay', 'gMonth', 'gMonthDay', 'gYear', 'gYearMonth', 'hexBinary', 'QName',
  'string', 'normalizedString', 'token', 'language', 'Name', 'NMTOKEN', 'xml', 'html', 'json', 'time', 'number', 'any', 'datetime',
]);

const CSVW_CLASSES = new Set(['Cell', 'Column', 'Datatype', 'Dialect', 'Direction', 'ForeignKey', 'NumericFormat', 'Row', 'Schema', 'Table', 'TableGroup', 'TableReference', 'Transformation']);

/** A JSON-LD @type value: a term of the CSVW context (a class or a built-in datatype), a prefixed name or a URL. */
export function expandType(value: string): string {
  if (CSVW_CLASSES.has(value)) return CSVW + value;
  if (BUILTIN_DATATYPES.has(value)) return datatypeIri(value);
  return expandName(value);
}
