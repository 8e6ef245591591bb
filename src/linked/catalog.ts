import { DataFactory, type Quad, type Quad_Object, type Quad_Subject } from 'n3';
import { policy } from '../catalog/access.ts';
import { fold } from '../core/text.ts';
import { isPublished } from '../publish/datasets.ts';
import type { Context } from '../store/context.ts';
import { dcatDataset, loadDatasetSources } from './dataset-record.ts';
import { datasetQuads, NS } from './dcat.ts';

const { namedNode, literal, quad } = DataFactory;
const HYDRA = NS.hydra;

export interface CatalogPage {
  quads: Quad[];
  total: number;
  page: number;
  pages: number;
}

export interface CatalogFilter {
  /** Words that must all appear in the title, description or keywords (accents and case ignored). */
  q?: string;
  /** Only datasets changed at or after this time. */
  modifiedSince?: Date;
}

/** The datasets with a published release the actor may read, newest first, filtered. */
export async function catalogDatasets(ctx: Context, filter: CatalogFilter = {}) {
  let query = ctx.db.selectFrom('datasets').select(['id', 'entity_id', 'access_level', 'title', 'description', 'keywords', 'updated_at', 'state', 'current_release', 'links']).where('state', '=', 'active');
  if (filter.modifiedSince) query = query.where('updated_at', '>=', filter.modifiedSince);
  const words = fold(filter.q ?? '').split(/\s+/).filter(Boolean);
  return (await query.orderBy('updated_at', 'desc').orderBy('id').execute())
    .filter((d) => isPublished(d) && (d.access_level === 'public' || policy.readNonPublic(ctx.actor, d.entity_id)))
    .filter((d) => {
      const text = fold(`${d.title} ${d.description} ${d.keywords.join(' ')}`);
      return words.every((w) => text.includes(w));
    });
}

export const catalogUri = (baseUrl: string) => `${baseUrl}/catalog`;

/** The catalog itself: titles, publisher, home page, the SPARQL endpoint, last change. */
export function catalogNodeQuads(baseUrl: string, modified: Date | null): Quad[] {
  const out: Quad[] = [];
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => out.push(quad(s, namedNode(p), o));
  const catalog = namedNode(catalogUri(baseUrl));
  const platform = namedNode(baseUrl);
  add(catalog, `${NS.rdf}type`, namedNode(`${NS.dcat}Catalog`));
  add(catalog, `${NS.dct}title`, literal('Catálogo nacional de datos abiertos', 'es'));
  add(catalog, `${NS.dct}title`, literal('National open data catalogue', 'en'));
  add(catalog, `${NS.dct}description`, literal('Conjuntos de datos publicados por las entidades del Estado colombiano en infradatos.', 'es'));
  add(catalog, `${NS.dct}description`, literal('Datasets published by Colombian State entities on infradatos.', 'en'));
  add(catalog, `${NS.dct}publisher`, platform);
  add(platform, `${NS.rdf}type`, namedNode(`${NS.foaf}Agent`));
  add(platform, `${NS.foaf}name`, literal('infradatos', 'es'));
  add(catalog, `${NS.foaf}homepage`, namedNode(`${baseUrl}/`));
  add(namedNode(`${baseUrl}/`), `${NS.rdf}type`, namedNode(`${NS.foaf}Document`));
  // The SPARQL endpoint over this catalog, as a DCAT data service.
  const sparql = namedNode(`${baseUrl}/sparql`);
  add(catalog, `${NS.dcat}service`, sparql);
  add(sparql, `${NS.rdf}type`, namedNode(`${NS.dcat}DataService`));
  add(sparql, `${NS.dct}title`, literal('Punto de consulta SPARQL del catálogo', 'es'));
  add(sparql, `${NS.dct}title`, literal('SPARQL endpoint of the catalogue', 'en'));
  add(sparql, `${NS.dcat}endpointURL`, sparql);
  add(sparql, `${NS.dct}conformsTo`, namedNode('http://www.w3.org/TR/sparql11-protocol/'));
  add(namedNode('http://www.w3.org/TR/sparql11-protocol/'), `${NS.rdf}type`, namedNode(`${NS.dct}Standard`));
  if (modified) add(catalog, `${NS.dct}modified`, literal(modified.toISOString(), namedNode(`${NS.xsd}dateTime`)));
  return out;
}

/**
 * The open catalog as DCAT-AP 3: the catalog node, one page of its datasets with everything they say, and
 * Hydra paging links. Datasets are those the actor may read with a published release, newest first;
 * `q` filters by words in the title, description or keywords, `modifiedSince` by the last release.
 */
export async function catalogPage(ctx: Context, baseUrl: string, options: CatalogFilter & { page?: number; perPage?: number; format?: string } = {}): Promise<CatalogPage> {
  const perPage = Math.min(500, Math.max(1, options.perPage ?? 100));
  const rows = await catalogDatasets(ctx, options);
  const pages = Math.max(1, Math.ceil(rows.length / perPage));
  const page = Math.min(pages, Math.max(1, options.page ?? 1));
  const slice = rows.slice((page - 1) * perPage, page * perPage);
  const out: Quad[] = [];
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => out.push(quad(s, namedNode(p), o));
  const catalog = namedNode(catalogUri(baseUrl));
  out.push(...catalogNodeQuads(baseUrl, rows[0]?.updated_at ?? null));
  for (const row of slice) {
    const record = await dcatDataset(ctx, await loadDatasetSources(ctx, row.id), baseUrl);
    add(catalog, `${NS.dcat}dataset`, namedNode(record.uri));
    out.push(...datasetQuads(record, baseUrl));
  }
  // Hydra paging, so harvesters can walk the whole catalog.
  const link = (n: number) => {
    const params = new URLSearchParams({ page: String(n), per_page: String(perPage), ...(options.q ? { q: options.q } : {}), ...(options.modifiedSince ? { modified_since: options.modifiedSince.toISOString() } : {}) });
    return namedNode(`${baseUrl}/catalog.${options.format ?? 'ttl'}?${params}`);
  };
  const view = link(page);
  add(view, `${NS.rdf}type`, namedNode(`${HYDRA}PartialCollectionView`));
  add(view, `${HYDRA}totalItems`, literal(String(rows.length), namedNode(`${NS.xsd}integer`)));
  add(view, `${HYDRA}first`, link(1));
  add(view, `${HYDRA}last`, link(pages));
  if (page > 1) add(view, `${HYDRA}previous`, link(page - 1));
  if (page < pages) add(view, `${HYDRA}next`, link(page + 1));
  return { quads: out, total: rows.length, page, pages };
}

/** One dataset as DCAT-AP 3 triples, for whoever may read it (content negotiation on its page). */
export async function datasetGraph(ctx: Context, datasetId: string, baseUrl: string): Promise<Quad[]> {
  const record = await dcatDataset(ctx, await loadDatasetSources(ctx, datasetId), baseUrl);
  return datasetQuads(record, baseUrl);
}
