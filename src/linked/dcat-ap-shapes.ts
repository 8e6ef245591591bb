/**
 * The project's own SHACL shapes for the DCAT-AP 3.0.1 rules its catalog must meet: for each class the
 * catalog writes, the mandatory properties, the ones allowed once, which must be literals or nodes, the class
 * of the nodes they point to and the datatypes of typed values. Written from the DCAT-AP 3 specification so
 * that every install checks its metadata; when DCAT_AP_SHAPES names the official shapes, they run as well.
 */

interface Rule {
  min?: number;
  max?: number;
  literal?: boolean;
  node?: boolean;
  class?: string;
  datatype?: string;
}

const literal: Rule = { literal: true };
const node = (cls?: string): Rule => ({ node: true, ...(cls ? { class: cls } : {}) });
const once = (rule: Rule = {}): Rule => ({ ...rule, max: 1 });
const required = (rule: Rule = {}): Rule => ({ ...rule, min: 1 });

/** Properties shared by datasets, services and catalogs. */
const RESOURCE: Record<string, Rule> = {
  'dct:title': required(literal),
  'dct:description': literal,
  'dct:publisher': once(node('foaf:Agent')),
  'dct:creator': node('foaf:Agent'),
  'dct:issued': once(literal),
  'dct:modified': once(literal),
  'dct:language': node('dct:LinguisticSystem'),
  'dct:conformsTo': node('dct:Standard'),
  'dct:accessRights': once(node('dct:RightsStatement')),
  'dct:license': once(node('dct:LicenseDocument')),
  'dcat:contactPoint': node('vcard:Kind'),
  'dcat:theme': node('skos:Concept'),
  'dcat:landingPage': node('foaf:Document'),
  'foaf:page': node('foaf:Document'),
  'dcat:keyword': literal,
};

const SHAPES: Record<string, Record<string, Rule>> = {
  'dcat:Catalog': {
    ...RESOURCE,
    'dct:description': required(literal),
    'dct:publisher': required(once(node('foaf:Agent'))),
    'dcat:dataset': node('dcat:Dataset'),
    'dcat:service': node('dcat:DataService'),
    'dcat:catalog': node('dcat:Catalog'),
    'dcat:record': node('dcat:CatalogRecord'),
    'dcat:themeTaxonomy': node('skos:ConceptScheme'),
    'dct:spatial': node('dct:Location'),
    'dct:temporal': node('dct:PeriodOfTime'),
    'foaf:homepage': once(node('foaf:Document')),
  },
  'dcat:Dataset': {
    ...RESOURCE,
    'dct:description': required(literal),
    'dcat:distribution': node('dcat:Distribution'),
    'dct:accrualPeriodicity': once(node('dct:Frequency')),
    'dct:spatial': node('dct:Location'),
    'dct:temporal': node('dct:PeriodOfTime'),
    'dct:identifier': literal,
    'dct:provenance': node('dct:ProvenanceStatement'),
    'dct:type': node('skos:Concept'),
    'dct:source': node('dcat:Dataset'),
    'dcat:version': once(literal),
    'dcat:temporalResolution': once({ literal: true, datatype: 'xsd:duration' }),
    'dcat:spatialResolutionInMeters': { literal: true, datatype: 'xsd:decimal' },
    'dcat:inSeries': node('dcat:DatasetSeries'),
    'dcat:qualifiedRelation': node('dcat:Relationship'),
    'adms:identifier': node('adms:Identifier'),
    'adms:sample': node('dcat:Distribution'),
    'prov:wasGeneratedBy': node('prov:Activity'),
  },
  'dcat:Distribution': {
    'dcat:accessURL': required(node()),
    'dcat:downloadURL': node(),
    'dcat:accessService': node('dcat:DataService'),
    'dct:format': once(node('dct:MediaTypeOrExtent')),
    'dcat:mediaType': once(node('dct:MediaType')),
    'dcat:compressFormat': once(node('dct:MediaType')),
    'dcat:packageFormat': once(node('dct:MediaType')),
    'dcat:byteSize': once({ literal: true, datatype: 'xsd:nonNegativeInteger' }),
    'spdx:checksum': once(node('spdx:Checksum')),
    'dct:license': once(node('dct:LicenseDocument')),
    'dct:rights': node('dct:RightsStatement'),
    'dct:conformsTo': node('dct:Standard'),
    'dct:language': node('dct:LinguisticSystem'),
    'dct:issued': once(literal),
    'dct:modified': once(literal),
    'dct:title': literal,
    'dct:description': literal,
    'foaf:page': node('foaf:Document'),
    'adms:status': once(node('skos:Concept')),
    'dcatap:availability': once(node('skos:Concept')),
    'dcat:temporalResolution': once({ literal: true, datatype: 'xsd:duration' }),
    'dcat:spatialResolutionInMeters': once({ literal: true, datatype: 'xsd:decimal' }),
  },
  'dcat:DataService': {
    ...RESOURCE,
    'dcat:endpointURL': required(node()),
    'dcat:endpointDescription': node(),
    'dcat:servesDataset': node('dcat:Dataset'),
    'dct:format': node('dct:MediaTypeOrExtent'),
  },
  'dcat:CatalogRecord': {
    'foaf:primaryTopic': required(once(node())),
    'dct:modified': required(once(literal)),
    'dct:issued': once(literal),
    'adms:status': once(node('skos:Concept')),
  },
  'foaf:Agent': { 'foaf:name': required(literal), 'dct:type': once(node('skos:Concept')) },
  'skos:Concept': { 'skos:prefLabel': required(literal) },
  'skos:ConceptScheme': { 'dct:title': required(literal) },
  'dct:LicenseDocument': { 'dct:type': node('skos:Concept') },
  'dct:PeriodOfTime': { 'dcat:startDate': once(literal), 'dcat:endDate': once(literal), 'time:hasBeginning': once(node('time:Instant')), 'time:hasEnd': once(node('time:Instant')) },
  'dct:Location': { 'dcat:bbox': once(literal), 'dcat:centroid': once(literal), 'locn:geometry': once(node('locn:Geometry')) },
  'spdx:Checksum': { 'spdx:algorithm': required(once(node('spdx:ChecksumAlgorithm'))), 'spdx:checksumValue': required(once({ literal: true, datatype: 'xsd:hexBinary' })) },
  'adms:Identifier': { 'skos:notation': required(once(literal)) },
  'dcat:Relationship': { 'dct:relation': required(), 'dcat:hadRole': required(node('dcat:Role')) },
};

const PREFIXES: Record<string, string> = {
  sh: 'http://www.w3.org/ns/shacl#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  spdx: 'http://spdx.org/rdf/terms#',
  adms: 'http://www.w3.org/ns/adms#',
  prov: 'http://www.w3.org/ns/prov#',
  time: 'http://www.w3.org/2006/time#',
  locn: 'http://www.w3.org/ns/locn#',
  dcatap: 'http://data.europa.eu/r5r/',
  ids: 'https://infradatos.org/shapes/dcat-ap-3#',
};

/** The shapes as Turtle, built once. */
export function dcatApShapesTurtle(): string {
  const lines = Object.entries(PREFIXES).map(([p, iri]) => `@prefix ${p}: <${iri}> .`);
  for (const [target, properties] of Object.entries(SHAPES)) {
    const name = `ids:${target.replace(':', '_')}`;
    const props = Object.entries(properties).map(([path, rule]) => {
      const parts = [`sh:path ${path}`, 'sh:severity sh:Violation'];
      if (rule.min) parts.push(`sh:minCount ${rule.min}`);
      if (rule.max) parts.push(`sh:maxCount ${rule.max}`);
      if (rule.literal) parts.push('sh:nodeKind sh:Literal');
      if (rule.node) parts.push('sh:nodeKind sh:BlankNodeOrIRI');
      if (rule.class) parts.push(`sh:class ${rule.class}`);
      if (rule.datatype) parts.push(`sh:datatype ${rule.datatype}`);
      return `  sh:property [ ${parts.join(' ; ')} ]`;
    });
    lines.push('', `${name} a sh:NodeShape ;`, `  sh:targetClass ${target} ;`, props.join(' ;\n') + ' .');
  }
  return lines.join('\n') + '\n';
}
