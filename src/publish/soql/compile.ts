import { fold } from '../../core/text.ts';
import { ident, literal } from '../../store/duckdb.ts';
import type { Field } from '../table-schema.ts';
import type { Expr, SoqlQuery } from './ast.ts';
import { SoqlError } from './errors.ts';

/** Socrata's column types, as SODA clients see them. */
export type SodaType = 'text' | 'number' | 'checkbox' | 'floating_timestamp' | 'point' | 'null';

export const sodaTypeOf = (field: Field): SodaType =>
  field.type === 'integer' || field.type === 'number' ? 'number'
  : field.type === 'boolean' ? 'checkbox'
  : field.type === 'date' || field.type === 'datetime' ? 'floating_timestamp'
  : field.type === 'geojson' ? 'point'
  : 'text';

export interface CompiledQuery {
  sql: string;
  params: (string | number | boolean)[];
  columns: { name: string; type: SodaType }[];
}

interface Typed {
  sql: string;
  type: SodaType;
  /** A string literal, which takes the type of what it is compared with (as in SoQL: fecha > '2024-01-01'). */
  text?: string;
  aggregate?: boolean;
}

export const DEFAULT_LIMIT = 1000;
const ROW = 'file_row_number';

interface FunctionSpec {
  args: [number, number];
  aggregate?: boolean;
  type: (args: Typed[]) => SodaType;
  sql: (args: string[], distinct: boolean) => string;
}

const same = (args: Typed[]) => args[0]?.type ?? 'null';
const FUNCTIONS: Record<string, FunctionSpec> = {
  count: { args: [1, 1], aggregate: true, type: () => 'number', sql: (a, d) => `count(${d ? 'DISTINCT ' : ''}${a[0]})` },
  sum: { args: [1, 1], aggregate: true, type: () => 'number', sql: (a) => `sum(${a[0]})` },
  avg: { args: [1, 1], aggregate: true, type: () => 'number', sql: (a) => `avg(${a[0]})` },
  min: { args: [1, 1], aggregate: true, type: same, sql: (a) => `min(${a[0]})` },
  max: { args: [1, 1], aggregate: true, type: same, sql: (a) => `max(${a[0]})` },
  stddev_samp: { args: [1, 1], aggregate: true, type: () => 'number', sql: (a) => `stddev_samp(${a[0]})` },
  date_trunc_y: { args: [1, 1], type: () => 'floating_timestamp', sql: (a) => `date_trunc('year', ${a[0]})::TIMESTAMP` },
  date_trunc_ym: { args: [1, 1], type: () => 'floating_timestamp', sql: (a) => `date_trunc('month', ${a[0]})::TIMESTAMP` },
  date_trunc_ymd: { args: [1, 1], type: () => 'floating_timestamp', sql: (a) => `date_trunc('day', ${a[0]})::TIMESTAMP` },
  date_extract_y: { args: [1, 1], type: () => 'number', sql: (a) => `year(${a[0]})` },
  date_extract_m: { args: [1, 1], type: () => 'number', sql: (a) => `month(${a[0]})` },
  date_extract_d: { args: [1, 1], type: () => 'number', sql: (a) => `day(${a[0]})` },
  upper: { args: [1, 1], type: () => 'text', sql: (a) => `upper(${a[0]})` },
  lower: { args: [1, 1], type: () => 'text', sql: (a) => `lower(${a[0]})` },
  length: { args: [1, 1], type: () => 'number', sql: (a) => `length(${a[0]})` },
  trim: { args: [1, 1], type: () => 'text', sql: (a) => `trim(${a[0]})` },
  abs: { args: [1, 1], type: () => 'number', sql: (a) => `abs(${a[0]})` },
  round: { args: [1, 2], type: () => 'number', sql: (a) => `round(${a.join(', ')})` },
  starts_with: { args: [2, 2], type: () => 'checkbox', sql: (a) => `starts_with(${a[0]}, ${a[1]})` },
  contains: { args: [2, 2], type: () => 'checkbox', sql: (a) => `contains(${a[0]}, ${a[1]})` },
  coalesce: { args: [1, 20], type: same, sql: (a) => `coalesce(${a.join(', ')})` },
  within_box: {
    args: [5, 5],
    type: () => 'checkbox',
    // A GeoJSON point's coordinates are [longitude, latitude]; the box is NW corner then SE corner.
    sql: (a) => `(CAST(json_extract(${a[0]}, '$.coordinates[1]') AS DOUBLE) BETWEEN ${a[3]} AND ${a[1]} AND CAST(json_extract(${a[0]}, '$.coordinates[0]') AS DOUBLE) BETWEEN ${a[2]} AND ${a[4]})`,
  },
};

const DUCK_TYPES: Record<string, { sql: string; type: SodaType }> = {
  text: { sql: 'VARCHAR', type: 'text' },
  number: { sql: 'DOUBLE', type: 'number' },
  double: { sql: 'DOUBLE', type: 'number' },
  floating_timestamp: { sql: 'TIMESTAMP', type: 'floating_timestamp' },
  boolean: { sql: 'BOOLEAN', type: 'checkbox' },
  checkbox: { sql: 'BOOLEAN', type: 'checkbox' },
};

/** Compiles a parsed SoQL query over one release into DuckDB SQL whose values are all parameters. */
export function compileSoql(query: SoqlQuery, fields: Field[], parquetPath: string, texts: Record<string, string>): CompiledQuery {
  const params: (string | number | boolean)[] = [];
  const byName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const aliases = new Set((query.select ?? []).map((s) => s.alias?.toLowerCase()).filter(Boolean) as string[]);
  let parameter = '$select';
  const fail = (pos: number, code: string, es: string, en: string): never => {
    throw new SoqlError(code, { es, en }, texts[parameter] ?? '', pos, parameter);
  };
  const param = (value: string | number | boolean) => {
    params.push(value);
    return `$${params.length}`;
  };

  /** A string literal compared with a typed value becomes a value of that type. */
  const coerce = (value: Typed, to: SodaType, pos: number): Typed => {
    if (value.text === undefined || to === 'text' || to === 'null') return value;
    if (to === 'number') {
      const n = Number(value.text.trim());
      if (value.text.trim() === '' || !Number.isFinite(n)) fail(pos, 'query.soql.type-mismatch', `«${value.text}» no es un número`, `"${value.text}" is not a number`);
      params[Number(value.sql.slice(1)) - 1] = n;
      return { sql: value.sql, type: 'number' };
    }
    if (to === 'floating_timestamp') {
      if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(value.text.trim())) fail(pos, 'query.soql.type-mismatch', `«${value.text}» no es una fecha (aaaa-mm-ddThh:mm:ss)`, `"${value.text}" is not a timestamp (yyyy-mm-ddThh:mm:ss)`);
      return { sql: `CAST(${value.sql} AS TIMESTAMP)`, type: 'floating_timestamp' };
    }
    if (to === 'checkbox') {
      const t = value.text.trim().toLowerCase();
      if (t !== 'true' && t !== 'false') fail(pos, 'query.soql.type-mismatch', `«${value.text}» no es true ni false`, `"${value.text}" is neither true nor false`);
      params[Number(value.sql.slice(1)) - 1] = t === 'true';
      return { sql: value.sql, type: 'checkbox' };
    }
    return value;
  };

  const pair = (a: Typed, b: Typed, pos: number): [Typed, Typed] => [coerce(a, b.type, pos), coerce(b, a.type, pos)];

  const compile = (expr: Expr, allowAggregates: boolean): Typed => {
    switch (expr.kind) {
      case 'column': {
        const key = expr.name.toLowerCase();
        if (key === ':id') return { sql: ROW, type: 'number' };
        const field = byName.get(key);
        if (field) return { sql: ident(field.name), type: sodaTypeOf(field) };
        if (aliases.has(key) && parameter !== '$select' && parameter !== '$where') return { sql: ident(key), type: 'text' };
        return fail(expr.pos, 'query.soql.no-such-column', `No existe la columna «${expr.name}»`, `No such column: ${expr.name}`);
      }
      case 'string':
        return { sql: param(expr.value), type: 'text', text: expr.value };
      case 'number':
        return { sql: param(expr.value), type: 'number' };
      case 'boolean':
        return { sql: param(expr.value), type: 'checkbox' };
      case 'null':
        return { sql: 'NULL', type: 'null' };
      case 'star':
        return fail(expr.pos, 'query.soql.unexpected-token', '«*» solo va solo en $select o en count(*)', '"*" only goes alone in $select or in count(*)');
      case 'call': {
        const spec = FUNCTIONS[expr.name];
        if (!spec) return fail(expr.pos, 'query.soql.no-such-function', `No existe la función «${expr.name}»`, `No such function: ${expr.name}`);
        if (spec.aggregate && !allowAggregates) fail(expr.pos, 'query.soql.aggregate-in-where', `No se puede usar ${expr.name}() en ${parameter}`, `Aggregate ${expr.name}() is not allowed in ${parameter}`);
        if (expr.args.length < spec.args[0] || expr.args.length > spec.args[1]) {
          fail(expr.pos, 'query.soql.wrong-arguments', `${expr.name}() recibe ${spec.args[0]}${spec.args[1] > spec.args[0] ? ` a ${spec.args[1]}` : ''} argumentos`, `${expr.name}() takes ${spec.args[0]}${spec.args[1] > spec.args[0] ? ` to ${spec.args[1]}` : ''} arguments`);
        }
        if (expr.name === 'count' && expr.args[0]?.kind === 'star') return { sql: 'count(*)', type: 'number', aggregate: true };
        const args = expr.args.map((a) => compile(a, false));
        if (expr.name === 'within_box') args.slice(1).forEach((a, i) => (args[i + 1] = coerce(a, 'number', expr.args[i + 1]!.pos)));
        return { sql: spec.sql(args.map((a) => a.sql), expr.distinct), type: spec.type(args), aggregate: spec.aggregate ?? args.some((a) => a.aggregate) };
      }
      case 'binary': {
        let [left, right] = [compile(expr.left, allowAggregates), compile(expr.right, allowAggregates)];
        const aggregate = left.aggregate || right.aggregate;
        if (expr.op === 'AND' || expr.op === 'OR') return { sql: `(${left.sql} ${expr.op} ${right.sql})`, type: 'checkbox', aggregate };
        if (expr.op === '||') return { sql: `(CAST(${left.sql} AS VARCHAR) || CAST(${right.sql} AS VARCHAR))`, type: 'text', aggregate };
        [left, right] = pair(left, right, expr.pos);
        if (['+', '-', '*', '/', '%'].includes(expr.op)) {
          [left, right] = [coerce(left, 'number', expr.pos), coerce(right, 'number', expr.pos)];
          return { sql: `(${left.sql} ${expr.op} ${right.sql})`, type: 'number', aggregate };
        }
        return { sql: `(${left.sql} ${expr.op} ${right.sql})`, type: 'checkbox', aggregate };
      }
      case 'not': {
        const inner = compile(expr.operand, allowAggregates);
        return { sql: `(NOT ${inner.sql})`, type: 'checkbox', aggregate: inner.aggregate };
      }
      case 'negate': {
        const inner = coerce(compile(expr.operand, allowAggregates), 'number', expr.pos);
        return { sql: `(- ${inner.sql})`, type: 'number', aggregate: inner.aggregate };
      }
      case 'isnull': {
        const inner = compile(expr.operand, allowAggregates);
        return { sql: `(${inner.sql} IS ${expr.negated ? 'NOT ' : ''}NULL)`, type: 'checkbox', aggregate: inner.aggregate };
      }
      case 'between': {
        const operand = compile(expr.operand, allowAggregates);
        const low = coerce(compile(expr.low, allowAggregates), operand.type, expr.low.pos);
        const high = coerce(compile(expr.high, allowAggregates), operand.type, expr.high.pos);
        return { sql: `(${operand.sql} ${expr.negated ? 'NOT ' : ''}BETWEEN ${low.sql} AND ${high.sql})`, type: 'checkbox', aggregate: operand.aggregate };
      }
      case 'in': {
        const operand = compile(expr.operand, allowAggregates);
        const list = expr.list.map((item) => coerce(compile(item, allowAggregates), operand.type, item.pos).sql);
        return { sql: `(${operand.sql} ${expr.negated ? 'NOT ' : ''}IN (${list.join(', ')}))`, type: 'checkbox', aggregate: operand.aggregate };
      }
      case 'like': {
        const operand = compile(expr.operand, allowAggregates);
        const pattern = compile(expr.pattern, allowAggregates);
        return { sql: `(CAST(${operand.sql} AS VARCHAR) ${expr.negated ? 'NOT ' : ''}LIKE ${pattern.sql})`, type: 'checkbox', aggregate: operand.aggregate };
      }
      case 'cast': {
        const target = DUCK_TYPES[expr.type];
        if (!target) return fail(expr.pos, 'query.soql.no-such-type', `Tipo desconocido «${expr.type}»`, `Unknown type: ${expr.type}`);
        const inner = compile(expr.operand, allowAggregates);
        return { sql: `TRY_CAST(${inner.sql} AS ${target.sql})`, type: target.type, aggregate: inner.aggregate };
      }
    }
  };

  const columns: { name: string; type: SodaType }[] = [];
  const selectSql: string[] = [];
  const taken = new Set<string>();
  const output = (name: string) => {
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name}_${n}`;
    taken.add(unique);
    return unique;
  };
  let aggregated = false;
  const selections = query.select ?? [{ expr: { kind: 'star', pos: 0 } as Expr }];
  for (const selection of selections) {
    if (selection.expr.kind === 'star') {
      for (const field of fields) {
        columns.push({ name: output(field.name), type: sodaTypeOf(field) });
        selectSql.push(ident(field.name));
      }
      continue;
    }
    const typed = compile(selection.expr, true);
    aggregated ||= Boolean(typed.aggregate);
    const name = output(selection.alias ?? defaultName(selection.expr, columns.length));
    columns.push({ name, type: typed.type });
    selectSql.push(`${typed.sql} AS ${ident(name)}`);
  }

  const clauses = [`SELECT ${selectSql.join(', ')} FROM read_parquet(${literal(parquetPath)}, file_row_number = true)`];
  const conditions: string[] = [];
  if (query.where) {
    parameter = '$where';
    conditions.push(compile(query.where, false).sql);
  }
  if (query.search) {
    const textFields = fields.filter((f) => sodaTypeOf(f) === 'text');
    const haystack = textFields.length ? `strip_accents(lower(concat_ws(' ', ${textFields.map((f) => ident(f.name)).join(', ')})))` : `''`;
    for (const term of fold(query.search).split(/\s+/).filter(Boolean).slice(0, 20)) conditions.push(`(${haystack} LIKE ${param(`%${term.replace(/[%_\\]/g, '\\$&')}%`)} ESCAPE '\\')`);
  }
  if (conditions.length) clauses.push(`WHERE ${conditions.join(' AND ')}`);
  const group: string[] = [];
  if (query.group) {
    parameter = '$group';
    group.push(...query.group.map((g) => compile(g, false).sql));
    clauses.push(`GROUP BY ${group.join(', ')}`);
  } else if (aggregated) {
    // count(*) alone is a grand total: no grouping, one row.
  }
  if (query.having) {
    parameter = '$having';
    clauses.push(`HAVING ${compile(query.having, true).sql}`);
  }
  const order: string[] = [];
  if (query.order) {
    parameter = '$order';
    for (const o of query.order) order.push(`${compile(o.expr, true).sql} ${o.descending ? 'DESC' : 'ASC'}${o.nullsFirst === undefined ? '' : o.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST'}`);
  }
  // Stable paging: ties are broken by the row's place in the file; grouped results are ordered by their groups.
  if (!query.group && !aggregated && order.length) order.push(ROW);
  if (query.group && !order.length) order.push(...group);
  if (order.length) clauses.push(`ORDER BY ${order.join(', ')}`);
  clauses.push(`LIMIT ${query.limit ?? DEFAULT_LIMIT}`);
  if (query.offset) clauses.push(`OFFSET ${query.offset}`);
  return { sql: clauses.join(' '), params, columns };
}

/** Socrata's names for unnamed selections: count(*) → count, sum(x) → sum_x, date_trunc_ym(f) → date_trunc_ym_f. */
function defaultName(expr: Expr, index: number): string {
  if (expr.kind === 'column') return expr.name.toLowerCase();
  if (expr.kind === 'call') {
    const parts = expr.args.map((a) => (a.kind === 'column' ? a.name.toLowerCase() : a.kind === 'star' ? '' : 'expr')).filter(Boolean);
    return [expr.name, ...parts].join('_');
  }
  return `_expr${index}`;
}
