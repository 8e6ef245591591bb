import { open } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { literal } from '../store/duckdb.ts';
import { patternToRegex, type FieldDescriptor } from './cast.ts';
import type { ErrorType, ValidationError } from './errors.ts';
import { labelErrors, say, type SchemaDescriptor, type ValidationReport } from './validate.ts';

/**
 * The same checks as validateRows, for large CSV files: DuckDB evaluates every cell check over the whole
 * file in one pass (single-threaded, so that an empty cell stays '' and a missing one NULL), and only the
 * rows with errors come back to be reported in Frictionless order. Returns undefined when the schema uses
 * something only the reference validator knows (some types and formats, foreign keys of several fields).
 */

const CONSTRAINT_ORDER = ['minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'pattern', 'enum'] as const;
const q = (values: string[]) => values.map(literal).join(', ');

/** The SQL telling whether the (present, trimmed-of-nothing) text v casts to the field's type; undefined if unsupported. */
function castSql(field: FieldDescriptor, v: string): { ok: string; value: string } | undefined {
  const ungroup = (text: string) => (field.groupChar ? `replace(${text}, ${literal(field.groupChar)}, '')` : text);
  switch (field.type ?? 'any') {
    case 'any':
      return { ok: 'true', value: v };
    case 'string':
      if (field.format === 'email') return { ok: `regexp_full_match(${v}, '[^@\\s]+@[^@\\s]+\\.[^@\\s]+')`, value: v };
      if (field.format === 'uuid') return { ok: `regexp_full_match(${v}, '(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')`, value: v };
      return field.format && field.format !== 'default' ? undefined : { ok: 'true', value: v };
    case 'integer': {
      if (field.bareNumber === false) return undefined;
      const t = ungroup(v);
      return { ok: `regexp_full_match(${t}, '[+-]?[0-9]+') AND TRY_CAST(${t} AS HUGEINT) IS NOT NULL`, value: `TRY_CAST(${t} AS HUGEINT)` };
    }
    case 'number': {
      if (field.bareNumber === false) return undefined;
      const t = field.decimalChar && field.decimalChar !== '.' ? `replace(${ungroup(v)}, ${literal(field.decimalChar)}, '.')` : ungroup(v);
      return { ok: `(regexp_full_match(${t}, '[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?') OR ${v} IN ('NaN', 'INF', '-INF'))`, value: `TRY_CAST(${t} AS DOUBLE)` };
    }
    case 'boolean': {
      const yes = field.trueValues ?? ['true', 'True', 'TRUE', '1'];
      const no = field.falseValues ?? ['false', 'False', 'FALSE', '0'];
      return { ok: `${v} IN (${q([...yes, ...no])})`, value: `${v} IN (${q(yes)})` };
    }
    case 'date': {
      if (!field.format || field.format === 'default') return { ok: `regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND try_strptime(${v}, '%Y-%m-%d') IS NOT NULL`, value: `CAST(try_strptime(${v}, '%Y-%m-%d') AS DATE)` };
      const pattern = patternToRegex(field.format);
      if (!pattern || pattern.parts.includes('y')) return undefined;
      return { ok: `regexp_full_match(${v}, ${literal(pattern.source)}) AND try_strptime(${v}, ${literal(field.format)}) IS NOT NULL`, value: `CAST(try_strptime(${v}, ${literal(field.format)}) AS DATE)` };
    }
    case 'year':
      return { ok: `regexp_full_match(${v}, '[0-9]{4}')`, value: `TRY_CAST(${v} AS INTEGER)` };
    case 'time':
      return { ok: `regexp_full_match(${v}, '([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?')`, value: v };
    case 'yearmonth':
      return { ok: `regexp_full_match(${v}, '[0-9]{4}-(0[1-9]|1[0-2])')`, value: v };
    default:
      return undefined;
  }
}

/** Each constraint of a field as SQL over its cast value and text; undefined if one is unsupported. */
function constraintSql(field: FieldDescriptor, value: string, v: string): { name: string; sql: string }[] | undefined {
  const c = field.constraints ?? {};
  const out: { name: string; sql: string }[] = [];
  const numeric = ['integer', 'number', 'year'].includes(field.type ?? '');
  const bound = (b: number | string) => (numeric ? (typeof b === 'number' ? String(b) : Number.isFinite(Number(b)) ? String(Number(b)) : undefined) : field.type === 'date' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(b) ? `DATE ${literal(b)}` : undefined);
  for (const name of CONSTRAINT_ORDER) {
    const limit = (c as Record<string, unknown>)[name];
    if (limit === undefined) continue;
    if (name === 'minLength') out.push({ name, sql: `length(${v}) < ${Number(limit)}` });
    else if (name === 'maxLength') out.push({ name, sql: `length(${v}) > ${Number(limit)}` });
    else if (name === 'pattern') out.push({ name, sql: `NOT regexp_full_match(${v}, ${literal(String(limit))})` });
    else if (name === 'enum') {
      const list = limit as unknown[];
      if (numeric) {
        if (!list.every((e) => Number.isFinite(Number(e)))) return undefined;
        out.push({ name, sql: `${value} NOT IN (${list.map((e) => String(Number(e))).join(', ')})` });
      } else if ((field.type ?? 'string') === 'string') out.push({ name, sql: `${v} NOT IN (${q(list.map(String))})` });
      else return undefined;
    } else {
      const b = bound(limit as number | string);
      if (b === undefined) return undefined;
      const op = { minimum: '<', maximum: '>', exclusiveMinimum: '<=', exclusiveMaximum: '>=' }[name];
      out.push({ name, sql: `${value} ${op} ${b}` });
    }
  }
  return out;
}

/** Reads the file once, fast: the widest row and the records that are empty lines (DuckDB skips those). */
async function scanStructure(file: string, header: boolean, delimiter: number): Promise<{ maxWidth: number; blankRecords: number[]; records: number }> {
  const handle = await open(file, 'r');
  const buffer = Buffer.alloc(1 << 22);
  let record = 0;
  let width = 1;
  let maxWidth = 0;
  let lineLength = 0;
  let quoted = false;
  let previousCr = false;
  const blankRecords: number[] = [];
  try {
    for (let position = 0; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      for (let i = 0; i < bytesRead; i++) {
        const b = buffer[i]!;
        if (b === 0x22) quoted = !quoted;
        if (!quoted && (b === 0x0a || b === 0x0d)) {
          if (b === 0x0a && previousCr) {
            previousCr = false;
            continue;
          }
          previousCr = b === 0x0d;
          record++;
          if (lineLength === 0 && record > (header ? 1 : 0)) blankRecords.push(record);
          if (width > maxWidth) maxWidth = width;
          width = 1;
          lineLength = 0;
          continue;
        }
        previousCr = false;
        lineLength++;
        if (!quoted && b === delimiter) width++;
      }
    }
    if (lineLength > 0) {
      record++;
      if (width > maxWidth) maxWidth = width;
    }
  } finally {
    await handle.close();
  }
  return { maxWidth, blankRecords, records: record };
}

export async function validateCsvInDuckDB(
  connection: DuckDBConnection,
  file: string,
  delimiter: string,
  labels: string[],
  schema: SchemaDescriptor,
  options: { limitErrors?: number; header?: boolean; schemaGiven: boolean; references?: Map<string, Set<string>> },
): Promise<ValidationReport | undefined> {
  const fields = schema.fields;
  // Single-field keys into a known set of values, on fields whose values print as the reference validator's do.
  const foreignKeys: { column: number; table: string }[] = [];
  for (const fk of schema.foreignKeys ?? []) {
    const names = Array.isArray(fk.fields) ? fk.fields : [fk.fields];
    const target = Array.isArray(fk.reference.fields) ? fk.reference.fields : [fk.reference.fields];
    const lookup = options.references?.get(`${fk.reference.resource ?? ''}|${target.join(',')}`);
    if (!lookup) continue;
    const column = fields.findIndex((f) => f.name === names[0]);
    if (names.length !== 1 || column < 0 || !['string', 'integer', undefined].includes(fields[column]!.type)) return undefined;
    const table = `fk${foreignKeys.length}`;
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${table} (key VARCHAR)`);
    const appender = await connection.createAppender(table);
    for (const key of lookup) {
      appender.appendVarchar(key);
      appender.endRow();
    }
    appender.closeSync();
    foreignKeys.push({ column, table });
  }
  const missingValues = schema.missingValues ?? [''];
  const header = options.header ?? true;
  const limit = options.limitErrors ?? 1000;
  const structure = await scanStructure(file, header, delimiter.charCodeAt(0));
  const width = Math.max(structure.maxWidth, fields.length, labels.length, 1);
  const col = (i: number) => `c${i + 1}`;
  const present = (i: number) => `(${col(i)} IS NOT NULL AND ${col(i)} NOT IN (${q(missingValues)}))`;

  // Per field: a code (0 fine, 1 required but empty, 2 not of its type), one 0/1 column per constraint, the cast value.
  const perField: { code: string; cons: string[]; names: string[]; value: string }[] = [];
  for (const [i, field] of fields.entries()) {
    const v = col(i);
    const cast = castSql(field, v);
    const constraints = cast && constraintSql(field, cast.value, v);
    if (!cast || !constraints) return undefined;
    perField.push({
      code: `CASE WHEN NOT ${present(i)} THEN ${field.constraints?.required ? 1 : 0} WHEN NOT (${cast.ok}) THEN 2 ELSE 0 END`,
      cons: constraints.map((c) => `CASE WHEN ${present(i)} AND (${cast.ok}) AND (${c.sql}) THEN 1 ELSE 0 END`),
      names: constraints.map((c) => c.name),
      value: `CASE WHEN ${present(i)} AND (${cast.ok}) THEN ${cast.value} END`,
    });
  }
  const primaryKey = (Array.isArray(schema.primaryKey) ? schema.primaryKey : schema.primaryKey ? [schema.primaryKey] : []).map((n) => fields.findIndex((f) => f.name === n));
  const columns = `{${Array.from({ length: width }, (_, i) => `${literal(col(i))}: 'VARCHAR'`).join(', ')}}`;
  const reader = `read_csv(${literal(file)}, delim=${literal(delimiter)}, quote='"', escape='"', header=${header}, auto_detect=false, columns=${columns}, null_padding=true, strict_mode=false, parallel=false, nullstr=${literal('\u0001\u0002')}, max_line_size=2097152)`;
  const selects = [
    'k',
    ...Array.from({ length: width }, (_, i) => col(i)),
    `(${Array.from({ length: width }, (_, i) => `(${col(i)} IS NULL OR ${col(i)} IN (${q(missingValues)}))`).join(' AND ')}) AS blank`,
    // How many cells the row has: the last one not NULL (missing cells are NULL, empty ones '').
    `CASE ${Array.from({ length: width }, (_, i) => `WHEN ${col(width - 1 - i)} IS NOT NULL THEN ${width - i}`).join(' ')} ELSE 0 END AS cells`,
    ...perField.map((f, i) => `${f.code} AS code${i}`),
    ...perField.flatMap((f, i) => f.cons.map((sql, j) => `${sql} AS cons${i}_${j}`)),
    ...fields.map((field, i) => (field.constraints?.unique ? `CASE WHEN u${i}.first IS NOT NULL AND k > u${i}.first THEN 1 ELSE 0 END AS uniq${i}` : `0 AS uniq${i}`)),
    primaryKey.length
      ? `CASE WHEN ${primaryKey.map((i) => (i < 0 ? 'true' : `v${i} IS NULL`)).join(' AND ')} THEN 1 WHEN pkd.first IS NOT NULL AND k > pkd.first THEN 2 ELSE 0 END AS pk`
      : '0 AS pk',
    ...foreignKeys.map((fk, j) => `CASE WHEN t.v${fk.column} IS NOT NULL AND CAST(t.v${fk.column} AS VARCHAR) NOT IN (SELECT key FROM ${fk.table}) THEN 1 ELSE 0 END AS fkx${j}, CAST(t.v${fk.column} AS VARCHAR) AS fkv${j}`),
  ];
  // Repeated values are found by grouping (memory for the distinct values only); the first row of each is fine.
  const keyColumns = primaryKey.map((i) => (i < 0 ? 'NULL' : `v${i}`));
  const ctes = [
    `raw AS (SELECT row_number() OVER () AS k, * FROM ${reader})`,
    `t AS (SELECT *, ${perField.map((f, i) => `${f.value} AS v${i}`).join(', ') || '1 AS v_'} FROM raw)`,
    ...fields.flatMap((field, i) => (field.constraints?.unique ? [`u${i} AS (SELECT v${i} AS v, min(k) AS first FROM t WHERE v${i} IS NOT NULL GROUP BY v${i} HAVING count(*) > 1)`] : [])),
    ...(primaryKey.length ? [`pkd AS (SELECT ${keyColumns.map((c, j) => `${c} AS p${j}`).join(', ')}, min(k) AS first FROM t WHERE NOT (${keyColumns.map((c) => `${c} IS NULL`).join(' AND ')}) GROUP BY ALL HAVING count(*) > 1)`] : []),
  ];
  const joins = [
    ...fields.flatMap((field, i) => (field.constraints?.unique ? [`LEFT JOIN u${i} ON t.v${i} = u${i}.v`] : [])),
    ...(primaryKey.length ? [`LEFT JOIN pkd ON ${keyColumns.map((c, j) => `${c === 'NULL' ? 'NULL' : `t.${c}`} IS NOT DISTINCT FROM pkd.p${j}`).join(' AND ')}`] : []),
  ];
  const anyError = [
    'blank',
    `cells <> ${fields.length}`,
    ...perField.map((_f, i) => `code${i} <> 0`),
    ...perField.flatMap((f, i) => f.cons.map((_c, j) => `cons${i}_${j} = 1`)),
    ...fields.map((_f, i) => `uniq${i} = 1`),
    'pk <> 0',
    ...foreignKeys.map((_fk, j) => `fkx${j} = 1`),
  ].join(' OR ');
  // One streaming pass keeps only the rows with errors (DuckDB spills them to disk if there are many).
  await connection.run(`CREATE OR REPLACE TEMP TABLE checked AS WITH ${ctes.join(', ')}
    SELECT * FROM (SELECT ${selects.join(', ')} FROM t ${joins.join(' ')}) WHERE ${anyError}`);
  const rows = (await connection.runAndReadAll(`SELECT * FROM checked ORDER BY k LIMIT ${limit + structure.blankRecords.length}`)).getRowObjectsJson() as Record<string, string | number | boolean | null>[];
  const F = fields.length;
  const notBlank = (sql: string) => `sum(CASE WHEN NOT blank THEN ${sql} ELSE 0 END)`;
  const sums = (await connection.runAndReadAll(`SELECT sum(CASE WHEN blank THEN 1 ELSE 0 END) AS blank_rows,
      ${notBlank(perField.map((_f, i) => `(CASE WHEN code${i} = 2 THEN 1 ELSE 0 END)`).join(' + ') || '0')} AS type_errors,
      ${notBlank([...perField.map((_f, i) => `(CASE WHEN code${i} = 1 THEN 1 ELSE 0 END)`), ...perField.flatMap((f, i) => f.cons.map((_c, j) => `cons${i}_${j}`))].join(' + ') || '0')} AS constraint_errors,
      ${notBlank(`greatest(cells - ${F}, 0)`)} AS extra_cells, ${notBlank(`greatest(${F} - cells, 0)`)} AS missing_cells,
      sum(${fields.map((_f, i) => `uniq${i}`).join(' + ')}) AS unique_errors, sum(CASE WHEN pk <> 0 THEN 1 ELSE 0 END) AS key_errors,
      ${foreignKeys.length ? `sum(${foreignKeys.map((_fk, j) => `fkx${j}`).join(' + ')})` : '0'} AS foreign_key_errors FROM checked`)).getRowObjectsJson()[0] as Record<string, string | null>;

  const errors: ValidationError[] = [...labelErrors(labels, fields, options.schemaGiven)];
  // DuckDB's k-th row is the k-th record that is not an empty line.
  const blanks = structure.blankRecords;
  let blankIndex = 0;
  const rowOf = (k: number) => {
    let record = k + (header ? 1 : 0);
    for (const b of blanks) if (b <= record) record++;
    return record;
  };
  const blankLineErrors = (record: number): ValidationError[] => [
    { type: 'blank-row', rowNumber: record, fieldNumber: null, message: say.blank() },
    ...(primaryKey.length ? [{ type: 'primary-key' as const, rowNumber: record, fieldNumber: null, message: say.emptyKey() }] : []),
  ];
  for (const row of rows) {
    const rowNumber = rowOf(Number(row.k));
    while (blankIndex < blanks.length && blanks[blankIndex]! < rowNumber) errors.push(...blankLineErrors(blanks[blankIndex++]!));
    const cells = Number(row.cells ?? 0);
    const raw = (i: number) => String(row[col(i)] ?? '');
    const rowErrors: ValidationError[] = [];
    fields.forEach((field, i) => {
      const at = { rowNumber, fieldNumber: i + 1, fieldName: field.name };
      const code = Number(row[`code${i}`]);
      if (code === 1) rowErrors.push({ type: 'constraint-error', ...at, message: say.required(field) });
      if (code === 2) rowErrors.push({ type: 'type-error', ...at, cell: raw(i), message: say.type(field, raw(i)) });
      perField[i]!.names.forEach((name, j) => {
        if (Number(row[`cons${i}_${j}`]) === 1) rowErrors.push({ type: 'constraint-error', ...at, cell: raw(i), message: say.constraint(field, name, raw(i)) });
      });
    });
    for (let i = F; i < cells; i++) rowErrors.push({ type: 'extra-cell', rowNumber, fieldNumber: i + 1, cell: raw(i), message: say.extra() });
    for (let i = cells; i < F; i++) rowErrors.push({ type: 'missing-cell', rowNumber, fieldNumber: i + 1, fieldName: fields[i]!.name, message: say.missing(fields[i]!) });
    errors.push(...(row.blank ? [{ type: 'blank-row' as const, rowNumber, fieldNumber: null, message: say.blank() }] : rowErrors));
    fields.forEach((field, i) => {
      if (Number(row[`uniq${i}`]) === 1) errors.push({ type: 'unique-error', rowNumber, fieldNumber: i + 1, fieldName: field.name, cell: raw(i), message: say.unique(raw(i)) });
    });
    if (Number(row.pk) !== 0) errors.push({ type: 'primary-key', rowNumber, fieldNumber: null, message: Number(row.pk) === 1 ? say.emptyKey() : say.repeatedKey() });
    foreignKeys.forEach((_fk, j) => {
      if (Number(row[`fkx${j}`]) === 1) errors.push({ type: 'foreign-key', rowNumber, fieldNumber: null, message: say.foreignKey([row[`fkv${j}`]]) });
    });
  }
  while (blankIndex < blanks.length) errors.push(...blankLineErrors(blanks[blankIndex++]!));
  await connection.run('DROP TABLE checked');
  for (const fk of foreignKeys) await connection.run(`DROP TABLE ${fk.table}`);
  const n = (key: string) => Number(sums[key] ?? 0);
  const counts: Partial<Record<ErrorType, number>> = {};
  const add = (type: ErrorType, value: number) => {
    if (value > 0) counts[type] = (counts[type] ?? 0) + value;
  };
  for (const e of errors) if (e.rowNumber === null) add(e.type, 1);
  add('blank-row', n('blank_rows') + blanks.length);
  add('type-error', n('type_errors'));
  add('constraint-error', n('constraint_errors'));
  add('extra-cell', n('extra_cells'));
  add('missing-cell', n('missing_cells'));
  add('unique-error', n('unique_errors'));
  add('primary-key', n('key_errors') + (primaryKey.length ? blanks.length : 0));
  add('foreign-key', n('foreign_key_errors'));
  return { valid: errors.length === 0, rows: structure.records - (header ? 1 : 0), fields, errors: errors.slice(0, limit), counts };
}
