import type { ErrorDetail } from '../../core/errors.ts';
import { formatDate, formatNumber } from '../../core/i18n.ts';
import type { sourceView } from '../../linked/harvest/service.ts';
import { CsrfInput, ErrorSummary, Notice } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

type SourceView = Awaited<ReturnType<typeof sourceView>>;

const TYPE_LABELS = { dcat: 'DCAT (Turtle, RDF/XML, JSON-LD)', ckan: 'CKAN (API de acciones v3)', datajson: 'data.json (DCAT-US, perfil latinoamericano)' } as const;

function RunCounts({ c, counts }: { c: PageContext; counts: Record<string, number> }) {
  return <>{c.t({ es: '{read} leídos: {created} nuevos, {updated} actualizados, {unchanged} sin cambios, {withdrawn} retirados; {errors} errores, {warnings} avisos', en: '{read} read: {created} new, {updated} updated, {unchanged} unchanged, {withdrawn} withdrawn; {errors} errors, {warnings} warnings' }, Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, formatNumber(v, c.lang)])))}</>;
}

/** Every harvest source, and for an entity's editors a form to register one. */
export function HarvestListPage({ c, sources, entities, errors, values }: { c: PageContext; sources: SourceView[]; entities: { nit: string; name: string }[]; errors: ErrorDetail[]; values: Record<string, string> }) {
  const title = c.t({ es: 'Cosecha de catálogos', en: 'Catalog harvesting' });
  return (
    <Layout c={c} title={title} json="/api/v1/harvest-sources">
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'Catálogos que las entidades publican en otros portales (DCAT, CKAN, data.json), traídos aquí según su calendario: lo nuevo se crea, lo cambiado se actualiza y lo que la fuente ya no lista se retira.', en: 'Catalogs entities publish on other portals (DCAT, CKAN, data.json), brought here on their schedule: new records are created, changed ones updated, and those the source no longer lists withdrawn.' })}</p>
      {sources.length === 0 ? <Notice>{c.t({ es: 'Todavía no hay fuentes de cosecha.', en: 'There are no harvest sources yet.' })}</Notice> : (
        <div class="table-wrap" tabindex={0} role="region" aria-label={title}>
          <table class="data">
            <thead><tr><th scope="col">{c.t({ es: 'Fuente', en: 'Source' })}</th><th scope="col">{c.t({ es: 'Entidad', en: 'Entity' })}</th><th scope="col">{c.t({ es: 'Tipo', en: 'Type' })}</th><th scope="col" class="num">{c.t({ es: 'Conjuntos', en: 'Datasets' })}</th><th scope="col">{c.t({ es: 'Última cosecha', en: 'Last harvest' })}</th></tr></thead>
            <tbody>{sources.map((s) => (
              <tr><td><a href={`/harvest/${s.id}`}>{s.title}</a><br /><span class="muted">{s.url}</span></td><td>{s.entity.name}</td><td>{s.type}</td><td class="num">{formatNumber(s.datasets.active, c.lang)}</td><td>{s.runs[0] ? <>{formatDate(s.runs[0].started_at, c.lang, true)} · {s.runs[0].status}</> : '—'}</td></tr>
            ))}</tbody>
          </table>
        </div>
      )}
      {entities.length > 0 && (
        <section aria-labelledby="nueva">
          <h2 id="nueva">{c.t({ es: 'Registrar un catálogo', en: 'Register a catalog' })}</h2>
          {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'No se registró la fuente', en: 'The source was not registered' }} details={errors} />}
          <form method="post" action="/harvest">
            <CsrfInput c={c} />
            <div class="field"><label for="f-entity">{c.t({ es: 'Entidad', en: 'Entity' })}</label>
              <select id="f-entity" name="entity">{entities.map((e) => <option value={e.nit} selected={values.entity === e.nit}>{e.name}</option>)}</select></div>
            <div class="field"><label for="f-url">{c.t({ es: 'Dirección del catálogo', en: 'Catalog address' })}</label>
              <input id="f-url" name="url" type="url" required value={values.url ?? ''} aria-describedby="f-url-help" /><p class="help" id="f-url-help">{c.t({ es: 'Por ejemplo https://portal.gov.co/catalog.ttl, https://portal.gov.co (CKAN) o https://portal.gov.co/data.json.', en: 'For example https://portal.gov.co/catalog.ttl, https://portal.gov.co (CKAN) or https://portal.gov.co/data.json.' })}</p></div>
            <div class="field"><label for="f-type">{c.t({ es: 'Tipo', en: 'Type' })}</label>
              <select id="f-type" name="type">{Object.entries(TYPE_LABELS).map(([value, label]) => <option value={value} selected={values.type === value}>{label}</option>)}</select></div>
            <div class="field"><label for="f-title">{c.t({ es: 'Nombre (opcional)', en: 'Name (optional)' })}</label><input id="f-title" name="title" value={values.title ?? ''} /></div>
            <div class="field"><label for="f-hours">{c.t({ es: 'Horas entre cosechas (0: solo a pedido)', en: 'Hours between harvests (0: on demand only)' })}</label><input id="f-hours" name="schedule_hours" type="number" min={0} max={8760} value={values.schedule_hours ?? '24'} /></div>
            <button type="submit">{c.t({ es: 'Registrar y cosechar', en: 'Register and harvest' })}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

/** A source: its runs, with every error and warning by record. */
export function HarvestSourcePage({ c, source }: { c: PageContext; source: SourceView }) {
  return (
    <Layout c={c} title={source.title} json={`/api/v1/harvest-sources/${source.id}`} crumbs={[{ href: '/harvest', label: c.t({ es: 'Cosecha', en: 'Harvesting' }) }, { label: source.title }]} {...(source.job ? { refreshSeconds: 3 } : {})}>
      <h1>{source.title}</h1>
      <dl class="facts">
        <div><dt>{c.t({ es: 'Dirección', en: 'Address' })}</dt><dd><a href={source.url}>{source.url}</a></dd></div>
        <div><dt>{c.t({ es: 'Tipo', en: 'Type' })}</dt><dd>{TYPE_LABELS[source.type]}</dd></div>
        <div><dt>{c.t({ es: 'Entidad', en: 'Entity' })}</dt><dd><a href={`/entities/${source.entity.nit}`}>{source.entity.name}</a></dd></div>
        <div><dt>{c.t({ es: 'Calendario', en: 'Schedule' })}</dt><dd>{source.schedule_hours ? c.t({ es: 'cada {h} horas', en: 'every {h} hours' }, { h: source.schedule_hours }) : c.t({ es: 'solo a pedido', en: 'on demand only' })}</dd></div>
        <div><dt>{c.t({ es: 'Conjuntos', en: 'Datasets' })}</dt><dd>{c.t({ es: '{a} publicados, {w} retirados', en: '{a} published, {w} withdrawn' }, { a: source.datasets.active, w: source.datasets.withdrawn })}</dd></div>
      </dl>
      {source.job && <Notice>{c.t({ es: 'Cosecha en curso: {n} registros leídos. La página se actualiza sola.', en: 'Harvest under way: {n} records read. The page refreshes itself.' }, { n: source.job.records_read })}</Notice>}
      {source.can_run && !source.job && (
        <form method="post" action={`/harvest/${source.id}/run`} class="actions"><CsrfInput c={c} /><button type="submit">{c.t({ es: 'Cosechar ahora', en: 'Harvest now' })}</button></form>
      )}
      <h2>{c.t({ es: 'Cosechas', en: 'Harvests' })}</h2>
      {source.runs.length === 0 && <p>{c.t({ es: 'Aún no se ha cosechado.', en: 'Not harvested yet.' })}</p>}
      {source.runs.map((run) => (
        <section aria-labelledby={`run-${run.id}`}>
          <h3 id={`run-${run.id}`}>{formatDate(run.started_at, c.lang, true)} · {run.status === 'done' ? c.t({ es: 'completa', en: 'complete' }) : run.status === 'failed' ? c.t({ es: 'fallida', en: 'failed' }) : c.t({ es: 'en curso', en: 'running' })}</h3>
          <p><RunCounts c={c} counts={run.counts} /></p>
          {run.messages.length > 0 && <ul class="error-list">{run.messages.map((m) => <li><strong>{m.level === 'error' ? c.t({ es: 'Error', en: 'Error' }) : c.t({ es: 'Aviso', en: 'Warning' })}</strong>{m.record && <> [<code>{m.record}</code>]</>}: {c.t(m.message)}</li>)}</ul>}
        </section>
      ))}
    </Layout>
  );
}
