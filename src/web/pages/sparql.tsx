import type { ErrorDetail } from '../../core/errors.ts';
import { formatNumber } from '../../core/i18n.ts';
import type { SparqlBinding, WorkerResult } from '../../linked/sparql-protocol.ts';
import { ErrorSummary } from '../components.tsx';
import { href } from '../format.ts';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

const PREFIXES = 'PREFIX dcat: <http://www.w3.org/ns/dcat#>\nPREFIX dct: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\nPREFIX dqv: <http://www.w3.org/ns/dqv#>\n';

/** Queries a newcomer can run as they are. */
export const EXAMPLES = [
  { title: { es: 'Conjuntos de datos con su entidad', en: 'Datasets with their entity' }, query: `${PREFIXES}SELECT ?conjunto ?titulo ?entidad WHERE {\n  ?conjunto a dcat:Dataset ; dct:title ?titulo ; dct:publisher/foaf:name ?entidad .\n} ORDER BY ?titulo` },
  { title: { es: 'Conjuntos por tema', en: 'Datasets per theme' }, query: `${PREFIXES}PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nSELECT ?tema (COUNT(?conjunto) AS ?conjuntos) WHERE {\n  ?conjunto a dcat:Dataset ; dcat:theme/skos:prefLabel ?tema .\n  FILTER(lang(?tema) = "es")\n} GROUP BY ?tema ORDER BY DESC(?conjuntos)` },
  { title: { es: 'Puntaje MQA de cada conjunto (DQV)', en: 'MQA score of each dataset (DQV)' }, query: `${PREFIXES}SELECT ?conjunto ?puntaje WHERE {\n  ?medida dqv:computedOn ?conjunto ; dqv:isMeasurementOf <__BASE__/quality/metrics#mqa-score> ; dqv:value ?puntaje .\n} ORDER BY DESC(?puntaje)` },
  { title: { es: 'Descripción de un conjunto (CONSTRUCT)', en: 'A dataset\'s description (CONSTRUCT)' }, query: `${PREFIXES}CONSTRUCT { ?conjunto ?p ?o } WHERE {\n  ?conjunto a dcat:Dataset ; ?p ?o .\n} LIMIT 50` },
];

function Term({ term }: { term: SparqlBinding[string] | undefined }) {
  if (!term) return null;
  if (term.type === 'uri') return <a href={term.value}>{term.value}</a>;
  if (term.type === 'bnode') return <code>_:{term.value}</code>;
  return <>{term.value}{term['xml:lang'] ? <span class="muted"> @{term['xml:lang']}</span> : null}</>;
}

export function SparqlPage({ c, query, result, turtle, errors, maxResults, baseUrl }: { c: PageContext; query: string; result: WorkerResult | null; turtle: string | null; errors: ErrorDetail[]; maxResults: number; baseUrl: string }) {
  const title = c.t({ es: 'Consultar el catálogo con SPARQL', en: 'Query the catalogue with SPARQL' });
  const formats = result?.kind === 'graph' ? ['ttl', 'jsonld', 'rdf', 'nt'] : result?.kind === 'boolean' ? ['json', 'xml'] : ['json', 'xml', 'csv', 'tsv'];
  return (
    <Layout c={c} title={title} json={query ? href('/sparql', { query, format: 'json' }) : '/sparql?format=ttl'}>
      <h1>{title}</h1>
      <p class="lead">{c.t({
        es: 'SPARQL 1.1 sobre el catálogo abierto en DCAT-AP 3 y los informes de calidad en DQV, al día con la base de datos. Solo lectura; límites: {s} segundos y {n} resultados.',
        en: 'SPARQL 1.1 over the open catalogue in DCAT-AP 3 and the quality reports in DQV, in step with the database. Read-only; limits: {s} seconds and {n} results.',
      }, { s: '10', n: formatNumber(maxResults, c.lang) })}</p>
      <form method="get" action="/sparql">
        <div class="field">
          <label for="f-query">{c.t({ es: 'Consulta SPARQL', en: 'SPARQL query' })}</label>
          <textarea id="f-query" name="query" rows={10} class="code" spellcheck={false}>{query}</textarea>
        </div>
        <button type="submit">{c.t({ es: 'Ejecutar', en: 'Run' })}</button>
      </form>
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'La consulta no se ejecutó', en: 'The query did not run' }} details={errors} />}
      {result && (
        <section aria-labelledby="resultado">
          <h2 id="resultado">{result.kind === 'boolean'
            ? c.t({ es: 'Resultado: {v}', en: 'Result: {v}' }, { v: result.value ? c.t({ es: 'verdadero', en: 'true' }) : c.t({ es: 'falso', en: 'false' }) })
            : result.kind === 'bindings'
              ? c.t({ es: 'Resultado: {n} filas', en: 'Result: {n} rows' }, { n: formatNumber(result.bindings.length, c.lang) })
              : c.t({ es: 'Resultado: un grafo', en: 'Result: a graph' })}{result.kind !== 'boolean' && result.truncated ? c.t({ es: ' (recortado)', en: ' (truncated)' }) : ''}</h2>
          <p>{c.t({ es: 'El mismo resultado en: ', en: 'The same result as: ' })}{formats.map((f, i) => <>{i > 0 && ' · '}<a href={href('/sparql', { query, format: f })}>{f.toUpperCase()}</a></>)}</p>
          {result.kind === 'bindings' && (
            <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Resultado', en: 'Result' })}>
              <table class="data">
                <thead><tr>{result.vars.map((v) => <th scope="col">?{v}</th>)}</tr></thead>
                <tbody>{result.bindings.slice(0, 1000).map((b) => <tr>{result.vars.map((v) => <td><Term term={b[v]} /></td>)}</tr>)}</tbody>
              </table>
            </div>
          )}
          {turtle !== null && <pre class="code" tabindex={0}>{turtle}</pre>}
        </section>
      )}
      <h2>{c.t({ es: 'Ejemplos', en: 'Examples' })}</h2>
      <ul>
        {EXAMPLES.map((e) => <li><a href={href('/sparql', { query: e.query.replace('__BASE__', baseUrl) })}>{c.t(e.title)}</a></li>)}
      </ul>
      <p>{c.t({ es: 'Protocolo: GET o POST con «query» (o POST application/sparql-query), default-graph-uri y named-graph-uri. Cada conjunto abierto es un grafo nombrado con su URI; sin grafos indicados se consulta la unión. Descripción del servicio: ', en: 'Protocol: GET or POST with "query" (or POST application/sparql-query), default-graph-uri and named-graph-uri. Each open dataset is a graph named by its URI; without graphs the union is queried. Service description: ' })}<a href="/sparql?format=ttl">/sparql?format=ttl</a>.</p>
    </Layout>
  );
}
