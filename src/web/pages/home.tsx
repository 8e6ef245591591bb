import { formatDate, formatNumber } from '../../core/i18n.ts';
import { catalogStats } from '../../catalog/stats.ts';
import { labelOf, SECTORS } from '../../catalog/vocabularies.ts';
import { HitTitle } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import { href } from '../format.ts';

type Stats = Awaited<ReturnType<typeof catalogStats>>;

export function HomePage({ c, stats }: { c: PageContext; stats: Stats }) {
  const maxSector = Math.max(1, ...stats.by_sector.map((s) => s.count));
  return (
    <Layout c={c} title={c.t({ es: 'Inicio', en: 'Home' })} json="/api/v1/stats">
      <section class="hero">
        <h1>{c.t({ es: 'Los datos del Estado, en un solo lugar', en: 'The State’s data, in one place' })}</h1>
        <p class="lead">
          {c.t({
            es: 'El inventario de la información de las entidades públicas de Colombia: qué información tiene cada entidad, dónde está, quién responde por ella y si es pública, clasificada o reservada.',
            en: 'The inventory of the information held by Colombia’s public bodies: what each one holds, where it is, who answers for it, and whether it is public, classified or reserved.',
          })}
        </p>
        <form role="search" action="/search" method="get" class="search-box">
          <label for="home-q">{c.t({ es: 'Buscar en el inventario del Estado', en: 'Search the State’s inventory' })}</label>
          <div class="row">
            <input id="home-q" name="q" type="search" placeholder={c.t({ es: 'p. ej. presupuesto, matrícula escolar, contratos', en: 'e.g. budget, school enrolment, contracts' })} />
            <button type="submit">{c.t({ es: 'Buscar', en: 'Search' })}</button>
          </div>
        </form>
      </section>

      <section aria-labelledby="numbers">
        <h2 id="numbers">{c.t({ es: 'En cifras', en: 'In numbers' })}</h2>
        <dl class="figures">
          <div><dt>{c.t({ es: 'Entidades', en: 'Entities' })}</dt><dd><a href="/entities">{formatNumber(stats.entities, c.lang)}</a></dd></div>
          <div><dt>{c.t({ es: 'Activos de información públicos', en: 'Public information assets' })}</dt><dd><a href="/search?legal_class=publica">{formatNumber(stats.public_assets, c.lang)}</a></dd></div>
          <div><dt>{c.t({ es: 'Activos clasificados o reservados', en: 'Classified or reserved assets' })}</dt><dd>{formatNumber(stats.restricted_assets, c.lang)}</dd></div>
          <div><dt>{c.t({ es: 'Conjuntos de datos publicados', en: 'Published datasets' })}</dt><dd><a href="/datasets">{formatNumber(stats.datasets, c.lang)}</a></dd></div>
          <div><dt>{c.t({ es: 'Departamentos con entidades', en: 'Departments with entities' })}</dt><dd>{formatNumber(stats.departments, c.lang)}</dd></div>
        </dl>
      </section>

      <div class="columns">
        <section aria-labelledby="by-sector">
          <h2 id="by-sector">{c.t({ es: 'Activos por sector', en: 'Assets by sector' })}</h2>
          <ul class="bars">
            {stats.by_sector.map((s) => (
              <li>
                <a href={href('/search', { sector: s.sector })}>{labelOf(SECTORS, s.sector, c.lang)}</a>
                <meter min={0} max={maxSector} value={s.count} aria-hidden="true"></meter>
                <span class="count">{formatNumber(s.count, c.lang)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="recent">
          <h2 id="recent">{c.t({ es: 'Actualizados recientemente', en: 'Recently updated' })}</h2>
          <ul class="plain">
            {stats.recent.map((a) => (
              <li>
                <HitTitle c={c} hit={a} />
                <br />
                <small>{a.entity_name} · {formatDate(a.updated_at, c.lang)}</small>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <section aria-labelledby="about">
        <h2 id="about">{c.t({ es: 'Qué es esto', en: 'What this is' })}</h2>
        <p>
          {c.t({
            es: 'Cada entidad pública lleva, por ley (Ley 1712 de 2014), un Registro de Activos de Información, un Índice de Información Clasificada y Reservada y un Esquema de Publicación. Aquí se registran una vez y se pueden buscar, comparar y reutilizar en todo el Estado. Todo lo que ve en estas páginas también está disponible en la API.',
            en: 'By law (Law 1712 of 2014) every public body keeps a Register of Information Assets, an Index of Classified and Reserved Information and a Publication Scheme. Here they are recorded once and can be searched, compared and reused across the State. Everything on these pages is also available through the API.',
          })}
        </p>
      </section>
    </Layout>
  );
}
