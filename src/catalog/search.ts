import { sql, type Expression, type SqlBool } from 'kysely';
import { invalid } from '../core/errors.ts';
import { words } from '../core/text.ts';
import type { Context } from '../store/context.ts';
import type { Db } from '../store/database.ts';
import { policy } from './access.ts';

export const FACETS = ['entity', 'sector', 'department', 'theme', 'format', 'legal_class', 'licence', 'type'] as const;
export type Facet = (typeof FACETS)[number];
export const SORTS = ['relevance', 'recent', 'name'] as const;
export type Sort = (typeof SORTS)[number];
export const MAX_PER_PAGE = 100;
const FUZZY_THRESHOLD = 0.45;

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
  /** True when nothing matched exactly and the results come from typo-tolerant matching. */
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

/** Replaces each word unknown to the index by the most similar indexed word (trigram similarity). */
async function correctWords(db: Db, tokens: string[]): Promise<string[]> {
  const rows = await sql<{ token: string; best: string | null }>`
    SELECT t.token, CASE WHEN EXISTS (SELECT 1 FROM search_words w WHERE w.word = t.token) OR length(t.token) < 4 THEN t.token
      ELSE (SELECT w.word FROM search_words w WHERE w.word % t.token ORDER BY similarity(w.word, t.token) DESC, w.word LIMIT 1) END AS best
    FROM unnest(${tokens}::text[]) WITH ORDINALITY AS t(token, n) ORDER BY t.n`.execute(db);
  return rows.rows.map((r) => r.best ?? r.token);
}

/** Turns free text into a tsquery: every word must match, each as a prefix (so "presup" finds "presupuesto"). */
export function toPrefixQuery(text: string): string | undefined {
  const tokens = words(text).filter((w) => w.length > 0).slice(0, 12);
  if (tokens.length === 0) return undefined;
  return tokens.map((t) => `${t}:*`).join(' & ');
}

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

  const run = async (match: Expression<SqlBool> | undefined, rank: Expression<number> | undefined, approximate: boolean, db: Db = ctx.db): Promise<SearchResult> => {
    const where = sql.join([...conditions, ...(match ? [match] : [])].map((c) => sql`(${c})`), sql` AND `);
    const whereClause = conditions.length || match ? sql`WHERE ${where}` : sql``;
    const facetSelects = FACETS.map((facet) => {
      const { column, array } = FACET_COLUMN[facet];
      return array
        ? sql`SELECT ${facet}::text AS facet, v AS value, count(*)::int AS n FROM matched, unnest(matched.${sql.ref(column)}) AS v GROUP BY v`
        : sql`SELECT ${facet}::text AS facet, ${sql.ref(column)}::text AS value, count(*)::int AS n FROM matched WHERE ${sql.ref(column)} IS NOT NULL GROUP BY ${sql.ref(column)}`;
    });
    const facetRows = await sql<{ facet: string; value: string | null; n: number }>`
      WITH matched AS MATERIALIZED (
        SELECT entity_id, sector, department_code, themes, formats, legal_class, licence, doc_type
        FROM search_documents d ${whereClause}
      )
      SELECT '_total' AS facet, NULL AS value, count(*)::int AS n FROM matched
      UNION ALL ${sql.join(facetSelects, sql` UNION ALL `)}`.execute(db);

    const facets = Object.fromEntries(FACETS.map((f) => [f, [] as FacetValue[]])) as Record<Facet, FacetValue[]>;
    let count = 0;
    for (const row of facetRows.rows) {
      if (row.facet === '_total') count = Number(row.n);
      else facets[row.facet as Facet].push({ value: row.value!, count: Number(row.n) });
    }
    for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));

    const order =
      sort === 'name' ? sql`d.sort_key COLLATE "C", d.ref_id`
      : sort === 'recent' || !rank ? sql`d.updated_at DESC, d.ref_id`
      : sql`score DESC, d.updated_at DESC, d.ref_id`;
    const rows = count === 0 ? [] : (await sql<Record<string, any>>`
      SELECT d.doc_type, d.ref_id, d.title, d.summary, d.entity_id, e.nit, e.name AS entity_name, d.sector, d.department_code,
             d.themes, d.formats, d.legal_class, d.licence, d.is_public, d.updated_at,
             ${rank ?? sql`NULL::real`} AS score
      FROM search_documents d JOIN entities e ON e.id = d.entity_id
      ${whereClause}
      ORDER BY ${order}
      LIMIT ${perPage} OFFSET ${(page - 1) * perPage}`.execute(db)).rows;

    return {
      q,
      count,
      page,
      per_page: perPage,
      pages: Math.max(1, Math.ceil(count / perPage)),
      sort,
      approximate,
      facets,
      results: rows.map((r) => ({
        id: r.ref_id,
        type: r.doc_type,
        title: r.title,
        summary: r.summary,
        entity: { id: r.entity_id, nit: r.nit, name: r.entity_name },
        sector: r.sector,
        department: r.department_code,
        themes: r.themes,
        formats: r.formats,
        legal_class: r.legal_class,
        licence: r.licence,
        is_public: r.is_public,
        updated_at: r.updated_at,
        score: r.score === null ? null : Number(r.score),
      })),
    };
  };

  if (!tsquery) return run(undefined, undefined, false);
  const result = await run(
    sql<SqlBool>`d.tsv @@ to_tsquery('es_unaccent', ${tsquery})`,
    sql<number>`ts_rank(d.tsv, to_tsquery('es_unaccent', ${tsquery}), 1)`,
    false,
  );
  if (result.count > 0) return result;

  // Nothing matched: correct each misspelt word to the closest word of the indexed text and search again.
  const tokens = words(q).filter((w) => w.length >= 4);
  if (tokens.length === 0) return result;
  const corrected = await correctWords(ctx.db, words(q));
  if (corrected.join(' ') !== words(q).join(' ')) {
    const retryQuery = toPrefixQuery(corrected.join(' '))!;
    const retry = await run(
      sql<SqlBool>`d.tsv @@ to_tsquery('es_unaccent', ${retryQuery})`,
      sql<number>`ts_rank(d.tsv, to_tsquery('es_unaccent', ${retryQuery}), 1)`,
      true,
    );
    if (retry.count > 0) return { ...retry, corrected_q: corrected.join(' ') };
  }
  // Still nothing: match each word against similar words of the titles.
  const fuzzy = sql.join(tokens.map((t) => sql`(${t} <% d.title_folded)`), sql` AND `);
  const fuzzyRank = sql.join(tokens.map((t) => sql`word_similarity(${t}, d.title_folded)`), sql` + `);
  return ctx.db.transaction().execute(async (trx) => {
    // The default threshold (0.6) misses a swapped pair of letters in words of 8 letters.
    await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(FUZZY_THRESHOLD)}, true)`.execute(trx);
    return run(sql<SqlBool>`${fuzzy}`, sql<number>`(${fuzzyRank})`, true, trx);
  });
}
