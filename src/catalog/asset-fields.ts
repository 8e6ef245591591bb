import type { Bilingual } from '../core/errors.ts';
import type { Problems } from '../core/errors.ts';
import type { AssetsTable } from '../store/schema.ts';
import type { Divipola } from './divipola.ts';
import {
  AVAILABILITY, EXCEPTION_GROUNDS, EXCEPTION_SCOPES, FORMATS, FREQUENCIES, LANGUAGES, LEGAL_CLASSES,
  LICENCES, MEDIA, PERSONAL_DATA_CLASSES, THEMES, matchTerm, type Vocabulary,
} from './vocabularies.ts';

export type AssetFieldKey =
  | 'code' | 'title' | 'description' | 'language' | 'medium' | 'formats' | 'availability' | 'published_where'
  | 'link' | 'producer' | 'owner' | 'generated_on' | 'update_frequency' | 'legal_class' | 'exception_ground'
  | 'exception_norm' | 'exception_scope' | 'classified_on' | 'exception_until' | 'personal_data_class'
  | 'children_data' | 'themes' | 'keywords' | 'spatial' | 'temporal_start' | 'temporal_end' | 'licence'
  | 'contact_name' | 'contact_email';

export type AssetFields = Pick<AssetsTable, AssetFieldKey>;

export type FieldKind = 'text' | 'longtext' | 'choice' | 'choices' | 'date' | 'url' | 'email' | 'boolean' | 'list' | 'places';

export interface FieldSpec {
  key: AssetFieldKey;
  label: Bilingual;
  kind: FieldKind;
  vocabulary?: Vocabulary;
  /** Required by the Registro de Activos de Información (Decreto 1081 de 2015). */
  required?: boolean;
  /** Part of the classification: only a data steward changes it once set. */
  classification?: boolean;
  help?: Bilingual;
  group: 'registro' | 'responsables' | 'clasificacion' | 'dcat';
}

export const ASSET_FIELDS: FieldSpec[] = [
  { key: 'code', group: 'registro', kind: 'text', label: { es: 'Identificador', en: 'Identifier' }, help: { es: 'Código interno del activo en la entidad (opcional).', en: "The entity's own code for the asset (optional)." } },
  { key: 'title', group: 'registro', kind: 'text', required: true, label: { es: 'Nombre o título de la categoría de información', en: 'Name or title of the information category' } },
  { key: 'description', group: 'registro', kind: 'longtext', required: true, label: { es: 'Descripción del contenido', en: 'Description of the content' } },
  { key: 'language', group: 'registro', kind: 'choice', vocabulary: LANGUAGES, required: true, label: { es: 'Idioma', en: 'Language' } },
  { key: 'medium', group: 'registro', kind: 'choice', vocabulary: MEDIA, required: true, label: { es: 'Medio de conservación y/o soporte', en: 'Storage medium' } },
  { key: 'formats', group: 'registro', kind: 'choices', vocabulary: FORMATS, required: true, label: { es: 'Formato', en: 'Format' } },
  { key: 'availability', group: 'registro', kind: 'choice', vocabulary: AVAILABILITY, required: true, label: { es: 'Información publicada o disponible', en: 'Information published or available' } },
  { key: 'published_where', group: 'registro', kind: 'text', label: { es: 'Lugar de consulta', en: 'Where to consult it' }, help: { es: 'Dónde está publicada o dónde se consulta (sitio web, sede, archivo).', en: 'Where it is published or can be consulted (website, office, archive).' } },
  { key: 'link', group: 'registro', kind: 'url', label: { es: 'Enlace', en: 'Link' } },
  { key: 'producer', group: 'responsables', kind: 'text', label: { es: 'Responsable de la producción de la información', en: 'Responsible for producing the information' } },
  { key: 'owner', group: 'responsables', kind: 'text', label: { es: 'Responsable de la información', en: 'Responsible for the information' } },
  { key: 'generated_on', group: 'responsables', kind: 'date', label: { es: 'Fecha de generación de la información', en: 'Date the information was generated' } },
  { key: 'update_frequency', group: 'responsables', kind: 'choice', vocabulary: FREQUENCIES, label: { es: 'Frecuencia de actualización', en: 'Update frequency' } },
  { key: 'legal_class', group: 'clasificacion', kind: 'choice', vocabulary: LEGAL_CLASSES, classification: true, label: { es: 'Clasificación (Ley 1712 de 2014)', en: 'Classification (Law 1712 of 2014)' } },
  { key: 'exception_ground', group: 'clasificacion', kind: 'choice', vocabulary: EXCEPTION_GROUNDS, classification: true, label: { es: 'Objetivo legítimo de la excepción', en: 'Legitimate aim of the exception' } },
  { key: 'exception_norm', group: 'clasificacion', kind: 'text', classification: true, label: { es: 'Fundamento constitucional o legal', en: 'Constitutional or legal basis' } },
  { key: 'exception_scope', group: 'clasificacion', kind: 'choice', vocabulary: EXCEPTION_SCOPES, classification: true, label: { es: 'Excepción total o parcial', en: 'Total or partial exception' } },
  { key: 'classified_on', group: 'clasificacion', kind: 'date', classification: true, label: { es: 'Fecha de la calificación', en: 'Date of the classification' } },
  { key: 'exception_until', group: 'clasificacion', kind: 'date', classification: true, label: { es: 'Plazo de la clasificación o reserva', en: 'Term of the classification or reserve' }, help: { es: 'Fecha, o «15 años» (contados desde la calificación). La reserva no puede superar 15 años.', en: 'A date, or "15 años" (from the classification date). A reserve cannot exceed 15 years.' } },
  { key: 'personal_data_class', group: 'clasificacion', kind: 'choice', vocabulary: PERSONAL_DATA_CLASSES, classification: true, label: { es: 'Datos personales (Ley 1581 de 2012)', en: 'Personal data (Law 1581 of 2012)' } },
  { key: 'children_data', group: 'clasificacion', kind: 'boolean', classification: true, label: { es: 'Contiene datos de niños, niñas o adolescentes', en: "Contains children's data" } },
  { key: 'themes', group: 'dcat', kind: 'choices', vocabulary: THEMES, label: { es: 'Temas', en: 'Themes' } },
  { key: 'keywords', group: 'dcat', kind: 'list', label: { es: 'Palabras clave', en: 'Keywords' }, help: { es: 'Separadas por comas.', en: 'Separated by commas.' } },
  { key: 'spatial', group: 'dcat', kind: 'places', label: { es: 'Cobertura geográfica', en: 'Spatial coverage' }, help: { es: 'Códigos o nombres DIVIPOLA separados por comas (ej. 05, 05001, Bogotá); CO para todo el país.', en: 'DIVIPOLA codes or names separated by commas (e.g. 05, 05001, Bogotá); CO for the whole country.' } },
  { key: 'temporal_start', group: 'dcat', kind: 'date', label: { es: 'Cobertura temporal: desde', en: 'Temporal coverage: from' } },
  { key: 'temporal_end', group: 'dcat', kind: 'date', label: { es: 'Cobertura temporal: hasta', en: 'Temporal coverage: to' } },
  { key: 'licence', group: 'dcat', kind: 'choice', vocabulary: LICENCES, label: { es: 'Licencia', en: 'Licence' } },
  { key: 'contact_name', group: 'dcat', kind: 'text', label: { es: 'Punto de contacto', en: 'Contact point' } },
  { key: 'contact_email', group: 'dcat', kind: 'email', label: { es: 'Correo del punto de contacto', en: 'Contact point email' } },
];

export const FIELD_BY_KEY = new Map(ASSET_FIELDS.map((f) => [f.key, f]));
export const FIELD_KEYS = ASSET_FIELDS.map((f) => f.key);
export const CLASSIFICATION_KEYS = ASSET_FIELDS.filter((f) => f.classification).map((f) => f.key);

export const COUNTRY_CODE = 'CO';
const RESERVE_MAX_YEARS = 15;

/** A non-blocking remark about a value that was assumed or corrected. */
export interface Warning {
  field: AssetFieldKey;
  message: Bilingual;
}

/** Whether a blank Ley 1712 or Ley 1581 class was assumed (public; no personal data) rather than stated. */
export const classificationAssumed = (warnings: Warning[]) => warnings.some((w) => w.field === 'legal_class' || w.field === 'personal_data_class');

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
const str = (v: unknown) => (isBlank(v) ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).trim());

function splitList(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(splitList);
  return str(v)
    .split(/[,;\n|]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Dates as people write them in Colombia: 2024-03-31, 31/03/2024, 31-03-2024, a year alone, or a
 * spreadsheet date (a Date object or an Excel serial number). `end` makes a lone year mean 31 December.
 */
export function parseDate(value: unknown, end = false): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value === 'number' && value > 20000 && value < 80000) {
    return new Date(Math.round((value - 25569) * 86400_000)).toISOString().slice(0, 10);
  }
  const s = str(value);
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?$/.exec(s);
  if (m) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return isoDate(+m[3]!, +m[2]!, +m[1]!);
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(s);
  if (m) return isoDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{4})$/.exec(s);
  if (m) return end ? `${m[1]}-12-31` : `${m[1]}-01-01`;
  m = /^(\d{1,2})[/-](\d{4})$/.exec(s);
  if (m) {
    const month = +m[1]!;
    if (month < 1 || month > 12) return undefined;
    const last = new Date(Date.UTC(+m[2]!, month, 0)).getUTCDate();
    return isoDate(+m[2]!, month, end ? last : 1);
  }
  return undefined;
}

/** "Artículo 18, literal a) de la Ley 1712 de 2014" → "18a", as Índices usually cite the ground. */
function groundFromText(text: string): string | undefined {
  const direct = matchTerm(EXCEPTION_GROUNDS, text);
  if (direct) return direct;
  const folded = text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
  const article = /\b(?:art(?:iculo|\.)?\s*)?(18|19)\b/.exec(folded);
  if (!article) return undefined;
  const rest = folded.slice(article.index + article[0].length);
  if (article[1] === '19' && /^\W*paragrafo/.test(rest)) return '19par';
  const letter = /^[\s,.;:-]*(?:(?:literal|lit\.?|numeral)\s*)?([a-i])\b/.exec(rest);
  const code = letter ? `${article[1]}${letter[1]}` : undefined;
  return code && EXCEPTION_GROUNDS.terms.some((t) => t.code === code) ? code : undefined;
}

const TRUE = new Set(['si', 'sí', 's', 'x', 'true', '1', 'yes', 'y', 'verdadero']);
const FALSE = new Set(['no', 'n', 'false', '0', 'falso', '']);

function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return isoDate(y + years, m, d) ?? `${y + years}-${pad(m)}-28`;
}

/**
 * Turns what a person typed (form, API, spreadsheet cell) into valid asset fields, reporting every
 * problem with the field it belongs to. The same rules apply everywhere an asset is written.
 */
export function normalizeAssetFields(
  raw: Partial<Record<AssetFieldKey, unknown>>,
  divipola: Divipola,
  problems: Problems,
  today: string,
): { fields: AssetFields; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const label = (key: AssetFieldKey) => FIELD_BY_KEY.get(key)!.label;
  const need = (key: AssetFieldKey) =>
    problems.add(key, { es: `«${label(key).es}» es obligatorio.`, en: `"${label(key).en}" is required.` });

  const text = (key: AssetFieldKey, max: number, required = false): string | null => {
    const value = str(raw[key]).replace(/\s+/g, ' ');
    if (!value) {
      if (required) need(key);
      return null;
    }
    if (value.length > max) {
      problems.add(key, { es: `«${label(key).es}» admite como máximo ${max} caracteres (tiene ${value.length}).`, en: `"${label(key).en}" allows at most ${max} characters (it has ${value.length}).` }, value);
    }
    return value;
  };

  const choice = (key: AssetFieldKey, vocab: Vocabulary, required = false): string | null => {
    const value = str(raw[key]);
    if (!value) {
      if (required) need(key);
      return null;
    }
    const code = matchTerm(vocab, value);
    if (!code) {
      problems.add(key, {
        es: `«${value}» no es un valor válido de «${label(key).es}». Valores válidos: ${vocab.terms.map((t) => t.label.es).join('; ')}.`,
        en: `"${value}" is not a valid value of "${label(key).en}". Valid values: ${vocab.terms.map((t) => t.label.en).join('; ')}.`,
      }, value);
      return null;
    }
    return code;
  };

  const choices = (key: AssetFieldKey, vocab: Vocabulary, required = false): string[] => {
    const values = splitList(raw[key]);
    // "PDF / Excel" and "PDF y Word" are common in Registros.
    const parts = values.flatMap((v) => (matchTerm(vocab, v) ? [v] : v.split(/\s*(?:\/|\by\b|\be\b|\+)\s*/i).filter(Boolean)));
    if (parts.length === 0 && required) need(key);
    const codes: string[] = [];
    for (const part of parts) {
      const code = matchTerm(vocab, part);
      if (code) {
        if (!codes.includes(code)) codes.push(code);
      } else {
        problems.add(key, {
          es: `«${part}» no es un valor reconocido de «${label(key).es}». Use, por ejemplo: ${vocab.terms.slice(0, 8).map((t) => t.code).join(', ')}.`,
          en: `"${part}" is not a recognised value of "${label(key).en}". Use, for example: ${vocab.terms.slice(0, 8).map((t) => t.code).join(', ')}.`,
        }, part);
      }
    }
    return codes;
  };

  const date = (key: AssetFieldKey, end = false): string | null => {
    const value = raw[key];
    if (isBlank(value)) return null;
    const parsed = parseDate(value, end);
    if (!parsed) {
      problems.add(key, { es: `«${str(value)}» no es una fecha válida (use dd/mm/aaaa o aaaa-mm-dd).`, en: `"${str(value)}" is not a valid date (use dd/mm/yyyy or yyyy-mm-dd).` }, value);
      return null;
    }
    return parsed;
  };

  const url = (key: AssetFieldKey): string | null => {
    const value = text(key, 2000);
    if (value && !/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(value)) {
      problems.add(key, { es: `«${value}» no es un enlace válido (debe empezar por https:// o http://).`, en: `"${value}" is not a valid link (it must start with https:// or http://).` }, value);
    }
    return value;
  };

  const fields = {} as AssetFields;
  fields.code = text('code', 50);
  fields.title = text('title', 300, true) ?? '';
  if (fields.title && fields.title.length < 3) {
    problems.add('title', { es: 'El nombre debe tener al menos 3 caracteres.', en: 'The name must have at least 3 characters.' }, fields.title);
  }
  fields.description = text('description', 5000, true) ?? '';

  const language = choice('language', LANGUAGES);
  if (!language && isBlank(raw.language)) warnings.push({ field: 'language', message: { es: 'Sin idioma: se asume español.', en: 'No language: Spanish assumed.' } });
  fields.language = language ?? 'es';

  fields.medium = (choice('medium', MEDIA, true) ?? 'electronico') as AssetFields['medium'];
  fields.formats = choices('formats', FORMATS, true);
  fields.availability = (choice('availability', AVAILABILITY, true) ?? 'disponible') as AssetFields['availability'];
  fields.published_where = text('published_where', 500);
  fields.link = url('link');
  if (fields.availability === 'publicada' && !fields.link && !fields.published_where) {
    problems.add('published_where', {
      es: 'La información publicada debe indicar dónde: un enlace o un lugar de consulta.',
      en: 'Published information must say where: a link or a place to consult it.',
    });
  }
  fields.producer = text('producer', 300);
  fields.owner = text('owner', 300);
  fields.generated_on = date('generated_on');
  if (fields.generated_on && fields.generated_on > today) {
    problems.add('generated_on', { es: 'La fecha de generación no puede ser futura.', en: 'The generation date cannot be in the future.' }, fields.generated_on);
  }
  fields.update_frequency = choice('update_frequency', FREQUENCIES);

  // Classification (Ley 1712 de 2014 and Ley 1581 de 2012).
  let legal = choice('legal_class', LEGAL_CLASSES) as AssetFields['legal_class'] | null;
  if (!legal && isBlank(raw.legal_class)) {
    warnings.push({ field: 'legal_class', message: { es: 'Sin clasificación: se asume información pública (revise con el responsable de datos).', en: 'No classification: public information assumed (check with the data steward).' } });
  }
  legal ??= 'publica';
  fields.legal_class = legal;
  fields.exception_ground = str(raw.exception_ground) ? (groundFromText(str(raw.exception_ground)) ?? choice('exception_ground', EXCEPTION_GROUNDS)) : null;
  fields.exception_norm = text('exception_norm', 500);
  fields.exception_scope = choice('exception_scope', EXCEPTION_SCOPES) as AssetFields['exception_scope'];
  fields.classified_on = date('classified_on');

  const until = str(raw.exception_until);
  const termYears = /^(\d{1,2})\s*(años|anos|año|ano|years?)$/i.exec(until);
  const unlimited = /^(ilimitad[oa]|indefinid[oa]|sin (término|termino|plazo)|no aplica|n\/a)$/i.test(until);
  if (termYears) fields.exception_until = addYears(fields.classified_on ?? today, Number(termYears[1]));
  else if (unlimited) fields.exception_until = null;
  else fields.exception_until = date('exception_until');

  if (legal === 'publica') {
    for (const key of ['exception_ground', 'exception_scope', 'exception_until'] as const) {
      if (fields[key]) {
        problems.add(key, {
          es: 'La información pública no tiene excepción: deje este campo vacío o clasifique la información como clasificada o reservada.',
          en: 'Public information has no exception: leave this field empty or classify the information as classified or reserved.',
        }, fields[key]);
      }
    }
  } else {
    const article = legal === 'clasificada' ? '18' : '19';
    if (!fields.exception_ground) {
      problems.add('exception_ground', {
        es: `La información ${legal === 'clasificada' ? 'pública clasificada' : 'pública reservada'} debe indicar su objetivo legítimo (Ley 1712 de 2014, art. ${article}).`,
        en: `${legal === 'clasificada' ? 'Classified' : 'Reserved'} information must state its legitimate aim (Law 1712 of 2014, art. ${article}).`,
      });
    } else if (!fields.exception_ground.startsWith(article)) {
      problems.add('exception_ground', {
        es: `La información ${legal === 'clasificada' ? 'clasificada se funda en el art. 18' : 'reservada se funda en el art. 19'} de la Ley 1712; el objetivo elegido es de otro artículo.`,
        en: `${legal === 'clasificada' ? 'Classified information rests on art. 18' : 'Reserved information rests on art. 19'} of Law 1712; the chosen aim belongs to another article.`,
      }, fields.exception_ground);
    }
    if (!fields.exception_scope) {
      problems.add('exception_scope', { es: 'Indique si la excepción es total o parcial.', en: 'State whether the exception is total or partial.' });
    }
    fields.exception_norm ??= `Ley 1712 de 2014, art. ${article}`;
    if (legal === 'reservada') {
      if (!fields.exception_until) {
        problems.add('exception_until', { es: 'La información reservada debe tener un plazo (máximo 15 años, Ley 1712 art. 22).', en: 'Reserved information must have a term (at most 15 years, Law 1712 art. 22).' });
      } else if (fields.exception_until > addYears(fields.classified_on ?? today, RESERVE_MAX_YEARS)) {
        problems.add('exception_until', { es: 'La reserva no puede durar más de 15 años desde la calificación (Ley 1712, art. 22).', en: 'A reserve cannot last more than 15 years from the classification (Law 1712, art. 22).' }, fields.exception_until);
      }
    }
  }

  const personal = choice('personal_data_class', PERSONAL_DATA_CLASSES) as AssetFields['personal_data_class'] | null;
  if (!personal && isBlank(raw.personal_data_class)) {
    warnings.push({ field: 'personal_data_class', message: { es: 'Sin clase de datos personales: se asume que no contiene datos personales.', en: 'No personal-data class: no personal data assumed.' } });
  }
  fields.personal_data_class = personal ?? 'ninguno';

  const children = str(raw.children_data).toLowerCase();
  if (typeof raw.children_data === 'boolean') fields.children_data = raw.children_data;
  else if (TRUE.has(children)) fields.children_data = true;
  else if (FALSE.has(children)) fields.children_data = false;
  else {
    problems.add('children_data', { es: `«${children}» no es sí o no.`, en: `"${children}" is not yes or no.` }, children);
    fields.children_data = false;
  }
  if (legal === 'publica' && (['privado', 'sensible'].includes(fields.personal_data_class) || fields.children_data)) {
    problems.add('legal_class', {
      es: 'La información con datos personales privados o sensibles, o con datos de niños, niñas y adolescentes, es pública clasificada (Ley 1712, art. 18 a) o reservada; no puede ser pública.',
      en: "Information with private or sensitive personal data, or children's data, is classified (Law 1712, art. 18 a) or reserved; it cannot be public.",
    }, legal);
  }

  fields.themes = choices('themes', THEMES);
  fields.keywords = [...new Set(splitList(raw.keywords).map((k) => k.slice(0, 60)))].slice(0, 30);
  fields.spatial = [];
  for (const place of splitList(raw.spatial)) {
    const folded = place.toLowerCase();
    if (['co', 'colombia', 'nacional', 'todo el pais', 'todo el país'].includes(folded)) {
      if (!fields.spatial.includes(COUNTRY_CODE)) fields.spatial.push(COUNTRY_CODE);
      continue;
    }
    const byCode = divipola.normalize(place);
    const byName = byCode ? [byCode] : divipola.findByName(place);
    if (byName.length === 1) {
      if (!fields.spatial.includes(byName[0]!)) fields.spatial.push(byName[0]!);
    } else if (byName.length > 1) {
      problems.add('spatial', {
        es: `«${place}» es ambiguo (${byName.map((c) => `${divipola.label(c)} ${c}`).join(', ')}): use el código DIVIPOLA.`,
        en: `"${place}" is ambiguous (${byName.map((c) => `${divipola.label(c)} ${c}`).join(', ')}): use the DIVIPOLA code.`,
      }, place);
    } else {
      problems.add('spatial', { es: `«${place}» no es un código ni un nombre DIVIPOLA.`, en: `"${place}" is not a DIVIPOLA code or name.` }, place);
    }
  }
  fields.temporal_start = date('temporal_start');
  fields.temporal_end = date('temporal_end', true);
  if (fields.temporal_start && fields.temporal_end && fields.temporal_start > fields.temporal_end) {
    problems.add('temporal_end', { es: 'La cobertura temporal termina antes de empezar.', en: 'The temporal coverage ends before it starts.' }, fields.temporal_end);
  }
  fields.licence = choice('licence', LICENCES);
  fields.contact_name = text('contact_name', 200);
  fields.contact_email = text('contact_email', 200)?.toLowerCase() ?? null;
  if (fields.contact_email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(fields.contact_email)) {
    problems.add('contact_email', { es: 'El correo de contacto no es válido.', en: 'The contact email is not valid.' }, fields.contact_email);
  }
  return { fields, warnings };
}
