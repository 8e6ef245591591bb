import type { ErrorDetail } from '../../core/errors.ts';
import { formatNumber } from '../../core/i18n.ts';
import { ErrorSummary } from '../components.tsx';
import { href } from '../format.ts';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

export interface SqlResult {
  columns: string[];
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/** The query page: a SELECT over the open releases, results as a table, the same query as JSON. */
export function SqlPage({ c, sql, tables, result, errors }: { c: PageContext; sql: string; tables: { id: string; title: string; fields: string[] }[]; result: SqlResult | null; errors: ErrorDetail[] }) {
  const title = c.t({ es: 'Consultar los datos abiertos con SQL', en: 'Query the open data with SQL' });
  return (
    <Layout c={c} title={title} json={sql ? href('/api/v1/sql', { sql }) : '/api/v1/datasets'}>
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'Una consulta SELECT de DuckDB sobre la versión vigente de cada conjunto de datos abierto. Cada tabla se llama como el identificador del conjunto, entre comillas dobles. Límites: 10 segundos y 100.000 filas.', en: 'One DuckDB SELECT over the current release of every open dataset. Each table is named by the dataset id, in double quotes. Limits: 10 seconds and 100,000 rows.' })}</p>
      <form method="get" action="/sql">
        <div class="field">
          <label for="f-sql">{c.t({ es: 'Consulta SQL', en: 'SQL query' })}</label>
          <textarea id="f-sql" name="sql" rows={6} class="code" spellcheck={false}>{sql}</textarea>
        </div>
        <button type="submit">{c.t({ es: 'Ejecutar', en: 'Run' })}</button>
      </form>
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'La consulta no se ejecutó', en: 'The query did not run' }} details={errors} />}
      {result && (
        <section aria-labelledby="resultado">
          <h2 id="resultado">{c.t({ es: 'Resultado: {n} filas', en: 'Result: {n} rows' }, { n: formatNumber(result.rows.length, c.lang) })}{result.truncated ? c.t({ es: ' (recortado)', en: ' (truncated)' }) : ''}</h2>
          <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Resultado', en: 'Result' })}>
            <table class="data">
              <thead><tr>{result.columns.map((col) => <th scope="col">{col}</th>)}</tr></thead>
              <tbody>{result.rows.slice(0, 1000).map((row) => <tr>{result.columns.map((col) => <td>{row[col] === null || row[col] === undefined ? '' : typeof row[col] === 'object' ? JSON.stringify(row[col]) : String(row[col])}</td>)}</tr>)}</tbody>
            </table>
          </div>
          {result.rows.length > 1000 && <p class="muted">{c.t({ es: 'Se muestran 1.000 filas; el resultado completo está en JSON.', en: '1,000 rows are shown; the whole result is in JSON.' })}</p>}
        </section>
      )}
      <h2>{c.t({ es: 'Tablas', en: 'Tables' })}</h2>
      <ul>
        {tables.map((t) => (
          <li><a href={`/datasets/${t.id}`}>{t.title}</a>: <code>"{t.id}"</code> <span class="muted">({t.fields.join(', ')})</span></li>
        ))}
      </ul>
    </Layout>
  );
}
