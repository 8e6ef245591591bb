import { sql } from 'kysely';
import { spanishSortKey, words } from '../core/text.ts';
import type { Db } from '../store/database.ts';
import type { AssetRow, EntityRow } from '../store/schema.ts';

/** What the search needs to know of a dataset; the dataset itself belongs to publishing. */
export interface DatasetDocument {
  id: string;
  entity_id: string;
  title: string;
  description: string;
  keywords: string[];
  themes: string[];
  licence: string | null;
  is_public: boolean;
  /** The legal class of the inventory asset it publishes, when there is one. */
  legal_class: string | null;
  /** Field titles, so a search for a column finds the data. */
  fields: string[];
  updated_at: Date;
}
import { labelOf, FORMATS, THEMES } from './vocabularies.ts';

/** Keeps an asset's search document in step with it; runs in the transaction that changes the asset. */
export async function indexAsset(trx: Db, asset: AssetRow, entity: Pick<EntityRow, 'name' | 'acronym' | 'sector' | 'department_code'>): Promise<void> {
  const themeWords = asset.themes.map((t) => labelOf(THEMES, t, 'es')).join(' ');
  const formatWords = asset.formats.map((f) => labelOf(FORMATS, f, 'es')).join(' ');
  const doc = {
    doc_type: 'asset' as const,
    ref_id: asset.id,
    entity_id: asset.entity_id,
    title: asset.title,
    summary: asset.description.slice(0, 400),
    keywords: asset.keywords.join(' '),
    body: [asset.description.slice(400), entity.name, entity.acronym ?? '', asset.producer ?? '', asset.owner ?? '', themeWords, formatWords].join(' '),
    sort_key: spanishSortKey(asset.title),
    sector: entity.sector,
    department_code: entity.department_code,
    themes: asset.themes,
    formats: asset.formats,
    legal_class: asset.legal_class,
    licence: asset.licence,
    is_public: asset.legal_class === 'publica',
    updated_at: asset.updated_at,
  };
  await trx
    .insertInto('search_documents')
    .values(doc)
    .onConflict((oc) => oc.columns(['doc_type', 'ref_id']).doUpdateSet(doc))
    .execute();
  // Only public text feeds the spelling vocabulary, so corrections never reveal words of restricted assets.
  if (doc.is_public) await rememberWords(trx, [doc.title, doc.keywords, asset.description, entity.name]);
}

/** Keeps a dataset's search document in step with it; runs in the transaction that changes the dataset. */
export async function indexDataset(trx: Db, dataset: DatasetDocument): Promise<void> {
  const entity = await trx.selectFrom('entities').select(['name', 'acronym', 'sector', 'department_code']).where('id', '=', dataset.entity_id).executeTakeFirstOrThrow();
  const doc = {
    doc_type: 'dataset' as const,
    ref_id: dataset.id,
    entity_id: dataset.entity_id,
    title: dataset.title,
    summary: dataset.description.slice(0, 400),
    keywords: dataset.keywords.join(' '),
    body: [dataset.description.slice(400), entity.name, entity.acronym ?? '', dataset.themes.map((t) => labelOf(THEMES, t, 'es')).join(' '), dataset.fields.join(' ')].join(' '),
    sort_key: spanishSortKey(dataset.title),
    sector: entity.sector,
    department_code: entity.department_code,
    themes: dataset.themes,
    formats: ['CSV', 'JSON', 'XLSX', 'API'],
    legal_class: dataset.legal_class,
    licence: dataset.licence,
    is_public: dataset.is_public,
    updated_at: dataset.updated_at,
  };
  await trx.insertInto('search_documents').values(doc).onConflict((oc) => oc.columns(['doc_type', 'ref_id']).doUpdateSet(doc)).execute();
  if (doc.is_public) await rememberWords(trx, [doc.title, doc.keywords, dataset.description]);
}

/** Adds the words of a text to the vocabulary used to correct misspelt queries. */
export async function rememberWords(trx: Db, texts: string[]): Promise<void> {
  const vocabulary = [...new Set(texts.flatMap((t) => words(t)).filter((w) => w.length >= 4 && !/^\d+$/.test(w)))];
  if (vocabulary.length === 0) return;
  await sql`INSERT INTO search_words (word) SELECT unnest(${vocabulary}::text[]) ON CONFLICT DO NOTHING`.execute(trx);
}

export async function unindex(trx: Db, docType: 'asset' | 'dataset', refId: string): Promise<void> {
  await trx.deleteFrom('search_documents').where('doc_type', '=', docType).where('ref_id', '=', refId).execute();
}
