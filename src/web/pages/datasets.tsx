import type { Bilingual, ErrorDetail } from '../../core/errors.ts';
import { formatDate, formatNumber } from '../../core/i18n.ts';
import { labelOf, LICENCES, THEMES } from '../../catalog/vocabularies.ts';
import type { ColumnSummary, Preview, ReleaseDiff } from '../../publish/explore.ts';
import { FIELD_TYPES, readNumber, type Field, type TableSchema } from '../../publish/table-schema.ts';
import type { datasetView, releaseView, uploadView } from '../../publish/views.ts';
import { histogramSvg } from '../charts.ts';
import { CsrfInput, ErrorSummary, Notice, Progress, UploadProgress } from '../components.tsx';
import { href } from '../format.ts';
import { Layout } from '../layout.tsx';
import { CODE_LISTS } from '../../quality/code-lists.ts';
import { QualityHeadline, type DatasetQualityView } from './quality.tsx';
import { PrivacyForm } from './privacy.tsx';
import type { UploadPrivacy } from '../../privacy/gate.ts';
import type { PageContext } from '../page-context.ts';

export type DatasetView = Awaited<ReturnType<typeof datasetView>>;
export type ReleaseView = ReturnType<typeof releaseView>;
export type UploadView = Awaited<ReturnType<typeof uploadView>>;

const TYPE_LABELS: Record<Field['type'], Bilingual> = {
  string: { es: 'Texto', en: 'Text' },
  integer: { es: 'Entero', en: 'Integer' },
  number: { es: 'Número', en: 'Number' },
  boolean: { es: 'Sí/no', en: 'Yes/no' },
  date: { es: 'Fecha', en: 'Date' },
  datetime: { es: 'Fecha y hora', en: 'Date and time' },
  object: { es: 'Objeto JSON', en: 'JSON object' },
  array: { es: 'Lista JSON', en: 'JSON list' },
  geojson: { es: 'Geometría GeoJSON', en: 'GeoJSON geometry' },
};

const entityPath = (d: DatasetView) => `/entities/${d.entity.nit}`;

export function DatasetListPage({ c, datasets }: { c: PageContext; datasets: DatasetView[] }) {
  const title = c.t({ es: 'Conjuntos de datos', en: 'Datasets' });
  return (
    <Layout c={c} title={title} json="/api/v1/datasets">
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'Datos publicados por las entidades del Estado, para descargar, consultar con SoQL o SQL y verificar en el registro de transparencia.', en: 'Data published by State entities, to download, query with SoQL or SQL, and verify in the transparency ledger.' })}</p>
      <p><a href="/sql">{c.t({ es: 'Consultar con SQL', en: 'Query with SQL' })}</a></p>
      <div class="table-wrap" tabindex={0} role="region" aria-label={title}>
        <table>
          <thead><tr><th scope="col">{c.t({ es: 'Título', en: 'Title' })}</th><th scope="col">{c.t({ es: 'Entidad', en: 'Entity' })}</th><th scope="col">{c.t({ es: 'Versión', en: 'Release' })}</th><th scope="col">{c.t({ es: 'Calidad', en: 'Quality' })}</th><th scope="col">{c.t({ es: 'Actualizado', en: 'Updated' })}</th></tr></thead>
          <tbody>
            {datasets.map((d) => (
              <tr>
                <td><a href={`/datasets/${d.id}`}>{d.title}</a>{d.access_level === 'restricted' && <> <span class="badge">{c.t({ es: 'Restringido', en: 'Restricted' })}</span></>}</td>
                <td><a href={entityPath(d)}>{d.entity.name}</a></td>
                <td class="num">{d.current_release ?? c.t({ es: 'sin publicar', en: 'unpublished' })}</td>
                <td>{d.quality ? <a href={`/datasets/${d.id}/quality`}>{c.t({ es: 'Sello {s} · MQA {m}', en: 'Seal {s} · MQA {m}' }, { s: d.quality.seal, m: d.quality.mqa_score })}</a> : '—'}</td>
                <td>{formatDate(d.updated_at, c.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

function ApiExamples({ c, id, baseUrl }: { c: PageContext; id: string; baseUrl: string }) {
  const host = new URL(baseUrl).host;
  // The examples' names read in the page's language.
  const [rows, data, response] = c.lang === 'es' ? ['filas', 'datos', 'respuesta'] : ['rows', 'data', 'response'];
  const examples: [string, string][] = [
    ['curl', `curl "${baseUrl}/resource/${id}.json?$limit=10"`],
    ['Python (sodapy)', `from sodapy import Socrata\nclient = Socrata("${host}", None)\n${rows} = client.get("${id}", limit=10)`],
    ['R (RSocrata)', `library(RSocrata)\n${data} <- read.socrata("${baseUrl}/resource/${id}.json")`],
    ['JavaScript', `const ${response} = await fetch("${baseUrl}/resource/${id}.json?$limit=10");\nconst ${rows} = await ${response}.json();`],
    ['SQL', `curl -X POST ${baseUrl}/api/v1/sql -H 'content-type: application/json' \\\n  -d '{"sql": "SELECT count(*) FROM \\"${id}\\""}'`],
  ];
  return (
    <section aria-labelledby="api-title">
      <h2 id="api-title">{c.t({ es: 'Usar desde un programa', en: 'Use from a program' })}</h2>
      <p>{c.t({ es: 'Compatible con la API SODA de Socrata (la de datos.gov.co): los programas que ya la usan funcionan sin cambios.', en: "Compatible with Socrata's SODA API (datos.gov.co's): programs that already use it work unchanged." })}</p>
      {examples.map(([label, code]) => (
        <details>
          <summary>{label}</summary>
          <pre><code>{code}</code></pre>
        </details>
      ))}
    </section>
  );
}

function SchemaTable({ c, schema }: { c: PageContext; schema: TableSchema }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Esquema', en: 'Schema' })}>
      <table>
        <thead><tr><th scope="col">{c.t({ es: 'Campo (API)', en: 'Field (API)' })}</th><th scope="col">{c.t({ es: 'Nombre en el archivo', en: 'Name in the file' })}</th><th scope="col">{c.t({ es: 'Tipo', en: 'Type' })}</th><th scope="col">{c.t({ es: 'Descripción', en: 'Description' })}</th></tr></thead>
        <tbody>
          {schema.fields.map((f) => (
            <tr><td><code>{f.name}</code></td><td>{f.title ?? ''}</td><td>{c.t(TYPE_LABELS[f.type])}{f.format ? ` (${f.format})` : ''}</td><td>{f.description ?? ''}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function PreviewTable({ c, dataset, schema, preview, query }: { c: PageContext; dataset: DatasetView; schema: TableSchema; preview: Preview; query: Record<string, string> }) {
  const base = `/datasets/${dataset.id}`;
  const link = (changes: Record<string, string | undefined>) => href(base, { ...query, ...changes }) + '#vista';
  const filters = Object.entries(query).filter(([k]) => k.startsWith('f.'));
  return (
    <section aria-labelledby="vista">
      <h2 id="vista">{c.t({ es: 'Vista previa de los datos', en: 'Data preview' })}</h2>
      <form method="get" action={`${base}#vista`} class="filters">
        <div class="field">
          <label for="p-field">{c.t({ es: 'Filtrar la columna', en: 'Filter the column' })}</label>
          <select id="p-field" name="filter_field">
            {schema.fields.map((f) => <option value={f.name}>{f.title ?? f.name}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="p-value">{c.t({ es: 'igual a', en: 'equal to' })}</label>
          <input id="p-value" name="filter_value" type="text" />
        </div>
        <button type="submit">{c.t({ es: 'Filtrar', en: 'Filter' })}</button>
      </form>
      {filters.length > 0 && (
        <p>
          {c.t({ es: 'Filtros:', en: 'Filters:' })}{' '}
          {filters.map(([k, v]) => <><code>{k.slice(2)} = {v}</code> <a href={link({ [k]: undefined, page: undefined })}>{c.t({ es: 'quitar', en: 'remove' })}</a>{' '}</>)}
        </p>
      )}
      <p>{c.t({ es: '{n} filas', en: '{n} rows' }, { n: formatNumber(preview.total, c.lang) })}</p>
      <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Vista previa de los datos', en: 'Data preview' })}>
        <table class="data">
          <thead>
            <tr>
              {schema.fields.map((f) => {
                const sorted = query.sort === f.name;
                const descending = sorted && query.desc === '1';
                return (
                  <th scope="col" aria-sort={sorted ? (descending ? 'descending' : 'ascending') : undefined}>
                    <a href={link({ sort: f.name, desc: sorted && !descending ? '1' : undefined, page: undefined })}>{f.title ?? f.name}</a>{sorted ? (descending ? ' ▼' : ' ▲') : ''}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr>{schema.fields.map((f) => <td class={f.type === 'integer' || f.type === 'number' ? 'num' : undefined}>{display(row[f.name])}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.pages > 1 && (
        <nav aria-label={c.t({ es: 'Páginas de la vista previa', en: 'Preview pages' })} class="pagination">
          {preview.page > 1 && <a href={link({ page: String(preview.page - 1) })} rel="prev">{c.t({ es: '← Anterior', en: '← Previous' })}</a>}{' '}
          <span>{c.t({ es: 'Página {p} de {n}', en: 'Page {p} of {n}' }, { p: formatNumber(preview.page, c.lang), n: formatNumber(preview.pages, c.lang) })}</span>{' '}
          {preview.page < preview.pages && <a href={link({ page: String(preview.page + 1) })} rel="next">{c.t({ es: 'Siguiente →', en: 'Next →' })}</a>}
        </nav>
      )}
    </section>
  );
}

function SummaryTable({ c, summary, schema }: { c: PageContext; summary: ColumnSummary[]; schema: TableSchema }) {
  const titles = new Map(schema.fields.map((f) => [f.name, f.title ?? f.name]));
  return (
    <section aria-labelledby="resumen">
      <h2 id="resumen">{c.t({ es: 'Resumen por columna', en: 'Column summary' })}</h2>
      <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Resumen por columna', en: 'Column summary' })}>
        <table>
          <thead><tr>
            <th scope="col">{c.t({ es: 'Columna', en: 'Column' })}</th><th scope="col">{c.t({ es: 'Tipo', en: 'Type' })}</th>
            <th scope="col">{c.t({ es: 'Vacíos', en: 'Empty' })}</th><th scope="col">{c.t({ es: 'Distintos (aprox.)', en: 'Distinct (approx.)' })}</th>
            <th scope="col">{c.t({ es: 'Mínimo', en: 'Minimum' })}</th><th scope="col">{c.t({ es: 'Máximo', en: 'Maximum' })}</th>
            <th scope="col">{c.t({ es: 'Más frecuentes', en: 'Most frequent' })}</th><th scope="col">{c.t({ es: 'Distribución', en: 'Distribution' })}</th>
          </tr></thead>
          <tbody>
            {summary.map((s) => {
              const label = c.t({ es: 'Histograma de {col}: de {min} a {max}', en: 'Histogram of {col}: from {min} to {max}' }, { col: titles.get(s.name) ?? s.name, min: display(s.min), max: display(s.max) });
              return (
                <tr>
                  <th scope="row">{titles.get(s.name)}</th>
                  <td>{c.t(TYPE_LABELS[s.type])}</td>
                  <td class="num">{formatNumber(s.empty, c.lang)}</td>
                  <td class="num">{formatNumber(s.distinct, c.lang)}</td>
                  <td>{display(s.min)}</td>
                  <td>{display(s.max)}</td>
                  <td><ul class="top">{s.top.map((t) => <li>{t.value} <span class="muted">({formatNumber(t.count, c.lang)})</span></li>)}</ul></td>
                  <td>{s.histogram.length > 0 && <figure class="histogram" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: histogramSvg(s.histogram, { label }) }} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function DatasetPage({ c, dataset, release, releases, preview, summary, quality, query, canEdit, baseUrl }: {
  c: PageContext; dataset: DatasetView; release: ReleaseView | null; releases: ReleaseView[]; preview: Preview | null; summary: ColumnSummary[] | null;
  quality: DatasetQualityView; query: Record<string, string>; canEdit: boolean; baseUrl: string;
}) {
  const schema = release?.schema as TableSchema | undefined;
  return (
    <Layout c={c} title={dataset.title} json={`/api/v1/datasets/${dataset.id}`} crumbs={[{ href: '/datasets', label: c.t({ es: 'Datos', en: 'Data' }) }, { href: entityPath(dataset), label: dataset.entity.name }, { label: dataset.title }]}>
      <h1>{dataset.title}</h1>
      <p><a href={entityPath(dataset)}>{dataset.entity.name}</a>{dataset.access_level === 'restricted' && <> · <span class="badge">{c.t({ es: 'Restringido: solo la entidad y la oficina de datos', en: 'Restricted: the entity and the data office only' })}</span></>}</p>
      {dataset.description && <p class="lead">{dataset.description}</p>}
      {canEdit && <p class="actions"><a class="button" href={`/datasets/${dataset.id}/upload`}>{c.t({ es: 'Cargar una nueva versión', en: 'Upload a new release' })}</a></p>}
      <dl class="facts">
        <div><dt>{c.t({ es: 'Identificador', en: 'Identifier' })}</dt><dd><code>{dataset.id}</code></dd></div>
        <div><dt>{c.t({ es: 'Licencia', en: 'Licence' })}</dt><dd>{labelOf(LICENCES, dataset.licence, c.lang)}</dd></div>
        {dataset.themes.length > 0 && <div><dt>{c.t({ es: 'Temas', en: 'Themes' })}</dt><dd>{dataset.themes.map((t) => labelOf(THEMES, t, c.lang)).join(', ')}</dd></div>}
        {dataset.keywords.length > 0 && <div><dt>{c.t({ es: 'Palabras clave', en: 'Keywords' })}</dt><dd>{dataset.keywords.join(', ')}</dd></div>}
        {dataset.asset_id && <div><dt>{c.t({ es: 'Activo del inventario', en: 'Inventory asset' })}</dt><dd><a href={`/assets/${dataset.asset_id}`}>{c.t({ es: 'Ver el activo', en: 'See the asset' })}</a></dd></div>}
        {release && <>
          <div><dt>{c.t({ es: 'Versión vigente', en: 'Current release' })}</dt><dd>{release.number} · {formatDate(release.created_at, c.lang, true)}</dd></div>
          <div><dt>{c.t({ es: 'Filas', en: 'Rows' })}</dt><dd>{formatNumber(Number(release.rows), c.lang)}</dd></div>
          <div><dt>{c.t({ es: 'Archivo original', en: 'Original file' })}</dt><dd>{release.original.name} · <code class="hash" title="SHA-256">{release.original.sha256}</code></dd></div>
          <div><dt>{c.t({ es: 'Registro de transparencia', en: 'Transparency ledger' })}</dt><dd><a href={`/ledger?subject=${encodeURIComponent(`dataset:${dataset.id}`)}`}>{c.t({ es: 'Ver las publicaciones registradas', en: 'See the recorded publications' })}</a></dd></div>
        </>}
      </dl>
      {dataset.harvest && <p>{c.t({ es: 'Cosechado de ', en: 'Harvested from ' })}<a href={`/harvest/${dataset.harvest.source_id}`}>{c.t({ es: 'una fuente externa', en: 'an external source' })}</a>{dataset.harvest.landing_page && <> · <a href={dataset.harvest.landing_page}>{c.t({ es: 'página en la fuente', en: 'page at the source' })}</a></>}.</p>}
      {dataset.files.length > 0 && (
        <section aria-labelledby="archivos">
          <h2 id="archivos">{c.t({ es: 'Archivos en la fuente', en: 'Files at the source' })}</h2>
          <ul class="downloads">{dataset.files.map((f) => <li><a href={f.url}>{f.name || f.url}</a>{f.format && <span class="muted"> ({f.format})</span>}{f.description && <> · {f.description}</>}</li>)}</ul>
        </section>
      )}
      {!release && !dataset.files.length && <Notice>{c.t({ es: 'Este conjunto de datos aún no tiene una versión publicada.', en: 'This dataset has no published release yet.' })}</Notice>}
      <section aria-labelledby="calidad">
        <h2 id="calidad">{c.t({ es: 'Calidad', en: 'Quality' })}</h2>
        <QualityHeadline c={c} quality={quality} datasetId={dataset.id} />
      </section>
      {release && schema && <>
        <section aria-labelledby="descargas">
          <h2 id="descargas">{c.t({ es: 'Descargas', en: 'Downloads' })}</h2>
          <ul class="downloads">
            <li><a href={release.downloads.csv}>CSV (UTF-8)</a></li>
            <li><a href={release.downloads.json}>JSON</a></li>
            {Number(release.rows) <= 1_048_575 && <li><a href={release.downloads.xlsx}>Excel (XLSX)</a></li>}
            <li><a href={release.downloads.parquet}>Parquet</a> <span class="muted">({formatNumber(release.parquet.bytes, c.lang)} bytes)</span></li>
            <li><a href={release.downloads.datapackage}>Data Package (Frictionless)</a></li>
            <li><a href={`${release.downloads.csv}-metadata.json`}>{c.t({ es: 'Metadatos CSV on the Web (CSVW)', en: 'CSV on the Web (CSVW) metadata' })}</a> · {c.t({ es: 'convertido a', en: 'converted to' })} <a href={`/dataset/${dataset.id}/csvw?format=json`}>JSON</a>, <a href={`/dataset/${dataset.id}/csvw?format=ttl`}>RDF (Turtle)</a>, <a href={`/dataset/${dataset.id}/csvw?format=json&mode=minimal`}>{c.t({ es: 'JSON mínimo', en: 'minimal JSON' })}</a></li>
            <li><a href={release.original.url}>{c.t({ es: 'Archivo original', en: 'Original file' })}</a> <span class="muted">({release.original.name})</span></li>
          </ul>
        </section>
        <section aria-labelledby="esquema">
          <h2 id="esquema">{c.t({ es: 'Esquema', en: 'Schema' })}</h2>
          <SchemaTable c={c} schema={schema} />
        </section>
        {preview && <PreviewTable c={c} dataset={dataset} schema={schema} preview={preview} query={query} />}
        {summary && <SummaryTable c={c} summary={summary} schema={schema} />}
        <ApiExamples c={c} id={dataset.id} baseUrl={baseUrl} />
        <section aria-labelledby="versiones">
          <h2 id="versiones">{c.t({ es: 'Historia de versiones', en: 'Release history' })}</h2>
          <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Historia de versiones', en: 'Release history' })}>
            <table>
              <thead><tr><th scope="col">{c.t({ es: 'Versión', en: 'Release' })}</th><th scope="col">{c.t({ es: 'Publicada', en: 'Published' })}</th><th scope="col">{c.t({ es: 'Filas', en: 'Rows' })}</th><th scope="col">{c.t({ es: 'Archivo', en: 'File' })}</th><th scope="col">{c.t({ es: 'Cambios', en: 'Changes' })}</th></tr></thead>
              <tbody>
                {releases.map((r, i) => (
                  <tr>
                    <td class="num">{r.number}</td>
                    <td>{formatDate(r.created_at, c.lang, true)}</td>
                    <td class="num">{formatNumber(Number(r.rows), c.lang)}</td>
                    <td><a href={r.downloads.csv}>CSV</a> · <a href={r.downloads.parquet}>Parquet</a> · <a href={r.original.url}>{c.t({ es: 'original', en: 'original' })}</a></td>
                    <td>{releases[i + 1] ? <a href={`/datasets/${dataset.id}/releases/${r.number}/diff?from=${releases[i + 1]!.number}`}>{c.t({ es: 'Comparar con la {n}', en: 'Compare with {n}' }, { n: releases[i + 1]!.number })}</a> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </>}
    </Layout>
  );
}

export function DiffPage({ c, dataset, diff }: { c: PageContext; dataset: DatasetView; diff: ReleaseDiff }) {
  const title = c.t({ es: 'Cambios de la versión {from} a la {to}', en: 'Changes from release {from} to {to}' }, { from: diff.from, to: diff.to });
  return (
    <Layout c={c} title={title} json={`/api/v1/datasets/${dataset.id}/releases/${diff.to}/diff?from=${diff.from}`} crumbs={[{ href: '/datasets', label: c.t({ es: 'Datos', en: 'Data' }) }, { href: `/datasets/${dataset.id}`, label: dataset.title }, { label: title }]}>
      <h1>{title}</h1>
      <dl class="facts">
        <div><dt>{c.t({ es: 'Filas antes', en: 'Rows before' })}</dt><dd>{formatNumber(diff.rows.before, c.lang)}</dd></div>
        <div><dt>{c.t({ es: 'Filas después', en: 'Rows after' })}</dt><dd>{formatNumber(diff.rows.after, c.lang)}</dd></div>
        <div><dt>{c.t({ es: 'Filas añadidas', en: 'Rows added' })}</dt><dd>{formatNumber(diff.rows.added, c.lang)}</dd></div>
        <div><dt>{c.t({ es: 'Filas quitadas', en: 'Rows removed' })}</dt><dd>{formatNumber(diff.rows.removed, c.lang)}</dd></div>
        <div><dt>{c.t({ es: 'Campos nuevos', en: 'New fields' })}</dt><dd>{diff.fields.added.join(', ') || '—'}</dd></div>
        <div><dt>{c.t({ es: 'Campos quitados', en: 'Removed fields' })}</dt><dd>{diff.fields.removed.join(', ') || '—'}</dd></div>
        <div><dt>{c.t({ es: 'Campos que cambiaron de tipo', en: 'Fields that changed type' })}</dt><dd>{diff.fields.retyped.map((r) => `${r.name}: ${r.from} → ${r.to}`).join(', ') || '—'}</dd></div>
      </dl>
      <p class="muted">{c.t({ es: 'Las filas se comparan por sus valores en los campos que ambas versiones comparten.', en: 'Rows are compared by their values in the fields both releases share.' })}</p>
    </Layout>
  );
}

export function DatasetFormPage({ c, entity, assets, values, errors }: { c: PageContext; entity: { nit: string; name: string }; assets: { id: string; title: string }[]; values: Record<string, string>; errors: ErrorDetail[] }) {
  const title = c.t({ es: 'Nuevo conjunto de datos', en: 'New dataset' });
  const error = (field: string) => errors.find((e) => e.field === field);
  return (
    <Layout c={c} title={title} json={`/api/v1/datasets?entity=${entity.nit}`} crumbs={[{ href: `/entities/${entity.nit}`, label: entity.name }, { label: title }]}>
      <h1>{title} <small>— {entity.name}</small></h1>
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'Revise el formulario', en: 'Check the form' }} details={errors} />}
      <form method="post">
        <CsrfInput c={c} />
        <div class="field">
          <label for="f-title">{c.t({ es: 'Título', en: 'Title' })} *</label>
          {error('title') && <p class="error" id="f-title-error">{c.t(error('title')!.message)}</p>}
          <input id="f-title" name="title" type="text" required value={values.title ?? ''} aria-invalid={error('title') ? 'true' : undefined} aria-describedby={error('title') ? 'f-title-error' : undefined} />
        </div>
        <div class="field">
          <label for="f-description">{c.t({ es: 'Descripción', en: 'Description' })}</label>
          <textarea id="f-description" name="description" rows={4}>{values.description ?? ''}</textarea>
        </div>
        <div class="field">
          <label for="f-asset">{c.t({ es: 'Activo del inventario que publica', en: 'Inventory asset it publishes' })}</label>
          <select id="f-asset" name="asset_id">
            <option value="">{c.t({ es: '(ninguno)', en: '(none)' })}</option>
            {assets.map((a) => <option value={a.id} selected={values.asset_id === a.id}>{a.title}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-keywords">{c.t({ es: 'Palabras clave (separadas por comas)', en: 'Keywords (comma-separated)' })}</label>
          <input id="f-keywords" name="keywords" type="text" value={values.keywords ?? ''} />
        </div>
        <div class="field">
          <label for="f-licence">{c.t({ es: 'Licencia', en: 'Licence' })}</label>
          <select id="f-licence" name="licence">{LICENCES.terms.map((t) => <option value={t.code} selected={(values.licence ?? 'CC-BY-4.0') === t.code}>{c.t(t.label)}</option>)}</select>
        </div>
        <div class="field">
          <label for="f-access">{c.t({ es: 'Acceso', en: 'Access' })}</label>
          <select id="f-access" name="access_level">
            <option value="public" selected={values.access_level !== 'restricted'}>{c.t({ es: 'Abierto: cualquiera puede verlo y descargarlo', en: 'Open: anyone can see and download it' })}</option>
            <option value="restricted" selected={values.access_level === 'restricted'}>{c.t({ es: 'Restringido: solo la entidad y la oficina de datos', en: 'Restricted: the entity and the data office only' })}</option>
          </select>
        </div>
        <button type="submit">{c.t({ es: 'Crear y cargar datos', en: 'Create and upload data' })}</button>
      </form>
    </Layout>
  );
}

export function UploadFormPage({ c, dataset, maxMb, errors }: { c: PageContext; dataset: DatasetView; maxMb: number; errors: ErrorDetail[] }) {
  const title = c.t({ es: 'Cargar datos', en: 'Upload data' });
  return (
    <Layout c={c} title={title} json={`/api/v1/datasets/${dataset.id}`} crumbs={[{ href: `/datasets/${dataset.id}`, label: dataset.title }, { label: title }]}>
      <h1>{title} <small>— {dataset.title}</small></h1>
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'No se pudo recibir el archivo', en: 'The file could not be received' }} details={errors} />}
      <p>{c.t({ es: 'CSV (cualquier separador y codificación, incluida Windows-1252), XLSX, JSON, NDJSON, GeoJSON o Parquet. El archivo se transmite al disco mientras sube, sin importar su tamaño. Después verá el esquema que se infirió y podrá corregirlo antes de publicar.', en: 'CSV (any delimiter and encoding, Windows-1252 included), XLSX, JSON, NDJSON, GeoJSON or Parquet. The file is streamed to disk as it uploads, whatever its size. You will then see the inferred schema and can correct it before publishing.' })}</p>
      <form method="post" enctype="multipart/form-data" data-upload-progress>
        <CsrfInput c={c} />
        <div class="field">
          <label for="f-file">{c.t({ es: 'Archivo (máximo {n} MB)', en: 'File (at most {n} MB)' }, { n: formatNumber(maxMb, c.lang) })}</label>
          <input id="f-file" name="file" type="file" required accept=".csv,.tsv,.txt,.json,.ndjson,.jsonl,.geojson,.parquet,.xlsx" />
        </div>
        <div class="field">
          <label for="f-sheet">{c.t({ es: 'Hoja del libro XLSX (opcional)', en: 'XLSX workbook sheet (optional)' })}</label>
          <p class="help" id="f-sheet-help">{c.t({ es: 'Si la deja vacía se usa la primera hoja con datos.', en: 'If empty, the first sheet with data is used.' })}</p>
          <input id="f-sheet" name="sheet" type="text" aria-describedby="f-sheet-help" />
        </div>
        <UploadProgress c={c} />
        <button type="submit">{c.t({ es: 'Subir y revisar', en: 'Upload and check' })}</button>
      </form>
    </Layout>
  );
}

const STATUS: Record<string, Bilingual> = {
  inspecting: { es: 'Leyendo el archivo e infiriendo su esquema…', en: 'Reading the file and inferring its schema…' },
  ready: { es: 'Listo para publicar: revise el esquema.', en: 'Ready to publish: check the schema.' },
  publishing: { es: 'Publicando: convirtiendo a Parquet…', en: 'Publishing: converting to Parquet…' },
  published: { es: 'Publicado.', en: 'Published.' },
  failed: { es: 'No se pudo leer el archivo.', en: 'The file could not be read.' },
};

/** "4.586 → 4,586": how the chosen marks read a few of the column's values, before anything is published. */
function MarkSamples({ c, field, samples }: { c: PageContext; field: Field; samples: string[] | undefined }) {
  if (!samples?.length || (field.type !== 'number' && field.type !== 'integer')) return null;
  const shown = (raw: string) => {
    const n = readNumber(raw, field);
    return Number.isNaN(n) ? c.t({ es: 'no es un número', en: 'not a number' }) : c.lang === 'es' ? String(n).replace('.', ',') : String(n);
  };
  return (
    <p class="muted samples">
      {c.t({ es: 'Se lee:', en: 'Read as:' })}{' '}
      {samples.map((raw, i) => <>{i > 0 && ' · '}<code>{raw}</code> → <strong>{shown(raw)}</strong></>)}
    </p>
  );
}

export function UploadPage({ c, dataset, upload, errors }: { c: PageContext; dataset: DatasetView; upload: UploadView; errors: ErrorDetail[] }) {
  const title = c.t({ es: 'Carga de «{file}»', en: 'Upload of "{file}"' }, { file: upload.file_name });
  const working = upload.status === 'inspecting' || upload.status === 'publishing';
  const schema = upload.schema as TableSchema | null;
  const source = upload.source as { encoding: string | null; delimiter: string | null; sheet?: string | null; format: string } | null;
  const storedError = upload.error as { message: Bilingual; details?: ErrorDetail[] } | null;
  const api = `/api/v1/datasets/${dataset.id}/uploads/${upload.id}`;
  return (
    <Layout c={c} title={title} json={api} refreshSeconds={working ? 2 : undefined} crumbs={[{ href: `/datasets/${dataset.id}`, label: dataset.title }, { label: title }]}>
      <h1>{title}</h1>
      <p role="status">{c.t(STATUS[upload.status] ?? { es: upload.status, en: upload.status })}</p>
      {working && <div data-job={api}><Progress c={c} percent={upload.progress?.percent ?? null} label={c.t({ es: 'Avance', en: 'Progress' })} /></div>}
      {storedError && <ErrorSummary c={c} title={storedError.message} details={storedError.details ?? []} />}
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'Revise el esquema', en: 'Check the schema' }} details={errors} />}
      {upload.status === 'published' && upload.release && <Notice kind="success"><a href={`/datasets/${dataset.id}`}>{c.t({ es: 'Versión {n} publicada: ver el conjunto de datos', en: 'Release {n} published: see the dataset' }, { n: upload.release })}</a></Notice>}
      {source && (
        <dl class="facts">
          <div><dt>{c.t({ es: 'Formato', en: 'Format' })}</dt><dd>{source.format.toUpperCase()}</dd></div>
          {source.encoding && <div><dt>{c.t({ es: 'Codificación', en: 'Encoding' })}</dt><dd>{source.encoding}</dd></div>}
          {source.sheet && <div><dt>{c.t({ es: 'Hoja', en: 'Sheet' })}</dt><dd>{source.sheet}</dd></div>}
          {source.delimiter && <div><dt>{c.t({ es: 'Separador', en: 'Delimiter' })}</dt><dd><code>{source.delimiter === '\t' ? 'TAB' : source.delimiter}</code></dd></div>}
          <div><dt>{c.t({ es: 'Filas', en: 'Rows' })}</dt><dd>{formatNumber(Number(upload.rows ?? 0), c.lang)}</dd></div>
        </dl>
      )}
      {upload.status === 'ready' && Boolean(upload.privacy) && (
        <section aria-labelledby="datos-personales">
          <h2 id="datos-personales">{c.t({ es: 'Datos personales', en: 'Personal data' })}</h2>
          <PrivacyForm c={c} action={`/datasets/${dataset.id}/uploads/${upload.id}/privacy`} privacy={upload.privacy as UploadPrivacy} open={dataset.access_level === 'public'} />
        </section>
      )}
      {upload.status === 'ready' && schema && (
        <form method="post" action={`/datasets/${dataset.id}/uploads/${upload.id}`}>
          <CsrfInput c={c} />
          <h2>{c.t({ es: 'Esquema inferido', en: 'Inferred schema' })}</h2>
          <p>{c.t({ es: 'Se revisaron todos los valores de cada columna. Corrija lo que haga falta y describa los campos; luego publique.', en: 'Every value of every column was checked. Correct what is needed and describe the fields; then publish.' })}</p>
          <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Esquema inferido', en: 'Inferred schema' })}>
            <table>
              <thead><tr><th scope="col">{c.t({ es: 'Campo', en: 'Field' })}</th><th scope="col">{c.t({ es: 'Tipo', en: 'Type' })}</th><th scope="col">{c.t({ es: 'Formato', en: 'Format' })}</th><th scope="col">{c.t({ es: 'Separador decimal / de miles', en: 'Decimal / thousands mark' })}</th><th scope="col">{c.t({ es: 'Descripción', en: 'Description' })}</th><th scope="col">{c.t({ es: 'Reglas de calidad', en: 'Quality rules' })}</th></tr></thead>
              <tbody>
                {schema.fields.map((f, i) => (
                  <tr>
                    <th scope="row"><label for={`s-${i}-type`}>{f.title ?? f.name}</label><br /><code>{f.name}</code>{f['x-inferred'] && <><br /><span class="muted">{f['x-inferred']}</span></>}</th>
                    <td><select id={`s-${i}-type`} name={`type.${i}`}>{FIELD_TYPES.map((t) => <option value={t} selected={f.type === t}>{c.t(TYPE_LABELS[t])}</option>)}</select></td>
                    <td><input aria-label={c.t({ es: 'Formato de {f}', en: 'Format of {f}' }, { f: f.title ?? f.name })} name={`format.${i}`} type="text" size={10} value={f.format ?? ''} /></td>
                    <td>
                      <input aria-label={c.t({ es: 'Separador decimal de {f}', en: 'Decimal mark of {f}' }, { f: f.title ?? f.name })} name={`decimalChar.${i}`} type="text" size={1} maxLength={1} value={f.decimalChar ?? ''} />{' '}
                      <input aria-label={c.t({ es: 'Separador de miles de {f}', en: 'Thousands mark of {f}' }, { f: f.title ?? f.name })} name={`groupChar.${i}`} type="text" size={1} maxLength={1} value={f.groupChar ?? ''} />
                      <MarkSamples c={c} field={f} samples={(upload.inferred_schema as TableSchema | null)?.fields[i]?.['x-samples']} />
                    </td>
                    <td><textarea aria-label={c.t({ es: 'Descripción de {f}', en: 'Description of {f}' }, { f: f.title ?? f.name })} name={`description.${i}`} rows={2}>{f.description ?? ''}</textarea></td>
                    <td class="rules">
                      <label><input type="checkbox" name={`required.${i}`} value="1" checked={Boolean(f.constraints?.required)} /> {c.t({ es: 'Obligatorio', en: 'Required' })}<span class="visually-hidden"> ({f.title ?? f.name})</span></label><br />
                      <label><input type="checkbox" name={`unique.${i}`} value="1" checked={Boolean(f.constraints?.unique)} /> {c.t({ es: 'Único', en: 'Unique' })}<span class="visually-hidden"> ({f.title ?? f.name})</span></label><br />
                      <select aria-label={c.t({ es: 'Lista de códigos de {f}', en: 'Code list of {f}' }, { f: f.title ?? f.name })} name={`codelist.${i}`}>
                        <option value="">{c.t({ es: 'Sin lista de códigos', en: 'No code list' })}</option>
                        {Object.entries(CODE_LISTS).map(([name, list]) => <option value={name} selected={schema.foreignKeys?.some((fk) => fk.fields[0] === f.name && fk.reference.resource === name)}>{c.t(list.label)}</option>)}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="actions">
            <button type="submit" name="action" value="save">{c.t({ es: 'Guardar el esquema', en: 'Save the schema' })}</button>{' '}
            <button type="submit" name="action" value="publish">{c.t({ es: 'Guardar y publicar', en: 'Save and publish' })}</button>
          </p>
        </form>
      )}
      {upload.status === 'failed' && <p><a href={`/datasets/${dataset.id}/upload`}>{c.t({ es: 'Cargar otro archivo', en: 'Upload another file' })}</a></p>}
    </Layout>
  );
}
