import type { Context } from '../store/context.ts';
import type { AssetRow, DatasetRow, EntityRow, ReleaseRow } from '../store/schema.ts';
import { XLSX_MAX_ROWS } from '../publish/downloads.ts';
import { datasetUri, type DcatDataset, type DcatDistribution, type DcatService } from './dcat.ts';
import { standardUri } from './skos.ts';

const DOWNLOADS = [
  { key: 'csv', format: 'CSV', mediaType: 'text/csv', title: { es: 'Datos en CSV', en: 'Data as CSV' } },
  { key: 'json', format: 'JSON', mediaType: 'application/json', title: { es: 'Datos en JSON', en: 'Data as JSON' } },
  { key: 'xlsx', format: 'XLSX', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', title: { es: 'Datos en Excel (XLSX)', en: 'Data as Excel (XLSX)' } },
  { key: 'parquet', format: 'PARQUET', mediaType: 'application/vnd.apache.parquet', title: { es: 'Datos en Parquet', en: 'Data as Parquet' } },
] as const;

function accessRight(dataset: DatasetRow, asset: AssetRow | undefined): DcatDataset['accessRight'] {
  if (asset?.legal_class === 'reservada') return 'NON_PUBLIC';
  if (dataset.access_level !== 'public' || asset?.legal_class === 'clasificada') return 'RESTRICTED';
  return 'PUBLIC';
}

function rightsStatement(dataset: DatasetRow, asset: AssetRow | undefined): string {
  if (asset?.legal_class === 'reservada') return 'Información pública reservada (Ley 1712 de 2014, art. 19): no se publica.';
  if (asset?.legal_class === 'clasificada' || dataset.access_level !== 'public') return 'Información pública clasificada (Ley 1712 de 2014, art. 18): acceso restringido.';
  return 'Información pública (Ley 1712 de 2014): de libre acceso y reutilización según su licencia.';
}

/** What a harvested record says that our own fields do not hold (datasets.extra). */
export interface HarvestedExtra {
  source_landing_page?: string;
  spatial?: string[];
  temporal?: { start: string | null; end: string | null };
  frequency?: string;
  issued?: string;
  modified?: string;
  contact?: { name: string | null; email: string };
}

/** The rows a DCAT description is made of, read once. */
export interface DatasetSources {
  dataset: DatasetRow;
  entity: EntityRow;
  asset: AssetRow | undefined;
  release: ReleaseRow | undefined;
  /** Releases' first publication, for dct:issued. */
  firstRelease: Date | null;
}

export async function loadDatasetSources(ctx: Context, datasetId: string): Promise<DatasetSources> {
  const dataset = await ctx.db.selectFrom('datasets').selectAll().where('id', '=', datasetId).executeTakeFirstOrThrow();
  const [entity, asset, release, first] = await Promise.all([
    ctx.db.selectFrom('entities').selectAll().where('id', '=', dataset.entity_id).executeTakeFirstOrThrow(),
    dataset.asset_id ? ctx.db.selectFrom('assets').selectAll().where('id', '=', dataset.asset_id).executeTakeFirst() : undefined,
    dataset.current_release ? ctx.db.selectFrom('releases').selectAll().where('dataset_id', '=', datasetId).where('number', '=', dataset.current_release).executeTakeFirst() : undefined,
    ctx.db.selectFrom('releases').select('created_at').where('dataset_id', '=', datasetId).orderBy('number').limit(1).executeTakeFirst(),
  ]);
  return { dataset, entity, asset, release, firstRelease: first?.created_at ?? null };
}

/** The dataset as DCAT sees it: its own fields, then what its inventory asset and its entity say. */
export async function dcatDataset(ctx: Context, sources: DatasetSources, baseUrl: string): Promise<DcatDataset> {
  const { dataset, entity, asset, release } = sources;
  const uri = datasetUri(baseUrl, dataset.id);
  const page = `${baseUrl}/datasets/${dataset.id}`;
  const distributions: DcatDistribution[] = [];
  const services: DcatService[] = [];
  if (release) {
    // Every published dataset is served by two APIs: Socrata's SODA (SoQL) and the platform's own REST API.
    const soda = `${baseUrl}/resource/${dataset.id}.json`;
    services.push(
      { uri: `${uri}#soda`, title: `API SODA (SoQL): ${dataset.title}`, endpointURL: soda, endpointDescription: 'https://dev.socrata.com/docs/endpoints.html', conformsTo: 'https://dev.socrata.com/docs/queries/' },
      { uri: `${uri}#api`, title: `API REST de infradatos: ${dataset.title}`, endpointURL: `${baseUrl}/api/v1/datasets/${dataset.id}`, endpointDescription: `${baseUrl}/api/openapi.json`, conformsTo: null },
    );
    const api = `${baseUrl}/api/v1/datasets/${dataset.id}/releases/${release.number}`;
    for (const d of DOWNLOADS) {
      if (d.key === 'xlsx' && release.row_count > XLSX_MAX_ROWS) continue;
      // Derived files are written on first download; until then their size is not known.
      const byteSize = d.key === 'parquet' ? release.parquet_size : ((await ctx.blobs.size(`datasets/${dataset.id}/releases/${release.number}/data.${d.key}`)) ?? null);
      distributions.push({ uri: `${uri}#${d.key}`, title: d.title.es, format: d.format, mediaType: d.mediaType, accessURL: page, downloadURL: `${api}/data.${d.key}`, byteSize, accessService: d.key === 'json' ? `${uri}#soda` : null });
    }
  }
  // Files kept by the dataset's source (harvested records, link resources).
  for (const link of dataset.links) {
    distributions.push({ uri: `${uri}#link-${link.id}`, title: link.name || link.url, format: link.format ? link.format.toUpperCase() : null, mediaType: link.media_type, accessURL: link.url, downloadURL: link.url, byteSize: link.size, accessService: null });
  }
  const extra = dataset.extra as HarvestedExtra;
  const contactEmail = asset?.contact_email || extra.contact?.email || entity.contact_email;
  return {
    uri,
    id: dataset.id,
    title: dataset.title,
    description: dataset.description || asset?.description || '',
    keywords: dataset.keywords.length ? dataset.keywords : (asset?.keywords ?? []),
    themes: dataset.themes.length ? dataset.themes : (asset?.themes ?? []),
    spatial: asset?.spatial ?? extra.spatial ?? [],
    temporal: asset && (asset.temporal_start || asset.temporal_end) ? { start: asset.temporal_start, end: asset.temporal_end } : extra.temporal ?? null,
    frequency: asset?.update_frequency ?? extra.frequency ?? null,
    licence: dataset.licence,
    accessRight: accessRight(dataset, asset),
    rights: rightsStatement(dataset, asset),
    language: asset?.language ?? 'es',
    issued: sources.firstRelease ?? (extra.issued ? new Date(extra.issued) : null),
    modified: release?.created_at ?? (extra.modified ? new Date(extra.modified) : dataset.links.length ? dataset.updated_at : null),
    landingPage: page,
    publisher: { uri: `${baseUrl}/entities/${entity.nit}`, name: entity.name, acronym: entity.acronym, homepage: entity.website, sector: entity.sector },
    contact: contactEmail ? { name: (asset?.contact_email ? asset.contact_name : extra.contact?.email ? extra.contact.name : entity.contact_name) ?? null, email: contactEmail } : null,
    distributions,
    services,
    conformsTo: dataset.conforms_to ? standardUri(baseUrl, ...(dataset.conforms_to.split('@') as [string, string])) : null,
  };
}
