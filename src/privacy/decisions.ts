import { actorId } from '../core/actor.ts';
import { AppError, forbidden, Problems } from '../core/errors.ts';
import { demand, policy } from '../catalog/access.ts';
import { ledgerActor } from '../catalog/ledger-events.ts';
import { withLedger } from '../ledger/log.ts';
import { requireUpload } from '../publish/datasets.ts';
import type { Context } from '../store/context.ts';
import type { UploadRow } from '../store/schema.ts';
import type { Role } from './detect.ts';
import { roleOf, type ColumnDecision, type UploadPrivacy } from './gate.ts';

const ROLES: Role[] = ['identifier', 'quasi_identifier', 'sensitive', 'other'];
const isProtected = (role: Role) => role === 'identifier' || role === 'sensitive';

export interface DecisionInput {
  name?: unknown;
  role?: unknown;
  action?: unknown;
  justification?: unknown;
}

/**
 * Records the steward's decisions on an upload's columns: confirm or change each role, drop a column from the
 * release, or keep personal data with a legal justification. Editors may drop columns and mark more data as
 * protected; keeping personal data open, or saying a flagged column is not personal, is a steward's call and
 * goes to the transparency ledger with its reasons.
 */
export async function decidePrivacy(ctx: Context, datasetId: string, uploadId: string, columns: DecisionInput[]): Promise<UploadRow> {
  const { dataset, upload } = await requireUpload(ctx, datasetId, uploadId);
  demand(policy.writeAssets(ctx.actor, dataset.entity_id), ctx.actor);
  if (upload.status !== 'ready') {
    throw new AppError('conflict', { es: 'Solo se decide sobre una carga lista para publicar.', en: 'Decisions are taken on an upload ready to publish.' });
  }
  const privacy = (upload.privacy as UploadPrivacy | null) ?? { sampled: 0, columns: [], decisions: {} };
  const problems = new Problems();
  const now = ctx.clock.now().toISOString();
  const decisions = { ...privacy.decisions };
  const recorded: { column: string; title: string; from: Role; to: Role; action: string; justification: string | null }[] = [];
  columns.forEach((input, i) => {
    const where = `columns[${i}]`;
    const column = privacy.columns.find((c) => c.name === input.name);
    if (!column) {
      problems.add(`${where}.name`, { es: `No hay una columna «${String(input.name)}» en la carga.`, en: `The upload has no column "${String(input.name)}".` }, input.name);
      return;
    }
    const current = roleOf(privacy, column.name);
    const role = (input.role ?? current) as Role;
    if (!ROLES.includes(role)) problems.add(`${where}.role`, { es: `Papel desconocido; use: ${ROLES.join(', ')}.`, en: `Unknown role; use: ${ROLES.join(', ')}.` }, input.role);
    const action = (input.action ?? 'keep') as ColumnDecision['action'];
    if (action !== 'keep' && action !== 'drop' && action !== 'pseudonymize') problems.add(`${where}.action`, { es: 'La acción es «keep», «drop» o «pseudonymize».', en: 'The action is "keep", "drop" or "pseudonymize".' }, input.action);
    const justification = typeof input.justification === 'string' ? input.justification.trim() : '';
    if (justification && (justification.length < 20 || justification.length > 2000)) {
      problems.add(`${where}.justification`, { es: 'La justificación legal tiene de 20 a 2.000 caracteres (norma, artículo y motivo).', en: 'The legal justification has 20 to 2,000 characters (norm, article and reason).' });
    }
    const unprotects = isProtected(column.role) && !isProtected(role);
    if ((justification || unprotects) && !policy.classify(ctx.actor, dataset.entity_id)) {
      throw forbidden({ es: 'Solo el responsable de datos de la entidad justifica publicar datos personales o cambia su clasificación.', en: "Only the entity's data steward justifies publishing personal data or changes its classification." });
    }
    if (unprotects && !justification) problems.add(`${where}.justification`, { es: 'Explique por qué esta columna no contiene datos personales.', en: 'Explain why this column holds no personal data.' });
    decisions[column.name] = { role, action, ...(justification ? { justification } : {}), decided_by: actorId(ctx.actor) ?? undefined, decided_at: now };
    if (justification) recorded.push({ column: column.name, title: column.column, from: column.role, to: role, action, justification });
  });
  problems.throwIfAny({ es: 'Las decisiones sobre datos personales tienen errores.', en: 'The personal-data decisions have errors.' });
  return ctx.db.transaction().execute((trx) => withLedger(trx, async (ledger) => {
    const row = await trx.updateTable('dataset_uploads').set({ privacy: JSON.stringify({ ...privacy, decisions }), updated_at: ctx.clock.now() })
      .where('id', '=', upload.id).where('status', '=', 'ready').returningAll().executeTakeFirst();
    if (!row) throw new AppError('conflict', { es: 'La carga cambió de estado; recargue.', en: 'The upload changed state; reload.' });
    for (const r of recorded) {
      ledger.add({
        type: 'privacy.justified',
        actor: ledgerActor(ctx.actor),
        entity: dataset.entity_id,
        subject: `dataset:${dataset.id}`,
        time: now,
        payload: { upload: upload.id, file: upload.file_name, column: r.column, header: r.title, detected_role: r.from, role: r.to, action: r.action, justification: r.justification },
      });
    }
    return row;
  }));
}
