import { pseudonymSql } from '../privacy/pseudonym.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { invalid, type ErrorDetail } from '../core/errors.ts';
import { ident, literal } from '../store/duckdb.ts';
import { cleaned, throwRejects } from './infer.ts';
import type { Source, SourceColumn } from './sources.ts';
import { storageType, type Field } from './table-schema.ts';

// Schema values (decimal marks, true/false words, date patterns) are checked by validateSchema and then
// written as escaped SQL literals: DuckDB's COPY cannot take parameters.
const list = (values: string[]) => values.map((v) => literal(v.toLowerCase())).join(', ');

/** The DuckDB expression turning a text cell into the field's type; `strict` fails on bad values, otherwise NULL. */
export function parseText(v: string, field: Field, strict: boolean): string {
  const cast = (expr: string, type: string) => `${strict ? 'CAST' : 'TRY_CAST'}(${expr} AS ${type})`;
  const strptime = strict ? 'strptime' : 'try_strptime';
  const ungrouped = field.groupChar ? `replace(${v}, ${literal(field.groupChar)}, '')` : v;
  switch (field.type) {
    case 'integer':
      return cast(ungrouped, 'BIGINT');
    case 'number':
      return cast(field.decimalChar && field.decimalChar !== '.' ? `replace(${ungrouped}, ${literal(field.decimalChar)}, '.')` : ungrouped, 'DOUBLE');
    case 'boolean': {
      const t = field.trueValues ?? ['true'];
      const f = field.falseValues ?? ['false'];
      return `CASE WHEN ${v} IS NULL THEN NULL WHEN lower(${v}) IN (${list(t)}) THEN true WHEN lower(${v}) IN (${list(f)}) THEN false ELSE ${strict ? `CAST(${v} AS BOOLEAN)` : 'NULL'} END`;
    }
    case 'date':
      return field.format ? `CAST(${strptime}(${v}, ${literal(field.format)}) AS DATE)` : cast(v, 'DATE');
    case 'datetime':
      return field.format ? `${strptime}(${v}, ${literal(field.format)})` : cast(v, 'TIMESTAMP');
    default:
      return v;
  }
}

function expression(column: SourceColumn, field: Field, strict: boolean): string {
  const raw = ident(column.name);
  // Text stays as written (Frictionless does not trim strings); values to parse are trimmed first.
  if (column.sourceType === 'VARCHAR') return storageType(field.type) === 'VARCHAR' ? raw : parseText(cleaned(column.name), field, strict);
  const target = storageType(field.type);
  if (/^(STRUCT|MAP|JSON)|\[\]$/.test(column.sourceType)) return `CAST(to_json(${raw}) AS VARCHAR)`;
  if (target === 'VARCHAR') return `CAST(${raw} AS VARCHAR)`;
  if (storageType(typeOfSource(column.sourceType)) === target) return raw;
  return `${strict ? 'CAST' : 'TRY_CAST'}(${raw} AS ${target})`;
}

const typeOfSource = (t: string): Field['type'] =>
  /INT/.test(t) ? 'integer' : /^(FLOAT|DOUBLE|REAL|DECIMAL)/.test(t) ? 'number' : t === 'BOOLEAN' ? 'boolean' : t === 'DATE' ? 'date' : t.startsWith('TIMESTAMP') ? 'datetime' : 'string';

export function selectTyped(source: Source, fields: Field[], strict = true, pseudonyms: Map<string, Buffer> = new Map()): string {
  const byName = new Map(source.columns.map((c) => [c.name, c]));
  const columns = fields.map((field) => {
    const key = pseudonyms.get(field.name);
    // A pseudonymized column keeps the text as written, replaced by its keyed pseudonym.
    const value = key ? pseudonymSql(key, `CAST(${ident(field.name)} AS VARCHAR)`) : expression(byName.get(field.name)!, field, strict);
    return `${value} AS ${ident(field.name)}`;
  });
  return `SELECT ${columns.join(', ')} FROM ${source.relation}`;
}

/**
 * Finds the cells that do not fit the schema (for the fields the editor changed), with their rows, so a
 * mistaken type is explained before anything is written.
 */
export async function findBadCells(connection: DuckDBConnection, source: Source, fields: Field[], fileName: string): Promise<void> {
  const byName = new Map(source.columns.map((c) => [c.name, c]));
  const details: ErrorDetail[] = [];
  for (const field of fields) {
    if (details.length >= 20) break;
    const column = byName.get(field.name)!;
    if (storageType(field.type) === 'VARCHAR') continue;
    const value = column.sourceType === 'VARCHAR' ? cleaned(column.name) : `CAST(${ident(column.name)} AS VARCHAR)`;
    const query = `SELECT row, value FROM (SELECT row_number() OVER () AS row, ${value} AS value, ${expression(column, field, false)} AS parsed FROM ${source.relation}) WHERE value IS NOT NULL AND parsed IS NULL LIMIT ${20 - details.length}`;
    const bad = (await connection.runAndReadAll(query)).getRowObjectsJson() as { row: string; value: string }[];
    for (const cell of bad) {
      details.push({
        file: fileName,
        // Data rows count from the line after the header, as a spreadsheet numbers them.
        row: Number(cell.row) + 1,
        column: column.title,
        value: String(cell.value).slice(0, 200),
        message: { es: `«${String(cell.value).slice(0, 60)}» no es un valor de tipo ${field.type}${field.format ? ` (${field.format})` : ''}.`, en: `"${String(cell.value).slice(0, 60)}" is not of type ${field.type}${field.format ? ` (${field.format})` : ''}.` },
      });
    }
  }
  await throwRejects(connection, source, fileName);
  if (details.length > 0) {
    throw invalid({
      es: `Hay valores que no corresponden al tipo de su columna en «${fileName}». Corrija el esquema o el archivo. No se publicó nada.`,
      en: `Some values in "${fileName}" do not match their column's type. Fix the schema or the file. Nothing was published.`,
    }, details);
  }
}

/** Writes the typed rows as one Parquet file (zstd) and returns the row count. */
export async function writeParquet(connection: DuckDBConnection, source: Source, fields: Field[], target: string, fileName: string, pseudonyms?: Map<string, Buffer>): Promise<number> {
  const result = await connection.runAndReadAll(`COPY (${selectTyped(source, fields, true, pseudonyms)}) TO ${literal(target)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
  await throwRejects(connection, source, fileName);
  return Number(result.getRows()[0]?.[0] ?? 0);
}
