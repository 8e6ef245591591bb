import { sql, type Expression, type SqlBool } from 'kysely';
import { invalid } from '../core/errors.ts';
import { words } from '../core/text.ts';
import { countCache, indexVersion } from './search-cache.ts';
import { correctWords, hasLexemes, toPrefixQuery } from './search-query.ts';
import type { Context } from '../store/context.ts';
import { policy } from './access.ts';

export const FACETS = ['entity', 'sector', 'department', 'theme', 'format', 'legal_class', 'licence', 'type'] as const;
export type Facet = (typeof FACETS)[number];
export const SORTS = ['relevance', 'recent', 'name'] as const;
export type Sort = (typeof SORTS)[number];
export const MAX_PER_PAGE = 100;

export interface SearchParams {
  q?: string;
  page?: number;
  per_page?: number;
  sort?: Sort;
  filters?: Partial<Record<Facet, string[]>>;
}

export interface SearchHit {
  id: string;
  type: 'asset' | 'dataset';
  title: string;
  summary: string;
  entity: { id: string; nit: string; name: string };
  sector: string | null;
  department: string | null;
  themes: string[];
  formats: string[];
  legal_class: string | null;
  licence: string | null;
  is_public: boolean;
  updated_at: Date;
  score: number | null;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchResult {
  q: string;
  count: number;
  page: number;
  per_page: number;
  pages: number;
  sort: Sort;
  /** True when nothing matched as typed and the results are for the spelling-corrected query. */
  approximate: boolean;
  /** The query as corrected for spelling, when the results are for it. */
  corrected_q?: string;
  results: SearchHit[];
  facets: Record<Facet, FacetValue[]>;
}

/** Column of search_documents behind each facet; array facets are unnested. */
const FACET_COLUMN: Record<Facet, { column: string; array: boolean }> = {
  entity: { column: 'entity_id', array: false },
  sector: { column: 'sector', array: false },
  department: { column: 'department_code', array: false },
  theme: { column: 'themes', array: true },
  format: { column: 'formats', array: true },
  legal_class: { column: 'legal_class', array: false },
  licence: { column: 'licence', array: false },
  type: { column: 'doc_type', array: false },
};

export function normalizeSearchParams(raw: Record<string, unknown>): SearchParams {
  const number = (name: string, fallback: number, max: number) => {
    const value = raw[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw invalid({ es: `«${name}» debe ser un entero entre 1 y ${max}.`, en: `"${name}" must be an integer between 1 and ${max}.` }, [
        { field: name, message: { es: `Valor inválido: ${String(value)}`, en: `Invalid value: ${String(value)}` } },
      ]);
    }
    return n;
  };
  const sort = (raw.sort as string | undefined) || 'relevance';
  if (!SORTS.includes(sort as Sort)) {
    throw invalid({ es: `El orden debe ser uno de: ${SORTS.join(', ')}.`, en: `Sort must be one of: ${SORTS.join(', ')}.` }, [
      { field: 'sort', message: { es: `Valor inválido: ${sort}`, en: `Invalid value: ${sort}` } },
    ]);
  }
  const filters: Partial<Record<Facet, string[]>> = {};
  for (const facet of FACETS) {
    const value = raw[facet];
    const list = (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).map(String).filter(Boolean);
    if (list.length) filters[facet] = list.slice(0, 50);
  }
  const q = String(raw.q ?? '').slice(0, 300);
  return { q, page: number('page', 1, 100_000), per_page: number('per_page', 20, MAX_PER_PAGE), sort: sort as Sort, filters };
}

export async function search(ctx: Context, params: SearchParams): Promise<SearchResult> {
  const q = (params.q ?? '').trim();
  const page = params.page ?? 1;
  const perPage = Math.min(params.per_page ?? 20, MAX_PER_PAGE);
  const sort = params.sort ?? 'relevance';
  const tsquery = toPrefixQuery(q);

  const conditions: Expression<SqlBool>[] = [];
  if (!policy.readAllNonPublic(ctx.actor)) {
    conditions.push(ctx.actor.kind === 'person' ? sql<SqlBool>`(d.is_public OR d.entity_id = ${ctx.actor.entityId})` : sql<SqlBool>`d.is_public`);
  }
  for (const facet of FACETS) {
    const values = params.filters?.[facet];
    if (!values?.length) continue;
    const { column, array } = FACET_COLUMN[facet];
    conditions.push(array ? sql<SqlBool>`${sql.ref(`d.${column}`)} && ${values}::text[]` : sql<SqlBool>`${sql.ref(`d.${column}`)} = ANY(${values}::text[])`);
  }

  const scope = policy.readAllNonPublic(ctx.actor) ? 'all' : ctx.actor.kind === 'person' ? `entity:${ctx.actor.entityId}` : 'public';
  const columns = FACETS.map((f) => sql.ref(FACET_COLUMN[f].column));
  const hitJson = sql`jsonb_build_object(
    'position', t.position, 'type', d.doc_type, 'id', d.ref_id, 'title', d.title, 'summary', d.summary,
    'entity', jsonb_build_object('id', d.entity_id, 'nit', e.nit, 'name', e.name),
    'sector', d.sector, 'department', d.department_code, 'themes', d.themes, 'formats', d.formats,
    'legal_class', d.legal_class, 'licence', d.licence, 'is_public', d.is_public, 'updated_at', d.updated_at, 'score', t.score)`;
  const detailsOf = sql`JOIN search_documents d ON d.doc_type = t.doc_type AND d.ref_id = t.ref_id JOIN entities e ON e.id = d.entity_id`;

  /**
   * One statement, one pass over the matching documents: they are collected once (through the text
   * index when there are words), then counted for every facet (GROUPING SETS; array facets are grouped by
   * their whole value, few distinct combinations, and expanded here) and sorted for the requested page.
   * Counts of queries without words (browsing, facet clicks) are cached until the index changes.
   */
  const run = async (match: Expression<SqlBool> | undefined, rank: Expression<number> | undefined, approximate: boolean): Promise<SearchResult> => {
    const db = ctx.db;
    const all = [...conditions, ...(match ? [match] : [])];
    const whereClause = all.length ? sql`WHERE ${sql.join(all.map((c) => sql`(${c})`), sql` AND `)}` : sql``;
    const order =
      sort === 'name' ? sql`sort_key COLLATE "C", ref_id`
      : sort === 'recent' || !rank ? sql`updated_at DESC, ref_id`
      : sql`score DESC, updated_at DESC, ref_id`;
    const window = sql`ORDER BY ${order} LIMIT ${perPage} OFFSET ${(page - 1) * perPage}`;

    const cacheKey = match ? undefined : JSON.stringify([await indexVersion(db), scope, FACETS.map((f) => [...(params.filters?.[f] ?? [])].sort())]);
    const cached = cacheKey ? countCache(db).get(cacheKey) : undefined;
    let rows: (Record<string, any> & { kind: 'facet' | 'hit'; g: number; n: number })[];
    if (cached) {
      rows = (await sql<{ kind: 'hit'; g: number; n: number; hit: any }>`
        SELECT 'hit' AS kind, ${hitJson} AS hit
        FROM (SELECT doc_type, ref_id, NULL::real AS score, row_number() OVER (ORDER BY ${order}) AS position
              FROM (SELECT * FROM search_documents d ${whereClause} ${window}) paged) t ${detailsOf}`.execute(db)).rows;
    } else {
      rows = (await sql<Record<string, any> & { kind: 'facet' | 'hit'; g: number; n: number }>`
        WITH hits AS MATERIALIZED (
          SELECT d.doc_type, d.ref_id, d.entity_id, d.sector, d.department_code, d.themes, d.formats, d.legal_class, d.licence,
                 d.updated_at, d.sort_key, ${rank ?? sql`NULL::real`} AS score
          FROM search_documents d ${whereClause}
        ),
        top AS (
          SELECT doc_type, ref_id, score, row_number() OVER (ORDER BY ${order}) AS position
          FROM (SELECT * FROM hits ${window}) paged
        )
        SELECT 'facet' AS kind, ${sql.join(columns)}, GROUPING(${sql.join(columns)})::int AS g, count(*)::int AS n, NULL::jsonb AS hit
        FROM hits GROUP BY GROUPING SETS (${sql.join(columns.map((c) => sql`(${c})`))}, ())
        UNION ALL
        SELECT 'hit', ${sql.join(FACETS.map(() => sql`NULL`))}, NULL, NULL, ${hitJson}
        FROM top t ${detailsOf}`.execute(db)).rows;
    }

    const hits: (SearchHit & { position: number })[] = [];
    const counts = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<Facet, Map<string, number>>;
    const grandTotal = (1 << FACETS.length) - 1;
    let count = cached?.count ?? 0;
    for (const row of rows) {
      if (row.kind === 'hit') {
        hits.push({ ...row.hit, updated_at: new Date(row.hit.updated_at) });
        continue;
      }
      if (row.g === grandTotal) {
        count = row.n;
        continue;
      }
      // GROUPING() has a 0 bit for the column the row is grouped by (the first column is the highest bit).
      const facet = FACETS.find((_, i) => (row.g & (1 << (FACETS.length - 1 - i))) === 0)!;
      const value = row[FACET_COLUMN[facet].column];
      if (value === null || value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) counts[facet].set(String(v), (counts[facet].get(String(v)) ?? 0) + row.n);
    }
    const facets = cached?.facets ?? (Object.fromEntries(
      FACETS.map((f) => [f, [...counts[f]].map(([value, n]) => ({ value, count: n })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))]),
    ) as Record<Facet, FacetValue[]>);
    if (cacheKey && !cached) countCache(db).set(cacheKey, { count, facets });
    hits.sort((a, b) => a.position - b.position);
    return {
      q,
      count,
      page,
      per_page: perPage,
      pages: Math.max(1, Math.ceil(count / perPage)),
      sort,
      approximate,
      facets,
      results: hits.map(({ position: _p, ...hit }) => hit),
    };
  };

  // A query of stop words only ("de la") matches everything, like no query at all.
  if (!tsquery || !(await hasLexemes(ctx.db, tsquery))) return run(undefined, undefined, false);
  const result = await run(
    sql<SqlBool>`d.tsv @@ to_tsquery('es_unaccent', ${tsquery})`,
    sql<number>`ts_rank(d.tsv, to_tsquery('es_unaccent', ${tsquery}), 1)`,
    false,
  );
  if (result.count > 0) return result;

  // Nothing matched: correct each word unknown to the index to the closest indexed word and search again.
  const typed = words(q);
  const { corrected, unknown } = await correctWords(ctx.db, typed);
  if (unknown === 0) return result; // every word is known: nothing matches, typos are not the reason
  if (corrected.join(' ') !== typed.join(' ')) {
    const retryQuery = toPrefixQuery(corrected.join(' '))!;
    const retry = await run(
      sql<SqlBool>`d.tsv @@ to_tsquery('es_unaccent', ${retryQuery})`,
      sql<number>`ts_rank(d.tsv, to_tsquery('es_unaccent', ${retryQuery}), 1)`,
      true,
    );
    if (retry.count > 0) return { ...retry, corrected_q: corrected.join(' ') };
  }
  return result;
}
