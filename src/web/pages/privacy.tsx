import type { Bilingual } from '../../core/errors.ts';
import { KIND_LABELS, type Role, type SensitiveCategory } from '../../privacy/detect.ts';
import { roleOf, type UploadPrivacy } from '../../privacy/gate.ts';
import { CsrfInput } from '../components.tsx';
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
                    </select>
                  </td>
                  <td><textarea name={`justification.${i}`} rows={2} aria-label={c.t({ es: 'Justificación legal para {f}', en: 'Legal justification for {f}' }, { f: col.column })}>{decision?.justification ?? ''}</textarea></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="actions"><button type="submit">{c.t({ es: 'Guardar las decisiones', en: 'Save the decisions' })}</button></p>
    </form>
  );
}
