import { buffer } from 'node:stream/consumers';
import { LICENCES, term } from '../../catalog/vocabularies.ts';
import { AppError } from '../../core/errors.ts';
import { releaseFile } from '../../publish/downloads.ts';
import type { Field, TableSchema } from '../../publish/table-schema.ts';
import type { Context } from '../../store/context.ts';
import type { DatasetRow, EntityRow, ReleaseRow } from '../../store/schema.ts';
import { datasetUri } from '../dcat.ts';
import { encodeName } from './names.ts';
import { convertIsolated } from './isolated.ts';

/** The largest release converted on request (the conversion is held in memory); larger ones: metadata + CSV offline. */
export const CSVW_MAX_ROWS = 100_000;

export const releaseCsvUrl = (baseUrl: string, release: Pick<ReleaseRow, 'dataset_id' | 'number'>) => `${baseUrl}/api/v1/datasets/${release.dataset_id}/releases/${release.number}/data.csv`;
/** Beside the CSV, where CSVW's default location ({+url}-metadata.json) finds it too. */
export const releaseMetadataUrl = (baseUrl: string, release: Pick<ReleaseRow, 'dataset_id' | 'number'>) => `${releaseCsvUrl(baseUrl, release)}-metadata.json`;

/** Table Schema types as CSVW datatypes for the CSV the platform writes (DuckDB: ISO dates, "yyyy-MM-dd HH:mm:ss"). */
function datatypeOf(field: Field): unknown {
  switch (field.type) {
    case 'integer': return 'integer';
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    case 'datetime': return { base: 'dateTime', format: 'yyyy-MM-dd HH:mm:ss' };
    case 'object':
    case 'array':
    case 'geojson': return 'json';
    default: return 'string';
  }
}

/** The CSVW metadata of a release's CSV, generated from its Table Schema and the dataset's description. */
export function csvwMetadata(dataset: DatasetRow, entity: Pick<EntityRow, 'nit' | 'name'>, release: ReleaseRow, baseUrl: string) {
  const schema = release.schema as TableSchema;
  const licence = term(LICENCES, dataset.licence)?.uri;
  const primaryKey = Array.isArray(schema.primaryKey) ? schema.primaryKey : schema.primaryKey ? [schema.primaryKey] : [];
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'es' }],
    '@id': `${datasetUri(baseUrl, dataset.id)}#csv`,
    url: releaseCsvUrl(baseUrl, release),
    'dc:title': dataset.title,
    ...(dataset.description ? { 'dc:description': dataset.description } : {}),
    ...(dataset.keywords.length ? { 'dcat:keyword': dataset.keywords } : {}),
    'dc:publisher': { '@id': `${baseUrl}/entities/${entity.nit}`, 'schema:name': entity.name },
    ...(licence ? { 'dc:license': { '@id': licence } } : {}),
    'dc:modified': { '@value': release.created_at.toISOString(), '@type': 'xsd:dateTime' },
    'dc:isPartOf': { '@id': datasetUri(baseUrl, dataset.id) },
    'dcat:version': String(release.number),
    dialect: { header: true, delimiter: ',', doubleQuote: true, encoding: 'utf-8' },
    tableSchema: {
      columns: schema.fields.map((field) => ({
        name: encodeName(field.name),
        titles: [...new Set([field.name, ...(field.title && field.title !== field.name ? [field.title] : [])])],
        ...(field.description ? { 'dc:description': field.description } : {}),
        datatype: datatypeOf(field),
        ...(field.constraints?.required ? { required: true } : {}),
      })),
      ...(primaryKey.length ? { primaryKey: primaryKey.map(encodeName) } : {}),
    },
  };
}

/**
 * Converts a release's CSV to JSON or RDF (minimal or standard) with the CSVW processor, given the CSV and the
 * metadata the platform serves, exactly as a client following the Link header reads them; in a thread of its own.
 */
export async function convertRelease(ctx: Context, dataset: DatasetRow, entity: Pick<EntityRow, 'nit' | 'name'>, release: ReleaseRow, baseUrl: string, target: 'json' | 'rdf', minimal: boolean) {
  if (Number(release.row_count) > CSVW_MAX_ROWS) {
    throw new AppError('payload_too_large', {
      es: `La versión tiene ${Number(release.row_count).toLocaleString('es-CO')} filas; la conversión en línea llega a ${CSVW_MAX_ROWS.toLocaleString('es-CO')}. Use el CSV y sus metadatos CSVW con un procesador local.`,
      en: `The release has ${Number(release.row_count).toLocaleString('en-US')} rows; online conversion goes up to ${CSVW_MAX_ROWS.toLocaleString('en-US')}. Use the CSV and its CSVW metadata with a local processor.`,
    });
  }
  const file = await releaseFile(ctx, release, 'csv');
  return convertIsolated({
    metadataUrl: releaseMetadataUrl(baseUrl, release),
    csvUrl: releaseCsvUrl(baseUrl, release),
    metadata: JSON.stringify(csvwMetadata(dataset, entity, release, baseUrl)),
    csv: (await buffer(ctx.blobs.read(file.key))).toString('utf8'),
    target,
    minimal,
  });
}
