/**
 * Frictionless Table Schema v2 cell casting: a text cell becomes a typed value, or the reason it cannot.
 * Missing values (default [""]) become null before casting.
 */
export interface FieldDescriptor {
  name: string;
  type?: string;
  format?: string;
  title?: string;
  description?: string;
  decimalChar?: string;
  groupChar?: string;
  bareNumber?: boolean;
  trueValues?: string[];
  falseValues?: string[];
  constraints?: {
    required?: boolean;
    unique?: boolean;
    minLength?: number;
    maxLength?: number;
    minimum?: number | string;
    maximum?: number | string;
    exclusiveMinimum?: number | string;
    exclusiveMaximum?: number | string;
    pattern?: string;
    enum?: unknown[];
  };
}

export type Cast = { ok: true; value: unknown } | { ok: false };

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const YEAR = /^\d{4}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DEFAULT_TRUE = ['true', 'True', 'TRUE', '1'];
const DEFAULT_FALSE = ['false', 'False', 'FALSE', '0'];

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The regular expression (without anchors) a strptime-like pattern accepts, and its parts in order. */
export function patternToRegex(pattern: string): { source: string; parts: string[] } | undefined {
  let source = '';
  const parts: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '%' && i + 1 < pattern.length) {
      const code = pattern[++i]!;
      const sizes: Record<string, string> = { Y: '([0-9]{4})', y: '([0-9]{2})', m: '([0-9]{1,2})', d: '([0-9]{1,2})', H: '([0-9]{1,2})', M: '([0-9]{2})', S: '([0-9]{2})' };
      if (!sizes[code]) return undefined;
      source += sizes[code];
      parts.push(code);
    } else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return { source, parts };
}

/** strptime-like patterns of Table Schema (%Y %m %d %H %M %S %y), as in "%d/%m/%Y". */
function parsePattern(text: string, pattern: string): Date | undefined {
  const compiled = patternToRegex(pattern);
  if (!compiled) return undefined;
  const { source: regex, parts } = compiled;
  const match = new RegExp(`^${regex}$`).exec(text);
  if (!match) return undefined;
  const v: Record<string, number> = { Y: 1970, m: 1, d: 1, H: 0, M: 0, S: 0 };
  parts.forEach((p, i) => (v[p === 'y' ? 'Y' : p] = p === 'y' ? 2000 + Number(match[i + 1]) : Number(match[i + 1])));
  if (!validDate(v.Y!, v.m!, v.d!) || v.H! > 23 || v.M! > 59 || v.S! > 59) return undefined;
  return new Date(Date.UTC(v.Y!, v.m! - 1, v.d!, v.H!, v.M!, v.S!));
}

function numberText(field: FieldDescriptor, raw: string): string | undefined {
  let text = raw;
  if (field.groupChar) text = text.split(field.groupChar).join('');
  if (field.decimalChar && field.decimalChar !== '.') text = text.replace(field.decimalChar, '.');
  if (field.bareNumber === false) text = text.replace(/^[^\d+-.]+|[^\d.]+$/g, '');
  return text;
}

export function castCell(field: FieldDescriptor, raw: string): Cast {
  const type = field.type ?? 'any';
  switch (type) {
    case 'string': {
      if (field.format === 'email' && !EMAIL.test(raw)) return { ok: false };
      if (field.format === 'uuid' && !UUID.test(raw)) return { ok: false };
      if (field.format === 'uri') {
        try {
          new URL(raw);
        } catch {
          return { ok: false };
        }
      }
      return { ok: true, value: raw };
    }
    case 'integer': {
      const text = numberText(field, raw);
      if (!text || !INTEGER.test(text)) return { ok: false };
      const value = Number(text);
      return Number.isSafeInteger(value) ? { ok: true, value } : { ok: true, value: BigInt(text) };
    }
    case 'number': {
      const text = numberText(field, raw);
      if (text && NUMBER.test(text)) return { ok: true, value: Number(text) };
      if (['NaN', 'INF', '-INF'].includes(raw)) return { ok: true, value: raw === 'NaN' ? NaN : raw === 'INF' ? Infinity : -Infinity };
      return { ok: false };
    }
    case 'boolean': {
      if ((field.trueValues ?? DEFAULT_TRUE).includes(raw)) return { ok: true, value: true };
      if ((field.falseValues ?? DEFAULT_FALSE).includes(raw)) return { ok: true, value: false };
      return { ok: false };
    }
    case 'date': {
      if (field.format && field.format !== 'default' && field.format !== 'any') {
        const date = parsePattern(raw, field.format);
        return date ? { ok: true, value: date.toISOString().slice(0, 10) } : { ok: false };
      }
      const m = DATE.exec(raw);
      return m && validDate(Number(m[1]), Number(m[2]), Number(m[3])) ? { ok: true, value: raw } : { ok: false };
    }
    case 'datetime': {
      if (field.format && field.format !== 'default' && field.format !== 'any') {
        const date = parsePattern(raw, field.format);
        return date ? { ok: true, value: date.toISOString() } : { ok: false };
      }
      return DATETIME.test(raw) && !Number.isNaN(Date.parse(raw)) ? { ok: true, value: raw } : { ok: false };
    }
    case 'time':
      return TIME.test(raw) && Number(raw.slice(0, 2)) < 24 && Number(raw.slice(3, 5)) < 60 && Number(raw.slice(6, 8)) < 60 ? { ok: true, value: raw } : { ok: false };
    case 'year':
      return YEAR.test(raw) ? { ok: true, value: Number(raw) } : { ok: false };
    case 'yearmonth':
      return /^\d{4}-(0[1-9]|1[0-2])$/.test(raw) ? { ok: true, value: raw } : { ok: false };
    case 'object':
    case 'array':
    case 'geojson': {
      try {
        const value = JSON.parse(raw);
        const ok = type === 'array' ? Array.isArray(value) : value !== null && typeof value === 'object' && !Array.isArray(value);
        return ok ? { ok: true, value } : { ok: false };
      } catch {
        return { ok: false };
      }
    }
    case 'duration':
      return /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/.test(raw) ? { ok: true, value: raw } : { ok: false };
    default:
      return { ok: true, value: raw };
  }
}

const comparable = (field: FieldDescriptor, bound: number | string): unknown => {
  if (typeof bound === 'number') return bound;
  const cast = castCell(field, String(bound));
  return cast.ok ? cast.value : bound;
};

/** The constraints a (non-null) value breaks, by their Table Schema names. */
export function brokenConstraints(field: FieldDescriptor, value: unknown, raw: string): string[] {
  const c = field.constraints;
  if (!c) return [];
  const broken: string[] = [];
  const length = Array.isArray(value) ? value.length : typeof value === 'object' && value ? Object.keys(value).length : raw.length;
  if (c.minLength !== undefined && length < c.minLength) broken.push('minLength');
  if (c.maxLength !== undefined && length > c.maxLength) broken.push('maxLength');
  const order = (a: unknown, b: unknown) => (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  if (c.minimum !== undefined && order(value, comparable(field, c.minimum)) < 0) broken.push('minimum');
  if (c.maximum !== undefined && order(value, comparable(field, c.maximum)) > 0) broken.push('maximum');
  if (c.exclusiveMinimum !== undefined && order(value, comparable(field, c.exclusiveMinimum)) <= 0) broken.push('exclusiveMinimum');
  if (c.exclusiveMaximum !== undefined && order(value, comparable(field, c.exclusiveMaximum)) >= 0) broken.push('exclusiveMaximum');
  if (c.pattern !== undefined && !patternOf(c.pattern).test(raw)) broken.push('pattern');
  if (c.enum !== undefined && !enumOf(field).has(value as never)) broken.push('enum');
  return broken;
}

const patterns = new Map<string, RegExp>();
/** A constraint's pattern matches the whole value (XML Schema regular expressions are anchored). */
function patternOf(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
    patterns.set(pattern, regex);
  }
  return regex;
}

const enums = new WeakMap<FieldDescriptor, Set<unknown>>();
/** An enum's members cast to the field's type once, so "1" in the schema equals the integer 1. */
function enumOf(field: FieldDescriptor): Set<unknown> {
  let set = enums.get(field);
  if (!set) {
    set = new Set((field.constraints?.enum ?? []).map((e) => {
      if (typeof e !== 'string') return e;
      const cast = castCell(field, e);
      return cast.ok ? cast.value : e;
    }));
    enums.set(field, set);
  }
  return set;
}
