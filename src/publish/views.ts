import type { Context } from '../store/context.ts';
import { latestScores, type QualityBadge } from '../quality/service.ts';
import type { DatasetRow, ReleaseRow, UploadRow } from '../store/schema.ts';

export async function datasetView(ctx: Context, row: DatasetRow, baseUrl: string) {
  return (await datasetViews(ctx, [row], baseUrl))[0]!;
}

/** Views of several datasets, their entities read in one query. */
export async function datasetViews(ctx: Context, rows: DatasetRow[], baseUrl: string) {
  const ids = [...new Set(rows.map((r) => r.entity_id))];
  const entities = ids.length ? await ctx.db.selectFrom('entities').select(['id', 'nit', 'name']).where('id', 'in', ids).execute() : [];
  const byId = new Map(entities.map((e) => [e.id, e]));
  const scores = await latestScores(ctx.db, rows.map((r) => r.id));
  return rows.map((row) => viewOf(row, byId.get(row.entity_id)!, scores.get(row.id) ?? null, baseUrl));
}

function viewOf(row: DatasetRow, entity: { id: string; nit: string; name: string }, quality: QualityBadge | null, baseUrl: string) {
  const api = `${baseUrl}/api/v1/datasets/${row.id}`;
  return {
    id: row.id,
    type: 'dataset' as const,
    title: row.title,
    description: row.description,
    entity,
    asset_id: row.asset_id,
    keywords: row.keywords,
    themes: row.themes,
    licence: row.licence,
    access_level: row.access_level,
    current_release: row.current_release,
    /** The schema standard it declares to follow (id@version), checked on each release by the quality report. */
    conforms_to: row.conforms_to,
    /** Files the dataset's source keeps, published by link. */
    files: row.links,
    /** Where a harvested dataset came from. */
    harvest: row.harvest_source_id ? { source_id: row.harvest_source_id, identifier: row.harvest_identifier, source: `${baseUrl}/api/v1/harvest-sources/${row.harvest_source_id}`, landing_page: (row.extra as { source_landing_page?: string }).source_landing_page ?? null } : null,
    version: row.version,
    created_at: row.created_at,
    updated_at: row.updated_at,
    /** The latest quality report's scores (null until the first one). */
    quality,
    links: {
      page: `${baseUrl}/datasets/${row.id}`,
      releases: `${api}/releases`,
      quality: `${api}/quality`,
      ...(row.current_release ? {
        csv: `${api}/releases/${row.current_release}/data.csv`,
        json: `${api}/releases/${row.current_release}/data.json`,
        parquet: `${api}/releases/${row.current_release}/data.parquet`,
        datapackage: `${api}/releases/${row.current_release}/datapackage.json`,
        soda: `${baseUrl}/resource/${row.id}.json`,
      } : {}),
    },
  };
}

export function releaseView(row: ReleaseRow, baseUrl: string) {
  const api = `${baseUrl}/api/v1/datasets/${row.dataset_id}/releases/${row.number}`;
  return {
    dataset_id: row.dataset_id,
    number: row.number,
    rows: row.row_count,
    schema: row.schema,
    original: { name: row.original_name, sha256: row.original_sha256, bytes: row.original_size, url: `${api}/data.original` },
    parquet: { sha256: row.parquet_sha256, bytes: row.parquet_size, url: `${api}/data.parquet` },
    downloads: { csv: `${api}/data.csv`, json: `${api}/data.json`, xlsx: `${api}/data.xlsx`, parquet: `${api}/data.parquet`, datapackage: `${api}/datapackage.json` },
    created_at: row.created_at,
    ledger: `${baseUrl}/ledger?subject=${encodeURIComponent(`dataset:${row.dataset_id}`)}`,
  };
}

/** An upload with its job's progress; a job that gave up makes the upload failed with the job's reason. */
export async function uploadView(ctx: Context, row: UploadRow) {
  const job = row.job_id ? await ctx.queue.get(row.job_id) : undefined;
  const jobFailed = job?.status === 'failed' && (row.status === 'inspecting' || row.status === 'publishing');
  const status = jobFailed ? 'failed' : row.status;
  return {
    id: row.id,
    dataset_id: row.dataset_id,
    file_name: row.file_name,
    bytes: row.size,
    sha256: row.sha256,
    status,
    done: status === 'ready' || status === 'published' || status === 'failed',
    progress: job ? job.progress : null,
    source: row.source,
    rows: row.row_count,
    schema: row.schema,
    inferred_schema: row.inferred_schema,
    /** Personal data found in a sample of the file, and the decisions taken on each column. */
    privacy: row.privacy,
    error: jobFailed ? job!.error : row.error,
    release: status === 'published' ? await ctx.db.selectFrom('releases').select('number').where('upload_id', '=', row.id).executeTakeFirst().then((r) => r?.number ?? null) : null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
