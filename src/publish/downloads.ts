import path from 'node:path';
import { literal } from '../store/duckdb.ts';
import type { Context } from '../store/context.ts';
import type { DatasetRow, ReleaseRow } from '../store/schema.ts';
import ExcelJS from 'exceljs';
import { invalid } from '../core/errors.ts';
import type { Field, TableSchema } from './table-schema.ts';
import { codeListResource, isCodeList } from '../quality/code-lists.ts';

export const DOWNLOAD_FORMATS = ['csv', 'json', 'xlsx', 'parquet', 'original'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

const CONTENT_TYPES: Record<Exclude<DownloadFormat, 'original'>, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A worksheet holds at most 1,048,576 rows, the header included. */
export const XLSX_MAX_ROWS = 1_048_575;

export interface ReleaseFile {
  key: string;
  size: number;
  etag: string;
  contentType: string;
  fileName: string;
}

const releaseDir = (release: ReleaseRow) => `datasets/${release.dataset_id}/releases/${release.number}`;

/**
 * A release in the asked format. Releases never change, so CSV and JSON are written once by DuckDB on
 * first request (to disk, never into memory) and then served like the Parquet file, with ETag and ranges.
 */
export async function releaseFile(ctx: Context, release: ReleaseRow, format: DownloadFormat): Promise<ReleaseFile> {
  const base = `${release.dataset_id}-v${release.number}`;
  if (format === 'original') {
    return { key: release.original_key, size: release.original_size, etag: `"${release.original_sha256}"`, contentType: 'application/octet-stream', fileName: release.original_name };
  }
  if (format === 'parquet') {
    return { key: release.parquet_key, size: release.parquet_size, etag: `"${release.parquet_sha256}"`, contentType: CONTENT_TYPES.parquet, fileName: `${base}.parquet` };
  }
  const key = `${releaseDir(release)}/data.${format}`;
  let size = await ctx.blobs.size(key);
  if (size === undefined) size = (await derive(ctx, release, format, key)).size;
  return { key, size, etag: `"${release.parquet_sha256.slice(0, 32)}-${format}"`, contentType: CONTENT_TYPES[format], fileName: `${base}.${format}` };
}

async function derive(ctx: Context, release: ReleaseRow, format: 'csv' | 'json' | 'xlsx', key: string) {
  const scratch = ctx.engine.scratch('derive');
  try {
    const target = path.join(scratch.dir, `data.${format}`);
    if (format === 'xlsx') {
      await writeXlsx(ctx, release, target);
      return await ctx.blobs.putFile(key, target);
    }
    const options = format === 'csv' ? `FORMAT csv, HEADER true` : `FORMAT json, ARRAY true`;
    await ctx.engine.use((c) => c.run(`COPY (SELECT * FROM read_parquet(${literal(ctx.blobs.location(release.parquet_key))})) TO ${literal(target)} (${options})`));
    return await ctx.blobs.putFile(key, target);
  } finally {
    scratch.done();
  }
}

/**
 * The release's schema as the CSV the platform writes reads: the uploaded file's marks and patterns (decimal
 * commas, thousands dots, dd/mm/yyyy, "sí"/"no") are gone, since DuckDB writes 1234.5, ISO dates, dates and
 * times as "2024-03-01 08:00:00", and true/false. A descriptor must describe the bytes it points to.
 */
export function servedSchema(schema: TableSchema, format: 'csv' | 'parquet'): TableSchema {
  const fields = schema.fields.map((field) => {
    const { decimalChar: _d, groupChar: _g, format: _f, trueValues: _t, falseValues: _fv, 'x-inferred': _x, 'x-samples': _s, ...rest } = field;
    const served: Field = { ...rest };
    if (field.type === 'datetime' && format === 'csv') served.format = '%Y-%m-%d %H:%M:%S';
    return served;
  });
  return { ...schema, fields, missingValues: [''] };
}

/** A Frictionless Data Package describing the release and its downloads. */
export function dataPackage(dataset: DatasetRow, release: ReleaseRow, baseUrl: string) {
  const url = (format: string) => `${baseUrl}/api/v1/datasets/${dataset.id}/releases/${release.number}/data.${format}`;
  return {
    $schema: 'https://datapackage.org/profiles/2.0/datapackage.json',
    name: dataset.id,
    title: dataset.title,
    ...(dataset.description ? { description: dataset.description } : {}),
    version: String(release.number),
    created: release.created_at.toISOString(),
    ...(dataset.licence ? { licenses: [{ name: dataset.licence }] } : {}),
    keywords: dataset.keywords,
    resources: [
      {
        name: 'datos',
        path: url('csv'),
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: { $schema: 'https://datapackage.org/profiles/2.0/tabledialect.json', delimiter: ',', header: true },
        schema: servedSchema(release.schema as TableSchema, 'csv'),
      },
      {
        name: 'datos-parquet',
        path: url('parquet'),
        format: 'parquet',
        mediatype: 'application/vnd.apache.parquet',
        bytes: release.parquet_size,
        hash: `sha256:${release.parquet_sha256}`,
        schema: servedSchema(release.schema as TableSchema, 'parquet'),
      },
      // The shared code lists its foreign keys point to, so that they resolve for any Frictionless tool.
      ...[...new Set(((release.schema as TableSchema).foreignKeys ?? []).map((fk) => fk.reference.resource).filter((r): r is string => isCodeList(r)))].map((name) => codeListResource(name, baseUrl)),
    ],
  };
}

/** Streams a release into a workbook, row by row from DuckDB, with numbers, dates and booleans typed. */
async function writeXlsx(ctx: Context, release: ReleaseRow, target: string): Promise<void> {
  if (Number(release.row_count) > XLSX_MAX_ROWS) {
    throw invalid({
      es: `Esta versión tiene ${Number(release.row_count).toLocaleString('es-CO')} filas y una hoja de Excel admite ${XLSX_MAX_ROWS.toLocaleString('es-CO')}: descárguela en CSV o Parquet.`,
      en: `This release has ${Number(release.row_count).toLocaleString('en-US')} rows and an Excel sheet holds ${XLSX_MAX_ROWS.toLocaleString('en-US')}: download it as CSV or Parquet.`,
    });
  }
  const fields = (release.schema as TableSchema).fields;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: target, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('datos');
  sheet.columns = fields.map((f) => ({ header: f.title ?? f.name, key: f.name, width: Math.min(40, Math.max(10, (f.title ?? f.name).length + 2)), ...(f.type === 'date' ? { style: { numFmt: 'dd/mm/yyyy' } } : f.type === 'datetime' ? { style: { numFmt: 'dd/mm/yyyy hh:mm' } } : {}) }));
  await ctx.engine.use(async (c) => {
    const result = await c.stream(`SELECT * FROM read_parquet(${literal(ctx.blobs.location(release.parquet_key))})`);
    for await (const rows of result.yieldRowObjectJson()) {
      for (const row of rows) {
        const values: Record<string, unknown> = {};
        for (const f of fields) {
          const v = row[f.name];
          if (v === null || v === undefined) continue;
          values[f.name] = f.type === 'integer' || f.type === 'number' ? Number(v) : f.type === 'date' || f.type === 'datetime' ? new Date(`${String(v).replace(' ', 'T')}${String(v).length === 10 ? 'T00:00:00' : ''}Z`) : v;
        }
        sheet.addRow(values).commit();
      }
    }
  });
  sheet.commit();
  await workbook.commit();
}
