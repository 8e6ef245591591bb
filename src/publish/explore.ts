import { buffer } from 'node:stream/consumers';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { ident, literal } from '../store/duckdb.ts';
import type { Context } from '../store/context.ts';
import type { ReleaseRow } from '../store/schema.ts';
import { storageType, type Field, type TableSchema } from './table-schema.ts';

export interface PreviewOptions {
  page: number;
  perPage: number;
  sort?: string;
  descending?: boolean;
  /** Equality filters by field name (as typed in a link: ?f.departamento=Antioquia). */
  filters: Record<string, string>;
}

export interface Preview {
  rows: Record<string, unknown>[];
  total: number;
  page: number;
  pages: number;
}

const parquetOf = (ctx: Context, release: ReleaseRow) => `read_parquet(${literal(ctx.blobs.location(release.parquet_key))}, file_row_number = true)`;

/** One page of a release, sorted and filtered by plain-link parameters; values are parameters. */
export async function previewRelease(ctx: Context, release: ReleaseRow, options: PreviewOptions): Promise<Preview> {
  const fields = (release.schema as TableSchema).fields;
  const byName = new Map(fields.map((f) => [f.name, f]));
  const params: (string | number | boolean)[] = [];
  const conditions = Object.entries(options.filters).filter(([name]) => byName.has(name)).map(([name, value]) => {
    params.push(value);
    return `CAST(${ident(name)} AS VARCHAR) = $${params.length}`;
  });
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const sort = options.sort && byName.has(options.sort) ? `${ident(options.sort)} ${options.descending ? 'DESC' : 'ASC'} NULLS LAST, file_row_number` : 'file_row_number';
  return ctx.engine.use(async (c) => {
    const total = Number((await c.runAndReadAll(`SELECT count(*) AS n FROM ${parquetOf(ctx, release)} ${where}`, params)).getRowObjectsJson()[0]!.n);
    const pages = Math.max(1, Math.ceil(total / options.perPage));
    const page = Math.min(Math.max(1, options.page), pages);
    const rows = (await c.runAndReadAll(`SELECT ${fields.map((f) => ident(f.name)).join(', ')} FROM ${parquetOf(ctx, release)} ${where} ORDER BY ${sort} LIMIT ${options.perPage} OFFSET ${(page - 1) * options.perPage}`, params)).getRowObjectsJson();
    return { rows, total, page, pages };
  });
}

export interface ColumnSummary {
  name: string;
  type: Field['type'];
  empty: number;
  distinct: number;
  min: string | number | null;
  max: string | number | null;
  top: { value: string; count: number }[];
  /** Equal-width bins for numbers and dates. */
  histogram: { from: string | number; to: string | number; count: number }[];
}

/** Per-column summary of a release, computed once by DuckDB and kept beside the release (it never changes). */
export async function summarizeRelease(ctx: Context, release: ReleaseRow): Promise<ColumnSummary[]> {
  const key = `datasets/${release.dataset_id}/releases/${release.number}/summary.json`;
  if ((await ctx.blobs.size(key)) !== undefined) return JSON.parse((await buffer(ctx.blobs.read(key))).toString('utf8'));
  const fields = (release.schema as TableSchema).fields;
  const from = parquetOf(ctx, release);
  const summary = await ctx.engine.use(async (c) => {
    const out: ColumnSummary[] = [];
    for (const field of fields) {
      const col = ident(field.name);
      const stats = (await c.runAndReadAll(`SELECT count(*) - count(${col}) AS empty, approx_count_distinct(${col}) AS distinct_values, CAST(min(${col}) AS VARCHAR) AS min, CAST(max(${col}) AS VARCHAR) AS max FROM ${from}`)).getRowObjectsJson()[0]!;
      const top = (await c.runAndReadAll(`SELECT CAST(${col} AS VARCHAR) AS value, count(*) AS n FROM ${from} WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY n DESC, value LIMIT 5`)).getRowObjectsJson();
      const numeric = ['BIGINT', 'DOUBLE'].includes(storageType(field.type));
      const temporal = ['DATE', 'TIMESTAMP'].includes(storageType(field.type));
      let histogram: ColumnSummary['histogram'] = [];
      if ((numeric || temporal) && stats.min !== null && stats.max !== stats.min) {
        const asNumber = temporal ? `epoch(${col})` : `CAST(${col} AS DOUBLE)`;
        const bins = (await c.runAndReadAll(`WITH b AS (SELECT min(${asNumber}) AS lo, max(${asNumber}) AS hi FROM ${from})
          SELECT least(floor((${asNumber} - b.lo) / ((b.hi - b.lo) / 20)), 19) AS bin, count(*) AS n, b.lo, b.hi FROM ${from}, b WHERE ${col} IS NOT NULL GROUP BY ALL ORDER BY bin`)).getRowObjectsJson();
        const lo = Number(bins[0]?.lo ?? 0);
        const width = (Number(bins[0]?.hi ?? 0) - lo) / 20;
        const label = (v: number) => (temporal ? new Date(v * 1000).toISOString().slice(0, 10) : Math.round(v * 100) / 100);
        const counts = new Map(bins.map((b) => [Number(b.bin), Number(b.n)]));
        histogram = Array.from({ length: 20 }, (_, i) => ({ from: label(lo + i * width), to: label(lo + (i + 1) * width), count: counts.get(i) ?? 0 }));
      }
      out.push({
        name: field.name,
        type: field.type,
        empty: Number(stats.empty),
        distinct: Number(stats.distinct_values),
        min: stats.min as string | null,
        max: stats.max as string | null,
        top: top.map((t) => ({ value: String(t.value), count: Number(t.n) })),
        histogram,
      });
    }
    return out;
  });
  const scratch = ctx.engine.scratch('summary');
  try {
    const file = path.join(scratch.dir, 'summary.json');
    writeFileSync(file, JSON.stringify(summary));
    await ctx.blobs.putFile(key, file);
  } finally {
    scratch.done();
  }
  return summary;
}

export interface ReleaseDiff {
  from: number;
  to: number;
  rows: { before: number; after: number; added: number; removed: number };
  fields: { added: string[]; removed: string[]; retyped: { name: string; from: string; to: string }[] };
}

/** What changed between two releases: fields added, removed or retyped, and rows added and removed (compared on the fields both have). */
export async function diffReleases(ctx: Context, older: ReleaseRow, newer: ReleaseRow): Promise<ReleaseDiff> {
  const a = (older.schema as TableSchema).fields;
  const b = (newer.schema as TableSchema).fields;
  const aNames = new Map(a.map((f) => [f.name, f]));
  const bNames = new Map(b.map((f) => [f.name, f]));
  const shared = b.filter((f) => aNames.has(f.name)).map((f) => f.name);
  const fields = {
    added: b.filter((f) => !aNames.has(f.name)).map((f) => f.name),
    removed: a.filter((f) => !bNames.has(f.name)).map((f) => f.name),
    retyped: b.filter((f) => aNames.has(f.name) && aNames.get(f.name)!.type !== f.type).map((f) => ({ name: f.name, from: aNames.get(f.name)!.type, to: f.type })),
  };
  let added = Number(newer.row_count);
  let removed = Number(older.row_count);
  // Shared fields are compared as text; a number that became an integer (or back) is compared as a number.
  const numeric = (t: Field['type']) => t === 'integer' || t === 'number';
  const comparable = shared.flatMap((n) => {
    const [from, to] = [aNames.get(n)!.type, bNames.get(n)!.type];
    if (from === to) return [`CAST(${ident(n)} AS VARCHAR)`];
    return numeric(from) && numeric(to) ? [`CAST(${ident(n)} AS DOUBLE)`] : [];
  });
  if (comparable.length) {
    const cols = comparable.join(', ');
    const counts = await ctx.engine.use(async (c) => (await c.runAndReadAll(`SELECT
      (SELECT count(*) FROM (SELECT ${cols} FROM ${parquetOf(ctx, newer)} EXCEPT ALL SELECT ${cols} FROM ${parquetOf(ctx, older)})) AS added,
      (SELECT count(*) FROM (SELECT ${cols} FROM ${parquetOf(ctx, older)} EXCEPT ALL SELECT ${cols} FROM ${parquetOf(ctx, newer)})) AS removed`)).getRowObjectsJson()[0]!);
    added = Number(counts.added);
    removed = Number(counts.removed);
  }
  return { from: older.number, to: newer.number, rows: { before: Number(older.row_count), after: Number(newer.row_count), added, removed }, fields };
}
