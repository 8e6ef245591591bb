import type { ErrorDetail } from '../../core/errors.ts';
import { formatDate, formatNumber } from '../../core/i18n.ts';
import type { DivipolaLoad, DivipolaStatus } from '../../catalog/divipola.ts';
import { CsrfInput, ErrorSummary, Notice } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';

/** Shown to the national data office on its boards while DANE's full municipality list is not loaded. */
export function DivipolaNotice({ c, status }: { c: PageContext; status: DivipolaStatus }) {
  if (status.complete || !(c.actor.kind === 'person' && c.actor.roles.includes('data_office'))) return null;
  return (
    <Notice kind="warning">
      {c.t({ es: 'La lista completa de municipios del DANE (DIVIPOLA) no está cargada: los códigos de municipio solo se verifican por su forma y su departamento. ', en: "DANE's full municipality list (DIVIPOLA) is not loaded: municipality codes are only checked for form and department. " })}
      <a href="/standards/divipola">{c.t({ es: 'Cargar la DIVIPOLA', en: 'Load DIVIPOLA' })}</a>
    </Notice>
  );
}

/** Whether DANE's full municipality list is loaded; for the national data office, the form that loads it. */
export function DivipolaPage({ c, status, canLoad, loaded, errors }: { c: PageContext; status: DivipolaStatus; canLoad: boolean; loaded: DivipolaLoad | null; errors: ErrorDetail[] }) {
  const title = c.t({ es: 'DIVIPOLA: lista de municipios del DANE', en: "DIVIPOLA: DANE's municipality list" });
  return (
    <Layout c={c} title={title} json="/api/v1/divipola/status" crumbs={[{ href: '/standards', label: c.t({ es: 'Estándares', en: 'Standards' }) }, { label: 'DIVIPOLA' }]}>
      <h1>{title}</h1>
      {loaded && (
        <Notice kind="success">
          {c.t({ es: 'Lista cargada: {m} municipios de {d} departamentos (SHA-256 {h}), registrada en el registro de transparencia.', en: 'List loaded: {m} municipalities in {d} departments (SHA-256 {h}), recorded in the transparency ledger.' }, { m: formatNumber(loaded.municipalities, c.lang), d: loaded.departments, h: loaded.sha256.slice(0, 16) + '…' })}
          {loaded.entities_outside_list.length > 0 && <> {c.t({ es: 'Entidades cuyo municipio no está en la lista: {l}.', en: 'Entities whose municipality is not in the list: {l}.' }, { l: loaded.entities_outside_list.map((e) => `${e.id} (${e.municipality_code})`).join(', ') })}</>}
        </Notice>
      )}
      {status.complete ? (
        <p>{c.t({ es: 'La lista completa está cargada: {m} municipios, desde el {d}. Los códigos de municipio se verifican contra ella.', en: 'The full list is loaded: {m} municipalities, since {d}. Municipality codes are checked against it.' }, { m: formatNumber(status.municipalities, c.lang), d: status.loaded_at ? formatDate(status.loaded_at, c.lang) : '—' })}</p>
      ) : (
        <Notice kind="warning">
          {c.t({
            es: 'La lista completa de municipios aún no está cargada. La plataforma trae los 33 departamentos y {m} municipios (los de la demostración); mientras tanto, un código de municipio se acepta si tiene cinco dígitos y su departamento existe. La oficina nacional de datos carga el archivo del DANE aquí o con «npx infradatos codelists load divipola ARCHIVO».',
            en: "DANE's full municipality list is not loaded yet. The platform ships the 33 departments and {m} municipalities (the demo's); meanwhile a municipality code is accepted when it has five digits and its department exists. The national data office loads DANE's file here or with \"npx infradatos codelists load divipola FILE\".",
          }, { m: status.municipalities })}
        </Notice>
      )}
      {canLoad && (
        <section aria-labelledby="cargar">
          <h2 id="cargar">{c.t({ es: 'Cargar el archivo del DANE', en: "Load DANE's file" })}</h2>
          {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'No se cargó la lista', en: 'The list was not loaded' }} details={errors} />}
          <p>{c.t({ es: 'CSV de la DIVIPOLA tal como lo publican el DANE o datos.gov.co (columnas COD_DPTO, NOM_DPTO, COD_MPIO, NOM_MPIO, TIPO, LATITUD, LONGITUD, o sus nombres largos); códigos con o sin ceros a la izquierda. Se carga todo o nada.', en: 'The DIVIPOLA CSV as DANE or datos.gov.co publish it (columns COD_DPTO, NOM_DPTO, COD_MPIO, NOM_MPIO, TIPO, LATITUD, LONGITUD, or their long names); codes with or without leading zeros. All or nothing is loaded.' })}</p>
          <form method="post" action="/standards/divipola" enctype="multipart/form-data">
            <CsrfInput c={c} />
            <div class="field">
              <label for="f-file">{c.t({ es: 'Archivo CSV', en: 'CSV file' })}</label>
              <input id="f-file" name="file" type="file" accept=".csv,.txt,text/csv" required />
            </div>
            <button type="submit">{c.t({ es: 'Cargar', en: 'Load' })}</button>
          </form>
        </section>
      )}
    </Layout>
  );
}
