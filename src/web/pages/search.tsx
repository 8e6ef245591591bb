import { formatDate, formatNumber } from '../../core/i18n.ts';
import type { Bilingual } from '../../core/errors.ts';
import { FACETS, type Facet, type SearchParams } from '../../catalog/search.ts';
import type { LabeledSearchResult } from '../../catalog/facet-labels.ts';
import { HitTitle, Pagination } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { href } from '../format.ts';

type Labeled = LabeledSearchResult;

export const FACET_TITLES: Record<Facet, Bilingual> = {
  entity: { es: 'Entidad', en: 'Entity' },
  sector: { es: 'Sector', en: 'Sector' },
  department: { es: 'Departamento', en: 'Department' },
  theme: { es: 'Tema', en: 'Theme' },
  format: { es: 'Formato', en: 'Format' },
  legal_class: { es: 'Clasificación', en: 'Classification' },
  licence: { es: 'Licencia', en: 'Licence' },
  type: { es: 'Tipo', en: 'Type' },
};

const FACETS_SHOWN = 8;

export function SearchPage({ c, params, result }: { c: PageContext; params: SearchParams; result: Labeled }) {
  const filters = params.filters ?? {};
  const state = { q: params.q, sort: params.sort === 'relevance' ? undefined : params.sort, ...filters } as Record<string, string | string[] | undefined>;
  const toggle = (facet: Facet, value: string) => {
    const current = filters[facet] ?? [];
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    return href('/search', { ...state, [facet]: next });
  };
  const pageHref = (page: number) => href('/search', { ...state, page });
  const active = FACETS.flatMap((facet) => (filters[facet] ?? []).map((value) => ({ facet, value, label: result.facets[facet].find((f) => f.value === value)?.label ?? value })));
  const json = href('/api/v1/search', { ...state, page: params.page && params.page > 1 ? params.page : undefined });
  const title = params.q ? c.t({ es: 'Resultados para «{q}»', en: 'Results for “{q}”' }, { q: params.q }) : c.t({ es: 'Buscar', en: 'Search' });
  return (
    <Layout c={c} title={title} json={json}>
      <h1>{c.t({ es: 'Buscar activos de información', en: 'Search information assets' })}</h1>
      <form role="search" action="/search" method="get" class="search-box">
        <label for="q">{c.t({ es: 'Palabras', en: 'Words' })}</label>
        <div class="row">
          <input id="q" name="q" type="search" value={params.q ?? ''} />
          <label for="sort" class="inline-label">{c.t({ es: 'Orden', en: 'Sort' })}</label>
          <select id="sort" name="sort">
            <option value="relevance" selected={params.sort === 'relevance'}>{c.t({ es: 'Relevancia', en: 'Relevance' })}</option>
            <option value="recent" selected={params.sort === 'recent'}>{c.t({ es: 'Más recientes', en: 'Most recent' })}</option>
            <option value="name" selected={params.sort === 'name'}>{c.t({ es: 'Nombre (A–Z)', en: 'Name (A–Z)' })}</option>
          </select>
          {FACETS.flatMap((facet) => (filters[facet] ?? []).map((value) => <input type="hidden" name={facet} value={value} />))}
          <button type="submit">{c.t({ es: 'Buscar', en: 'Search' })}</button>
        </div>
      </form>

      <div class="search-layout">

        <section class="results" aria-labelledby="results-title">
          <p class="to-filters"><a href="#facets-title">{c.t({ es: 'Ir a los filtros', en: 'Go to the filters' })}</a></p>
          <h2 id="results-title" aria-live="polite">
            {c.t({ es: '{n} {n|resultado|resultados}', en: '{n} {n|result|results}' }, { n: formatNumber(result.count, c.lang) })}
          </h2>
          {active.length > 0 && (
            <ul class="chips" aria-label={c.t({ es: 'Filtros activos', en: 'Active filters' })}>
              {active.map((f) => (
                <li>
                  <a href={toggle(f.facet, f.value)}>
                    {c.t(FACET_TITLES[f.facet])}: {f.label} <span aria-hidden="true">×</span>
                    <span class="visually-hidden">{c.t({ es: ' (quitar)', en: ' (remove)' })}</span>
                  </a>
                </li>
              ))}
              <li><a href={href('/search', { q: params.q })}>{c.t({ es: 'Quitar todos', en: 'Clear all' })}</a></li>
            </ul>
          )}
          {result.approximate && result.count > 0 && (
            <p class="notice info" role="status">
              {result.corrected_q
                ? <>{c.t({ es: 'No hubo resultados para «{q}». Se muestran los de ', en: 'There were no results for “{q}”. Showing results for ' }, { q: params.q ?? '' })}<a href={href('/search', { ...state, q: result.corrected_q })}>«{result.corrected_q}»</a>.</>
                : c.t({ es: 'No hubo coincidencias exactas; se muestran resultados parecidos.', en: 'There were no exact matches; showing similar results.' })}
            </p>
          )}
          {result.count === 0 && <p>{c.t({ es: 'No se encontraron activos. Pruebe con otras palabras o quite filtros.', en: 'No assets found. Try other words or remove filters.' })}</p>}
          <ol class="result-list" start={(result.page - 1) * result.per_page + 1}>
            {result.results.map((hit) => (
              <li>
                <h3>
                  <HitTitle c={c} hit={hit} />
                </h3>
                <p class="meta">
                  <a href={`/entities/${hit.entity.nit}`}>{hit.entity.name}</a> · {c.t({ es: 'actualizado', en: 'updated' })} {formatDate(hit.updated_at, c.lang)}
                </p>
                {hit.summary && <p>{hit.summary.length > 280 ? `${hit.summary.slice(0, 279)}…` : hit.summary}</p>}
              </li>
            ))}
          </ol>
          <Pagination c={c} page={result.page} pages={result.pages} href={pageHref} />
        </section>
        <aside aria-labelledby="facets-title" class="facets">
          <h2 id="facets-title">{c.t({ es: 'Filtrar', en: 'Filter' })}</h2>
          {FACETS.filter((f) => result.facets[f].length > 0).map((facet) => (
            <section>
              <h3>{c.t(FACET_TITLES[facet])}</h3>
              <ul>
                {result.facets[facet].slice(0, FACETS_SHOWN).map((v) => {
                  const on = (filters[facet] ?? []).includes(v.value);
                  return (
                    <li>
                      <a href={toggle(facet, v.value)} aria-current={on ? 'true' : undefined} class={on ? 'on' : undefined}>
                        <span class="visually-hidden">{on ? c.t({ es: 'Quitar filtro: ', en: 'Remove filter: ' }) : c.t({ es: 'Filtrar por: ', en: 'Filter by: ' })}</span>
                        {v.label}
                      </a>{' '}
                      <span class="count">({formatNumber(v.count, c.lang)})</span>
                    </li>
                  );
                })}
              </ul>
              {result.facets[facet].length > FACETS_SHOWN && (
                <details>
                  <summary>{c.t({ es: 'Ver {n} más', en: 'Show {n} more' }, { n: result.facets[facet].length - FACETS_SHOWN })}</summary>
                  <ul>
                    {result.facets[facet].slice(FACETS_SHOWN).map((v) => (
                      <li><a href={toggle(facet, v.value)}>{v.label}</a> <span class="count">({formatNumber(v.count, c.lang)})</span></li>
                    ))}
                  </ul>
                </details>
              )}
            </section>
          ))}
        </aside>
      </div>
    </Layout>
  );
}
