import { indexDataset, unindex } from '../catalog/search-index.ts';
import { isPublished } from './datasets.ts';
import type { Db } from '../store/database.ts';
import type { TableSchema } from './table-schema.ts';

/** Puts a dataset in the one search, as it is now; called in the transaction that changed it. */
export async function reindexDataset(trx: Db, id: string): Promise<void> {
  const dataset = await trx.selectFrom('datasets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  if (dataset.state === 'deleted') return unindex(trx, 'dataset', id);
  const release = dataset.current_release === null ? undefined : await trx.selectFrom('releases').select('schema').where('dataset_id', '=', id).where('number', '=', dataset.current_release).executeTakeFirst();
  const asset = dataset.asset_id ? await trx.selectFrom('assets').select('legal_class').where('id', '=', dataset.asset_id).executeTakeFirst() : undefined;
  await indexDataset(trx, {
    id,
    entity_id: dataset.entity_id,
    title: dataset.title,
    description: dataset.description,
    keywords: dataset.keywords,
    themes: dataset.themes,
    licence: dataset.licence,
    is_public: dataset.access_level === 'public' && isPublished(dataset),
    legal_class: asset?.legal_class ?? null,
    fields: ((release?.schema as TableSchema | undefined)?.fields ?? []).map((f) => f.title ?? f.name),
    updated_at: dataset.updated_at,
  });
}
