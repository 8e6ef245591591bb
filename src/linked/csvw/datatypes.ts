/**
 * Parsing cell strings by datatype and format, as the Model for Tabular Data (§6.4, §6.4.x) says: numbers with
 * LDML patterns, group and decimal characters, percent and per-mille; booleans with "true|false" formats;
 * dates and times with the listed patterns and time zones; durations, strings with regular expressions; and
 * the length and range constraints. A value keeps the lexical form RDF writes and the form JSON writes.
 */

export interface DatatypeDescription {
  base: string;
  '@id'?: string;
  format?: unknown;
  length?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: string | number;
  maximum?: string | number;
  minInclusive?: string | number;
  maxInclusive?: string | number;
  minExclusive?: string | number;
  maxExclusive?: string | number;
}

export interface TypedValue {
  /** The lexical form written in RDF. */
  lexical: string;
  /** The datatype's base name (string, integer, date…). */
  base: string;
  /** The datatype's own IRI when the metadata gives one. */
  datatypeId: string | null;
  /** The value as JSON writes it. */
  json: string | number | boolean;
  /** The language of a string value, or null. */
  language: string | null;
}

export class CellError extends Error {}

const INTEGER_TYPES: Record<string, [bigint | null, bigint | null]> = {
  integer: [null, null], long: [-(2n ** 63n), 2n ** 63n - 1n], int: [-(2n ** 31n), 2n ** 31n - 1n], short: [-32768n, 32767n], byte: [-128n, 127n],
  nonNegativeInteger: [0n, null], positiveInteger: [1n, null], unsignedLong: [0n, 2n ** 64n - 1n], unsignedInt: [0n, 2n ** 32n - 1n],
  unsignedShort: [0n, 65535n], unsignedByte: [0n, 255n], nonPositiveInteger: [null, 0n], negativeInteger: [null, -1n],
};
const FLOAT_TYPES = new Set(['double', 'float', 'number']);
export const NUMERIC_TYPES = new Set([...Object.keys(INTEGER_TYPES), 'decimal', ...FLOAT_TYPES]);
const DATE_TYPES = new Set(['date', 'time', 'dateTime', 'datetime', 'dateTimeStamp']);
const G_TYPES: Record<string, RegExp> = {
  gDay: /^---(0[1-9]|[12]\d|3[01])(Z|[+-]\d\d:\d\d)?$/, gMonth: /^--(0[1-9]|1[0-2])(Z|[+-]\d\d:\d\d)?$/,
  gMonthDay: /^--(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d\d:\d\d)?$/, gYear: /^-?\d{4,}(Z|[+-]\d\d:\d\d)?$/,
  gYearMonth: /^-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d\d:\d\d)?$/,
};
const DURATIONS: Record<string, RegExp> = {
  duration: /^-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
  dayTimeDuration: /^-?P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/,
  yearMonthDuration: /^-?P(?=\d)(\d+Y)?(\d+M)?$/,
};
/** Lexical checks of the string types and binaries (XSD). */
const STRING_TYPES: Record<string, RegExp | null> = {
  string: null, anyAtomicType: null, normalizedString: /^[^\r\n\t]*$/, token: /^(\S+( \S+)*)?$/, language: /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/,
  Name: /^[A-Za-z_:][\w.:-]*$/u, NMTOKEN: /^[\w.:-]+$/u, anyURI: null, QName: /^([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*$/, hexBinary: /^([0-9a-fA-F]{2})*$/,
  base64Binary: /^[A-Za-z0-9+/\s]*=?=?$/, json: null, xml: null, html: null,
};

/** Strips whitespace as §6.4 asks for every datatype but the string-like ones. */
export function normalizeWhitespace(value: string, base: string): string {
  if (['string', 'json', 'xml', 'html', 'anyAtomicType'].includes(base)) return value;
  const replaced = value.replace(/[\r\n\t]/g, ' ');
  if (base === 'normalizedString') return replaced;
  return replaced.trim().replace(/ {2,}/g, ' ');
}

interface NumberFormat {
  pattern: string | null;
  groupChar: string | null;
  decimalChar: string;
}

function numberFormat(format: unknown): NumberFormat {
  if (typeof format === 'string') return { pattern: format, groupChar: ',', decimalChar: '.' };
  if (format && typeof format === 'object') {
    const f = format as { pattern?: string; groupChar?: string; decimalChar?: string };
    return { pattern: f.pattern ?? null, groupChar: f.groupChar ?? (f.pattern ? ',' : null), decimalChar: f.decimalChar ?? '.' };
  }
  return { pattern: null, groupChar: null, decimalChar: '.' };
}

/** Moves a decimal string's point left by `places` (percent: 2, per mille: 3), exactly. */
function shiftDecimal(value: string, places: number): string {
  const negative = value.startsWith('-');
  const sign = value.startsWith('-') || value.startsWith('+') ? value[0] : '';
  let digits = sign ? value.slice(1) : value;
  let [integer = '', fraction = ''] = digits.split('.');
  integer = integer.padStart(places + 1, '0');
  fraction = integer.slice(integer.length - places) + fraction;
  integer = integer.slice(0, integer.length - places).replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  digits = fraction ? `${integer}.${fraction}` : integer;
  return (negative ? '-' : sign === '+' ? '+' : '') + digits;
}

/** Checks the digits against an LDML pattern: minimum integer digits, fraction digits, exponent. */
function checkPattern(pattern: string, integerPart: string, fractionPart: string | null, hasExponent: boolean, decimalChar: string, groupChar: string | null) {
  const body = pattern.replace(/^[+\-%‰]+|[%‰]+$/g, '');
  const [mantissa = '', exponent] = body.split('E');
  const [intPattern = '', fracPattern] = mantissa.split(decimalChar === '.' ? '.' : decimalChar);
  const minInt = (intPattern.match(/0/g) ?? []).length;
  if (integerPart.replace(groupChar ? new RegExp(`\\${groupChar}`, 'g') : /(?!)/, '').length < minInt) throw new CellError(`fewer integer digits than the pattern ${pattern}`);
  const fracDigits = fractionPart === null ? 0 : fractionPart.replace(groupChar ? new RegExp(`\\${groupChar}`, 'g') : /(?!)/, '').length;
  if (fracPattern !== undefined) {
    const maxFrac = (fracPattern.match(/[0#]/g) ?? []).length;
    const minFrac = (fracPattern.match(/0/g) ?? []).length;
    if (fracDigits > maxFrac || fracDigits < minFrac) throw new CellError(`fraction digits do not match the pattern ${pattern}`);
  } else if (fracDigits > 0) throw new CellError(`the pattern ${pattern} has no decimal part`);
  if (hasExponent && exponent === undefined) throw new CellError(`the pattern ${pattern} has no exponent`);
}

function parseNumber(raw: string, base: string, format: unknown): { lexical: string; json: number | string } {
  if (FLOAT_TYPES.has(base) && ['NaN', 'INF', '-INF'].includes(raw)) return { lexical: raw, json: raw };
  const { pattern, groupChar, decimalChar } = numberFormat(format);
  let text = raw;
  let divisor = 0;
  if (/[%‰]/.test(text)) {
    divisor = text.includes('%') ? 2 : 3;
    if ((text.match(/[%‰]/g) ?? []).length > 1) throw new CellError(`"${raw}" is not a number`);
    text = text.replace(/[%‰]/, '');
  }
  const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const group = groupChar ? escape(groupChar) : null;
  const digitRun = group ? `\\d(?:\\d|${group}(?=\\d))*` : '\\d+';
  const matcher = new RegExp(`^([+-]?)(${digitRun})?(?:${escape(decimalChar)}(${digitRun})?)?(?:[eE]([+-]?\\d+))?$`);
  const match = matcher.exec(text);
  if (!match || (!match[2] && !match[3])) throw new CellError(`"${raw}" is not a number`);
  const [, sign = '', integerPart = '', fractionPart, exponent] = match;
  if (pattern) checkPattern(pattern, integerPart, fractionPart ?? null, exponent !== undefined, decimalChar, groupChar);
  const strip = (s: string) => (group ? s.replace(new RegExp(group, 'g'), '') : s);
  let lexical = `${sign}${strip(integerPart) || '0'}${fractionPart !== undefined ? `.${strip(fractionPart)}` : ''}${exponent !== undefined ? `e${exponent}` : ''}`;
  // Keep the written form when nothing was transformed (RDF literals keep "0.0e0").
  if (!divisor && !group && decimalChar === '.' && integerPart) lexical = text;
  if (divisor) lexical = shiftDecimal(lexical.replace(/e.*$/, ''), divisor).replace(/^\+/, '');
  const isInteger = base in INTEGER_TYPES;
  if (isInteger) {
    if (fractionPart !== undefined || exponent !== undefined || divisor) {
      if (!/^[+-]?\d+(\.0*)?$/.test(lexical)) throw new CellError(`"${raw}" is not an integer`);
      lexical = lexical.replace(/\.0*$/, '');
    }
    const n = BigInt(lexical.replace(/^\+/, ''));
    const [min, max] = INTEGER_TYPES[base]!;
    if ((min !== null && n < min) || (max !== null && n > max)) throw new CellError(`${raw} is out of the range of ${base}`);
    return { lexical, json: Number(n) };
  }
  if (base === 'decimal' && exponent !== undefined) throw new CellError(`"${raw}" is not a decimal (no exponent allowed)`);
  return { lexical, json: Number(lexical.replace(/^\+/, '')) };
}

function parseBoolean(raw: string, format: unknown): boolean {
  if (typeof format === 'string' && format.includes('|')) {
    const [yes, no] = format.split('|');
    if (raw === yes) return true;
    if (raw === no) return false;
    throw new CellError(`"${raw}" is neither ${yes} nor ${no}`);
  }
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new CellError(`"${raw}" is not a boolean`);
}

const DATE_PATTERNS: Record<string, RegExp> = {
  'yyyy-MM-dd': /^(?<y>\d{4})-(?<M>\d{2})-(?<d>\d{2})/, yyyyMMdd: /^(?<y>\d{4})(?<M>\d{2})(?<d>\d{2})/,
  'dd-MM-yyyy': /^(?<d>\d{2})-(?<M>\d{2})-(?<y>\d{4})/, 'd-M-yyyy': /^(?<d>\d{1,2})-(?<M>\d{1,2})-(?<y>\d{4})/,
  'MM-dd-yyyy': /^(?<M>\d{2})-(?<d>\d{2})-(?<y>\d{4})/, 'M-d-yyyy': /^(?<M>\d{1,2})-(?<d>\d{1,2})-(?<y>\d{4})/,
  'dd/MM/yyyy': /^(?<d>\d{2})\/(?<M>\d{2})\/(?<y>\d{4})/, 'd/M/yyyy': /^(?<d>\d{1,2})\/(?<M>\d{1,2})\/(?<y>\d{4})/,
  'MM/dd/yyyy': /^(?<M>\d{2})\/(?<d>\d{2})\/(?<y>\d{4})/, 'M/d/yyyy': /^(?<M>\d{1,2})\/(?<d>\d{1,2})\/(?<y>\d{4})/,
  'dd.MM.yyyy': /^(?<d>\d{2})\.(?<M>\d{2})\.(?<y>\d{4})/, 'd.M.yyyy': /^(?<d>\d{1,2})\.(?<M>\d{1,2})\.(?<y>\d{4})/,
  'MM.dd.yyyy': /^(?<M>\d{2})\.(?<d>\d{2})\.(?<y>\d{4})/, 'M.d.yyyy': /^(?<M>\d{1,2})\.(?<d>\d{1,2})\.(?<y>\d{4})/,
};
const TIME_PATTERNS: Record<string, RegExp> = {
  'HH:mm:ss': /^(?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2})/, HHmmss: /^(?<h>\d{2})(?<m>\d{2})(?<s>\d{2})/, 'HH:mm': /^(?<h>\d{2}):(?<m>\d{2})/, HHmm: /^(?<h>\d{2})(?<m>\d{2})/,
};
const ZONE_PATTERNS: Record<string, RegExp> = {
  X: /^(?:Z|(?<sign>[+-])(?<zh>\d{2})(?<zm>\d{2})?)/, XX: /^(?:Z|(?<sign>[+-])(?<zh>\d{2})(?<zm>\d{2}))/, XXX: /^(?:Z|(?<sign>[+-])(?<zh>\d{2}):(?<zm>\d{2}))/,
  x: /^(?<sign>[+-])(?<zh>\d{2})(?<zm>\d{2})?/, xx: /^(?<sign>[+-])(?<zh>\d{2})(?<zm>\d{2})/, xxx: /^(?<sign>[+-])(?<zh>\d{2}):(?<zm>\d{2})/,
};

const pad = (value: string | undefined, width: number) => (value ?? '0').padStart(width, '0');

/** Dates and times in a format of the list §6.4.3 gives (plus S… fractions and X/x zones), to XSD's form. */
function parseDateTime(raw: string, base: string, format: string): string {
  const kind = base === 'datetime' || base === 'dateTimeStamp' ? 'dateTime' : base;
  let rest = raw;
  const out: Record<string, string> = {};
  const take = (regex: RegExp) => {
    const match = regex.exec(rest);
    if (!match) throw new CellError(`"${raw}" does not match the format ${format}`);
    Object.assign(out, Object.fromEntries(Object.entries(match.groups ?? {}).filter(([, v]) => v !== undefined)));
    rest = rest.slice(match[0].length);
  };
  let spec = format;
  const zone = /\s?(XXX|XX|X|xxx|xx|x)$/.exec(spec);
  if (zone) spec = spec.slice(0, zone.index);
  const datePattern = Object.keys(DATE_PATTERNS).find((p) => spec.startsWith(p));
  if (kind !== 'time') {
    if (!datePattern) throw new CellError(`unsupported date format ${format}`);
    take(DATE_PATTERNS[datePattern]!);
    spec = spec.slice(datePattern.length);
  }
  if (kind !== 'date') {
    if (kind === 'dateTime') {
      const separator = spec[0];
      if (separator !== 'T' && separator !== ' ') throw new CellError(`unsupported dateTime format ${format}`);
      if (rest[0] !== separator) throw new CellError(`"${raw}" does not match the format ${format}`);
      rest = rest.slice(1);
      spec = spec.slice(1);
    }
    const timePattern = Object.keys(TIME_PATTERNS).find((p) => spec.startsWith(p));
    if (!timePattern) throw new CellError(`unsupported time format ${format}`);
    take(TIME_PATTERNS[timePattern]!);
    spec = spec.slice(timePattern.length);
    const fraction = /^\.(S+)$/.exec(spec);
    if (fraction) {
      const digits = /^\.(\d+)/.exec(rest);
      if (!digits || digits[1]!.length > fraction[1]!.length) throw new CellError(`"${raw}" does not match the format ${format}`);
      out.f = digits[1]!;
      rest = rest.slice(digits[0].length);
      spec = '';
    }
  }
  if (spec) throw new CellError(`unsupported format ${format}`);
  if (zone) {
    if (zone[0].startsWith(' ')) {
      if (rest[0] !== ' ') throw new CellError(`"${raw}" does not match the format ${format}`);
      rest = rest.slice(1);
    }
    take(ZONE_PATTERNS[zone[1]!]!);
  }
  if (rest) throw new CellError(`"${raw}" does not match the format ${format}`);
  const date = `${out.y}-${pad(out.M, 2)}-${pad(out.d, 2)}`;
  const time = `${pad(out.h, 2)}:${pad(out.m, 2)}:${pad(out.s, 2)}${out.f ? `.${out.f}` : ''}`;
  const tz = zone ? (out.sign ? `${out.sign}${out.zh}:${pad(out.zm, 2)}` : 'Z') : '';
  const text = kind === 'date' ? date + tz : kind === 'time' ? time + tz : `${date}T${time}${tz}`;
  return checkDateTime(text, kind === 'dateTime' ? (base === 'dateTimeStamp' ? 'dateTimeStamp' : 'dateTime') : kind, raw);
}

/** The XSD lexical forms of dates and times, with real calendar dates. */
function checkDateTime(text: string, base: string, raw: string): string {
  const forms: Record<string, RegExp> = {
    date: /^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?$/,
    time: /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
    dateTime: /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
    dateTimeStamp: /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  };
  const key = base === 'datetime' ? 'dateTime' : base;
  const match = forms[key]!.exec(text);
  if (!match) throw new CellError(`"${raw}" is not a valid ${base}`);
  if (key !== 'time') {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (m < 1 || m > 12 || d < 1 || d > days) throw new CellError(`"${raw}" is not a real date`);
  }
  return text;
}

/** Compares two values of an ordered datatype; null when they cannot be compared. */
function compare(a: TypedValue, bound: string | number, base: string): number {
  if (NUMERIC_TYPES.has(base)) return Number(a.json) - Number(typeof bound === 'number' ? bound : parseNumber(String(bound), base, null).json);
  const other = DATE_TYPES.has(base) && typeof bound === 'string' ? bound : String(bound);
  const x = Date.parse(a.lexical.includes('T') || base !== 'time' ? a.lexical : `1970-01-01T${a.lexical}`);
  const y = Date.parse(other.includes('T') || base !== 'time' ? other : `1970-01-01T${other}`);
  return x - y;
}

/** One atomic value of a cell, parsed, with the datatype's constraints checked. */
export function parseValue(raw: string, datatype: DatatypeDescription, language: string | null): TypedValue {
  const base = datatype.base;
  const id = datatype['@id'] ?? null;
  const value = (lexical: string, json: string | number | boolean): TypedValue => ({ lexical, base, datatypeId: id, json, language: base === 'string' ? language : null });
  let result: TypedValue;
  if (NUMERIC_TYPES.has(base)) {
    const n = parseNumber(raw, base, datatype.format);
    result = value(n.lexical, n.json);
  } else if (base === 'boolean') {
    const b = parseBoolean(raw, datatype.format);
    result = value(String(b), b);
  } else if (DATE_TYPES.has(base)) {
    const text = typeof datatype.format === 'string' ? parseDateTime(raw, base, datatype.format) : checkDateTime(raw, base, raw);
    result = value(text, text);
  } else if (G_TYPES[base]) {
    if (!G_TYPES[base]!.test(raw)) throw new CellError(`"${raw}" is not a valid ${base}`);
    result = value(raw, raw);
  } else if (DURATIONS[base]) {
    if (!DURATIONS[base]!.test(raw)) throw new CellError(`"${raw}" is not a valid ${base}`);
    if (typeof datatype.format === 'string' && !new RegExp(datatype.format).test(raw)) throw new CellError(`"${raw}" does not match ${datatype.format}`);
    result = value(raw, raw);
  } else {
    const check = STRING_TYPES[base];
    if (check && !check.test(raw)) throw new CellError(`"${raw}" is not a valid ${base}`);
    if (typeof datatype.format === 'string' && !new RegExp(`^(?:${datatype.format})$`, 'u').test(raw)) throw new CellError(`"${raw}" does not match ${datatype.format}`);
    result = value(raw, raw);
  }
  checkConstraints(result, raw, datatype);
  return result;
}

function checkConstraints(value: TypedValue, raw: string, d: DatatypeDescription) {
  const length = value.base === 'hexBinary' ? raw.length / 2 : value.base === 'base64Binary' ? Buffer.from(raw, 'base64').length : [...value.lexical].length;
  if (d.length !== undefined && length !== d.length) throw new CellError(`"${raw}" does not have length ${d.length}`);
  if (d.minLength !== undefined && length < d.minLength) throw new CellError(`"${raw}" is shorter than ${d.minLength}`);
  if (d.maxLength !== undefined && length > d.maxLength) throw new CellError(`"${raw}" is longer than ${d.maxLength}`);
  const ordered = NUMERIC_TYPES.has(value.base) || DATE_TYPES.has(value.base);
  if (!ordered || typeof value.json !== 'number' && NUMERIC_TYPES.has(value.base)) return;
  const bounds: [unknown, (c: number) => boolean, string][] = [
    [d.minimum ?? d.minInclusive, (c) => c >= 0, 'minimum'], [d.maximum ?? d.maxInclusive, (c) => c <= 0, 'maximum'],
    [d.minExclusive, (c) => c > 0, 'minExclusive'], [d.maxExclusive, (c) => c < 0, 'maxExclusive'],
  ];
  for (const [bound, holds, name] of bounds) {
    if (bound === undefined) continue;
    if (!holds(compare(value, bound as string | number, value.base))) throw new CellError(`"${raw}" breaks ${name} ${String(bound)}`);
  }
}
