import { formatNumber } from '../../core/i18n.ts';
import { INSTRUMENTS, type InstrumentTable } from '../../catalog/instruments.ts';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

export function InstrumentPage({ c, table }: { c: PageContext; table: InstrumentTable }) {
  const base = `/entities/${table.entity.nit}/instruments/${table.instrument}`;
  return (
    <Layout
      c={c}
      title={`${table.title} — ${table.entity.name}`}
      json={`/api/v1/entities/${table.entity.nit}/instruments/${table.instrument}`}
      crumbs={[{ href: '/entities', label: c.t({ es: 'Entidades', en: 'Entities' }) }, { href: `/entities/${table.entity.nit}`, label: table.entity.name }, { label: table.title }]}
    >
      <h1>{table.title} <small>— {table.entity.name}</small></h1>
      <p class="muted">{table.basis}</p>
      <nav aria-label={c.t({ es: 'Otros instrumentos', en: 'Other instruments' })}>
        <ul class="tabs">
          {INSTRUMENTS.map((i) => (
            <li>{i.key === table.instrument ? <span aria-current="page">{c.t(i.title)}</span> : <a href={`/entities/${table.entity.nit}/instruments/${i.key}`}>{c.t(i.title)}</a>}</li>
          ))}
        </ul>
      </nav>
      <p class="actions">
        {c.t({ es: 'Descargar:', en: 'Download:' })}{' '}
        <a class="button secondary" href={`${base}.xlsx`} download>XLSX</a>{' '}
        <a class="button secondary" href={`${base}.csv`} download>CSV</a>{' '}
        <a class="button secondary" href={`${base}.json`} download>JSON</a>
      </p>
      <p>{c.t({ es: '{n} {n|fila|filas}.', en: '{n} {n|row|rows}.' }, { n: formatNumber(table.rows.length, c.lang) })}
        {table.hidden > 0 && ` ${c.t({ es: 'Hay {n} activos más que solo ven las personas de la entidad (constan en el Índice de Información Clasificada y Reservada).', en: 'There are {n} more assets that only the entity’s people can see (they are listed in the Index of Classified and Reserved Information).' }, { n: table.hidden })}`}
      </p>
      {table.rows.length > 0 && (
        <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Tabla desplazable', en: 'Scrollable table' })}>
          <table class="instrument">
            <caption class="visually-hidden">{table.title}</caption>
            <thead>
              <tr>{table.columns.map((col) => <th scope="col">{col.header}</th>)}</tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr>
                  {table.columns.map((col, j) => {
                    const id = table.asset_ids[i];
                    const value = row[col.key] ?? '';
                    return j === table.columns.findIndex((x) => x.key === 'title') && id ? <td><a href={`/assets/${id}`}>{value}</a></td> : <td>{value}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
