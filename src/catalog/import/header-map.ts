import { fold } from '../../core/text.ts';
import { ASSET_FIELDS, type AssetFieldKey } from '../asset-fields.ts';
import { cellText, type TableRow } from './read-table.ts';

/**
 * The spellings of each column found in real Registros de Activos de Información: MinTIC's template,
 * ministries' and mayors' offices' own spreadsheets, with or without accents, abbreviated.
 * Matching folds case, accents and punctuation, and ignores filler words.
 */
const SYNONYMS: Record<AssetFieldKey, string[]> = {
  code: ['id', 'identificador', 'codigo', 'cod', 'codigo del activo', 'id activo', 'no', 'numero', 'nro', 'consecutivo', 'item', 'n'],
  title: ['nombre o titulo de la categoria de informacion', 'nombre o titulo de la informacion', 'nombre de la categoria de informacion', 'nombre del activo', 'nombre del activo de informacion', 'titulo', 'nombre', 'activo', 'activo de informacion', 'categoria de informacion', 'nombre o titulo', 'title', 'name'],
  description: ['descripcion del contenido', 'descripcion del contenido de la categoria de informacion', 'descripcion', 'descripcion del activo', 'desc', 'contenido', 'description'],
  language: ['idioma', 'lengua', 'language'],
  medium: ['medio de conservacion y o soporte', 'medio de conservacion', 'soporte', 'medio de conservacion soporte', 'medio conserv', 'medio', 'medio de soporte', 'soporte de la informacion'],
  formats: ['formato', 'formatos', 'formato de la informacion', 'tipo de archivo', 'format'],
  availability: ['informacion publicada o disponible', 'publicada o disponible', 'publicada disponible', 'publicada', 'estado de publicacion', 'informacion publicada'],
  published_where: ['lugar de consulta', 'donde se publica', 'lugar de publicacion', 'ubicacion', 'lugar de consulta de la informacion', 'donde esta publicada'],
  link: ['enlace', 'link', 'url', 'vinculo', 'hipervinculo', 'enlace de consulta', 'enlace web', 'direccion web'],
  producer: ['responsable de la produccion de la informacion', 'nombre del responsable de la produccion de la informacion', 'responsable de la produccion', 'responsable produccion', 'productor', 'area productora', 'dependencia productora', 'area responsable'],
  owner: ['responsable de la informacion', 'nombre del responsable de la informacion', 'propietario', 'propietario del activo', 'responsable', 'dueno del activo', 'custodio'],
  generated_on: ['fecha de generacion de la informacion', 'fecha de generacion', 'fecha de creacion', 'fecha generacion', 'fecha de produccion'],
  update_frequency: ['frecuencia de actualizacion', 'periodicidad', 'periodicidad de actualizacion', 'frecuencia', 'actualizacion'],
  legal_class: ['clasificacion', 'clasificacion de la informacion', 'clasificacion ley 1712', 'clasificacion ley 1712 de 2014', 'tipo de informacion', 'calificacion', 'nivel de clasificacion', 'clasificacion segun ley 1712', 'clasificacion de acceso'],
  exception_ground: ['objetivo legitimo de la excepcion', 'objetivo legitimo', 'fundamento juridico de la excepcion', 'excepcion', 'causal de la excepcion', 'causal de reserva o clasificacion'],
  exception_norm: ['fundamento constitucional o legal', 'fundamento legal', 'fundamento constitucional', 'norma', 'base legal'],
  exception_scope: ['excepcion total o parcial', 'total o parcial', 'alcance de la excepcion'],
  classified_on: ['fecha de la calificacion', 'fecha de calificacion', 'fecha de clasificacion'],
  exception_until: ['plazo de la clasificacion o reserva', 'plazo de clasificacion o reserva', 'plazo', 'plazo de la reserva', 'termino de la reserva', 'vigencia de la reserva'],
  personal_data_class: ['datos personales', 'tipo de datos personales', 'clasificacion ley 1581', 'ley 1581', 'clase de dato personal', 'tipo de dato personal', 'contiene datos personales'],
  children_data: ['datos de ninos ninas y adolescentes', 'datos de menores', 'menores de edad', 'nna', 'datos de ninos', 'contiene datos de menores'],
  themes: ['tema', 'temas', 'categoria tematica', 'tematica', 'theme', 'eje tematico'],
  keywords: ['palabras clave', 'etiquetas', 'tags', 'keywords', 'descriptores'],
  spatial: ['cobertura geografica', 'cobertura espacial', 'ambito geografico', 'cobertura', 'cobertura territorial', 'divipola'],
  temporal_start: ['cobertura temporal desde', 'fecha inicial', 'fecha de inicio', 'periodo desde', 'desde'],
  temporal_end: ['cobertura temporal hasta', 'fecha final', 'fecha de fin', 'periodo hasta', 'hasta'],
  licence: ['licencia', 'licencia de uso', 'license', 'licence'],
  contact_name: ['punto de contacto', 'contacto', 'nombre de contacto'],
  contact_email: ['correo de contacto', 'correo electronico', 'email', 'correo', 'e mail'],
};

const FILLER = new Set(['de', 'la', 'el', 'los', 'las', 'del', 'y', 'o', 'e', 'en', 'u', 'a', 'para']);

export function normalizeHeader(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

function significant(text: string): string[] {
  return normalizeHeader(text).split(' ').filter((w) => w && !FILLER.has(w));
}

const EXACT = new Map<string, AssetFieldKey>();
for (const [field, names] of Object.entries(SYNONYMS) as [AssetFieldKey, string[]][]) {
  for (const name of names) EXACT.set(significant(name).join(' '), field);
  for (const spec of ASSET_FIELDS.filter((f) => f.key === field)) {
    EXACT.set(significant(spec.label.es).join(' '), field);
    EXACT.set(significant(spec.label.en).join(' '), field);
    EXACT.set(significant(spec.key.replace(/_/g, ' ')).join(' '), field);
  }
}

/** Words match when one is a prefix of the other ("conserv" ~ "conservacion", "desc" ~ "descripcion"). */
function wordsMatch(a: string, b: string): boolean {
  return a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));
}

export interface HeaderMatch {
  field: AssetFieldKey;
  /** 1 for a known spelling; less for a guess the user should confirm. */
  confidence: number;
}

/** The field a column header most likely means, if any. */
export function matchHeader(header: string): HeaderMatch | undefined {
  const words = significant(header);
  if (words.length === 0) return undefined;
  const exact = EXACT.get(words.join(' '));
  if (exact) return { field: exact, confidence: 1 };
  let best: HeaderMatch | undefined;
  for (const [known, field] of EXACT) {
    const knownWords = known.split(' ');
    const hits = words.filter((w) => knownWords.some((k) => wordsMatch(w, k))).length;
    const reverse = knownWords.filter((k) => words.some((w) => wordsMatch(w, k))).length;
    // Both directions must mostly agree: a long header that merely contains "fecha" is not a date field.
    const score = Math.min(hits / words.length, reverse / knownWords.length);
    if (score >= 0.6 && (!best || score > best.confidence)) best = { field, confidence: Math.round(score * 100) / 100 };
  }
  return best;
}

export interface ColumnMapping {
  index: number;
  header: string;
  field: AssetFieldKey | null;
  status: 'recognized' | 'guessed' | 'chosen' | 'unknown' | 'ignored';
  confidence: number;
}

function recognizedFields(row: TableRow): number {
  return new Set(row.cells.map((c) => matchHeader(cellText(c))).filter((m) => m && m.confidence >= 0.6).map((m) => m!.field)).size;
}

/** Picks the header row: the one among the first rows whose cells are most recognizable as fields. */
export function findHeaderRow(rows: TableRow[]): number {
  let bestIndex = 0;
  let bestScore = 0;
  rows.slice(0, 30).forEach((row, index) => {
    const score = recognizedFields(row);
    if (score > bestScore) {
      bestScore = score;
      bestIndex = index;
    }
  });
  return bestIndex;
}

/** How much a sheet looks like a Registro: the fields recognised in its best header row. */
export function registroScore(firstRows: TableRow[]): number {
  return Math.max(0, ...firstRows.map(recognizedFields));
}

/**
 * Maps each column to a field. `chosen` (header → field or "" to ignore) are the user's decisions and
 * always win; otherwise the best guesses are kept as long as no two columns claim the same field.
 */
export function mapColumns(headerRow: TableRow, chosen: Record<string, string> = {}): ColumnMapping[] {
  const chosenNormalized = new Map(Object.entries(chosen).map(([k, v]) => [normalizeHeader(k), v]));
  const columns: ColumnMapping[] = headerRow.cells.map((cell, index) => {
    const header = cellText(cell).replace(/\s+/g, ' ').trim();
    const decision = chosenNormalized.get(normalizeHeader(header));
    if (decision !== undefined) {
      const field = ASSET_FIELDS.find((f) => f.key === decision)?.key ?? null;
      return { index, header, field, status: field ? 'chosen' : 'ignored', confidence: 1 };
    }
    const match = header ? matchHeader(header) : undefined;
    if (!match) return { index, header, field: null, status: header ? 'unknown' : 'ignored', confidence: 0 };
    return { index, header, field: match.field, status: match.confidence === 1 ? 'recognized' : 'guessed', confidence: match.confidence };
  });
  // One column per field: the user's choice first, then the most confident guess, then the leftmost.
  const rank = (c: ColumnMapping) => (c.status === 'chosen' ? 2 : c.confidence);
  const byField = new Map<AssetFieldKey, ColumnMapping>();
  for (const column of columns) {
    if (!column.field) continue;
    const holder = byField.get(column.field);
    if (!holder || rank(column) > rank(holder)) {
      if (holder) Object.assign(holder, { field: null, status: 'unknown', confidence: 0 });
      byField.set(column.field, column);
    } else {
      Object.assign(column, { field: null, status: 'unknown', confidence: 0 });
    }
  }
  return columns;
}

/** A suggestion for a column the user must map: the closest field even under the threshold. */
export function suggestField(header: string): AssetFieldKey | null {
  const words = significant(header);
  let best: { field: AssetFieldKey; score: number } | null = null;
  for (const [known, field] of EXACT) {
    const knownWords = known.split(' ');
    const hits = words.filter((w) => knownWords.some((k) => wordsMatch(w, k))).length;
    const score = words.length ? hits / Math.max(words.length, knownWords.length) : 0;
    if (score > 0 && (!best || score > best.score)) best = { field, score };
  }
  return best?.field ?? null;
}
