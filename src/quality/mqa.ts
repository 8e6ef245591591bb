import type { Bilingual } from '../core/errors.ts';
import { LICENCES, term } from '../catalog/vocabularies.ts';
import type { DcatDataset, DcatDistribution } from '../linked/dcat.ts';
import type { LinkResult } from './links.ts';
import type { ShaclOutcome } from './shacl.ts';

/**
 * data.europa.eu's Metadata Quality Assessment: 23 indicators in five dimensions, 405 points. Dataset
 * indicators earn all or nothing; distribution indicators earn their points in proportion to the share of
 * distributions that meet them (as the MQA averages over a dataset's distributions).
 */
export type Dimension = 'findability' | 'accessibility' | 'interoperability' | 'reusability' | 'contextuality';

export const DIMENSIONS: Record<Dimension, Bilingual> = {
  findability: { es: 'Encontrabilidad', en: 'Findability' },
  accessibility: { es: 'Accesibilidad', en: 'Accessibility' },
  interoperability: { es: 'Interoperabilidad', en: 'Interoperability' },
  reusability: { es: 'Reutilización', en: 'Reusability' },
  contextuality: { es: 'Contexto', en: 'Contextuality' },
};

/** EU file types (publications.europa.eu authority table) known to the platform, with the MQA's two lists. */
const FILE_TYPES: Record<string, { machineReadable: boolean; nonProprietary: boolean }> = {
  CSV: { machineReadable: true, nonProprietary: true },
  TSV: { machineReadable: true, nonProprietary: true },
  JSON: { machineReadable: true, nonProprietary: true },
  JSON_LD: { machineReadable: true, nonProprietary: true },
  GEOJSON: { machineReadable: true, nonProprietary: true },
  XML: { machineReadable: true, nonProprietary: true },
  RDF_XML: { machineReadable: true, nonProprietary: true },
  RDF_TURTLE: { machineReadable: true, nonProprietary: true },
  PARQUET: { machineReadable: true, nonProprietary: true },
  ODS: { machineReadable: true, nonProprietary: true },
  KML: { machineReadable: true, nonProprietary: true },
  XLSX: { machineReadable: true, nonProprietary: false },
  XLS: { machineReadable: true, nonProprietary: false },
  SHP: { machineReadable: true, nonProprietary: false },
  PDF: { machineReadable: false, nonProprietary: true },
  HTML: { machineReadable: false, nonProprietary: true },
  TXT: { machineReadable: false, nonProprietary: true },
  DOCX: { machineReadable: false, nonProprietary: false },
  ZIP: { machineReadable: false, nonProprietary: true },
};

/** IANA-registered media types the platform serves or recognises. */
const MEDIA_TYPES = new Set(['text/csv', 'text/tab-separated-values', 'application/json', 'application/ld+json', 'application/geo+json', 'application/xml', 'text/xml', 'application/rdf+xml', 'text/turtle', 'application/vnd.apache.parquet', 'application/vnd.oasis.opendocument.spreadsheet', 'application/vnd.google-earth.kml+xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel', 'application/pdf', 'text/html', 'text/plain', 'application/zip']);

/** Controlled values of dct:accessRights in DCAT-AP (EU access-right authority table). */
const ACCESS_RIGHTS = new Set(['PUBLIC', 'RESTRICTED', 'NON_PUBLIC']);

export interface MqaInput {
  dataset: DcatDataset;
  shacl: ShaclOutcome | null;
  /** Last check of each URL, by URL; absent when never checked. */
  links: Map<string, Pick<LinkResult, 'ok' | 'status' | 'error' | 'checked_at'>>;
}

export interface IndicatorResult {
  id: string;
  dimension: Dimension;
  label: Bilingual;
  max: number;
  points: number;
  /** Share of the dataset (1) or of its distributions that meets the indicator. */
  share: number;
  evidence: Bilingual;
  /** What to do to earn the missing points, when some are missing. */
  advice: Bilingual | null;
}

export interface MqaResult {
  score: number;
  max: 405;
  band: Band;
  dimensions: { id: Dimension; label: Bilingual; points: number; max: number }[];
  indicators: IndicatorResult[];
}

export type Band = 'excellent' | 'good' | 'sufficient' | 'bad';

export const BANDS: Record<Band, { label: Bilingual; min: number }> = {
  excellent: { label: { es: 'Excelente', en: 'Excellent' }, min: 351 },
  good: { label: { es: 'Buena', en: 'Good' }, min: 221 },
  sufficient: { label: { es: 'Suficiente', en: 'Sufficient' }, min: 121 },
  bad: { label: { es: 'Deficiente', en: 'Bad' }, min: 0 },
};

export const bandOf = (score: number): Band => (score >= 351 ? 'excellent' : score >= 221 ? 'good' : score >= 121 ? 'sufficient' : 'bad');

interface Indicator {
  id: string;
  dimension: Dimension;
  max: number;
  label: Bilingual;
  advice: Bilingual;
  /** For a dataset indicator: met or not, with evidence. */
  dataset?: (input: MqaInput) => { met: boolean; evidence: Bilingual };
  /** For a distribution indicator: whether one distribution meets it. */
  distribution?: (d: DcatDistribution, input: MqaInput) => boolean;
}

const list = (values: string[]) => (values.length ? values.join(', ') : '—');

function reachable(url: string | null, input: MqaInput): boolean {
  return url !== null && input.links.get(url)?.ok === true;
}

export const INDICATORS: Indicator[] = [
  { id: 'keywords', dimension: 'findability', max: 30, label: { es: 'Palabras clave', en: 'Keywords' }, advice: { es: 'Agregue palabras clave al conjunto de datos.', en: 'Add keywords to the dataset.' },
    dataset: ({ dataset }) => ({ met: dataset.keywords.length > 0, evidence: { es: `Palabras clave: ${list(dataset.keywords)}`, en: `Keywords: ${list(dataset.keywords)}` } }) },
  { id: 'themes', dimension: 'findability', max: 30, label: { es: 'Temas', en: 'Themes' }, advice: { es: 'Elija al menos un tema (vocabulario de temas de la UE).', en: 'Choose at least one theme (EU data-theme vocabulary).' },
    dataset: ({ dataset }) => ({ met: dataset.themes.length > 0, evidence: { es: `Temas: ${list(dataset.themes)}`, en: `Themes: ${list(dataset.themes)}` } }) },
  { id: 'spatial', dimension: 'findability', max: 20, label: { es: 'Cobertura geográfica', en: 'Spatial coverage' }, advice: { es: 'Vincule el conjunto a su activo del inventario e indique allí la cobertura geográfica (DIVIPOLA).', en: 'Link the dataset to its inventory asset and set the spatial coverage there (DIVIPOLA).' },
    dataset: ({ dataset }) => ({ met: dataset.spatial.length > 0, evidence: { es: `Cobertura: ${list(dataset.spatial)}`, en: `Coverage: ${list(dataset.spatial)}` } }) },
  { id: 'temporal', dimension: 'findability', max: 20, label: { es: 'Cobertura temporal', en: 'Temporal coverage' }, advice: { es: 'Indique en el activo del inventario el periodo que cubren los datos.', en: 'Set the period the data covers on the inventory asset.' },
    dataset: ({ dataset }) => ({ met: dataset.temporal !== null, evidence: dataset.temporal ? { es: `Periodo: ${dataset.temporal.start ?? '…'} a ${dataset.temporal.end ?? '…'}`, en: `Period: ${dataset.temporal.start ?? '…'} to ${dataset.temporal.end ?? '…'}` } : { es: 'Sin periodo declarado', en: 'No period given' } }) },
  { id: 'access_url_reachable', dimension: 'accessibility', max: 50, label: { es: 'URL de acceso disponible', en: 'Access URL reachable' }, advice: { es: 'Revise que las URL de acceso respondan (BASE_URL correcta, servidor accesible).', en: 'Check that access URLs answer (correct BASE_URL, reachable server).' },
    distribution: (d, input) => reachable(d.accessURL, input) },
  { id: 'download_url', dimension: 'accessibility', max: 20, label: { es: 'URL de descarga', en: 'Download URL present' }, advice: { es: 'Publique una versión: cada distribución tendrá su URL de descarga.', en: 'Publish a release: each distribution then has its download URL.' },
    distribution: (d) => d.downloadURL !== null },
  { id: 'download_url_reachable', dimension: 'accessibility', max: 30, label: { es: 'URL de descarga disponible', en: 'Download URL reachable' }, advice: { es: 'Revise que las descargas respondan.', en: 'Check that downloads answer.' },
    distribution: (d, input) => reachable(d.downloadURL, input) },
  { id: 'format', dimension: 'interoperability', max: 20, label: { es: 'Formato', en: 'Format' }, advice: { es: 'Declare el formato de cada distribución.', en: 'Declare the format of each distribution.' },
    distribution: (d) => d.format !== null },
  { id: 'media_type', dimension: 'interoperability', max: 10, label: { es: 'Tipo de medio', en: 'Media type' }, advice: { es: 'Declare el tipo de medio (IANA) de cada distribución.', en: 'Declare the IANA media type of each distribution.' },
    distribution: (d) => d.mediaType !== null },
  { id: 'format_vocabulary', dimension: 'interoperability', max: 10, label: { es: 'Formato de un vocabulario controlado', en: 'Format from a controlled vocabulary' }, advice: { es: 'Use formatos del vocabulario de tipos de archivo de la UE y tipos de medio de IANA.', en: 'Use EU file types and IANA media types.' },
    distribution: (d) => d.format !== null && d.format in FILE_TYPES && d.mediaType !== null && MEDIA_TYPES.has(d.mediaType) },
  { id: 'non_proprietary', dimension: 'interoperability', max: 20, label: { es: 'Formato no propietario', en: 'Non-proprietary format' }, advice: { es: 'Ofrezca los datos en formatos abiertos (CSV, JSON, Parquet).', en: 'Offer the data in open formats (CSV, JSON, Parquet).' },
    distribution: (d) => d.format !== null && FILE_TYPES[d.format]?.nonProprietary === true },
  { id: 'machine_readable', dimension: 'interoperability', max: 20, label: { es: 'Legible por máquina', en: 'Machine-readable' }, advice: { es: 'Publique tablas, no documentos (PDF o imágenes no son legibles por máquina).', en: 'Publish tables, not documents (PDF or images are not machine-readable).' },
    distribution: (d) => d.format !== null && FILE_TYPES[d.format]?.machineReadable === true },
  { id: 'dcat_ap', dimension: 'interoperability', max: 30, label: { es: 'Cumple DCAT-AP', en: 'DCAT-AP compliance' }, advice: { es: 'Corrija las violaciones de las formas SHACL oficiales de DCAT-AP 3.0.1 que lista el informe.', en: 'Fix the violations of the official DCAT-AP 3.0.1 SHACL shapes listed in the report.' },
    dataset: ({ shacl }) => shacl === null
      ? { met: false, evidence: { es: 'No se pudo validar: las formas SHACL de DCAT-AP no están disponibles en este servidor', en: 'Not validated: the DCAT-AP SHACL shapes are not available on this server' } }
      : { met: shacl.conforms, evidence: shacl.conforms ? { es: 'Sin violaciones de las formas SHACL de DCAT-AP 3.0.1', en: 'No violations of the DCAT-AP 3.0.1 SHACL shapes' } : { es: `${shacl.violations.length} violaciones de las formas SHACL de DCAT-AP 3.0.1`, en: `${shacl.violations.length} violations of the DCAT-AP 3.0.1 SHACL shapes` } } },
  { id: 'licence', dimension: 'reusability', max: 20, label: { es: 'Licencia', en: 'Licence' }, advice: { es: 'Elija una licencia.', en: 'Choose a licence.' },
    dataset: ({ dataset }) => ({ met: Boolean(dataset.licence), evidence: { es: `Licencia: ${dataset.licence ?? '—'}`, en: `Licence: ${dataset.licence ?? '—'}` } }) },
  { id: 'licence_vocabulary', dimension: 'reusability', max: 10, label: { es: 'Licencia de un vocabulario', en: 'Licence from a vocabulary' }, advice: { es: 'Use una licencia conocida (Creative Commons, Open Data Commons) con su URI.', en: 'Use a known licence (Creative Commons, Open Data Commons) with its URI.' },
    dataset: ({ dataset }) => {
      const uri = term(LICENCES, dataset.licence)?.uri;
      return { met: Boolean(uri), evidence: uri ? { es: `URI: ${uri}`, en: `URI: ${uri}` } : { es: 'La licencia no tiene URI en un vocabulario', en: 'The licence has no URI in a vocabulary' } };
    } },
  { id: 'access_rights', dimension: 'reusability', max: 10, label: { es: 'Derechos de acceso', en: 'Access rights' }, advice: { es: 'Declare el nivel de acceso.', en: 'Declare the access level.' },
    dataset: ({ dataset }) => ({ met: Boolean(dataset.accessRight), evidence: { es: `Acceso: ${dataset.accessRight}`, en: `Access: ${dataset.accessRight}` } }) },
  { id: 'access_rights_vocabulary', dimension: 'reusability', max: 5, label: { es: 'Derechos de acceso de un vocabulario', en: 'Access rights from a vocabulary' }, advice: { es: 'Use el vocabulario de derechos de acceso de la UE.', en: 'Use the EU access-right vocabulary.' },
    dataset: ({ dataset }) => ({ met: ACCESS_RIGHTS.has(dataset.accessRight), evidence: { es: 'Vocabulario access-right de la UE', en: 'EU access-right vocabulary' } }) },
  { id: 'contact_point', dimension: 'reusability', max: 20, label: { es: 'Punto de contacto', en: 'Contact point' }, advice: { es: 'Indique un correo de contacto en el activo del inventario o en el perfil de la entidad.', en: "Give a contact email on the inventory asset or the entity's profile." },
    dataset: ({ dataset }) => ({ met: dataset.contact !== null, evidence: dataset.contact ? { es: `Contacto: ${dataset.contact.email}`, en: `Contact: ${dataset.contact.email}` } : { es: 'Sin correo de contacto', en: 'No contact email' } }) },
  { id: 'publisher', dimension: 'reusability', max: 10, label: { es: 'Publicador', en: 'Publisher' }, advice: { es: 'El publicador es la entidad dueña.', en: 'The publisher is the owning entity.' },
    dataset: ({ dataset }) => ({ met: Boolean(dataset.publisher.name), evidence: { es: `Publicador: ${dataset.publisher.name}`, en: `Publisher: ${dataset.publisher.name}` } }) },
  { id: 'rights', dimension: 'contextuality', max: 5, label: { es: 'Derechos', en: 'Rights' }, advice: { es: 'Cada distribución lleva la declaración de derechos de la Ley 1712.', en: 'Each distribution carries the Ley 1712 rights statement.' },
    distribution: (_d, { dataset }) => Boolean(dataset.rights) },
  { id: 'byte_size', dimension: 'contextuality', max: 5, label: { es: 'Tamaño en bytes', en: 'Byte size' }, advice: { es: 'Los tamaños de CSV, JSON y XLSX se conocen cuando se generan; el informe los genera al recalcularse.', en: 'CSV, JSON and XLSX sizes are known once generated; recomputing the report generates them.' },
    distribution: (d) => d.byteSize !== null },
  { id: 'issued', dimension: 'contextuality', max: 5, label: { es: 'Fecha de publicación', en: 'Date of issue' }, advice: { es: 'Publique una versión.', en: 'Publish a release.' },
    dataset: ({ dataset }) => ({ met: dataset.issued !== null, evidence: { es: `Publicado: ${dataset.issued?.toISOString().slice(0, 10) ?? '—'}`, en: `Issued: ${dataset.issued?.toISOString().slice(0, 10) ?? '—'}` } }) },
  { id: 'modified', dimension: 'contextuality', max: 5, label: { es: 'Fecha de modificación', en: 'Modification date' }, advice: { es: 'Publique una versión.', en: 'Publish a release.' },
    dataset: ({ dataset }) => ({ met: dataset.modified !== null, evidence: { es: `Modificado: ${dataset.modified?.toISOString().slice(0, 10) ?? '—'}`, en: `Modified: ${dataset.modified?.toISOString().slice(0, 10) ?? '—'}` } }) },
];

const round1 = (n: number) => Math.round(n * 10) / 10;

export function assessMetadata(input: MqaInput): MqaResult {
  const distributions = input.dataset.distributions;
  const indicators: IndicatorResult[] = INDICATORS.map((indicator) => {
    let share: number;
    let evidence: Bilingual;
    if (indicator.dataset) {
      const outcome = indicator.dataset(input);
      share = outcome.met ? 1 : 0;
      evidence = outcome.evidence;
    } else {
      const meeting = distributions.filter((d) => indicator.distribution!(d, input));
      share = distributions.length ? meeting.length / distributions.length : 0;
      const missing = distributions.filter((d) => !meeting.includes(d)).map((d) => d.format ?? d.uri);
      evidence = distributions.length
        ? { es: `${meeting.length} de ${distributions.length} distribuciones${missing.length ? ` (faltan: ${missing.join(', ')})` : ''}`, en: `${meeting.length} of ${distributions.length} distributions${missing.length ? ` (missing: ${missing.join(', ')})` : ''}` }
        : { es: 'Sin distribuciones: aún no hay una versión publicada', en: 'No distributions: no release published yet' };
    }
    const points = round1(indicator.max * share);
    return { id: indicator.id, dimension: indicator.dimension, label: indicator.label, max: indicator.max, points, share: round1(share * 100) / 100, evidence, advice: points < indicator.max ? indicator.advice : null };
  });
  const score = Math.round(indicators.reduce((sum, i) => sum + i.points, 0));
  const dimensions = (Object.keys(DIMENSIONS) as Dimension[]).map((id) => {
    const mine = indicators.filter((i) => i.dimension === id);
    return { id, label: DIMENSIONS[id], points: round1(mine.reduce((s, i) => s + i.points, 0)), max: mine.reduce((s, i) => s + i.max, 0) };
  });
  return { score, max: 405, band: bandOf(score), dimensions, indicators };
}
