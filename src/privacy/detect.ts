import type { Bilingual } from '../core/errors.ts';
import { fold } from '../core/text.ts';
import { nitCheckDigit } from '../catalog/nit.ts';
import { GIVEN_NAMES, SURNAMES } from './names.ts';

/**
 * Finds personal data in a table, column by column, from its header and its values, with validators for
 * Colombian identifiers and formats. Each finding says how sure it is and shows masked examples; each column
 * gets a suggested role (identifier, quasi-identifier, sensitive, other) that the steward may change.
 */

export type Kind =
  | 'email' | 'phone' | 'cedula' | 'cedula_extranjeria' | 'tarjeta_identidad' | 'nit' | 'passport'
  | 'address' | 'person_name' | 'birth_date' | 'coordinates' | 'free_text';

export type Role = 'identifier' | 'quasi_identifier' | 'sensitive' | 'other';

/** Ley 1581 de 2012 art. 5 sensitive categories, plus children's data (art. 7). */
export type SensitiveCategory = 'health' | 'ethnic_origin' | 'political' | 'religious' | 'sexual_life' | 'biometric' | 'union' | 'children';

export interface Finding {
  kind: Kind;
  /** 0–1: share of values that match, raised when the header says the same. */
  confidence: number;
  /** Values that matched, of the non-empty values read. */
  matches: number;
  examples: string[];
}

export interface ColumnReport {
  column: string;
  role: Role;
  sensitive: SensitiveCategory | null;
  findings: Finding[];
  reason: Bilingual;
}

export const KIND_LABELS: Record<Kind, Bilingual> = {
  email: { es: 'Correo electrónico', en: 'Email' },
  phone: { es: 'Teléfono', en: 'Phone number' },
  cedula: { es: 'Cédula de ciudadanía', en: 'Citizenship ID (cédula)' },
  cedula_extranjeria: { es: 'Cédula de extranjería', en: 'Foreigner ID' },
  tarjeta_identidad: { es: 'Tarjeta de identidad', en: 'Minor’s ID (tarjeta de identidad)' },
  nit: { es: 'NIT', en: 'Tax ID (NIT)' },
  passport: { es: 'Pasaporte', en: 'Passport' },
  address: { es: 'Dirección', en: 'Address' },
  person_name: { es: 'Nombre de persona', en: 'Person’s name' },
  birth_date: { es: 'Fecha de nacimiento', en: 'Birth date' },
  coordinates: { es: 'Coordenadas exactas', en: 'Exact coordinates' },
  free_text: { es: 'Texto libre con datos personales', en: 'Free text with personal data' },
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const EMAIL_IN = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
const digitsOf = (v: string) => v.replace(/[\s.()-]/g, '');

/** Mobile numbers start with 3 (10 digits); fixed lines since 2021 with 60 and the area digit (10 digits); +57 optional. */
function isPhone(value: string): boolean {
  if (!/^[+\d\s().-]{7,20}$/.test(value)) return false;
  let d = value.replace(/[^\d+]/g, '');
  if (d.startsWith('+57')) d = d.slice(3);
  else if (d.startsWith('+')) return false;
  else if (d.length === 12 && d.startsWith('57')) d = d.slice(2);
  return /^3[0-5]\d{8}$/.test(d) || /^60[1-8]\d{7}$/.test(d);
}
const PHONE_IN = /(?:\+57[\s-]?)?(?:3[0-5]\d|60[1-8])[\s.-]?\d{3}[\s.-]?\d{4}/;

/** A NIT with its verification digit (DIAN's weights), written 800197268-4 or 800.197.268-4. */
function isNit(value: string): boolean {
  const m = /^(\d{3}\.?\d{3}\.?\d{3})-(\d)$/.exec(value.trim());
  return Boolean(m) && nitCheckDigit(m![1]!.replace(/\./g, '')) === Number(m![2]);
}

const cedulaDigits = (value: string) => (/^(?:\d{1,3}(?:\.\d{3}){1,3}|\d{6,10})$/.test(value.trim()) ? value.trim().replace(/\./g, '') : '');
/** Cédulas have 6 to 10 digits (old ones from 1,000 up, new ones from 1,000,000,000). */
const isCedula = (value: string) => /^\d{6,10}$/.test(cedulaDigits(value)) && !/^0/.test(cedulaDigits(value));
const isTarjeta = (value: string) => /^\d{10,11}$/.test(digitsOf(value));
const isExtranjeria = (value: string) => /^\d{6,7}$/.test(digitsOf(value));
const isPassport = (value: string) => /^[A-Z]{1,3}\d{6,8}$/i.test(value.trim());

const ADDRESS = /\b(calle|cl|cll|carrera|cra|kra|kr|cr|avenida|av|ak|ac|diagonal|dg|transversal|tv|tr)\.?\s*\d+\s*[a-z]?\s*(bis)?\s*[a-z]?\s*(#|no\.?|n[°º]|num\.?)\s*\d+\s*[a-z]?\s*-\s*\d+/i;

function isPersonName(value: string): boolean {
  const words = fold(value).split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.length > 5 || words.some((w) => /\d/.test(w))) return false;
  return words.some((w) => GIVEN_NAMES.has(w)) && words.some((w) => SURNAMES.has(w));
}

const DATE = /^(\d{4}-\d{2}-\d{2}|\d{1,2}[/-]\d{1,2}[/-]\d{4})(?:[ T].*)?$/;
function yearOf(value: string): number | null {
  const iso = /^(\d{4})-\d{2}-\d{2}/.exec(value);
  if (iso) return Number(iso[1]);
  const dmy = /^\d{1,2}[/-]\d{1,2}[/-](\d{4})/.exec(value);
  return dmy ? Number(dmy[1]) : null;
}

/** Header words that say what a column holds (folded: lower case, no accents, words split by non-letters). */
const HEADER_HINTS: { kind: Kind; words: RegExp }[] = [
  { kind: 'email', words: /\b(correo|email|e mail|mail)\b/ },
  { kind: 'phone', words: /\b(telefono|tel|celular|movil|whatsapp|contacto)\b/ },
  { kind: 'tarjeta_identidad', words: /\b(tarjeta de identidad|ti)\b/ },
  { kind: 'cedula_extranjeria', words: /\b(extranjeria|ce)\b/ },
  { kind: 'passport', words: /\b(pasaporte|passport)\b/ },
  { kind: 'cedula', words: /\b(cedula|cc|documento|identificacion|num doc|numero de documento|no documento|id persona)\b/ },
  { kind: 'nit', words: /\bnit\b/ },
  { kind: 'address', words: /\b(direccion|domicilio|residencia)\b/ },
  { kind: 'person_name', words: /\b(nombre|nombres|apellido|apellidos|beneficiario|ciudadano|paciente|estudiante|afiliado)\b/ },
  { kind: 'birth_date', words: /\b(nacimiento|fecha nac|f nac|fnac|cumpleanos)\b/ },
  { kind: 'coordinates', words: /\b(lat|latitud|latitude|lon|lng|longitud|longitude|coordenada|coordenadas)\b/ },
];

const SENSITIVE_HINTS: { category: SensitiveCategory; words: RegExp }[] = [
  { category: 'health', words: /\b(diagnostico|enfermedad|salud|discapacidad|cie ?10|vih|sida|embarazo|medicamento|tratamiento|patologia|clinic[ao]|morbilidad)\b/ },
  { category: 'ethnic_origin', words: /\b(etnia|etnico|etnica|pertenencia etnica|raza|indigena|afrocolombiano|afro|rom|raizal|palenquero)\b/ },
  { category: 'political', words: /\b(partido|afiliacion politica|politic[ao]|voto)\b/ },
  { category: 'religious', words: /\b(religion|religios[ao]|credo|iglesia|culto)\b/ },
  { category: 'sexual_life', words: /\b(orientacion sexual|identidad de genero|vida sexual|lgbti)\b/ },
  { category: 'biometric', words: /\b(huella|biometric[ao]|dactilar|rostro|facial|iris)\b/ },
  { category: 'union', words: /\b(sindicato|sindical|afiliacion sindical)\b/ },
  { category: 'children', words: /\b(menor|menores|nino|nina|ninos|adolescente|infancia|primera infancia)\b/ },
];

/** Columns that, with others, single people out: they are not identifiers alone. */
const QUASI_HINTS = /\b(edad|sexo|genero|municipio|departamento|mpio|dpto|divipola|barrio|vereda|comuna|localidad|estrato|ocupacion|profesion|estado civil|nivel educativo|escolaridad|nacionalidad|codigo postal|fecha)\b/;

/** Keeps the first and last characters and hides the rest, so examples can be shown without disclosing. */
export function mask(value: string): string {
  const v = value.trim();
  if (v.includes('@') && !/\s/.test(v)) {
    const [user, domain] = v.split('@');
    return `${user!.slice(0, 1)}${'•'.repeat(Math.max(2, user!.length - 1))}@${domain}`;
  }
  if (v.length <= 4) return '•'.repeat(v.length);
  const keep = v.length > 8 ? 2 : 1;
  return v.slice(0, keep) + v.slice(keep, -keep).replace(/[\p{L}\p{N}]/gu, '•') + v.slice(-keep);
}

type Test = (value: string, values: string[]) => boolean;

const VALUE_TESTS: { kind: Kind; test: Test; needsHeader?: boolean }[] = [
  { kind: 'email', test: (v) => EMAIL.test(v) },
  { kind: 'phone', test: (v) => isPhone(v) },
  { kind: 'nit', test: (v) => isNit(v) },
  { kind: 'address', test: (v) => ADDRESS.test(v) },
  { kind: 'person_name', test: (v) => isPersonName(v) },
  { kind: 'passport', test: (v) => isPassport(v), needsHeader: true },
  { kind: 'tarjeta_identidad', test: (v) => isTarjeta(v), needsHeader: true },
  { kind: 'cedula_extranjeria', test: (v) => isExtranjeria(v), needsHeader: true },
  { kind: 'cedula', test: (v) => isCedula(v) },
  { kind: 'birth_date', test: (v) => DATE.test(v) && (yearOf(v) ?? 0) >= 1900 && (yearOf(v) ?? 9999) <= new Date().getUTCFullYear(), needsHeader: true },
  { kind: 'coordinates', test: (v) => /^-?\d{1,3}\.\d{4,}$/.test(v.trim()) || /^-?\d{1,2}\.\d{4,},\s*-?\d{1,3}\.\d{4,}$/.test(v.trim()), needsHeader: true },
];

const FREE_TEXT_TESTS: { kind: Kind; pattern: RegExp }[] = [
  { kind: 'email', pattern: EMAIL_IN },
  { kind: 'phone', pattern: PHONE_IN },
  { kind: 'address', pattern: ADDRESS },
  { kind: 'cedula', pattern: /\b(?:c\.?\s?c\.?|cedula|c[ée]dula)\s*(?:no\.?|n[°º])?\s*\d{1,3}(?:\.?\d{3}){1,3}\b/i },
];

/** Detects personal data in each column from its header and (a sample of) its values. */
export function detectPersonalData(header: string[], rows: string[][]): ColumnReport[] {
  return header.map((column, i) => {
    const name = fold(column).replace(/[^a-z0-9]+/g, ' ').trim();
    const values = rows.map((r) => (r[i] ?? '').trim()).filter((v) => v !== '');
    const hinted = new Set(HEADER_HINTS.filter((h) => h.words.test(name)).map((h) => h.kind));
    const findings: Finding[] = [];
    const distinct = new Set(values).size;
    for (const { kind, test, needsHeader } of VALUE_TESTS) {
      if (needsHeader && !hinted.has(kind)) continue;
      const matched = values.filter((v) => test(v, values));
      if (!matched.length) continue;
      const share = matched.length / values.length;
      // Numbers alone cannot tell a cédula from an amount or a count: without a header saying so, a column of
      // distinct plain numbers is only a possible cédula, shown for review, not a finding that blocks.
      const unhintedNumber = kind === 'cedula' && !hinted.has('cedula');
      if (unhintedNumber && (share < 0.9 || distinct / values.length < 0.9 || matched.some((v) => v.includes('.')))) continue;
      const confidence = unhintedNumber ? Math.min(0.5, share / 2) : Math.min(1, share + (hinted.has(kind) ? 0.3 : 0));
      if (share < 0.5 && !(hinted.has(kind) && share >= 0.2)) continue;
      findings.push({ kind, confidence: Math.round(confidence * 100) / 100, matches: matched.length, examples: [...new Set(matched)].slice(0, 3).map(mask) });
    }
    const averageLength = values.reduce((s, v) => s + v.length, 0) / Math.max(1, values.length);
    if (!findings.length && averageLength > 30) {
      const found = FREE_TEXT_TESTS.map(({ kind, pattern }) => ({ kind, hits: values.filter((v) => pattern.test(v)) })).filter((f) => f.hits.length);
      const hits = new Set(found.flatMap((f) => f.hits));
      if (hits.size) {
        findings.push({ kind: 'free_text', confidence: Math.round(Math.min(1, 0.5 + hits.size / values.length) * 100) / 100, matches: hits.size, examples: [...hits].slice(0, 3).map((v) => mask(v.slice(0, 60))) });
      }
    }
    findings.sort((a, b) => b.confidence - a.confidence);
    const category = SENSITIVE_HINTS.find((h) => h.words.test(name))?.category ?? null;
    let role: Role = 'other';
    let reason: Bilingual = { es: 'Sin datos personales reconocidos.', en: 'No personal data recognised.' };
    const top = findings[0];
    const companies = top?.kind === 'nit' && values.filter(isNit).every((v) => /^[89]/.test(v));
    const sure = top && top.confidence >= 0.6 ? top : undefined;
    if (companies) {
      reason = { es: 'NIT de personas jurídicas (empiezan por 8 o 9): no son datos personales.', en: 'NITs of legal persons (starting with 8 or 9): not personal data.' };
    } else if (sure && sure.kind !== 'birth_date') {
      role = 'identifier';
      reason = { es: `${KIND_LABELS[sure.kind].es}: identifica a una persona directamente.`, en: `${KIND_LABELS[sure.kind].en}: identifies a person directly.` };
    } else if (category) {
      role = 'sensitive';
      reason = { es: 'Dato sensible según la Ley 1581 de 2012 por su contenido.', en: 'Sensitive data under Ley 1581 de 2012 by its content.' };
    } else if (sure?.kind === 'birth_date' || QUASI_HINTS.test(name)) {
      role = 'quasi_identifier';
      reason = { es: 'Junto con otros datos puede señalar a una persona.', en: 'With other data it can single a person out.' };
    } else if (top) {
      reason = { es: `Posible ${KIND_LABELS[top.kind].es.toLowerCase()} (solo por sus valores): revise la columna.`, en: `Possible ${KIND_LABELS[top.kind].en.toLowerCase()} (from its values alone): review the column.` };
    }
    return { column, role, sensitive: category, findings, reason };
  });
}
