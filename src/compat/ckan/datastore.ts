import { requireRelease } from '../../publish/datasets.ts';
import type { Expr, Ordering, SoqlQuery } from '../../publish/soql/ast.ts';
import { compileSoql } from '../../publish/soql/compile.ts';
import { jsonRows } from '../../publish/soql/rows.ts';
import { SoqlError } from '../../publish/soql/errors.ts';
import type { TableSchema } from '../../publish/table-schema.ts';
import type { Context } from '../../store/context.ts';
import { CkanError } from './errors.ts';
import { param, type Params } from './read.ts';
import { parseResourceId } from './records.ts';
import type { QueryPool } from '../../store/query-pool.ts';

/** The DataStore's column types for Table Schema types. */
const DATASTORE_TYPES: Record<string, string> = { integer: 'int', number: 'numeric', boolean: 'bool', date: 'date', datetime: 'timestamp', time: 'time', year: 'int', geojson: 'json', object: 'json', array: 'json' };

const column = (name: string): Expr => ({ kind: 'column', name, pos: 0 });
const text = (value: string): Expr => ({ kind: 'string', value, pos: 0 });
const and = (exprs: Expr[]): Expr | undefined => (exprs.length ? exprs.reduce((a, b) => ({ kind: 'binary', op: 'AND', left: a, right: b, pos: 0 })) : undefined);

function objectParam(params: Params, name: string): Record<string, unknown> | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  try {
    const parsed = JSON.parse(String(value));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
  } catch {
    // a plain string: handled by the caller
  }
  return undefined;
}

/**
 * datastore_search over a release: resource ids name the dataset's current release (abcd-1234-csv) or a
 * given one (abcd-1234@2). Filters, q (whole row or per field), fields, sort, limit and offset become a
 * SoQL query run by DuckDB over the release's Parquet, as the SODA API does. `_id` is the row's position.
 */
export async function datastoreSearch(ctx: Context, params: Params, baseUrl: string, pool: QueryPool) {
  const resourceId = param.required(params, 'resource_id');
  const match = parseResourceId(resourceId);
  if (!match) throw new CkanError('not_found', `Resource "${resourceId}" was not found.`);
  const { dataset, release } = await requireRelease(ctx, match[1]!, match[3] ? Number(match[3]) : 'latest');
  const schema = release.schema as TableSchema;
  const names = new Set(schema.fields.map((f) => f.name));
  const unknown = (field: string, value: string) => {
    if (!names.has(field)) throw new CkanError('validation', '', { [field]: [`field "${value}" not in resource`] });
  };

  const fields = param.list(params, 'fields');
  fields.forEach((f) => unknown(f, f));
  const where: Expr[] = [];
  for (const [field, value] of Object.entries(objectParam(params, 'filters') ?? {})) {
    unknown(field, field);
    const values = (Array.isArray(value) ? value : [value]).map((v) => text(String(v)));
    where.push(values.length === 1 ? { kind: 'binary', op: '=', left: column(field), right: values[0]!, pos: 0 } : { kind: 'in', operand: column(field), list: values, negated: false, pos: 0 });
  }
  let search: string | undefined;
  const q = objectParam(params, 'q');
  if (q) {
    for (const [field, value] of Object.entries(q)) {
      unknown(field, field);
      where.push({ kind: 'like', operand: { kind: 'call', name: 'lower', args: [column(field)], distinct: false, pos: 0 }, pattern: text(`%${String(value).toLowerCase()}%`), negated: false, pos: 0 });
    }
  } else search = param.string(params, 'q') || undefined;

  const order: Ordering[] = [];
  for (const part of (param.string(params, 'sort') ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [field = '', direction = 'asc'] = part.replace(/"/g, '').split(/\s+/);
    if (field === '_id') order.push({ expr: column(':id'), descending: direction.toLowerCase() === 'desc' });
    else {
      unknown(field, field);
      order.push({ expr: column(field), descending: direction.toLowerCase() === 'desc' });
    }
  }
  const limit = param.int(params, 'limit', 100, 32_000);
  const offset = param.int(params, 'offset', 0);
  const selected = fields.length ? fields.filter((f) => f !== '_id') : [...names];
  const filter = { ...(and(where) ? { where: and(where)! } : {}), ...(search ? { search } : {}) };
  const rowsQuery: SoqlQuery = {
    select: [{ expr: column(':id'), alias: '_id' }, ...selected.map((f) => ({ expr: column(f) }))],
    ...filter,
    order: order.length ? order : [{ expr: column(':id'), descending: false }],
    limit,
    offset,
  };
  const location = ctx.blobs.location(release.parquet_key);
  try {
    // In a worker process, as SoQL: the filters and search are the visitor's.
    const run = async (query: SoqlQuery) => {
      const compiled = compileSoql(query, schema.fields, location, {});
      const { batches } = await pool.query({ sql: compiled.sql, params: compiled.params, untrusted: false, timeoutMs: 60_000 });
      const rows: Record<string, unknown>[] = [];
      for await (const batch of batches) rows.push(...batch);
      return rows;
    };
    const records: Record<string, unknown>[] = jsonRows(await run(rowsQuery), schema).map((r) => ({ ...r, _id: Number(r._id) + 1 }));
    const total = param.bool(params, 'include_total', true) ? Number((await run({ select: [{ expr: { kind: 'call', name: 'count', args: [{ kind: 'star', pos: 0 }], distinct: false, pos: 0 }, alias: 'n' }], ...filter }))[0]!.n) : undefined;
    const byName = new Map(schema.fields.map((f) => [f.name, f]));
    const columns = ['_id', ...selected];
    const format = param.string(params, 'records_format') ?? 'objects';
    const link = (at: number) => `/api/3/action/datastore_search?${new URLSearchParams({ resource_id: resourceId, ...(at ? { offset: String(at) } : {}) })}`;
    return {
      include_total: total !== undefined,
      resource_id: resourceId,
      fields: columns.map((name) => ({ id: name, type: name === '_id' ? 'int' : DATASTORE_TYPES[byName.get(name)!.type ?? 'string'] ?? 'text', ...(byName.get(name)?.title ? { info: { label: byName.get(name)!.title } } : {}) })),
      records_format: format,
      records: format === 'lists' ? records.map((r) => columns.map((c) => r[c] ?? null)) : format === 'csv' ? records.map((r) => columns.map((c) => csvCell(r[c])).join(',')).join('\n') : records,
      limit,
      ...(offset ? { offset } : {}),
      _links: { start: link(0), next: link(offset + limit) },
      ...(total !== undefined ? { total, total_was_estimated: false } : {}),
      dataset: { id: dataset.id, release: release.number, url: `${baseUrl}/datasets/${dataset.id}` },
    };
  } catch (error) {
    if (error instanceof SoqlError) throw new CkanError('validation', error.message);
    throw error;
  }
}

const csvCell = (value: unknown) => {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
