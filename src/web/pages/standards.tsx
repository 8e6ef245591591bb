import type { ErrorDetail } from '../../core/errors.ts';
import { formatDate, formatNumber } from '../../core/i18n.ts';
import type { TableSchema } from '../../publish/table-schema.ts';
import type { listStandards, standardDatasets, standardVersion } from '../../quality/standards.ts';
import { CsrfInput, ErrorSummary, Notice } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { DivipolaStatus } from '../../catalog/divipola.ts';
import { DivipolaNotice } from './divipola.tsx';
import type { PageContext } from '../page-context.ts';

type StandardSummary = Awaited<ReturnType<typeof listStandards>>[number];
type Version = Awaited<ReturnType<typeof standardVersion>>;
type Declaring = Awaited<ReturnType<typeof standardDatasets>>;

const KIND = { schema: { es: 'Esquema (Table Schema)', en: 'Schema (Table Schema)' }, codelist: { es: 'Lista de códigos', en: 'Code list' } } as const;
const STATUS = { conforms: { es: 'Cumple', en: 'Conforms' }, fails: { es: 'No cumple', en: 'Does not conform' }, pending: { es: 'Sin verificar aún', en: 'Not checked yet' } } as const;
const SHOWN_CODES = 300;

/** Every standard, and for the national data office a form to create one. */
export function StandardsPage({ c, standards, canPublish, errors, values, divipola }: { c: PageContext; standards: StandardSummary[]; canPublish: boolean; errors: ErrorDetail[]; values: Record<string, string>; divipola: DivipolaStatus }) {
  const title = c.t({ es: 'Estándares de registros administrativos', en: 'Standards for administrative records' });
  return (
    <Layout c={c} title={title} json="/api/v1/standards">
      <h1>{title}</h1>
      <DivipolaNotice c={c} status={divipola} />
      <p class="lead">{c.t({ es: 'Esquemas y listas de códigos que publica la oficina nacional de datos. Cada versión publicada no cambia; un conjunto de datos declara el esquema que sigue y cada versión suya se verifica contra él.', en: 'Schemas and code lists the national data office publishes. A published version never changes; a dataset declares the schema it follows and each of its releases is checked against it.' })}</p>
      <div class="table-wrap" tabindex={0} role="region" aria-label={title}>
        <table class="data">
          <thead><tr><th scope="col">{c.t({ es: 'Estándar', en: 'Standard' })}</th><th scope="col">{c.t({ es: 'Tipo', en: 'Kind' })}</th><th scope="col">{c.t({ es: 'Versión vigente', en: 'Current version' })}</th><th scope="col" class="num">{c.t({ es: 'Versiones', en: 'Versions' })}</th></tr></thead>
          <tbody>{standards.map((s) => <tr><td><a href={`/standards/${s.id}`}>{s.title}</a><br /><code>{s.id}</code></td><td>{c.t(KIND[s.kind])}</td><td>{s.latest ?? '—'}</td><td class="num">{s.versions.length}</td></tr>)}</tbody>
        </table>
      </div>
      {canPublish && (
        <section aria-labelledby="nuevo">
          <h2 id="nuevo">{c.t({ es: 'Crear un estándar', en: 'Create a standard' })}</h2>
          {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'No se creó el estándar', en: 'The standard was not created' }} details={errors} />}
          <form method="post" action="/standards">
            <CsrfInput c={c} />
            <div class="field"><label for="f-id">{c.t({ es: 'Identificador', en: 'Identifier' })}</label><input id="f-id" name="id" required pattern="[a-z0-9][a-z0-9-]+[a-z0-9]" value={values.id ?? ''} aria-describedby="f-id-help" /><p class="help" id="f-id-help">{c.t({ es: 'Minúsculas, dígitos y guiones; por ejemplo registro-nacimientos.', en: 'Lower-case letters, digits and hyphens; for example registro-nacimientos.' })}</p></div>
            <div class="field"><label for="f-kind">{c.t({ es: 'Tipo', en: 'Kind' })}</label><select id="f-kind" name="kind">{(['schema', 'codelist'] as const).map((k) => <option value={k} selected={values.kind === k}>{c.t(KIND[k])}</option>)}</select></div>
            <div class="field"><label for="f-title">{c.t({ es: 'Título', en: 'Title' })}</label><input id="f-title" name="title" required value={values.title ?? ''} /></div>
            <div class="field"><label for="f-description">{c.t({ es: 'Descripción', en: 'Description' })}</label><textarea id="f-description" name="description" rows={3}>{values.description ?? ''}</textarea></div>
            <button type="submit">{c.t({ es: 'Crear', en: 'Create' })}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}

function SchemaTable({ c, schema }: { c: PageContext; schema: TableSchema }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Campos del esquema', en: 'Schema fields' })}>
      <table class="data">
        <thead><tr><th scope="col">{c.t({ es: 'Campo', en: 'Field' })}</th><th scope="col">{c.t({ es: 'Título', en: 'Title' })}</th><th scope="col">{c.t({ es: 'Tipo', en: 'Type' })}</th><th scope="col">{c.t({ es: 'Restricciones', en: 'Constraints' })}</th></tr></thead>
        <tbody>{schema.fields.map((f) => <tr><td><code>{f.name}</code></td><td>{f.title ?? ''}{f.description && <><br /><span class="muted">{f.description}</span></>}</td><td>{f.type}</td><td>{Object.entries(f.constraints ?? {}).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(' | ') : String(v)}`).join('; ')}{(schema.foreignKeys ?? []).filter((fk) => fk.fields.includes(f.name)).map((fk) => ` → ${fk.reference.resource ?? ''}`).join('')}</td></tr>)}</tbody>
      </table>
    </div>
  );
}

/** One standard: its versions, the chosen version's content and downloads, and the datasets declaring it. */
export function StandardPage({ c, standard, version, datasets, canPublish, errors, values }: { c: PageContext; standard: StandardSummary; version: Version | null; datasets: Declaring; canPublish: boolean; errors: ErrorDetail[]; values: Record<string, string> }) {
  const api = version ? `/api/v1/standards/${standard.id}/${version.version}` : `/api/v1/standards/${standard.id}`;
  return (
    <Layout c={c} title={standard.title} json={`/api/v1/standards/${standard.id}`} crumbs={[{ href: '/standards', label: c.t({ es: 'Estándares', en: 'Standards' }) }, { label: standard.title }]}>
      <h1>{standard.title}</h1>
      <p><code>{standard.id}</code> · {c.t(KIND[standard.kind])}</p>
      {standard.description && <p class="lead">{standard.description}</p>}
      <h2>{c.t({ es: 'Versiones', en: 'Versions' })}</h2>
      {standard.versions.length === 0 ? <Notice>{c.t({ es: 'Aún no tiene versiones publicadas.', en: 'No version published yet.' })}</Notice> : (
        <ul>{standard.versions.map((v) => <li><a href={`/standards/${standard.id}?version=${v.version}`} aria-current={v.version === version?.version ? 'page' : undefined}>{v.version}</a> · {formatDate(v.published_at, c.lang)}{v.notes && <> · {v.notes}</>}</li>)}</ul>
      )}
      {version && (
        <section aria-labelledby="contenido">
          <h2 id="contenido">{c.t({ es: 'Versión {v}', en: 'Version {v}' }, { v: version.version })}</h2>
          <p>{c.t({ es: 'Descargar: ', en: 'Download: ' })}<a href={`${api}?format=json`}>JSON</a>{version.rows && <> · <a href={`${api}?format=csv`}>CSV</a></>} · <a href={`${api}?format=ttl`}>{version.rows ? 'SKOS (Turtle)' : 'RDF (Turtle)'}</a> · <a href={`${api}?format=jsonld`}>JSON-LD</a> · <a href={`${api}?format=rdf`}>RDF/XML</a></p>
          {version.schema && <SchemaTable c={c} schema={version.schema} />}
          {version.rows && <>
            <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Códigos', en: 'Codes' })}>
              <table class="data">
                <thead><tr><th scope="col">{c.t({ es: 'Código', en: 'Code' })}</th><th scope="col">{c.t({ es: 'Nombre', en: 'Name' })}</th>{version.broader && <th scope="col">{c.t({ es: 'Superior', en: 'Broader' })}</th>}</tr></thead>
                <tbody>{version.rows.slice(0, SHOWN_CODES).map((r) => <tr><td><code>{r.codigo}</code></td><td>{r.nombre}</td>{version.broader && <td><code>{r.superior ?? ''}</code></td>}</tr>)}</tbody>
              </table>
            </div>
            {version.rows.length > SHOWN_CODES && <p class="muted">{c.t({ es: 'Se muestran {n} de {total} códigos; la lista completa está en CSV, JSON y SKOS.', en: '{n} of {total} codes are shown; the whole list is in CSV, JSON and SKOS.' }, { n: formatNumber(SHOWN_CODES, c.lang), total: formatNumber(version.rows.length, c.lang) })}</p>}
          </>}
        </section>
      )}
      {standard.kind === 'schema' && (
        <section aria-labelledby="conjuntos">
          <h2 id="conjuntos">{c.t({ es: 'Conjuntos de datos que lo declaran', en: 'Datasets declaring it' })}</h2>
          {datasets.length === 0 ? <p>{c.t({ es: 'Ningún conjunto de datos lo declara todavía.', en: 'No dataset declares it yet.' })}</p> : (
            <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Conformidad', en: 'Conformance' })}>
              <table class="data">
                <thead><tr><th scope="col">{c.t({ es: 'Conjunto', en: 'Dataset' })}</th><th scope="col">{c.t({ es: 'Versión del estándar', en: 'Standard version' })}</th><th scope="col">{c.t({ es: 'Estado', en: 'Status' })}</th><th scope="col">{c.t({ es: 'Primeras diferencias', en: 'First differences' })}</th></tr></thead>
                <tbody>{datasets.map((d) => <tr><td><a href={`/datasets/${d.id}/quality`}>{d.title}</a></td><td>{d.version}</td><td><strong>{c.t(STATUS[d.status])}</strong></td><td>{d.errors.map((e) => `${e.row ? `${c.t({ es: 'fila', en: 'row' })} ${e.row}: ` : ''}${c.t(e.message)}`).join(' · ')}</td></tr>)}</tbody>
              </table>
            </div>
          )}
        </section>
      )}
      {canPublish && (
        <section aria-labelledby="publicar">
          <h2 id="publicar">{c.t({ es: 'Publicar una versión', en: 'Publish a version' })}</h2>
          {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'No se publicó la versión', en: 'The version was not published' }} details={errors} />}
          <form method="post" action={`/standards/${standard.id}/versions`}>
            <CsrfInput c={c} />
            <div class="field"><label for="f-version">{c.t({ es: 'Versión', en: 'Version' })}</label><input id="f-version" name="version" required value={values.version ?? ''} aria-describedby="f-version-help" /><p class="help" id="f-version-help">{c.t({ es: 'Posterior a la vigente, como 1.1 o 2.0.', en: 'After the current one, such as 1.1 or 2.0.' })}</p></div>
            <div class="field"><label for="f-content">{standard.kind === 'schema' ? c.t({ es: 'Table Schema (JSON)', en: 'Table Schema (JSON)' }) : c.t({ es: 'Códigos (CSV: codigo,nombre)', en: 'Codes (CSV: codigo,nombre)' })}</label><textarea id="f-content" name="content" rows={12} class="code" spellcheck={false} required>{values.content ?? ''}</textarea></div>
            <div class="field"><label for="f-notes">{c.t({ es: 'Notas de la versión', en: 'Version notes' })}</label><input id="f-notes" name="notes" value={values.notes ?? ''} /></div>
            <button type="submit">{c.t({ es: 'Publicar', en: 'Publish' })}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
