import { fold } from '../core/text.ts';
import type { FieldDescriptor } from '../quality/cast.ts';

/**
 * Frictionless Table Schema (v2) as infradatos stores it with every release. Field names are the API
 * names (lower-case ASCII, as Socrata's field names), titles are the headers as the file had them.
 */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'object' | 'array' | 'geojson';

export interface Field {
  name: string;
  title?: string;
  description?: string;
  type: FieldType;
  /** For dates and datetimes: a strptime pattern such as %d/%m/%Y; absent means ISO 8601. */
  format?: string;
  decimalChar?: string;
  groupChar?: string;
  trueValues?: string[];
  falseValues?: string[];
  constraints?: FieldConstraints;
  /** Why inference chose this type, shown to the editor (not part of Frictionless). */
  'x-inferred'?: string;
  /** For numbers read from text: up to three values as the file writes them, shown with how they are read. */
  'x-samples'?: string[];
}

/** A number as the marks of a field read it ("1.234,5" with "," and "." → 1234.5); NaN when it does not fit. */
export function readNumber(raw: string, field: Pick<Field, 'decimalChar' | 'groupChar'>): number {
  const ungrouped = field.groupChar ? raw.split(field.groupChar).join('') : raw;
  const text = field.decimalChar && field.decimalChar !== '.' ? ungrouped.split(field.decimalChar).join('.') : ungrouped;
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text.trim()) ? Number(text) : NaN;
}

/** Table Schema constraints, as the validators read them. */
export type FieldConstraints = NonNullable<FieldDescriptor['constraints']>;

/** A foreign key: to another field of the same table (no resource) or to a shared code list by its name. */
export interface ForeignKey {
  fields: string[];
  reference: { resource?: string; fields: string[] };
}

export interface TableSchema {
  $schema?: string;
  fields: Field[];
  missingValues?: string[];
  primaryKey?: string[];
  foreignKeys?: ForeignKey[];
}

export const TABLE_SCHEMA_PROFILE = 'https://datapackage.org/profiles/2.0/tableschema.json';

export const FIELD_TYPES: FieldType[] = ['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'object', 'array', 'geojson'];

/** The DuckDB type a field is stored as in Parquet. */
export function storageType(type: FieldType): string {
  switch (type) {
    case 'integer': return 'BIGINT';
    case 'number': return 'DOUBLE';
    case 'boolean': return 'BOOLEAN';
    case 'date': return 'DATE';
    case 'datetime': return 'TIMESTAMP';
    default: return 'VARCHAR';
  }
}

/** Socrata-style API field name: "Código Municipio" → "codigo_municipio", unique within the table. */
export function apiFieldNames(headers: string[]): string[] {
  const used = new Set<string>();
  return headers.map((header, i) => {
    let base = fold(header)
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 60);
    if (!base) base = `columna_${i + 1}`;
    if (/^[0-9]/.test(base) || RESERVED.has(base)) base = `_${base}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}_${n}`;
    used.add(name);
    return name;
  });
}

// SoQL keywords cannot be bare field names.
const RESERVED = new Set(['select', 'where', 'order', 'group', 'having', 'limit', 'offset', 'and', 'or', 'not', 'null', 'true', 'false', 'is', 'in', 'like', 'between', 'as', 'by', 'asc', 'desc', 'search']);
