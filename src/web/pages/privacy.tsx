import type { Bilingual, ErrorDetail } from '../../core/errors.ts';
import { formatNumber } from '../../core/i18n.ts';
import type { RiskSummary } from '../../privacy/risk.ts';
import type { UploadAnonymization } from '../../privacy/upload-anonymize.ts';
import { Layout } from '../layout.tsx';
import { KIND_LABELS, type Role, type SensitiveCategory } from '../../privacy/detect.ts';
import { roleOf, type UploadPrivacy } from '../../privacy/gate.ts';
import { CsrfInput, ErrorSummary, Notice } from '../components.tsx';
import type { PageContext } from '../page-context.ts';

export const ROLE_LABELS: Record<Role, Bilingual> = {
  identifier: { es: 'Identificador directo', en: 'Direct identifier' },
  quasi_identifier: { es: 'Cuasi-identificador', en: 'Quasi-identifier' },
  sensitive: { es: 'Dato sensible', en: 'Sensitive' },
  other: { es: 'Otro', en: 'Other' },
};

const CATEGORY_LABELS: Record<SensitiveCategory, Bilingual> = {
  health: { es: 'salud', en: 'health' },
  ethnic_origin: { es: 'origen étnico', en: 'ethnic origin' },
  political: { es: 'orientación política', en: 'political opinion' },
  religious: { es: 'convicciones religiosas', en: 'religious beliefs' },
  sexual_life: { es: 'vida sexual', en: 'sex life' },
  biometric: { es: 'datos biométricos', en: 'biometric data' },
  union: { es: 'afiliación sindical', en: 'union membership' },
  children: { es: 'niños, niñas y adolescentes', en: 'children' },
};

/**
 * The personal data found in an upload, column by column, with the steward's decisions: the role of each
 * column, dropping it from the release, or keeping it with a legal justification (stewards only).
 */
export function PrivacyForm({ c, action, privacy, open }: { c: PageContext; action: string; privacy: UploadPrivacy; open: boolean }) {
  const flagged = privacy.columns.filter((col) => col.findings.length || col.role !== 'other' || privacy.decisions[col.name]);
  if (!flagged.length) return <p>{c.t({ es: 'No se hallaron datos personales en una muestra de {n} filas.', en: 'No personal data found in a sample of {n} rows.' }, { n: privacy.sampled })}</p>;
  return (
    <form method="post" action={action}>
      <CsrfInput c={c} />
      <p>{c.t(open
        ? { es: 'Este conjunto de datos es abierto: los identificadores directos y los datos sensibles no se publican sin una decisión. Quite la columna, anonimícela antes de cargar, o —si es el responsable de datos— registre la justificación legal, que queda en el registro de transparencia.', en: 'This dataset is open: direct identifiers and sensitive data are not published without a decision. Drop the column, anonymize it before uploading, or — as the data steward — record the legal justification, which goes to the transparency ledger.' }
        : { es: 'Este conjunto de datos es restringido: se comparte con entidades bajo una base legal. Revise igualmente lo hallado.', en: 'This dataset is restricted: it is shared with entities under a legal basis. Review what was found all the same.' })}</p>
      <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Datos personales hallados', en: 'Personal data found' })}>
        <table>
          <thead><tr><th scope="col">{c.t({ es: 'Columna', en: 'Column' })}</th><th scope="col">{c.t({ es: 'Hallazgo', en: 'Finding' })}</th><th scope="col">{c.t({ es: 'Papel', en: 'Role' })}</th><th scope="col">{c.t({ es: 'Decisión', en: 'Decision' })}</th><th scope="col">{c.t({ es: 'Justificación legal', en: 'Legal justification' })}</th></tr></thead>
          <tbody>
            {flagged.map((col, i) => {
              const decision = privacy.decisions[col.name];
              const top = col.findings[0];
              return (
                <tr>
                  <th scope="row">{col.column}<input type="hidden" name={`name.${i}`} value={col.name} /></th>
                  <td>
                    {top ? <>{c.t(KIND_LABELS[top.kind])} ({Math.round(top.confidence * 100)} %)<br /><span class="muted">{top.examples.join(' · ')}</span></> : '—'}
                    {col.sensitive && <><br />{c.t({ es: 'Sensible: {c}', en: 'Sensitive: {c}' }, { c: c.t(CATEGORY_LABELS[col.sensitive]) })}</>}
                  </td>
                  <td>
                    <select name={`role.${i}`} aria-label={c.t({ es: 'Papel de {f}', en: 'Role of {f}' }, { f: col.column })}>
                      {(Object.keys(ROLE_LABELS) as Role[]).map((role) => <option value={role} selected={roleOf(privacy, col.name) === role}>{c.t(ROLE_LABELS[role])}</option>)}
                    </select>
                  </td>
                  <td>
                    <select name={`action.${i}`} aria-label={c.t({ es: 'Decisión sobre {f}', en: 'Decision on {f}' }, { f: col.column })}>
                      <option value="keep" selected={decision?.action !== 'drop'}>{c.t({ es: 'Mantener', en: 'Keep' })}</option>
                      <option value="drop" selected={decision?.action === 'drop'}>{c.t({ es: 'Quitar de la publicación', en: 'Drop from the release' })}</option>
                      <option value="pseudonymize" selected={decision?.action === 'pseudonymize'}>{c.t({ es: 'Seudonimizar (HMAC con la clave de la entidad)', en: 'Pseudonymize (HMAC with the entity key)' })}</option>
                    </select>
                  </td>
                  <td><textarea name={`justification.${i}`} rows={2} aria-label={c.t({ es: 'Justificación legal para {f}', en: 'Legal justification for {f}' }, { f: col.column })}>{decision?.justification ?? ''}</textarea></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="actions"><button type="submit">{c.t({ es: 'Guardar las decisiones', en: 'Save the decisions' })}</button> <a href={action.replace(/\/privacy$/, '/anonymize')}>{c.t({ es: 'O anonimizar la carga (k-anonimato)', en: 'Or anonymize the upload (k-anonymity)' })}</a></p>
    </form>
  );
}

export interface AnonymizeForm {
  quasi_identifiers: string[];
  sensitive: string;
  k: string;
  l: string;
  suppression: string;
  mode: string;
}

function RiskRows({ c, label, risk }: { c: PageContext; label: Bilingual; risk: RiskSummary }) {
  const percent = (v: number) => `${(v * 100).toFixed(1)} %`;
  return (
    <tr>
      <th scope="row">{c.t(label)}</th>
      <td><meter min={0} max={1} value={risk.prosecutor.highest} aria-label={c.t({ es: 'Riesgo máximo', en: 'Highest risk' })} /> {percent(risk.prosecutor.highest)}</td>
      <td>{percent(risk.prosecutor.average)}</td>
      <td class="num">{formatNumber(risk.prosecutor.recordsAbove, c.lang)}</td>
      <td class="num">{formatNumber(risk.sampleUniques.records, c.lang)}</td>
      <td>{percent(risk.marketer)}</td>
    </tr>
  );
}

/** The guided anonymization of an upload: choose columns and model, preview loss, risk and rows, keep it. */
export function AnonymizePage({ c, dataset, upload, columns, form, outcome, errors }: {
  c: PageContext; dataset: { id: string; title: string }; upload: { id: string; file_name: string }; columns: { name: string; title: string; role: Role }[];
  form: AnonymizeForm; outcome: UploadAnonymization | null; errors: ErrorDetail[];
}) {
  const title = c.t({ es: 'Anonimizar «{file}»', en: 'Anonymize "{file}"' }, { file: upload.file_name });
  const action = `/datasets/${dataset.id}/uploads/${upload.id}/anonymize`;
  const result = outcome?.result;
  return (
    <Layout c={c} title={title} json={`/api/v1/datasets/${dataset.id}/uploads/${upload.id}`} crumbs={[{ href: `/datasets/${dataset.id}`, label: dataset.title }, { href: `/datasets/${dataset.id}/uploads/${upload.id}`, label: upload.file_name }, { label: c.t({ es: 'Anonimizar', en: 'Anonymize' }) }]}>
      <h1>{title}</h1>
      <p class="lead">{c.t({ es: 'Elija los cuasi-identificadores (datos que, juntos, señalan a una persona) y el modelo. Cada combinación de sus valores quedará compartida por al menos k registros; los registros que no lo logren se suprimen, hasta el límite.', en: 'Choose the quasi-identifiers (data that together single a person out) and the model. Every combination of their values will be shared by at least k records; records that cannot be are suppressed, up to the limit.' })}</p>
      {errors.length > 0 && <ErrorSummary c={c} title={{ es: 'Revise la anonimización', en: 'Check the anonymization' }} details={errors} />}
      <form method="post" action={action}>
        <CsrfInput c={c} />
        <fieldset>
          <legend>{c.t({ es: 'Cuasi-identificadores', en: 'Quasi-identifiers' })}</legend>
          {columns.map((col) => <label class="check"><input type="checkbox" name="quasi_identifiers" value={col.name} checked={form.quasi_identifiers.includes(col.name)} /> {col.title} <span class="muted">({c.t(ROLE_LABELS[col.role])})</span></label>)}
        </fieldset>
        <p class="field"><label for="k">k</label><input id="k" name="k" type="number" min={2} max={1000} value={form.k} /></p>
        <p class="field"><label for="suppression">{c.t({ es: 'Límite de supresión (proporción, 0 a 1)', en: 'Suppression limit (share, 0 to 1)' })}</label><input id="suppression" name="suppression" type="number" min={0} max={1} step="0.01" value={form.suppression} /></p>
        <p class="field"><label for="sensitive">{c.t({ es: 'Atributo sensible (para l-diversidad)', en: 'Sensitive attribute (for l-diversity)' })}</label>
          <select id="sensitive" name="sensitive"><option value="">{c.t({ es: 'Ninguno', en: 'None' })}</option>{columns.map((col) => <option value={col.name} selected={form.sensitive === col.name}>{col.title}</option>)}</select></p>
        <p class="field"><label for="l">{c.t({ es: 'l (valores sensibles distintos por clase)', en: 'l (distinct sensitive values per class)' })}</label><input id="l" name="l" type="number" min={2} value={form.l} /></p>
        <p class="field"><label for="mode">{c.t({ es: 'Método', en: 'Method' })}</label>
          <select id="mode" name="mode">
            <option value="optimal" selected={form.mode !== 'fast'}>{c.t({ es: 'Óptimo: generalización global de menor pérdida', en: 'Optimal: global generalization of least loss' })}</option>
            <option value="fast" selected={form.mode === 'fast'}>{c.t({ es: 'Rápido (Mondrian): recodificación local, archivos muy grandes', en: 'Fast (Mondrian): local recoding, very large files' })}</option>
          </select></p>
        <p class="actions">
          <button type="submit" name="action" value="preview">{c.t({ es: 'Vista previa', en: 'Preview' })}</button>{' '}
          <button type="submit" name="action" value="keep">{c.t({ es: 'Anonimizar y cargar como nueva versión', en: 'Anonymize and upload as a new release' })}</button>
        </p>
      </form>
      {result && outcome && <>
        <section aria-labelledby="resultado">
          <h2 id="resultado">{c.t({ es: 'Resultado', en: 'Result' })}</h2>
          <dl class="facts">
            <div><dt>{c.t({ es: 'Registros', en: 'Records' })}</dt><dd>{formatNumber(result.rows, c.lang)}</dd></div>
            {outcome.dropped.length > 0 && <div><dt>{c.t({ es: 'Identificadores directos quitados', en: 'Direct identifiers removed' })}</dt><dd>{outcome.dropped.join(', ')}</dd></div>}
            {result.mode === 'optimal' && <div><dt>{c.t({ es: 'Generalización', en: 'Generalization' })}</dt><dd>{outcome.quasiIdentifiers.map((q, a) => `${q.title}: ${c.t({ es: 'nivel', en: 'level' })} ${result.transformation[a]}`).join(' · ')}</dd></div>}
            {result.mode === 'optimal' && <div><dt>{c.t({ es: 'Suprimidos', en: 'Suppressed' })}</dt><dd>{formatNumber(result.suppressed, c.lang)}</dd></div>}
            <div><dt>{c.t({ es: 'Clases', en: 'Classes' })}</dt><dd>{formatNumber(result.classes, c.lang)}</dd></div>
            <div><dt>{c.t({ es: 'Pérdida de información', en: 'Information loss' })}</dt><dd><meter min={0} max={1} value={result.loss.value} aria-label={c.t({ es: 'Pérdida', en: 'Loss' })} /> {(result.loss.value * 100).toFixed(1)} %</dd></div>
          </dl>
          <h3>{c.t({ es: 'Riesgo de reidentificación', en: 'Re-identification risk' })}</h3>
          <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Riesgo de reidentificación', en: 'Re-identification risk' })}>
            <table>
              <thead><tr><th scope="col"></th><th scope="col">{c.t({ es: 'Máximo (fiscal)', en: 'Highest (prosecutor)' })}</th><th scope="col">{c.t({ es: 'Promedio', en: 'Average' })}</th><th scope="col">{c.t({ es: 'Registros sobre {t} %', en: 'Records above {t} %' }, { t: result.risk.before.threshold * 100 })}</th><th scope="col">{c.t({ es: 'Únicos', en: 'Uniques' })}</th><th scope="col">{c.t({ es: 'Comercializador', en: 'Marketer' })}</th></tr></thead>
              <tbody>
                <RiskRows c={c} label={{ es: 'Antes', en: 'Before' }} risk={result.risk.before} />
                <RiskRows c={c} label={{ es: 'Después', en: 'After' }} risk={result.risk.after} />
              </tbody>
            </table>
          </div>
          {outcome.upload && <Notice kind="success"><a href={`/datasets/${dataset.id}/uploads/${outcome.upload.id}`}>{c.t({ es: 'El archivo anonimizado es una nueva carga: revísela y publíquela', en: 'The anonymized file is a new upload: review and publish it' })}</a></Notice>}
          <h3>{c.t({ es: 'Primeras filas', en: 'First rows' })}</h3>
          <div class="table-wrap" tabindex={0} role="region" aria-label={c.t({ es: 'Primeras filas anonimizadas', en: 'First anonymized rows' })}>
            <table>
              <thead><tr>{outcome.preview.header.map((h) => <th scope="col">{h}</th>)}</tr></thead>
              <tbody>{outcome.preview.rows.map((row) => <tr>{row.map((v) => <td>{v}</td>)}</tr>)}</tbody>
            </table>
          </div>
        </section>
      </>}
    </Layout>
  );
}
