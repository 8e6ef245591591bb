import type { DuckDBConnection } from '@duckdb/node-api';
import { invalid, type ErrorDetail } from '../core/errors.ts';
import { fold } from '../core/text.ts';
import { ident } from '../store/duckdb.ts';
import type { Source, SourceColumn } from './sources.ts';
import type { Field, FieldType } from './table-schema.ts';

export const TRUE_VALUES = ['true', 'verdadero', 'sí', 'si', 'yes', 's'];
export const FALSE_VALUES = ['false', 'falso', 'no', 'n'];

/** Checks run over every value of a text column; a type is chosen only when all non-empty values pass. */
const CHECKS = {
  n: `{v} IS NOT NULL`,
  integer: `regexp_full_match({v}, '[+-]?[0-9]{1,18}')`,
  leadingZero: `regexp_full_match({v}, '[+-]?0[0-9]+')`,
  dotThousands: `regexp_full_match({v}, '[+-]?[1-9][0-9]{0,2}(\\.[0-9]{3})+') OR regexp_full_match({v}, '[+-]?[0-9]{1,18}')`,
  dotDecimal: `regexp_full_match({v}, '[+-]?[0-9]*\\.[0-9]+') OR regexp_full_match({v}, '[+-]?[0-9]{1,18}')`,
  commaDecimal: `regexp_full_match({v}, '[+-]?[0-9]+(,[0-9]+)?')`,
  dotGroups: `regexp_full_match({v}, '[+-]?[0-9]{1,3}(\\.[0-9]{3})+(,[0-9]+)?') OR regexp_full_match({v}, '[+-]?[0-9]+(,[0-9]+)?')`,
  manyDots: `regexp_full_match({v}, '[+-]?[0-9]{1,3}(\\.[0-9]{3}){2,}(,[0-9]+)?')`,
  // Evidence counted beside the checks above: plain integers (with four digits or more they were not grouped) and comma decimals.
  plainInteger: `regexp_full_match({v}, '[+-]?[0-9]+')`,
  bigPlainInteger: `regexp_full_match({v}, '[+-]?[0-9]{4,}')`,
  hasCommaDecimal: `regexp_full_match({v}, '[+-]?[0-9.]*[0-9],[0-9]+')`,
  commaGroups: `regexp_full_match({v}, '[+-]?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?') OR regexp_full_match({v}, '[+-]?[0-9]*\\.[0-9]+') OR regexp_full_match({v}, '[+-]?[0-9]+')`,
  boolean: `lower({v}) IN (${[...TRUE_VALUES, ...FALSE_VALUES].map((s) => `'${s}'`).join(', ')})`,
  isoDate: `regexp_full_match({v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND try_cast({v} AS DATE) IS NOT NULL`,
  dmyDate: `regexp_full_match({v}, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}') AND try_strptime({v}, '%d/%m/%Y') IS NOT NULL`,
  isoDatetime: `regexp_full_match({v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?') AND try_cast({v} AS TIMESTAMP) IS NOT NULL`,
  dmyDatetime: `regexp_full_match({v}, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}:[0-9]{2}') AND try_strptime({v}, '%d/%m/%Y %H:%M:%S') IS NOT NULL`,
  dmyMinutes: `regexp_full_match({v}, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}') AND try_strptime({v}, '%d/%m/%Y %H:%M') IS NOT NULL`,
} as const;

type Counts = Record<keyof typeof CHECKS, number>;

// Numbers that name things (NIT, codes, documents, phones) are text: nobody adds them, and their zeros matter.
const IDENTIFIER_HEADER = /(^|[^a-z])(nit|codigo|cod|id|cedula|documento|doc|telefono|tel|celular|divipola|consecutivo|radicado)([^a-z]|$)/;

/** Empty cells (after trimming) are missing values, as Frictionless' default missingValues [""]. */
export const cleaned = (column: string) => `nullif(trim(${ident(column)}), '')`;

// Names of measures whose dot is always a decimal point: a latitude of 4.586 is never 4,586 units.
const DECIMAL_HEADER = /(^|[^a-z])(lat|latitud|latitude|lon|lng|long|longitud|longitude|coordenada|coordenadas|x|y|porcentaje|percent|percentage|pct|tasa|proporcion|indice|promedio|pm2|pm10)([^a-z]|$)|%/;

/** What the other columns of the file say about its marks: Colombian files use one convention throughout. */
export interface FileMarks {
  commaDecimals: boolean;
  dotDecimals: boolean;
}

function fileMarks(counts: Counts[]): FileMarks {
  const all = (c: Counts, k: keyof Counts) => c.n > 0 && c[k] === c.n;
  return {
    commaDecimals: counts.some((c) => (all(c, 'commaDecimal') || all(c, 'dotGroups')) && c.hasCommaDecimal > 0),
    dotDecimals: counts.some((c) => all(c, 'dotDecimal') && c.dotThousands < c.n),
  };
}

/**
 * "1.234" alone is ambiguous: a decimal point or a thousands mark. The column decides first (several groups or
 * small integers beside it: grouping; a long integer written without marks, or a name saying it is a coordinate or
 * a rate: decimal), then the rest of the file (comma decimals elsewhere: the dot groups), and a decimal otherwise.
 */
function dotGroupsThousands(column: SourceColumn, c: Counts, file: FileMarks): boolean {
  if (DECIMAL_HEADER.test(fold(column.title)) || DECIMAL_HEADER.test(fold(column.name))) return false;
  if (c.manyDots > 0) return true;
  if (c.bigPlainInteger > 0) return false;
  if (c.plainInteger > 0) return true;
  return file.commaDecimals && !file.dotDecimals;
}

function textField(column: SourceColumn, c: Counts, file: FileMarks): Field {
  const base = { name: column.name, title: column.title };
  const all = (k: keyof Counts) => c.n > 0 && c[k] === c.n;
  const field = (type: FieldType, why: string, extra: Partial<Field> = {}): Field => ({ ...base, type, ...extra, 'x-inferred': why });
  if (c.n === 0) return field('string', 'vacía / empty');
  if (all('integer') && c.leadingZero > 0) return field('string', 'código con ceros a la izquierda / code with leading zeros');
  if (all('integer') && IDENTIFIER_HEADER.test(fold(column.title))) return field('string', 'identificador por su nombre / identifier by its name');
  if (all('integer')) return field('integer', 'enteros / integers');
  if (all('boolean')) return field('boolean', 'sí/no', { trueValues: TRUE_VALUES, falseValues: FALSE_VALUES });
  if (all('isoDate')) return field('date', 'aaaa-mm-dd');
  if (all('dmyDate')) return field('date', 'dd/mm/aaaa', { format: '%d/%m/%Y' });
  if (all('isoDatetime')) return field('datetime', 'ISO 8601');
  if (all('dmyDatetime')) return field('datetime', 'dd/mm/aaaa hh:mm:ss', { format: '%d/%m/%Y %H:%M:%S' });
  if (all('dmyMinutes')) return field('datetime', 'dd/mm/aaaa hh:mm', { format: '%d/%m/%Y %H:%M' });
  // Every dot followed by groups of three digits: thousands marks only when the column or the file shows grouping.
  if (all('dotThousands') && dotGroupsThousands(column, c, file)) return field('integer', 'enteros con punto de miles / 1.234', { groupChar: '.' });
  if (all('dotDecimal') && c.manyDots === 0) return field('number', 'decimales con punto / dot decimals', { decimalChar: '.' });
  if (all('commaDecimal')) return field('number', 'decimales con coma / comma decimals', { decimalChar: ',' });
  if (all('dotGroups')) return field('number', 'miles con punto, decimales con coma / 1.234,5', { decimalChar: ',', groupChar: '.' });
  if (all('commaGroups')) return field('number', 'miles con coma, decimales con punto / 1,234.5', { decimalChar: '.', groupChar: ',' });
  return field('string', 'texto / text');
}

function typedField(column: SourceColumn): Field | undefined {
  const t = column.sourceType.toUpperCase();
  const base = { name: column.name, title: column.title };
  if (column.fieldType) return { ...base, type: column.fieldType };
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT)$/.test(t)) return { ...base, type: 'integer' };
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL.*)$/.test(t)) return { ...base, type: 'number' };
  if (t === 'BOOLEAN') return { ...base, type: 'boolean' };
  if (t === 'DATE') return { ...base, type: 'date' };
  if (t.startsWith('TIMESTAMP')) return { ...base, type: 'datetime' };
  if (t.endsWith('[]')) return { ...base, type: 'array' };
  if (/^(STRUCT|MAP|JSON)/.test(t)) return { ...base, type: 'object' };
  if (t === 'VARCHAR') return undefined;
  return { ...base, type: 'string' };
}

// Checks that only make sense with another (codes need integers), and evidence counted for an ambiguous dot or the file's marks.
const NEEDS: Partial<Record<keyof Counts, (keyof Counts)[]>> = {
  leadingZero: ['integer'],
  manyDots: ['dotDecimal', 'dotThousands'],
  plainInteger: ['dotThousands'],
  bigPlainInteger: ['dotThousands'],
  hasCommaDecimal: ['commaDecimal', 'dotGroups'],
};
const SAMPLE_ROWS = 20_000;

async function countChecks(connection: DuckDBConnection, source: Source, columns: SourceColumn[], checks: (keyof Counts)[][], sample: boolean): Promise<{ rows: number; counts: Counts[] }> {
  const aggregates = ['count(*) AS "__rows"'];
  columns.forEach((_column, i) => {
    for (const key of checks[i]!) aggregates.push(`count(*) FILTER (WHERE ${CHECKS[key].replaceAll('{v}', `c${i}`)}) AS "${i}:${key}"`);
  });
  // Only columns still being typed are trimmed (trimming every text column would double the pass).
  const projections = columns.map((column, i) => `${checks[i]!.length > 1 ? cleaned(column.name) : ident(column.name)} AS c${i}`);
  const query = `SELECT ${aggregates.join(', ')} FROM (SELECT ${projections.length ? projections.join(', ') : '1'} FROM ${source.relation}${sample ? ` LIMIT ${SAMPLE_ROWS}` : ''})`;
  const row = (await connection.runAndReadAll(query)).getRowObjectsJson()[0] as Record<string, string>;
  // A check not run counts as failed (-1 never equals a count).
  const counts = columns.map((_c, i) => Object.fromEntries((Object.keys(CHECKS) as (keyof Counts)[]).map((k) => [k, checks[i]!.includes(k) ? Number(row[`${i}:${k}`]) : -1])) as Counts);
  return { rows: Number(row.__rows), counts };
}

/**
 * Infers a Table Schema from every value, not a sample: a first pass over the first rows finds which
 * types each column could still be, then one pass over the whole file checks only those (a text column
 * costs nothing). That pass also surfaces malformed CSV rows, which stop the ingest with their lines.
 */
export async function inferSchema(connection: DuckDBConnection, source: Source, fileName: string): Promise<{ fields: Field[]; rows: number }> {
  const fields = new Map<string, Field>();
  for (const c of source.columns) {
    const typed = typedField(c);
    if (typed) fields.set(c.name, typed);
  }
  const text = source.columns.filter((c) => !fields.has(c.name));
  const keys = Object.keys(CHECKS) as (keyof Counts)[];
  let rows = 0;
  const counted: { column: SourceColumn; counts: Counts }[] = [];
  for (const batch of text.length === 0 ? [[]] : chunk(text, 100)) {
    const sample = await countChecks(connection, source, batch, batch.map(() => keys), true);
    const candidates = sample.counts.map((c) => {
      // A column empty in the sample may still hold anything further down.
      const passing = keys.filter((k) => k === 'n' || c.n === 0 || c[k] === c.n);
      for (const [check, needs] of Object.entries(NEEDS) as [keyof Counts, (keyof Counts)[]][]) if (needs.some((n) => passing.includes(n)) && !passing.includes(check)) passing.push(check);
      return passing;
    });
    const full = await countChecks(connection, source, batch, candidates, false);
    await throwRejects(connection, source, fileName);
    rows = full.rows;
    batch.forEach((column, i) => counted.push({ column, counts: full.counts[i]! }));
  }
  const marks = fileMarks(counted.map((c) => c.counts));
  for (const { column, counts } of counted) fields.set(column.name, textField(column, counts, marks));
  await addSamples(connection, source, counted.map((c) => fields.get(c.column.name)!).filter((f) => f.type === 'number' || f.type === 'integer'));
  return { fields: source.columns.map((c) => fields.get(c.name)!), rows };
}

/** Three values of each number read from text, those with marks first, so the editor sees how the marks read them. */
async function addSamples(connection: DuckDBConnection, source: Source, numeric: Field[]): Promise<void> {
  if (numeric.length === 0) return;
  const parts = numeric.map((f, i) => `(SELECT list(v) FROM (SELECT DISTINCT v FROM (SELECT ${cleaned(f.name)} AS v FROM sample) WHERE v IS NOT NULL ORDER BY (v LIKE '%.%' OR v LIKE '%,%') DESC, length(v) DESC, v LIMIT 3)) AS s${i}`);
  const query = `WITH sample AS (SELECT ${numeric.map((f) => ident(f.name)).join(', ')} FROM ${source.relation} LIMIT ${SAMPLE_ROWS}) SELECT ${parts.join(', ')}`;
  const row = (await connection.runAndReadAll(query)).getRowObjectsJson()[0] as Record<string, string[] | null>;
  numeric.forEach((field, i) => {
    const values = row[`s${i}`];
    if (values?.length) field['x-samples'] = values.map(String);
  });
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Malformed CSV rows DuckDB set aside: the ingest stops and says where each one is (once per line, though several scans may have set it aside). */
export async function throwRejects(connection: DuckDBConnection, source: Source, fileName: string): Promise<void> {
  if (source.format !== 'csv' && source.format !== 'xlsx') return;
  const rejects = (await connection.runAndReadAll(`SELECT line, min(column_idx) AS column_idx, any_value(column_name) AS column_name, any_value(error_type) AS error_type, any_value(error_message) AS error_message FROM reject_errors GROUP BY line ORDER BY line LIMIT 21`)).getRowObjectsJson() as Record<string, string | null>[];
  if (rejects.length === 0) return;
  const details: ErrorDetail[] = rejects.slice(0, 20).map((r) => ({
    file: fileName,
    row: Number(r.line),
    ...(r.column_name ? { column: source.columns.find((c) => c.name === r.column_name)?.title ?? r.column_name } : {}),
    message: rejectMessage(String(r.error_type), String(r.error_message)),
  }));
  throw invalid({
    es: `«${fileName}» tiene filas mal formadas${rejects.length > 20 ? ' (se muestran las primeras 20)' : ''}; corríjalas y vuelva a cargarlo. No se publicó nada.`,
    en: `"${fileName}" has malformed rows${rejects.length > 20 ? ' (the first 20 are shown)' : ''}; fix them and upload it again. Nothing was published.`,
  }, details);
}

function rejectMessage(type: string, message: string) {
  const counts = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (counts) {
    return {
      es: `La fila tiene ${counts[2]} columnas; el encabezado tiene ${counts[1]}.`,
      en: `The row has ${counts[2]} columns; the header has ${counts[1]}.`,
    };
  }
  const size = /Actual Size:\s*(\d+)/.exec(message);
  if (type === 'LINE SIZE OVER MAXIMUM' && size) {
    const mb = (Number(size[1]) / 1048576).toFixed(1);
    return { es: `La fila mide ${mb.replace('.', ',')} MB; el máximo es 2 MB (¿falta cerrar unas comillas?).`, en: `The row is ${mb} MB long; the maximum is 2 MB (an unclosed quote?).` };
  }
  if (/unterminated quote/i.test(message)) return { es: 'Unas comillas se abren en esta fila y no se cierran.', en: 'A quote opens in this row and never closes.' };
  if (type === 'UNQUOTED VALUE' || type === 'INVALID UNICODE') return { es: `Comillas o texto inválido: ${message}`, en: `Bad quoting or text: ${message}` };
  return { es: `Fila ilegible (${type}): ${message}`, en: `Unreadable row (${type}): ${message}` };
}
