import type { Bilingual } from '../../core/errors.ts';
import { formatDate, formatNumber } from '../../core/i18n.ts';
import { BANDS, type Band } from '../../quality/mqa.ts';
import type { QualityReport } from '../../quality/report.ts';
import type { EntityQuality, HistoryPoint, QualityAggregate } from '../../quality/service.ts';
import { SEAL_NAMES } from '../../quality/seals.ts';
import type { QualityRules } from '../../quality/rules.ts';
import { historySvg, scoreBarsSvg } from '../charts.ts';
import { CsrfInput, Notice } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import type { DatasetView } from './datasets.tsx';

export interface DatasetQualityView {
  report: QualityReport | null;
  history: HistoryPoint[];
  pending: boolean;
}

const TRIGGERS: Record<string, Bilingual> = {
  release: { es: 'nueva versión', en: 'new release' },
  metadata: { es: 'cambio de metadatos', en: 'metadata change' },
  schedule: { es: 'verificación periódica', en: 'scheduled check' },
  rules: { es: 'cambio de reglas', en: 'rules change' },
  request: { es: 'solicitud', en: 'request' },
};

function Seal({ c, level }: { c: PageContext; level: number }) {
  return <span class={`seal seal-${level}`}>{c.t(SEAL_NAMES[level as 0 | 1 | 2 | 3])}</span>;
}

const bandLabel = (c: PageContext, band: string) => c.t(BANDS[band as Band].label);

/** The seal, MQA and criteria at a glance, what the next seal needs, and the history as a chart. */
export function QualityHeadline({ c, quality, datasetId, full }: { c: PageContext; quality: DatasetQualityView; datasetId: string; full?: boolean }) {
  const { report, history } = quality;
  if (!report) {
    return <Notice>{c.t({ es: 'El informe de calidad se está calculando; vuelva a cargar la página en unos segundos.', en: 'The quality report is being computed; reload the page in a few seconds.' })}</Notice>;
  }
  const dims = report.mqa.dimensions.map((d) => ({ label: c.t(d.label), value: d.points, max: d.max }));
  return (
    <div class="quality-headline">
      <dl class="facts">
        <div><dt>{c.t({ es: 'Sello de calidad', en: 'Quality seal' })}</dt><dd><Seal c={c} level={report.seal.level} /></dd></div>
        <div><dt>{c.t({ es: 'Metadatos (MQA)', en: 'Metadata (MQA)' })}</dt><dd><strong>{report.mqa.score}</strong> / 405 · {bandLabel(c, report.mqa.band)}</dd></div>
        <div><dt>{c.t({ es: 'Criterios MinTIC (ISO 25012)', en: 'MinTIC criteria (ISO 25012)' })}</dt><dd><strong>{report.criteria.score}</strong> / 100</dd></div>
        <div><dt>{c.t({ es: 'Contenido', en: 'Content' })}</dt><dd>{report.content ? (report.content.valid ? c.t({ es: 'Sin errores', en: 'No errors' }) : c.t({ es: '{n} errores', en: '{n} errors' }, { n: formatNumber(Object.values(report.content.counts).reduce((s, v) => s + (v ?? 0), 0), c.lang) })) : '—'}</dd></div>
        <div><dt>{c.t({ es: 'Calculado', en: 'Computed' })}</dt><dd>{formatDate(new Date(report.computed_at), c.lang, true)} · {c.t(TRIGGERS[report.trigger] ?? { es: report.trigger, en: report.trigger })}{quality.pending ? ` · ${c.t({ es: 'recalculando…', en: 'recomputing…' })}` : ''}</dd></div>
      </dl>
      {report.seal.missing_for_next.length > 0 && (
        <div class="next-seal">
          <h3>{c.t({ es: 'Para obtener el {seal}', en: 'To earn {seal}' }, { seal: c.t(SEAL_NAMES[(report.seal.level + 1) as 1 | 2 | 3]).toLowerCase() })}</h3>
          <ul>{report.seal.missing_for_next.map((r) => <li>{c.t(r.label)} <span class="muted">({c.t({ es: 'hoy', en: 'now' })}: {c.t(r.found)})</span></li>)}</ul>
        </div>
      )}
      <figure class="chart">
        <div dangerouslySetInnerHTML={{ __html: scoreBarsSvg(dims, { label: c.t({ es: 'Puntos MQA por dimensión', en: 'MQA points by dimension' }) }) }} />
        <figcaption>{c.t({ es: 'Puntos MQA por dimensión (puntos obtenidos / posibles).', en: 'MQA points by dimension (earned / possible).' })}</figcaption>
      </figure>
      {history.length > 1 && (
        <figure class="chart">
          <div dangerouslySetInnerHTML={{ __html: historySvg(history.map((h) => ({ at: formatDate(h.computed_at, c.lang) })), [
            { name: 'MQA', values: history.map((h) => h.mqa_score), max: 405, color: '#1f5fa8' },
            { name: c.t({ es: 'Criterios', en: 'Criteria' }), values: history.map((h) => h.criteria_score), max: 100, color: '#b3541e' },
          ], { label: c.t({ es: 'Historia de la calidad: MQA y criterios, en porcentaje', en: 'Quality history: MQA and criteria, in percent' }) }) }} />
          <figcaption>{c.t({ es: 'Historia: {n} informes (MQA sobre 405 y criterios sobre 100, en porcentaje).', en: 'History: {n} reports (MQA out of 405 and criteria out of 100, in percent).' }, { n: history.length })}</figcaption>
        </figure>
      )}
      {!full && <p><a href={`/datasets/${datasetId}/quality`}>{c.t({ es: 'Ver el informe de calidad completo', en: 'See the full quality report' })}</a></p>}
    </div>
  );
}

export function DatasetQualityPage({ c, dataset, quality, canEdit }: { c: PageContext; dataset: DatasetView; quality: DatasetQualityView; canEdit: boolean }) {
  const title = c.t({ es: 'Calidad: {title}', en: 'Quality: {title}' }, { title: dataset.title });
  const { report, history } = quality;
  const api = `/api/v1/datasets/${dataset.id}/quality`;
  return (
    <Layout c={c} title={title} json={api} crumbs={[{ href: '/datasets', label: c.t({ es: 'Datos', en: 'Data' }) }, { href: `/datasets/${dataset.id}`, label: dataset.title }, { label: c.t({ es: 'Calidad', en: 'Quality' }) }]}>
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'Metadatos evaluados con la metodología MQA de data.europa.eu (405 puntos) y las formas oficiales de DCAT-AP; contenido validado contra su Table Schema (Frictionless); criterios de la guía de calidad de MinTIC (ISO/IEC 25012). Cada punto perdido se explica.', en: 'Metadata assessed with data.europa.eu’s MQA (405 points) and the official DCAT-AP shapes; content validated against its Table Schema (Frictionless); criteria of MinTIC’s quality guide (ISO/IEC 25012). Every lost point is explained.' })}</p>
      <p>{c.t({ es: 'También en', en: 'Also as' })} <a href={api}>JSON</a> · <a href={`${api}?format=ttl`}>DQV (Turtle)</a> · <a href={`${api}?format=jsonld`}>DQV (JSON-LD)</a> · <a href="/quality/rules">{c.t({ es: 'reglas', en: 'rules' })}</a></p>
      {canEdit && (
        <form method="post" action={`/datasets/${dataset.id}/quality`} class="actions">
          <CsrfInput c={c} />
          <button type="submit">{c.t({ es: 'Recalcular y verificar enlaces de nuevo', en: 'Recompute and check links again' })}</button>
        </form>
      )}
      <QualityHeadline c={c} quality={quality} datasetId={dataset.id} full />
      {report && <>
        <section aria-labelledby="sello">
          <h2 id="sello">{c.t({ es: 'Requisitos del sello', en: 'Seal requirements' })}</h2>
          <Table c={c} label={c.t({ es: 'Requisitos del sello', en: 'Seal requirements' })} head={[{ es: 'Nivel', en: 'Level' }, { es: 'Requisito', en: 'Requirement' }, { es: 'Hoy', en: 'Now' }, { es: 'Cumple', en: 'Met' }]}>
            {report.seal.requirements.map((r) => <tr><td class="num">{r.level}</td><td>{c.t(r.label)}</td><td>{c.t(r.found)}</td><td>{r.met ? c.t({ es: 'Sí', en: 'Yes' }) : <strong>{c.t({ es: 'No', en: 'No' })}</strong>}</td></tr>)}
          </Table>
        </section>
        <section aria-labelledby="mqa">
          <h2 id="mqa">{c.t({ es: 'Metadatos: {score} de 405 puntos ({band})', en: 'Metadata: {score} of 405 points ({band})' }, { score: report.mqa.score, band: bandLabel(c, report.mqa.band) })}</h2>
          <Table c={c} label="MQA" head={[{ es: 'Dimensión', en: 'Dimension' }, { es: 'Indicador', en: 'Indicator' }, { es: 'Puntos', en: 'Points' }, { es: 'Evidencia', en: 'Evidence' }, { es: 'Cómo mejorar', en: 'How to improve' }]}>
            {report.mqa.indicators.map((i) => (
              <tr>
                <td>{c.t(report.mqa.dimensions.find((d) => d.id === i.dimension)!.label)}</td>
                <td>{c.t(i.label)}</td>
                <td class="num">{formatNumber(i.points, c.lang)} / {i.max}</td>
                <td>{c.t(i.evidence)}</td>
                <td>{i.advice ? c.t(i.advice) : '—'}</td>
              </tr>
            ))}
          </Table>
          {report.dcat_ap && report.dcat_ap.violations.length > 0 && <>
            <h3>{c.t({ es: 'Violaciones de DCAT-AP 3.0.1', en: 'DCAT-AP 3.0.1 violations' })}</h3>
            <ul>{report.dcat_ap.violations.map((v) => <li><code>{v.path ?? '—'}</code> {c.t({ es: 'en', en: 'on' })} <code>{v.focus}</code>: {v.message}</li>)}</ul>
          </>}
        </section>
        <section aria-labelledby="enlaces">
          <h2 id="enlaces">{c.t({ es: 'Enlaces verificados', en: 'Links checked' })}</h2>
          <Table c={c} label={c.t({ es: 'Enlaces verificados', en: 'Links checked' })} head={[{ es: 'URL', en: 'URL' }, { es: 'Respuesta', en: 'Answer' }, { es: 'Verificado', en: 'Checked' }]}>
            {report.links.map((l) => <tr><td><code>{l.url}</code></td><td>{l.ok ? `HTTP ${l.status}` : <strong>{l.error ?? `HTTP ${l.status}`}</strong>}</td><td>{formatDate(new Date(l.checked_at), c.lang, true)}</td></tr>)}
          </Table>
        </section>
        <section aria-labelledby="criterios">
          <h2 id="criterios">{c.t({ es: 'Criterios de calidad: {score} de 100', en: 'Quality criteria: {score} of 100' }, { score: report.criteria.score })}</h2>
          <Table c={c} label={c.t({ es: 'Criterios de calidad', en: 'Quality criteria' })} head={[{ es: 'Criterio', en: 'Criterion' }, { es: 'Puntaje', en: 'Score' }, { es: 'Evidencia', en: 'Evidence' }, { es: 'Regla', en: 'Rule' }]}>
            {report.criteria.items.map((k) => (
              <tr>
                <td>{c.t(k.label)}</td>
                <td class="num">{k.score === null ? (k.applicable ? c.t({ es: 'sin medir', en: 'not measured' }) : c.t({ es: 'no aplica', en: 'n/a' })) : <><meter min={0} max={100} value={k.score} aria-label={c.t(k.label)} /> {k.score}</>}</td>
                <td>{c.t(k.evidence)}</td>
                <td class="muted">{c.t(k.rule)}</td>
              </tr>
            ))}
          </Table>
        </section>
        <section aria-labelledby="contenido">
          <h2 id="contenido">{c.t({ es: 'Validación del contenido', en: 'Content validation' })}</h2>
          {!report.content ? <p>{c.t({ es: 'Sin versión publicada.', en: 'No release published.' })}</p> : report.content.valid
            ? <p>{c.t({ es: 'Las {n} filas cumplen su Table Schema.', en: 'All {n} rows meet their Table Schema.' }, { n: formatNumber(report.content.rows, c.lang) })}</p>
            : <>
              <p>{c.t({ es: 'Errores por tipo (todos contados; se listan los primeros de cada tipo):', en: 'Errors by type (all counted; the first of each type are listed):' })} {Object.entries(report.content.counts).map(([type, n]) => `${type}: ${formatNumber(n ?? 0, c.lang)}`).join(' · ')}</p>
              <Table c={c} label={c.t({ es: 'Errores de contenido', en: 'Content errors' })} head={[{ es: 'Tipo', en: 'Type' }, { es: 'Fila', en: 'Row' }, { es: 'Campo', en: 'Field' }, { es: 'Mensaje', en: 'Message' }]}>
                {report.content.errors.map((e) => <tr><td><code>{e.type}</code></td><td class="num">{e.row ?? '—'}</td><td>{e.field ?? '—'}</td><td>{c.t(e.message)}</td></tr>)}
              </Table>
            </>}
        </section>
        {report.conformance && (
          <section aria-labelledby="estandar">
            <h2 id="estandar">{c.t({ es: 'Conformidad con el estándar', en: 'Conformance to the standard' })}</h2>
            <p>{c.t({ es: 'El conjunto declara seguir ', en: 'The dataset declares it follows ' })}<a href={`/standards/${report.conformance.standard.split('@')[0]}`}><code>{report.conformance.standard}</code></a>: {report.conformance.valid ? c.t({ es: 'la versión vigente lo cumple.', en: 'the current release conforms.' }) : c.t({ es: 'la versión vigente no lo cumple.', en: 'the current release does not conform.' })}</p>
            {!report.conformance.valid && (
              <Table c={c} label={c.t({ es: 'Diferencias con el estándar', en: 'Differences from the standard' })} head={[{ es: 'Tipo', en: 'Type' }, { es: 'Fila', en: 'Row' }, { es: 'Campo', en: 'Field' }, { es: 'Mensaje', en: 'Message' }]}>
                {report.conformance.errors.map((e) => <tr><td><code>{e.type}</code></td><td class="num">{e.row ?? '—'}</td><td>{e.field ?? '—'}</td><td>{c.t(e.message)}</td></tr>)}
              </Table>
            )}
          </section>
        )}
        {history.length > 0 && (
          <section aria-labelledby="historia">
            <h2 id="historia">{c.t({ es: 'Historia de informes', en: 'Report history' })}</h2>
            <Table c={c} label={c.t({ es: 'Historia de informes', en: 'Report history' })} head={[{ es: 'Fecha', en: 'Date' }, { es: 'Motivo', en: 'Reason' }, { es: 'Versión', en: 'Release' }, { es: 'MQA', en: 'MQA' }, { es: 'Criterios', en: 'Criteria' }, { es: 'Sello', en: 'Seal' }]}>
              {[...history].reverse().map((h) => <tr><td>{formatDate(h.computed_at, c.lang, true)}</td><td>{c.t(TRIGGERS[h.trigger] ?? { es: h.trigger, en: h.trigger })}</td><td class="num">{h.release ?? '—'}</td><td class="num">{h.mqa_score}</td><td class="num">{h.criteria_score}</td><td class="num">{h.seal}</td></tr>)}
            </Table>
          </section>
        )}
      </>}
    </Layout>
  );
}

function Table({ c, label, head, children }: { c: PageContext; label: string; head: Bilingual[]; children: preact.ComponentChildren }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={label}>
      <table>
        <thead><tr>{head.map((h) => <th scope="col">{c.t(h)}</th>)}</tr></thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function AggregateFacts({ c, summary }: { c: PageContext; summary: QualityAggregate }) {
  return (
    <dl class="facts">
      <div><dt>{c.t({ es: 'Conjuntos evaluados', en: 'Datasets assessed' })}</dt><dd>{formatNumber(summary.datasets, c.lang)}</dd></div>
      <div><dt>{c.t({ es: 'MQA promedio', en: 'Average MQA' })}</dt><dd>{summary.mqa_average ?? '—'} / 405{summary.band ? ` · ${bandLabel(c, summary.band)}` : ''}</dd></div>
      <div><dt>{c.t({ es: 'Criterios promedio', en: 'Average criteria' })}</dt><dd>{summary.criteria_average ?? '—'} / 100</dd></div>
      <div><dt>{c.t({ es: 'Sellos', en: 'Seals' })}</dt><dd>{(['3', '2', '1', '0'] as const).map((s) => `${c.t(SEAL_NAMES[Number(s) as 0 | 1 | 2 | 3]).split(':')[0]}: ${summary.seals[s]}`).join(' · ')}</dd></div>
    </dl>
  );
}

/** The national dashboard: the country's average and each entity's, from the latest report of each dataset. */
export function NationalQualityPage({ c, national, entities }: { c: PageContext; national: QualityAggregate; entities: EntityQuality[] }) {
  const title = c.t({ es: 'Calidad de los datos', en: 'Data quality' });
  return (
    <Layout c={c} title={title} json="/api/v1/quality">
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'La calidad de los conjuntos de datos publicados, en todo el país y por entidad: metadatos (MQA de data.europa.eu, bandas Excelente 351–405, Buena 221–350, Suficiente 121–220, Deficiente 0–120), criterios de MinTIC y sellos de 0 a 3.', en: 'The quality of published datasets, nationally and per entity: metadata (data.europa.eu MQA, bands Excellent 351–405, Good 221–350, Sufficient 121–220, Bad 0–120), MinTIC criteria and seals from 0 to 3.' })}</p>
      <p><a href="/quality/rules">{c.t({ es: 'Reglas y fórmulas vigentes', en: 'Rules and formulas in force' })}</a></p>
      <AggregateFacts c={c} summary={national} />
      <h2>{c.t({ es: 'Por entidad', en: 'By entity' })}</h2>
      {entities.length === 0 ? <p>{c.t({ es: 'Aún no hay informes.', en: 'No reports yet.' })}</p> : (
        <Table c={c} label={c.t({ es: 'Calidad por entidad', en: 'Quality by entity' })} head={[{ es: 'Entidad', en: 'Entity' }, { es: 'Conjuntos', en: 'Datasets' }, { es: 'MQA promedio', en: 'Average MQA' }, { es: 'Banda', en: 'Band' }, { es: 'Criterios', en: 'Criteria' }, { es: 'Con sello 2 o 3', en: 'With seal 2 or 3' }]}>
          {entities.map((e) => (
            <tr>
              <td><a href={`/entities/${e.entity.nit}`}>{e.entity.name}</a></td>
              <td class="num">{e.datasets}</td>
              <td class="num">{e.mqa_average ?? '—'}</td>
              <td>{e.band ? bandLabel(c, e.band) : '—'}</td>
              <td class="num">{e.criteria_average ?? '—'}</td>
              <td class="num">{e.seals['2'] + e.seals['3']}</td>
            </tr>
          ))}
        </Table>
      )}
    </Layout>
  );
}

/** The rules in force, readable by anyone: how each criterion is scored and what each seal asks. */
export function QualityRulesPage({ c, rules }: { c: PageContext; rules: { version: number; rules: QualityRules; formulas: Record<string, Bilingual>; updated_at: Date | null } }) {
  const title = c.t({ es: 'Reglas de calidad', en: 'Quality rules' });
  return (
    <Layout c={c} title={title} json="/api/v1/quality/rules" crumbs={[{ href: '/quality', label: c.t({ es: 'Calidad', en: 'Quality' }) }, { label: title }]}>
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'Donde la guía de MinTIC no publica una fórmula exacta, esta es la regla aplicada. La oficina nacional de datos puede cambiar cada número (PUT /api/v1/quality/rules); versión {v}.', en: 'Where MinTIC’s guide publishes no exact formula, this is the rule applied. The national data office may change every number (PUT /api/v1/quality/rules); version {v}.' }, { v: rules.version })}</p>
      <h2>{c.t({ es: 'Criterios', en: 'Criteria' })}</h2>
      <Table c={c} label={c.t({ es: 'Criterios', en: 'Criteria' })} head={[{ es: 'Criterio', en: 'Criterion' }, { es: 'Peso', en: 'Weight' }, { es: 'Regla', en: 'Rule' }]}>
        {Object.entries(rules.formulas).map(([id, rule]) => <tr><td><code>{id}</code></td><td class="num">{rules.rules.weights[id as keyof typeof rules.rules.weights]}</td><td>{c.t(rule)}</td></tr>)}
      </Table>
      <h2>{c.t({ es: 'Sellos', en: 'Seals' })}</h2>
      <Table c={c} label={c.t({ es: 'Sellos', en: 'Seals' })} head={[{ es: 'Nivel', en: 'Level' }, { es: 'MQA mínimo', en: 'Minimum MQA' }, { es: 'Criterios mínimos', en: 'Minimum criteria' }, { es: 'Verificaciones', en: 'Checks' }]}>
        {([1, 2, 3] as const).map((l) => <tr><td>{c.t(SEAL_NAMES[l])}</td><td class="num">{rules.rules.seals[l].mqa}</td><td>{Object.entries(rules.rules.seals[l].criteria).map(([k, v]) => `${k} ≥ ${v}`).join(', ') || '—'}</td><td>{rules.rules.seals[l].checks.join(', ') || '—'}</td></tr>)}
      </Table>
      <p class="muted">{c.t({ es: 'Actualidad: puntaje cero a los {n} periodos de retraso. Relevancia: {u} usos en {d} días dan el puntaje completo. Enlaces que respondieron se verifican de nuevo tras {h} horas.', en: 'Currency: zero at {n} periods late. Relevance: {u} uses in {d} days earn the full score. Links that answered are checked again after {h} hours.' }, { n: rules.rules.currency.zeroAtPeriods, u: rules.rules.relevance.fullScoreUses, d: rules.rules.relevance.windowDays, h: rules.rules.links.recheckHours })}</p>
    </Layout>
  );
}
