import type { Bilingual } from '../core/errors.ts';
import { brokenConstraints, castCell, type FieldDescriptor } from './cast.ts';
import { ERROR_TYPES, type ErrorType, type ValidationError } from './errors.ts';

export interface ForeignKey {
  fields: string[] | string;
  reference: { resource?: string; fields: string[] | string };
}

export interface SchemaDescriptor {
  fields: FieldDescriptor[];
  missingValues?: string[];
  primaryKey?: string[] | string;
  foreignKeys?: ForeignKey[];
}

export interface ValidateOptions {
  /** Without a schema one is inferred from the first 100 rows, as Frictionless does. */
  schema?: SchemaDescriptor;
  header?: boolean;
  /** How many errors to list (all are counted). */
  limitErrors?: number;
  /** Only these error types, or "#row" / "#header" for all row or label errors. */
  pickErrors?: string[];
  /** Also report rows identical to an earlier row (not a Frictionless baseline check). */
  duplicateRows?: boolean;
  /** Key tuples other tables offer to foreign keys, by "resource|field,field". */
  references?: Map<string, Set<string>>;
}

export interface ValidationReport {
  valid: boolean;
  rows: number;
  fields: FieldDescriptor[];
  errors: ValidationError[];
  /** Errors of each type, all of them, even those beyond the listed limit. */
  counts: Partial<Record<ErrorType, number>>;
}

const LABEL_ERRORS = new Set<ErrorType>(['blank-label', 'duplicate-label', 'incorrect-label', 'extra-label', 'missing-label']);
const asList = (value: string[] | string | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
/** Joins key values into one comparable string (values never contain this separator in practice). */
export const keyOf = (values: unknown[]) => values.map((v) => (v === null || v === undefined ? '\u0000' : String(v))).join('\u001f');

export const INFER_SAMPLE = 100;
const INFER_TYPES = ['integer', 'number', 'boolean', 'date', 'datetime', 'string'];

/** Frictionless-style inference: the first type that at least 90% of a column's sample values fit. */
export function inferFields(names: string[], sample: string[][], missingValues: string[]): FieldDescriptor[] {
  return names.map((name, i) => {
    const values = sample.map((r) => r[i]).filter((v): v is string => v !== undefined && !missingValues.includes(v));
    const type = INFER_TYPES.find((t) => t === 'string' || (values.length > 0 && values.filter((v) => castCell({ name, type: t }, v).ok).length >= 0.9 * values.length)) ?? 'string';
    return { name, type };
  });
}

/** Field names from labels: a blank label becomes fieldN, a repeated one gets its position as suffix. */
export function namesFromLabels(labels: string[]): string[] {
  const seen = new Set<string>();
  return labels.map((label, i) => {
    let name = label.trim() === '' ? `field${i + 1}` : label;
    if (seen.has(name)) name = `${name}${i + 1}`;
    seen.add(name);
    return name;
  });
}

function describe(type: ErrorType, detail?: Bilingual): Bilingual {
  const base = ERROR_TYPES[type];
  return detail ? { es: `${base.es}: ${detail.es}`, en: `${base.en}: ${detail.en}` } : base;
}

/** The words of each error, shared by every validator so that reports read the same. */
export const say = {
  required: (field: FieldDescriptor) => describe('constraint-error', { es: `«${field.name}» es obligatorio`, en: `"${field.name}" is required` }),
  type: (field: FieldDescriptor, raw: string) => describe('type-error', { es: `«${raw}» no es de tipo ${field.type}${field.format ? ` (${field.format})` : ''}`, en: `"${raw}" is not of type ${field.type}${field.format ? ` (${field.format})` : ''}` }),
  constraint: (field: FieldDescriptor, constraint: string, raw: string) => {
    const bound = String((field.constraints as Record<string, unknown>)[constraint]);
    return describe('constraint-error', { es: `«${raw}» no cumple ${constraint} ${bound}`, en: `"${raw}" breaks ${constraint} ${bound}` });
  },
  extra: () => describe('extra-cell'),
  missing: (field: FieldDescriptor) => describe('missing-cell', { es: `«${field.name}»`, en: `"${field.name}"` }),
  blank: () => describe('blank-row'),
  unique: (raw: string) => describe('unique-error', { es: `«${raw}» ya apareció`, en: `"${raw}" appeared before` }),
  emptyKey: () => describe('primary-key', { es: 'la llave primaria está vacía', en: 'the primary key is empty' }),
  repeatedKey: () => describe('primary-key', { es: 'ya apareció', en: 'appeared before' }),
  foreignKey: (tuple: unknown[]) => describe('foreign-key', { es: `${tuple.join(', ')} no existe en la tabla de referencia`, en: `${tuple.join(', ')} is not in the referenced table` }),
};

/** Label errors, in field order: missing, extra, blank, duplicate, and (with a given schema) incorrect labels. */
export function labelErrors(labels: string[], fields: FieldDescriptor[], schemaGiven: boolean): ValidationError[] {
  const out: ValidationError[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < Math.max(labels.length, fields.length); i++) {
    const label = labels[i];
    const field = fields[i];
    const at = { rowNumber: null, fieldNumber: i + 1 };
    if (label === undefined) out.push({ type: 'missing-label', ...at, fieldName: field!.name, message: describe('missing-label', { es: `el campo «${field!.name}»`, en: `field "${field!.name}"` }) });
    else if (!field) out.push({ type: 'extra-label', ...at, cell: label, message: describe('extra-label', { es: `«${label}»`, en: `"${label}"` }) });
    else if (label.trim() === '') out.push({ type: 'blank-label', ...at, message: describe('blank-label') });
    else if (seen.has(label)) out.push({ type: 'duplicate-label', ...at, cell: label, message: describe('duplicate-label', { es: `«${label}»`, en: `"${label}"` }) });
    else if (schemaGiven && label !== field.name) out.push({ type: 'incorrect-label', ...at, cell: label, message: describe('incorrect-label', { es: `«${label}» en lugar de «${field.name}»`, en: `"${label}" instead of "${field.name}"` }) });
    if (label !== undefined) seen.add(label);
  }
  return out;
}

/**
 * Validates rows of text cells against a Table Schema with Frictionless v2 semantics and error names,
 * streaming: one row at a time, keeping only what unique and key checks must remember.
 */
export async function validateRows(rows: AsyncIterable<string[]> | Iterable<string[]>, options: ValidateOptions = {}): Promise<ValidationReport> {
  const limit = options.limitErrors ?? 1000;
  const pick = options.pickErrors;
  const errors: ValidationError[] = [];
  const counts: Partial<Record<ErrorType, number>> = {};
  const report = (error: ValidationError) => {
    if (pick && !pick.includes(error.type) && !(pick.includes('#row') && !LABEL_ERRORS.has(error.type)) && !(pick.includes('#header') && LABEL_ERRORS.has(error.type))) return;
    counts[error.type] = (counts[error.type] ?? 0) + 1;
    if (errors.length < limit) errors.push(error);
  };

  const header = options.header ?? true;
  const missingValues = options.schema?.missingValues ?? [''];
  const iterator = (Symbol.asyncIterator in rows ? (rows as AsyncIterable<string[]>)[Symbol.asyncIterator]() : (rows as Iterable<string[]>)[Symbol.iterator]()) as AsyncIterator<string[]> | Iterator<string[]>;
  const next = async () => (await iterator.next()) as IteratorResult<string[]>;

  let labels: string[] | undefined;
  let rowNumber = 0;
  if (header) {
    const first = await next();
    if (!first.done) {
      labels = first.value;
      rowNumber = 1;
    }
  }
  // Without a schema, one is inferred from a sample of rows read ahead.
  const buffered: string[][] = [];
  let fields: FieldDescriptor[];
  if (options.schema) fields = options.schema.fields;
  else {
    while (buffered.length < INFER_SAMPLE) {
      const r = await next();
      if (r.done) break;
      buffered.push(r.value);
    }
    const width = labels?.length ?? buffered[0]?.length ?? 0;
    const names = labels ? namesFromLabels(labels) : Array.from({ length: width }, (_, i) => `field${i + 1}`);
    fields = inferFields(names, buffered, missingValues);
  }

  if (labels) for (const error of labelErrors(labels, fields, Boolean(options.schema))) report(error);

  const primaryKey = asList(options.schema?.primaryKey).map((name) => fields.findIndex((f) => f.name === name));
  const foreignKeys = (options.schema?.foreignKeys ?? []).map((fk) => ({
    columns: asList(fk.fields).map((name) => fields.findIndex((f) => f.name === name)),
    lookup: options.references?.get(`${fk.reference.resource ?? ''}|${asList(fk.reference.fields).join(',')}`),
  }));
  const uniques = fields.map((f) => (f.constraints?.unique ? new Set<string>() : undefined));
  const primaryKeys = new Set<string>();
  const seenRows = options.duplicateRows ? new Map<string, number>() : undefined;
  let count = 0;

  const check = (cells: string[]) => {
    rowNumber++;
    count++;
    const rowErrors: ValidationError[] = [];
    const values: unknown[] = [];
    fields.forEach((field, i) => {
      const raw = cells[i];
      const at = { rowNumber, fieldNumber: i + 1, fieldName: field.name };
      if (raw === undefined || missingValues.includes(raw)) {
        values.push(null);
        if (field.constraints?.required) rowErrors.push({ type: 'constraint-error', ...at, message: say.required(field) });
        return;
      }
      const cast = castCell(field, raw);
      if (!cast.ok) {
        values.push(null);
        rowErrors.push({ type: 'type-error', ...at, cell: raw, message: say.type(field, raw) });
        return;
      }
      values.push(cast.value);
      for (const constraint of brokenConstraints(field, cast.value, raw)) rowErrors.push({ type: 'constraint-error', ...at, cell: raw, message: say.constraint(field, constraint, raw) });
    });
    for (let i = fields.length; i < cells.length; i++) rowErrors.push({ type: 'extra-cell', rowNumber, fieldNumber: i + 1, cell: cells[i]!, message: say.extra() });
    for (let i = cells.length; i < fields.length; i++) rowErrors.push({ type: 'missing-cell', rowNumber, fieldNumber: i + 1, fieldName: fields[i]!.name, message: say.missing(fields[i]!) });
    // A blank row is one error, not one per cell.
    const blank = cells.every((c) => missingValues.includes(c));
    for (const error of blank ? [{ type: 'blank-row' as const, rowNumber, fieldNumber: null, message: say.blank() }] : rowErrors) report(error);

    uniques.forEach((set, i) => {
      if (!set || values[i] === null) return;
      const key = String(values[i]);
      if (set.has(key)) report({ type: 'unique-error', rowNumber, fieldNumber: i + 1, fieldName: fields[i]!.name, cell: cells[i]!, message: say.unique(cells[i]!) });
      set.add(key);
    });
    if (primaryKey.length) {
      const tuple = primaryKey.map((i) => (i < 0 ? null : values[i]));
      if (tuple.every((v) => v === null)) report({ type: 'primary-key', rowNumber, fieldNumber: null, message: say.emptyKey() });
      else {
        const key = keyOf(tuple);
        if (primaryKeys.has(key)) report({ type: 'primary-key', rowNumber, fieldNumber: null, message: say.repeatedKey() });
        primaryKeys.add(key);
      }
    }
    for (const fk of foreignKeys) {
      const tuple = fk.columns.map((i) => (i < 0 ? null : values[i]));
      if (tuple.every((v) => v === null) || !fk.lookup) continue;
      if (!fk.lookup.has(keyOf(tuple))) report({ type: 'foreign-key', rowNumber, fieldNumber: null, message: say.foreignKey(tuple) });
    }
    if (seenRows && !blank) {
      const key = cells.join('\u001f');
      const first = seenRows.get(key);
      if (first !== undefined) report({ type: 'duplicate-row', rowNumber, fieldNumber: null, message: describe('duplicate-row', { es: `igual a la fila ${first}`, en: `same as row ${first}` }) });
      else seenRows.set(key, rowNumber);
    }
  };

  for (const cells of buffered) check(cells);
  for (let r = await next(); !r.done; r = await next()) check(r.value);
  return { valid: Object.keys(counts).length === 0, rows: count, fields, errors, counts };
}
