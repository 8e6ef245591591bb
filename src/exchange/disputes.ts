import { randomBytes } from 'node:crypto';
import { demand, policy } from '../catalog/access.ts';
import { ledgerActor, recordHash } from '../catalog/ledger-events.ts';
import { actorId, type Actor } from '../core/actor.ts';
import { conflict, invalid, notFound } from '../core/errors.ts';
import { appendEvents } from '../ledger/log.ts';
import type { Context } from '../store/context.ts';
import type { DisputeRuling } from '../store/schema.ts';
import { requireRequest } from './requests.ts';

/**
 * Disputes: a denied or overdue request can be taken to the arbiter (the role the Transparency Secretariat
 * holds), who sees the whole file, may ask either party for more, and rules. A ruling for the requester creates
 * the grant it asked for; otherwise the denial stands. Rulings are published without personal data.
 */

const isArbiter = (actor: Actor) => actor.kind === 'system' || (actor.kind === 'person' && actor.roles.includes('arbiter'));

export async function openDispute(ctx: Context, requestId: string, reason: string) {
  const request = await requireRequest(ctx, requestId);
  demand(policy.classify(ctx.actor, request.requester_entity_id), ctx.actor);
  const overdue = (request.status === 'submitted' || request.status === 'info_requested') && request.due_at < ctx.clock.now();
  if (request.status !== 'denied' && !overdue) throw conflict({ es: 'Solo se lleva al árbitro una solicitud negada o sin respuesta dentro del plazo legal.', en: 'Only a denied request, or one unanswered within the legal term, goes to the arbiter.' });
  if (reason.trim().length < 20) throw invalid({ es: 'Explique por qué pide la decisión del árbitro (al menos 20 caracteres).', en: 'Explain why you ask for the arbiter’s decision (at least 20 characters).' }, [{ field: 'reason', message: { es: 'Muy corta.', en: 'Too short.' } }]);
  return ctx.db.transaction().execute(async (trx) => {
    const dispute = await trx.insertInto('disputes').values({ id: randomBytes(9).toString('base64url'), request_id: request.id, reason: reason.trim(), status: 'open', ruling: null, opened_at: ctx.clock.now(), opened_by: actorId(ctx.actor), ruled_at: null, ruled_by: null })
      .onConflict((oc) => oc.column('request_id').doNothing()).returningAll().executeTakeFirst();
    if (!dispute) throw conflict({ es: 'Esta solicitud ya tiene una controversia.', en: 'This request already has a dispute.' });
    await appendEvents(trx, [{ type: 'dispute.opened', actor: ledgerActor(ctx.actor), entity: request.provider_entity_id, subject: `dispute:${dispute.id}`, time: ctx.clock.now().toISOString(), payload: { request: request.id, grounds: request.status === 'denied' ? 'denied' : 'overdue' } }]);
    return dispute;
  });
}

/** The whole file: the dispute, the request with its answers, the norms cited. For the arbiter and both parties. */
export async function disputeFile(ctx: Context, id: string) {
  const dispute = await ctx.db.selectFrom('disputes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!dispute) throw notFound({ es: `la controversia «${id}»`, en: `dispute "${id}"` });
  const request = await requireRequest({ ...ctx, actor: isArbiter(ctx.actor) ? { kind: 'system', label: 'arbiter' } : ctx.actor }, dispute.request_id).catch(() => {
    throw notFound({ es: `la controversia «${id}»`, en: `dispute "${id}"` });
  });
  const cited = [request.norm_id, ...((request.decision as { norm_id?: string } | null)?.norm_id ? [(request.decision as { norm_id: string }).norm_id] : [])];
  const norms = await ctx.db.selectFrom('norms').selectAll().where('id', 'in', cited).execute();
  return { dispute, request, norms };
}

/** The arbiter asks a party for more; the parties answer in the same thread. */
export async function disputeMessage(ctx: Context, id: string, text: string) {
  const { dispute, request } = await disputeFile(ctx, id);
  if (dispute.status === 'ruled') throw conflict({ es: 'La controversia ya fue decidida.', en: 'The dispute was already ruled.' });
  const from = isArbiter(ctx.actor) ? 'arbiter' : policy.classify(ctx.actor, request.requester_entity_id) ? 'requester' : policy.classify(ctx.actor, request.provider_entity_id) ? 'provider' : null;
  if (!from) demand(false, ctx.actor);
  if (text.trim().length < 10) throw invalid({ es: 'El mensaje es muy corto.', en: 'The message is too short.' }, [{ field: 'text', message: { es: 'Muy corto.', en: 'Too short.' } }]);
  const messages = [...dispute.messages, { at: ctx.clock.now().toISOString(), from: from!, actor: ledgerActor(ctx.actor), text: text.trim() }];
  return ctx.db.updateTable('disputes').set({ messages: JSON.stringify(messages), status: from === 'arbiter' ? 'info_requested' : 'open' }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The arbiter rules; a grant ruling is binding: the grant is created as the request asked (or narrower). */
export async function ruleDispute(ctx: Context, id: string, input: { outcome?: unknown; reasoning?: unknown; fields?: unknown; duration_days?: unknown }) {
  demand(isArbiter(ctx.actor), ctx.actor);
  const { dispute, request } = await disputeFile(ctx, id);
  if (dispute.status === 'ruled') throw conflict({ es: 'La controversia ya fue decidida.', en: 'The dispute was already ruled.' });
  const outcome = input.outcome;
  const reasoning = typeof input.reasoning === 'string' ? input.reasoning.trim() : '';
  if (outcome !== 'grant' && outcome !== 'denial_stands') throw invalid({ es: 'La decisión es «grant» (se concede) o «denial_stands» (se mantiene la negativa).', en: 'The ruling is "grant" or "denial_stands".' }, [{ field: 'outcome', message: { es: 'Decisión inválida.', en: 'Invalid ruling.' } }]);
  if (reasoning.length < 30) throw invalid({ es: 'Motive la decisión (al menos 30 caracteres); se publica.', en: 'Give the reasons (at least 30 characters); they are published.' }, [{ field: 'reasoning', message: { es: 'Muy corta.', en: 'Too short.' } }]);
  const asked = request.fields.map((f) => f.name);
  const fields = Array.isArray(input.fields) ? input.fields.map(String) : asked;
  if (outcome === 'grant' && (!fields.length || fields.some((f) => !asked.includes(f)))) throw invalid({ es: `Puede conceder los campos pedidos o menos: ${asked.join(', ')}.`, en: `The ruling may grant the requested fields or fewer: ${asked.join(', ')}.` }, [{ field: 'fields', message: { es: 'Campos fuera de la solicitud.', en: 'Fields outside the request.' } }]);
  const duration = input.duration_days === undefined ? request.duration_days : Number(input.duration_days);
  if (!Number.isInteger(duration) || duration < 1 || duration > request.duration_days) throw invalid({ es: `Plazo de 1 a ${request.duration_days} días.`, en: `A term of 1 to ${request.duration_days} days.` }, [{ field: 'duration_days', message: { es: 'Plazo inválido.', en: 'Invalid term.' } }]);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    let grantId: string | null = null;
    if (outcome === 'grant') {
      grantId = randomBytes(9).toString('base64url');
      await trx.insertInto('grants').values({ id: grantId, request_id: request.id, dataset_id: request.dataset_id, provider_entity_id: request.provider_entity_id, consumer_entity_id: request.requester_entity_id, fields: JSON.stringify(fields), row_filter: JSON.stringify(request.row_filter), starts_at: now, expires_at: new Date(now.getTime() + duration * 86_400_000), revoked_at: null, revoked_by: null, revoke_reason: null }).execute();
      await trx.updateTable('access_requests').set({ status: 'approved', decided_at: now, decision: JSON.stringify({ ...(request.decision as object | null ?? {}), grant_id: grantId, by_ruling: dispute.id }) }).where('id', '=', request.id).execute();
    }
    const ruling: DisputeRuling = { outcome, reasoning, grant_id: grantId };
    const updated = await trx.updateTable('disputes').set({ status: 'ruled', ruling: JSON.stringify(ruling), ruled_at: now, ruled_by: actorId(ctx.actor) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await appendEvents(trx, [
      { type: 'dispute.ruled', actor: ledgerActor(ctx.actor), entity: request.provider_entity_id, subject: `dispute:${id}`, time: now.toISOString(), payload: { request: request.id, outcome, grant: grantId } },
      ...(grantId ? [{ type: 'grant.created', actor: ledgerActor(ctx.actor), entity: request.provider_entity_id, subject: `grant:${grantId}`, time: now.toISOString(), payload: { request: request.id, ruling: id, dataset: request.dataset_id, consumer: request.requester_entity_id, fields_sha256: recordHash({ fields }) } }] : []),
    ]);
    return updated;
  });
}

/**
 * Published rulings: who asked whom for which dataset, under which norms, the outcome and the arbiter's
 * reasons — never the request's purpose, fields' justifications or people's names.
 */
export async function publishedRulings(ctx: Context) {
  const rows = await ctx.db.selectFrom('disputes as d').innerJoin('access_requests as r', 'r.id', 'd.request_id')
    .innerJoin('entities as req', 'req.id', 'r.requester_entity_id').innerJoin('entities as prov', 'prov.id', 'r.provider_entity_id')
    .innerJoin('datasets as ds', 'ds.id', 'r.dataset_id')
    .select(['d.id', 'd.ruling', 'd.ruled_at', 'd.opened_at', 'r.norm_id', 'r.decision', 'req.name as requester', 'prov.name as provider', 'ds.title as dataset'])
    .where('d.status', '=', 'ruled').orderBy('d.ruled_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, requester: r.requester, provider: r.provider, dataset: r.dataset, norm_cited: r.norm_id, denial_norm: (r.decision as { norm_id?: string } | null)?.norm_id ?? null, outcome: r.ruling!.outcome, reasoning: r.ruling!.reasoning, opened_at: r.opened_at, ruled_at: r.ruled_at }));
}

/** The disputes the actor may follow: all of them for the arbiter, the ones of their entity for a party. */
export async function listDisputes(ctx: Context) {
  const rows = await ctx.db.selectFrom('disputes as d').innerJoin('access_requests as r', 'r.id', 'd.request_id')
    .innerJoin('entities as req', 'req.id', 'r.requester_entity_id').innerJoin('entities as prov', 'prov.id', 'r.provider_entity_id').innerJoin('datasets as ds', 'ds.id', 'r.dataset_id')
    .select(['d.id', 'd.status', 'd.opened_at', 'r.requester_entity_id', 'r.provider_entity_id', 'req.name as requester', 'prov.name as provider', 'ds.title as dataset']).orderBy('d.opened_at', 'desc').execute();
  return rows.filter((r) => isArbiter(ctx.actor) || policy.readNonPublic(ctx.actor, r.requester_entity_id) || policy.readNonPublic(ctx.actor, r.provider_entity_id));
}

export const actsAsArbiter = isArbiter;
