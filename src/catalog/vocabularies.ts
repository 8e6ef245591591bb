import type { Bilingual } from '../core/errors.ts';
import { fold } from '../core/text.ts';

export interface Term {
  code: string;
  label: Bilingual;
  /** Other spellings found in real Registros (folded on comparison). */
  synonyms?: string[];
  /** A URI in a public vocabulary, for linked data. */
  uri?: string;
}

export interface Vocabulary {
  name: string;
  terms: Term[];
}

function vocabulary(name: string, terms: Term[]): Vocabulary {
  return { name, terms };
}

export const ROLES = vocabulary('role', [
  { code: 'editor', label: { es: 'Editor de entidad', en: 'Entity editor' } },
  { code: 'steward', label: { es: 'Responsable de datos', en: 'Data steward' } },
  { code: 'entity_admin', label: { es: 'Administrador de entidad', en: 'Entity administrator' } },
  { code: 'data_office', label: { es: 'Oficina nacional de datos', en: 'National data office' } },
  { code: 'arbiter', label: { es: 'Árbitro', en: 'Arbiter' } },
]);

export const SECTORS = vocabulary('sector', [
  { code: 'agricultura', label: { es: 'Agricultura y Desarrollo Rural', en: 'Agriculture and Rural Development' } },
  { code: 'ambiente', label: { es: 'Ambiente y Desarrollo Sostenible', en: 'Environment and Sustainable Development' } },
  { code: 'ciencia', label: { es: 'Ciencia, Tecnología e Innovación', en: 'Science, Technology and Innovation' } },
  { code: 'comercio', label: { es: 'Comercio, Industria y Turismo', en: 'Trade, Industry and Tourism' } },
  { code: 'cultura', label: { es: 'Cultura', en: 'Culture' } },
  { code: 'defensa', label: { es: 'Defensa', en: 'Defence' } },
  { code: 'deporte', label: { es: 'Deporte', en: 'Sport' } },
  { code: 'educacion', label: { es: 'Educación', en: 'Education' } },
  { code: 'estadistica', label: { es: 'Información Estadística', en: 'Statistics' } },
  { code: 'funcion_publica', label: { es: 'Función Pública', en: 'Civil Service' } },
  { code: 'hacienda', label: { es: 'Hacienda y Crédito Público', en: 'Finance and Public Credit' } },
  { code: 'inclusion_social', label: { es: 'Inclusión Social y Reconciliación', en: 'Social Inclusion and Reconciliation' } },
  { code: 'interior', label: { es: 'Interior', en: 'Interior' } },
  { code: 'justicia', label: { es: 'Justicia y del Derecho', en: 'Justice and Law' } },
  { code: 'minas_energia', label: { es: 'Minas y Energía', en: 'Mines and Energy' } },
  { code: 'planeacion', label: { es: 'Planeación', en: 'Planning' } },
  { code: 'presidencia', label: { es: 'Presidencia de la República', en: 'Presidency of the Republic' } },
  { code: 'relaciones_exteriores', label: { es: 'Relaciones Exteriores', en: 'Foreign Affairs' } },
  { code: 'salud', label: { es: 'Salud y Protección Social', en: 'Health and Social Protection' } },
  { code: 'tic', label: { es: 'Tecnologías de la Información y las Comunicaciones', en: 'Information and Communication Technologies' } },
  { code: 'trabajo', label: { es: 'Trabajo', en: 'Labour' } },
  { code: 'transporte', label: { es: 'Transporte', en: 'Transport' } },
  { code: 'vivienda', label: { es: 'Vivienda, Ciudad y Territorio', en: 'Housing, City and Territory' } },
  { code: 'registraduria', label: { es: 'Organización Electoral', en: 'Electoral Organisation' } },
  { code: 'gobierno_territorial', label: { es: 'Gobierno territorial', en: 'Territorial government' } },
]);

export const ORDENES = vocabulary('orden', [
  { code: 'nacional', label: { es: 'Nacional', en: 'National' } },
  { code: 'territorial', label: { es: 'Territorial', en: 'Territorial' }, synonyms: ['departamental', 'municipal', 'distrital'] },
]);

/** The EU data-theme vocabulary used by DCAT-AP. */
export const THEMES = vocabulary('theme', [
  { code: 'AGRI', label: { es: 'Agricultura, pesca, silvicultura y alimentación', en: 'Agriculture, fisheries, forestry and food' }, synonyms: ['agricultura', 'agropecuario', 'pesca'] },
  { code: 'ECON', label: { es: 'Economía y finanzas', en: 'Economy and finance' }, synonyms: ['economia', 'finanzas', 'hacienda', 'presupuesto'] },
  { code: 'EDUC', label: { es: 'Educación, cultura y deporte', en: 'Education, culture and sport' }, synonyms: ['educacion', 'cultura', 'deporte'] },
  { code: 'ENER', label: { es: 'Energía', en: 'Energy' }, synonyms: ['energia', 'minas'] },
  { code: 'ENVI', label: { es: 'Medio ambiente', en: 'Environment' }, synonyms: ['ambiente', 'ambiental'] },
  { code: 'GOVE', label: { es: 'Gobierno y sector público', en: 'Government and public sector' }, synonyms: ['gobierno', 'sector publico', 'administracion publica'] },
  { code: 'HEAL', label: { es: 'Salud', en: 'Health' }, synonyms: ['salud'] },
  { code: 'INTR', label: { es: 'Asuntos internacionales', en: 'International issues' }, synonyms: ['internacional', 'relaciones exteriores'] },
  { code: 'JUST', label: { es: 'Justicia, sistema jurídico y seguridad pública', en: 'Justice, legal system and public safety' }, synonyms: ['justicia', 'seguridad'] },
  { code: 'REGI', label: { es: 'Regiones y ciudades', en: 'Regions and cities' }, synonyms: ['regiones', 'ciudades', 'territorio', 'ordenamiento territorial'] },
  { code: 'SOCI', label: { es: 'Población y sociedad', en: 'Population and society' }, synonyms: ['poblacion', 'sociedad', 'social', 'inclusion social'] },
  { code: 'TECH', label: { es: 'Ciencia y tecnología', en: 'Science and technology' }, synonyms: ['ciencia', 'tecnologia', 'tic'] },
  { code: 'TRAN', label: { es: 'Transporte', en: 'Transport' }, synonyms: ['transporte', 'movilidad'] },
].map((t) => ({ ...t, uri: `http://publications.europa.eu/resource/authority/data-theme/${t.code}` })));

export const MEDIA = vocabulary('medium', [
  { code: 'electronico', label: { es: 'Electrónico', en: 'Electronic' }, synonyms: ['digital', 'electronico', 'medio electronico', 'soporte electronico', 'e'] },
  { code: 'fisico', label: { es: 'Físico', en: 'Physical' }, synonyms: ['papel', 'impreso', 'analogo', 'fisico', 'soporte fisico', 'f'] },
  { code: 'ambos', label: { es: 'Físico y electrónico', en: 'Physical and electronic' }, synonyms: ['ambos', 'mixto', 'fisico y electronico', 'electronico y fisico', 'fisico/electronico', 'electronico/fisico', 'hibrido'] },
]);

export const FORMATS = vocabulary('format', [
  { code: 'PDF', label: { es: 'PDF', en: 'PDF' }, synonyms: ['pdf', 'pdf/a', 'documento pdf'] },
  { code: 'XLSX', label: { es: 'Hoja de cálculo (XLSX)', en: 'Spreadsheet (XLSX)' }, synonyms: ['xlsx', 'excel', 'hoja de calculo', 'hojas de calculo', 'xlsm'] },
  { code: 'XLS', label: { es: 'Hoja de cálculo (XLS)', en: 'Spreadsheet (XLS)' }, synonyms: ['xls'] },
  { code: 'ODS', label: { es: 'Hoja de cálculo abierta (ODS)', en: 'Open spreadsheet (ODS)' }, synonyms: ['ods'] },
  { code: 'CSV', label: { es: 'CSV', en: 'CSV' }, synonyms: ['csv', 'valores separados por comas', 'texto delimitado'] },
  { code: 'DOCX', label: { es: 'Documento de texto (DOCX)', en: 'Text document (DOCX)' }, synonyms: ['docx', 'word', 'doc', 'texto', 'documento de texto', 'procesador de texto'] },
  { code: 'ODT', label: { es: 'Documento abierto (ODT)', en: 'Open document (ODT)' }, synonyms: ['odt'] },
  { code: 'TXT', label: { es: 'Texto plano (TXT)', en: 'Plain text (TXT)' }, synonyms: ['txt', 'texto plano'] },
  { code: 'JSON', label: { es: 'JSON', en: 'JSON' }, synonyms: ['json'] },
  { code: 'XML', label: { es: 'XML', en: 'XML' }, synonyms: ['xml'] },
  { code: 'HTML', label: { es: 'Página web (HTML)', en: 'Web page (HTML)' }, synonyms: ['html', 'htm', 'pagina web', 'web', 'sitio web'] },
  { code: 'DB', label: { es: 'Base de datos', en: 'Database' }, synonyms: ['base de datos', 'bd', 'bases de datos', 'sql', 'sistema de informacion', 'aplicativo'] },
  { code: 'API', label: { es: 'Servicio web (API)', en: 'Web service (API)' }, synonyms: ['api', 'servicio web', 'web service', 'rest'] },
  { code: 'SHP', label: { es: 'Shapefile (SHP)', en: 'Shapefile (SHP)' }, synonyms: ['shp', 'shapefile'] },
  { code: 'GEOJSON', label: { es: 'GeoJSON', en: 'GeoJSON' }, synonyms: ['geojson'] },
  { code: 'KML', label: { es: 'KML', en: 'KML' }, synonyms: ['kml', 'kmz'] },
  { code: 'GDB', label: { es: 'Geodatabase', en: 'Geodatabase' }, synonyms: ['gdb', 'geodatabase'] },
  { code: 'JPG', label: { es: 'Imagen (JPG)', en: 'Image (JPG)' }, synonyms: ['jpg', 'jpeg', 'imagen', 'fotografia', 'fotografias'] },
  { code: 'PNG', label: { es: 'Imagen (PNG)', en: 'Image (PNG)' }, synonyms: ['png'] },
  { code: 'TIFF', label: { es: 'Imagen (TIFF)', en: 'Image (TIFF)' }, synonyms: ['tif', 'tiff', 'imagen digitalizada'] },
  { code: 'MP3', label: { es: 'Audio (MP3)', en: 'Audio (MP3)' }, synonyms: ['mp3', 'audio', 'grabacion'] },
  { code: 'MP4', label: { es: 'Video (MP4)', en: 'Video (MP4)' }, synonyms: ['mp4', 'video', 'avi'] },
  { code: 'ZIP', label: { es: 'Archivo comprimido (ZIP)', en: 'Compressed archive (ZIP)' }, synonyms: ['zip', 'rar', 'comprimido'] },
  { code: 'PAPEL', label: { es: 'Documento en papel', en: 'Paper document' }, synonyms: ['papel', 'fisico', 'documento fisico', 'impreso', 'carpeta', 'expediente fisico', 'libro'] },
]);

export const AVAILABILITY = vocabulary('availability', [
  { code: 'publicada', label: { es: 'Publicada', en: 'Published' }, synonyms: ['publicada', 'publicado', 'si', 'publica', 'sitio web'] },
  { code: 'disponible', label: { es: 'Disponible', en: 'Available on request' }, synonyms: ['disponible', 'no publicada', 'no', 'a solicitud', 'por solicitud'] },
]);

export const FREQUENCIES = vocabulary('frequency', [
  { code: 'continua', label: { es: 'Continua (tiempo real)', en: 'Continuous (real time)' }, synonyms: ['tiempo real', 'continua', 'permanente', 'continuo'], uri: 'CONT' },
  { code: 'diaria', label: { es: 'Diaria', en: 'Daily' }, synonyms: ['diaria', 'diario'], uri: 'DAILY' },
  { code: 'semanal', label: { es: 'Semanal', en: 'Weekly' }, synonyms: ['semanal'], uri: 'WEEKLY' },
  { code: 'quincenal', label: { es: 'Quincenal', en: 'Fortnightly' }, synonyms: ['quincenal'], uri: 'BIWEEKLY' },
  { code: 'mensual', label: { es: 'Mensual', en: 'Monthly' }, synonyms: ['mensual'], uri: 'MONTHLY' },
  { code: 'bimestral', label: { es: 'Bimestral', en: 'Every two months' }, synonyms: ['bimestral'], uri: 'BIMONTHLY' },
  { code: 'trimestral', label: { es: 'Trimestral', en: 'Quarterly' }, synonyms: ['trimestral'], uri: 'QUARTERLY' },
  { code: 'semestral', label: { es: 'Semestral', en: 'Half-yearly' }, synonyms: ['semestral'], uri: 'ANNUAL_2' },
  { code: 'anual', label: { es: 'Anual', en: 'Annual' }, synonyms: ['anual', 'anualmente', 'cada ano'], uri: 'ANNUAL' },
  { code: 'cuatrienal', label: { es: 'Cuatrienal', en: 'Every four years' }, synonyms: ['cuatrienal', 'cada cuatro anos', 'por periodo de gobierno'], uri: 'QUADRENNIAL' },
  { code: 'irregular', label: { es: 'Irregular (cuando se requiera)', en: 'Irregular (as needed)' }, synonyms: ['irregular', 'cuando se requiera', 'a demanda', 'eventual', 'por demanda', 'segun necesidad'], uri: 'IRREG' },
  { code: 'no_aplica', label: { es: 'No se actualiza', en: 'Not updated' }, synonyms: ['no aplica', 'n/a', 'na', 'unica vez', 'no se actualiza', 'historica', 'historico'], uri: 'NEVER' },
]);

export const LEGAL_CLASSES = vocabulary('legal_class', [
  { code: 'publica', label: { es: 'Pública', en: 'Public' }, synonyms: ['publica', 'informacion publica', 'ip', 'publico'] },
  { code: 'clasificada', label: { es: 'Pública clasificada', en: 'Classified' }, synonyms: ['clasificada', 'publica clasificada', 'ipc', 'informacion publica clasificada'] },
  { code: 'reservada', label: { es: 'Pública reservada', en: 'Reserved' }, synonyms: ['reservada', 'publica reservada', 'ipr', 'informacion publica reservada'] },
]);

/** Ley 1712 de 2014: Art. 18 grounds make information classified, Art. 19 grounds make it reserved. */
export const EXCEPTION_GROUNDS = vocabulary('exception_ground', [
  { code: '18a', label: { es: 'Art. 18 a) El derecho de toda persona a la intimidad', en: 'Art. 18 a) Everyone’s right to privacy' }, synonyms: ['18a', '18 a', 'articulo 18 literal a', 'intimidad', 'derecho a la intimidad'] },
  { code: '18b', label: { es: 'Art. 18 b) El derecho de toda persona a la vida, la salud o la seguridad', en: 'Art. 18 b) Everyone’s right to life, health or safety' }, synonyms: ['18b', '18 b', 'articulo 18 literal b', 'vida salud o seguridad'] },
  { code: '18c', label: { es: 'Art. 18 c) Los secretos comerciales, industriales y profesionales', en: 'Art. 18 c) Commercial, industrial and professional secrets' }, synonyms: ['18c', '18 c', 'articulo 18 literal c', 'secretos comerciales', 'secreto profesional'] },
  { code: '19a', label: { es: 'Art. 19 a) La defensa y seguridad nacional', en: 'Art. 19 a) National defence and security' }, synonyms: ['19a', '19 a', 'articulo 19 literal a', 'defensa y seguridad nacional', 'seguridad nacional'] },
  { code: '19b', label: { es: 'Art. 19 b) La seguridad pública', en: 'Art. 19 b) Public safety' }, synonyms: ['19b', '19 b', 'articulo 19 literal b', 'seguridad publica'] },
  { code: '19c', label: { es: 'Art. 19 c) Las relaciones internacionales', en: 'Art. 19 c) International relations' }, synonyms: ['19c', '19 c', 'articulo 19 literal c', 'relaciones internacionales'] },
  { code: '19d', label: { es: 'Art. 19 d) La prevención, investigación y persecución de los delitos y las faltas disciplinarias', en: 'Art. 19 d) Prevention, investigation and prosecution of crimes and disciplinary offences' }, synonyms: ['19d', '19 d', 'articulo 19 literal d', 'faltas disciplinarias', 'investigacion de delitos'] },
  { code: '19e', label: { es: 'Art. 19 e) El debido proceso y la igualdad de las partes en los procesos judiciales', en: 'Art. 19 e) Due process and equality of parties in judicial proceedings' }, synonyms: ['19e', '19 e', 'articulo 19 literal e', 'debido proceso'] },
  { code: '19f', label: { es: 'Art. 19 f) La administración efectiva de la justicia', en: 'Art. 19 f) Effective administration of justice' }, synonyms: ['19f', '19 f', 'articulo 19 literal f', 'administracion de justicia'] },
  { code: '19g', label: { es: 'Art. 19 g) Los derechos de la infancia y la adolescencia', en: 'Art. 19 g) Rights of children and adolescents' }, synonyms: ['19g', '19 g', 'articulo 19 literal g', 'infancia y adolescencia'] },
  { code: '19h', label: { es: 'Art. 19 h) La estabilidad macroeconómica y financiera del país', en: 'Art. 19 h) Macroeconomic and financial stability' }, synonyms: ['19h', '19 h', 'articulo 19 literal h', 'estabilidad macroeconomica'] },
  { code: '19i', label: { es: 'Art. 19 i) La salud pública', en: 'Art. 19 i) Public health' }, synonyms: ['19i', '19 i', 'articulo 19 literal i', 'salud publica'] },
  { code: '19par', label: { es: 'Art. 19 parágrafo: documentos del proceso deliberativo', en: 'Art. 19 paragraph: deliberative process documents' }, synonyms: ['19 paragrafo', 'paragrafo', 'proceso deliberativo'] },
]);

export const EXCEPTION_SCOPES = vocabulary('exception_scope', [
  { code: 'total', label: { es: 'Total', en: 'Total' }, synonyms: ['total'] },
  { code: 'parcial', label: { es: 'Parcial', en: 'Partial' }, synonyms: ['parcial'] },
]);

/** Ley 1581 de 2012 classes of personal data. */
export const PERSONAL_DATA_CLASSES = vocabulary('personal_data_class', [
  { code: 'ninguno', label: { es: 'No contiene datos personales', en: 'No personal data' }, synonyms: ['ninguno', 'no', 'no aplica', 'n/a', 'sin datos personales', 'no contiene'] },
  { code: 'publico', label: { es: 'Dato público', en: 'Public personal data' }, synonyms: ['publico', 'dato publico', 'publica'] },
  { code: 'semiprivado', label: { es: 'Dato semiprivado', en: 'Semi-private data' }, synonyms: ['semiprivado', 'dato semiprivado', 'semi privado', 'semiprivada'] },
  { code: 'privado', label: { es: 'Dato privado', en: 'Private data' }, synonyms: ['privado', 'dato privado', 'privada'] },
  { code: 'sensible', label: { es: 'Dato sensible', en: 'Sensitive data' }, synonyms: ['sensible', 'dato sensible', 'datos sensibles'] },
]);

export const LICENCES = vocabulary('licence', [
  { code: 'CC-BY-4.0', label: { es: 'Creative Commons Atribución 4.0', en: 'Creative Commons Attribution 4.0' }, synonyms: ['cc by 4.0', 'cc-by', 'cc by', 'creative commons atribucion', 'atribucion 4.0'], uri: 'https://creativecommons.org/licenses/by/4.0/' },
  { code: 'CC-BY-SA-4.0', label: { es: 'Creative Commons Atribución-CompartirIgual 4.0', en: 'Creative Commons Attribution-ShareAlike 4.0' }, synonyms: ['cc by-sa 4.0', 'cc-by-sa', 'cc by sa', 'atribucion compartir igual'], uri: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  { code: 'CC0-1.0', label: { es: 'Dominio público (CC0 1.0)', en: 'Public domain (CC0 1.0)' }, synonyms: ['cc0', 'dominio publico', 'cc zero'], uri: 'https://creativecommons.org/publicdomain/zero/1.0/' },
  { code: 'ODC-BY-1.0', label: { es: 'Open Data Commons Atribución 1.0', en: 'Open Data Commons Attribution 1.0' }, synonyms: ['odc-by', 'odc by'], uri: 'https://opendatacommons.org/licenses/by/1-0/' },
  { code: 'ODbL-1.0', label: { es: 'Open Database License 1.0', en: 'Open Database License 1.0' }, synonyms: ['odbl'], uri: 'https://opendatacommons.org/licenses/odbl/1-0/' },
  { code: 'restringida', label: { es: 'Uso restringido (no es de libre uso)', en: 'Restricted use (not open)' }, synonyms: ['restringida', 'reservados', 'todos los derechos reservados', 'no aplica', 'uso restringido'] },
]);

export const LANGUAGES = vocabulary('language', [
  { code: 'es', label: { es: 'Español', en: 'Spanish' }, synonyms: ['es', 'espanol', 'castellano', 'spa', 'esp'] },
  { code: 'en', label: { es: 'Inglés', en: 'English' }, synonyms: ['en', 'ingles', 'english', 'eng'] },
  { code: 'pt', label: { es: 'Portugués', en: 'Portuguese' }, synonyms: ['pt', 'portugues'] },
  { code: 'fr', label: { es: 'Francés', en: 'French' }, synonyms: ['fr', 'frances'] },
  { code: 'guc', label: { es: 'Wayuunaiki', en: 'Wayuu' }, synonyms: ['wayuunaiki', 'wayuu'] },
  { code: 'pbb', label: { es: 'Nasa Yuwe', en: 'Páez (Nasa Yuwe)' }, synonyms: ['nasa yuwe', 'paez'] },
  { code: 'icr', label: { es: 'Creole de San Andrés', en: 'San Andrés Creole' }, synonyms: ['creole', 'criollo sanandresano'] },
  { code: 'mul', label: { es: 'Varios idiomas', en: 'Multiple languages' }, synonyms: ['varios', 'multilingue', 'espanol e ingles', 'espanol/ingles'] },
]);

export function term(vocab: Vocabulary, code: string | null | undefined): Term | undefined {
  return code ? vocab.terms.find((t) => t.code === code) : undefined;
}

export function labelOf(vocab: Vocabulary, code: string | null | undefined, lang: 'es' | 'en'): string {
  return term(vocab, code)?.label[lang] ?? code ?? '';
}

const indexes = new WeakMap<Vocabulary, Map<string, string>>();

/** Finds the code for a value written by a person: the code itself, a label, or a known synonym. */
export function matchTerm(vocab: Vocabulary, raw: string): string | undefined {
  let index = indexes.get(vocab);
  if (!index) {
    index = new Map();
    for (const t of vocab.terms) {
      for (const key of [t.code, t.label.es, t.label.en, ...(t.synonyms ?? [])]) {
        const folded = normalizeValue(key);
        if (!index.has(folded)) index.set(folded, t.code);
      }
    }
    indexes.set(vocab, index);
  }
  return index.get(normalizeValue(raw));
}

function normalizeValue(value: string): string {
  return fold(value).replace(/[.()]/g, '').replace(/\s+/g, ' ').trim();
}
