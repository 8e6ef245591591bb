import path from 'node:path';
import { literal } from '../store/duckdb.ts';
import type { Context } from '../store/context.ts';
import type { DatasetRow, ReleaseRow } from '../store/schema.ts';
import type { TableSchema } from './table-schema.ts';

export const DOWNLOAD_FORMATS = ['csv', 'json', 'parquet', 'original'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

const CONTENT_TYPES: Record<Exclude<DownloadFormat, 'original'>, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

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

async function derive(ctx: Context, release: ReleaseRow, format: 'csv' | 'json', key: string) {
  const scratch = ctx.engine.scratch('derive');
  try {
    const target = path.join(scratch.dir, `data.${format}`);
    const options = format === 'csv' ? `FORMAT csv, HEADER true` : `FORMAT json, ARRAY true`;
    await ctx.engine.use((c) => c.run(`COPY (SELECT * FROM read_parquet(${literal(ctx.blobs.location(release.parquet_key))})) TO ${literal(target)} (${options})`));
    return await ctx.blobs.putFile(key, target);
  } finally {
    scratch.done();
  }
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
        schema: release.schema as TableSchema,
      },
      {
        name: 'datos-parquet',
        path: url('parquet'),
        format: 'parquet',
        mediatype: 'application/vnd.apache.parquet',
        bytes: release.parquet_size,
        hash: `sha256:${release.parquet_sha256}`,
        schema: release.schema as TableSchema,
      },
    ],
  };
}
