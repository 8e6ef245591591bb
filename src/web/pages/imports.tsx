import { formatNumber } from '../../core/i18n.ts';
import { ASSET_FIELDS, FIELD_BY_KEY } from '../../catalog/asset-fields.ts';
import type { EntityView } from '../../catalog/entities.ts';
import type { ImportView } from '../../catalog/imports.ts';
import type { RowIssue } from '../../catalog/import/inventory-import.ts';
import { CsrfInput, ErrorSummary, Notice, Progress, UploadProgress } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page-context.ts';
import type { ErrorDetail } from '../../core/errors.ts';

export function ImportFormPage({ c, entity, maxMb, errors }: { c: PageContext; entity: EntityView; maxMb: number; errors: ErrorDetail[] }) {
  const title = c.t({ es: 'Importar un Registro de Activos', en: 'Import a Register of Assets' });
  return (
    <Layout c={c} title={title} json={`/api/v1/entities/${entity.nit}`} crumbs={[{ href: `/entities/${entity.nit}`, label: entity.name }, { href: `/entities/${entity.nit}/inventory`, label: c.t({ es: 'Inventario', en: 'Inventory' }) }, { label: title }]}>
      <h1>{title} <small>— {entity.name}</small></h1>
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'No se pudo recibir el archivo', en: 'The file could not be received' }} details={errors} />}
      <p>
        {c.t({
          es: 'Suba la hoja de cálculo en la que la entidad lleva hoy su Registro: XLSX o CSV (cualquier codificación, separado por comas o por punto y coma, con filas de título encima de los encabezados y celdas combinadas). Primero verá qué se crearía y qué se actualizaría, y cada error con su fila y columna; nada se guarda hasta que confirme.',
          en: "Upload the spreadsheet in which the entity keeps its Register today: XLSX or CSV (any encoding, comma- or semicolon-separated, with title rows above the headers and merged cells). You will first see what would be created and updated, and every error with its row and column; nothing is saved until you confirm.",
        })}
      </p>
      <form method="post" enctype="multipart/form-data" data-upload-progress>
        <CsrfInput c={c} />
        <div class="field">
          <label for="f-file">{c.t({ es: 'Archivo (XLSX o CSV, máximo {n} MB)', en: 'File (XLSX or CSV, at most {n} MB)' }, { n: maxMb })}</label>
          <input id="f-file" name="file" type="file" accept=".xlsx,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" required />
        </div>
        <div class="field">
          <label for="f-sheet">{c.t({ es: 'Hoja del libro (opcional)', en: 'Workbook sheet (optional)' })}</label>
          <p class="help" id="f-sheet-help">{c.t({ es: 'Si la deja vacía se usa la primera hoja con datos.', en: 'If empty, the first sheet with data is used.' })}</p>
          <input id="f-sheet" name="sheet" type="text" aria-describedby="f-sheet-help" />
        </div>
        <UploadProgress c={c} />
        <button type="submit">{c.t({ es: 'Revisar el archivo', en: 'Check the file' })}</button>
      </form>
      <h2>{c.t({ es: 'Columnas que se reconocen', en: 'Columns that are recognised' })}</h2>
      <p>{c.t({ es: 'Los encabezados se reconocen con o sin tildes, abreviados y en cualquier orden. Las columnas desconocidas se le ofrecen para asignarlas. Plantilla: ', en: 'Headers are recognised with or without accents, abbreviated, in any order. Unknown columns are offered to you to map. Template: ' })}
        <a href="/import-template.csv" download>{c.t({ es: 'plantilla CSV', en: 'CSV template' })}</a>.
      </p>
      <ul class="columns-list">
        {ASSET_FIELDS.map((f) => <li>{c.t(f.label)}{f.required && <strong> *</strong>}</li>)}
      </ul>
    </Layout>
  );
}

function IssueTable({ c, issues, caption }: { c: PageContext; issues: RowIssue[]; caption: string }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Tabla desplazable', en: 'Scrollable table' })}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{c.t({ es: 'Fila', en: 'Row' })}</th>
            <th scope="col">{c.t({ es: 'Columna', en: 'Column' })}</th>
            <th scope="col">{c.t({ es: 'Valor', en: 'Value' })}</th>
            <th scope="col">{c.t({ es: 'Problema', en: 'Problem' })}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i) => (
            <tr>
              <td class="num">{i.row}</td>
              <td>{i.column || '—'}</td>
              <td>{i.value ?? ''}</td>
              <td>{c.t(i.message)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportPage({ c, view, canApply }: { c: PageContext; view: ImportView; canApply: boolean }) {
  const running = view.status === 'queued' || view.status === 'running';
  const report = view.report;
  const title = view.dry_run ? c.t({ es: 'Revisión de «{file}»', en: 'Check of “{file}”' }, { file: view.file_name }) : c.t({ es: 'Importación de «{file}»', en: 'Import of “{file}”' }, { file: view.file_name });
  return (
    <Layout
      c={c}
      title={title}
      json={`/api/v1/imports/${view.id}`}
      refreshSeconds={running ? 2 : undefined}
      crumbs={[{ href: `/entities/${view.entity.nit}`, label: view.entity.name }, { href: `/entities/${view.entity.nit}/import`, label: c.t({ es: 'Importar', en: 'Import' }) }, { label: view.file_name }]}
    >
      <h1>{title}</h1>
      {running && (
        <div data-job={`/api/v1/imports/${view.id}`}>
          <Progress c={c} percent={view.progress.percent} label={view.status === 'queued' ? c.t({ es: 'En cola…', en: 'Queued…' }) : view.dry_run ? c.t({ es: 'Revisando el archivo…', en: 'Checking the file…' }) : c.t({ es: 'Importando…', en: 'Importing…' })} />
          <p class="help">{c.t({ es: 'Esta página se actualiza sola.', en: 'This page refreshes itself.' })}</p>
        </div>
      )}
      {view.status === 'failed' && view.error && (
        <ErrorSummary c={c} title={{ es: 'No se pudo procesar el archivo', en: 'The file could not be processed' }} details={[{ message: view.error.message }, ...(view.error.details ?? [])]} />
      )}
      {report && (
        <>
          {report.applied && (
            <Notice kind="success">
              {c.t({ es: 'Importación completa: {c} {c|activo creado|activos creados} y {u} {u|actualizado|actualizados}.', en: 'Import complete: {c} {c|asset|assets} created and {u} updated.' }, { c: report.summary.create, u: report.summary.update })}{' '}
              <a href={`/entities/${view.entity.nit}/inventory`}>{c.t({ es: 'Ver el inventario', en: 'See the inventory' })}</a>
            </Notice>
          )}
          {!report.applied && report.summary.errors > 0 && (
            <div class="error-summary" role="alert" tabindex={-1}>
              <h2>{c.t({ es: 'El archivo tiene {n} {n|error|errores}; no se ha guardado nada.', en: 'The file has {n} {n|error|errors}; nothing has been saved.' }, { n: report.summary.errors })}</h2>
              <p>{c.t({ es: 'Corrija el archivo y súbalo de nuevo, o asigne abajo las columnas que falten.', en: 'Fix the file and upload it again, or map the missing columns below.' })}</p>
            </div>
          )}
          <dl class="figures small">
            <div><dt>{c.t({ es: 'Filas con activos', en: 'Rows with assets' })}</dt><dd>{formatNumber(report.summary.rows, c.lang)}</dd></div>
            <div><dt>{report.applied ? c.t({ es: 'Creados', en: 'Created' }) : c.t({ es: 'Se crearían', en: 'Would be created' })}</dt><dd>{formatNumber(report.summary.create, c.lang)}</dd></div>
            <div><dt>{report.applied ? c.t({ es: 'Actualizados', en: 'Updated' }) : c.t({ es: 'Se actualizarían', en: 'Would be updated' })}</dt><dd>{formatNumber(report.summary.update, c.lang)}</dd></div>
            <div><dt>{c.t({ es: 'Sin cambios', en: 'Unchanged' })}</dt><dd>{formatNumber(report.summary.unchanged, c.lang)}</dd></div>
            <div><dt>{c.t({ es: 'Errores', en: 'Errors' })}</dt><dd>{formatNumber(report.summary.errors, c.lang)}</dd></div>
            <div><dt>{c.t({ es: 'Advertencias', en: 'Warnings' })}</dt><dd>{formatNumber(report.summary.warnings, c.lang)}</dd></div>
          </dl>
          <p class="muted">
            {report.format.toUpperCase()}
            {report.encoding && ` · ${c.t({ es: 'codificación', en: 'encoding' })} ${report.encoding}`}
            {report.delimiter && ` · ${c.t({ es: 'separador', en: 'delimiter' })} «${report.delimiter === '\t' ? 'TAB' : report.delimiter}»`}
            {report.sheet && ` · ${c.t({ es: 'hoja', en: 'sheet' })} «${report.sheet}»`}
            {` · ${c.t({ es: 'encabezados en la fila', en: 'headers on row' })} ${report.header_row}`}
          </p>

          {report.errors.length > 0 && <IssueTable c={c} issues={report.errors} caption={c.t({ es: 'Errores (deben corregirse)', en: 'Errors (must be fixed)' })} />}

          {!report.applied && (
            <form method="post" action={`/imports/${view.id}/rerun`}>
              <CsrfInput c={c} />
              <h2>{c.t({ es: 'Columnas del archivo', en: 'Columns of the file' })}</h2>
              <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Tabla desplazable', en: 'Scrollable table' })}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{c.t({ es: 'Columna', en: 'Column' })}</th>
                      <th scope="col">{c.t({ es: 'Encabezado', en: 'Header' })}</th>
                      <th scope="col">{c.t({ es: 'Campo', en: 'Field' })}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.columns.filter((col) => col.header).map((col) => (
                      <tr class={col.status === 'unknown' ? 'attention' : undefined}>
                        <td>{col.letter}</td>
                        <td>{col.header}</td>
                        <td>
                          <label class="visually-hidden" for={`map-${col.index}`}>{c.t({ es: 'Campo para la columna {h}', en: 'Field for column {h}' }, { h: col.header })}</label>
                          <select id={`map-${col.index}`} name={`map:${col.header}`}>
                            <option value="">{c.t({ es: '— No importar —', en: '— Do not import —' })}</option>
                            {ASSET_FIELDS.map((f) => (
                              <option value={f.key} selected={(col.field ?? (col.status === 'unknown' ? null : col.suggestion)) === f.key}>{c.t(f.label)}</option>
                            ))}
                          </select>
                          {col.status === 'unknown' && col.suggestion && (
                            <small> {c.t({ es: '¿Quizá «{f}»?', en: 'Perhaps “{f}”?' }, { f: c.t(FIELD_BY_KEY.get(col.suggestion)!.label) })}</small>
                          )}
                          {col.status === 'guessed' && <small> {c.t({ es: '(reconocida por parecido; confírmela)', en: '(recognised by similarity; confirm it)' })}</small>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p class="actions">
                <button type="submit" name="dry_run" value="true" class="secondary">{c.t({ es: 'Revisar de nuevo con estas columnas', en: 'Check again with these columns' })}</button>
                {canApply && report.summary.errors === 0 && (report.summary.create + report.summary.update > 0) && (
                  <button type="submit" name="dry_run" value="false">
                    {c.t({ es: 'Importar: crear {c} y actualizar {u}', en: 'Import: create {c} and update {u}' }, { c: report.summary.create, u: report.summary.update })}
                  </button>
                )}
              </p>
            </form>
          )}

          {report.warnings.length > 0 && (
            <details>
              <summary>{c.t({ es: 'Advertencias ({n})', en: 'Warnings ({n})' }, { n: report.summary.warnings })}</summary>
              <IssueTable c={c} issues={report.warnings} caption={c.t({ es: 'Advertencias (no impiden importar)', en: 'Warnings (do not prevent importing)' })} />
            </details>
          )}
          {report.plan.length > 0 && (
            <details open={report.summary.errors === 0 && !report.applied}>
              <summary>{c.t({ es: 'Detalle por fila', en: 'Row by row' })}</summary>
              <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Tabla desplazable', en: 'Scrollable table' })}>
                <table>
                  <thead><tr><th scope="col">{c.t({ es: 'Fila', en: 'Row' })}</th><th scope="col">{c.t({ es: 'Activo', en: 'Asset' })}</th><th scope="col">{c.t({ es: 'Acción', en: 'Action' })}</th><th scope="col">{c.t({ es: 'Campos que cambian', en: 'Fields that change' })}</th></tr></thead>
                  <tbody>
                    {report.plan.map((p) => (
                      <tr>
                        <td class="num">{p.row}</td>
                        <td>{p.asset_id ? <a href={`/assets/${p.asset_id}`}>{p.title}</a> : p.title}</td>
                        <td>{c.t(p.action === 'create' ? { es: 'Crear', en: 'Create' } : p.action === 'update' ? { es: 'Actualizar', en: 'Update' } : { es: 'Sin cambios', en: 'Unchanged' })}</td>
                        <td>{p.changed_fields.map((f) => c.t(FIELD_BY_KEY.get(f as never)?.label ?? { es: f, en: f })).join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          )}
        </>
      )}
      <p><a href={`/entities/${view.entity.nit}/import`}>{c.t({ es: 'Subir otro archivo', en: 'Upload another file' })}</a></p>
    </Layout>
  );
}
