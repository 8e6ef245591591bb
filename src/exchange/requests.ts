import { randomBytes } from 'node:crypto';
import { demand, policy } from '../catalog/access.ts';
import { requireEntity } from '../catalog/entities.ts';
import { ledgerActor, recordHash } from '../catalog/ledger-events.ts';
import { actorId, type Actor } from '../core/actor.ts';
import { addBusinessDays, bogotaDate } from '../core/business-days.ts';
import { AppError, conflict, invalid, notFound, Problems } from '../core/errors.ts';
import { appendEvents, type LedgerEvent } from '../ledger/log.ts';
import { requireRelease } from '../publish/datasets.ts';
import type { TableSchema } from '../publish/table-schema.ts';
import type { Context } from '../store/context.ts';
import type { Db } from '../store/database.ts';
import type { AccessRequestsTable, DatasetRow, RequestedField } from '../store/schema.ts';
import type { Selectable } from 'kysely';
import { classify, type Handling } from '../catalog/handling.ts';
import { requireNorm } from './norms.ts';

/**
 * Access requests between entities: one entity asks another for a dataset that is not open, with purpose,
 * legal basis (a norm of the catalog), the fields it needs — each justified —, the rows, the duration and
 * the security commitments. The provider's steward approves (possibly narrowing), asks for more, or denies
 * citing a norm, within 10 business days. An approval becomes a grant. Every step is a ledger event.
 */

export type AccessRequest = Selectable<AccessRequestsTable>;

export const LEGAL_DEADLINE_DAYS = 10;
export const MAX_DURATION_DAYS = 365;
export const COMMITMENTS = ['finalidad', 'confidencialidad', 'seguridad', 'no_redistribuir', 'eliminar_al_vencer'] as const;
export const COMMITMENT_LABELS: Record<(typeof COMMITMENTS)[number], { es: string; en: string }> = {
  finalidad: { es: 'Usar los datos solo para la finalidad declarada', en: 'Use the data only for the stated purpose' },
  confidencialidad: { es: 'Guardar la confidencialidad de los datos', en: 'Keep the data confidential' },
  seguridad: { es: 'Aplicar medidas de seguridad (cifrado, acceso mínimo, registro de accesos)', en: 'Apply security measures (encryption, least access, access logs)' },
  no_redistribuir: { es: 'No entregar los datos a terceros', en: 'Not hand the data to third parties' },
  eliminar_al_vencer: { es: 'Eliminar los datos al vencer el plazo', en: 'Delete the data when the term ends' },
};

/** A dataset's handling rule: its inventory asset's classification, or, without one, its access level. */
export async function datasetHandling(ctx: Context, dataset: DatasetRow): Promise<Handling> {
  const asset = dataset.asset_id ? await ctx.db.selectFrom('assets').select(['legal_class', 'exception_ground', 'exception_until', 'personal_data_class', 'children_data']).where('id', '=', dataset.asset_id).executeTakeFirst() : undefined;
  const today = bogotaDate(ctx.clock.now());
  if (asset) return classify({ ...asset, exception_until: asset.exception_until ? String(asset.exception_until).slice(0, 10) : null }, today);
  if (dataset.access_level === 'public') return classify({ legal_class: 'publica', exception_ground: null, exception_until: null, personal_data_class: 'ninguno', children_data: false }, today);
  const handling = classify({ legal_class: 'clasificada', exception_ground: null, exception_until: null, personal_data_class: null, children_data: false }, today);
  return { ...handling, reasons: [{ es: 'La entidad la publicó con acceso restringido y sin activo del inventario que la clasifique: se trata como clasificada hasta que se clasifique.', en: 'The entity published it as restricted without an inventory asset classifying it: it is treated as classified until it is classified.' }, ...handling.reasons] };
}

const newId = () => randomBytes(9).toString('base64url');

async function record(db: Db, events: LedgerEvent[]) {
  await appendEvents(db, events);
}

const event = (ctx: Context, type: string, request: Pick<AccessRequest, 'id' | 'provider_entity_id'>, payload: Record<string, unknown>): LedgerEvent =>
  ({ type, actor: ledgerActor(ctx.actor), entity: request.provider_entity_id, subject: `access-request:${request.id}`, time: ctx.clock.now().toISOString(), payload });

/** The entity a person acts for, or the entity of a request made through a client credential. */
function actingEntity(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.entityId : null;
}

export interface RequestInput {
  dataset?: unknown;
  purpose?: unknown;
  norm_id?: unknown;
  legal_basis?: unknown;
  fields?: unknown;
  row_filter?: unknown;
  duration_days?: unknown;
  commitments?: unknown;
}

/** Row filters as field → accepted values, every field checked against the schema. */
function readFilter(value: unknown, names: Set<string>, where: string, problems: Problems): Record<string, string[]> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.add(where, { es: 'El filtro es un objeto campo → valores.', en: 'The filter is an object field → values.' });
    return {};
  }
  const out: Record<string, string[]> = {};
  for (const [field, raw] of Object.entries(value as Record<string, unknown>)) {
    const values = (Array.isArray(raw) ? raw : [raw]).map(String).filter(Boolean);
    if (!names.has(field)) problems.add(`${where}.${field}`, { es: `El conjunto no tiene el campo «${field}».`, en: `The dataset has no field "${field}".` });
    else if (!values.length || values.length > 1000) problems.add(`${where}.${field}`, { es: 'Entre 1 y 1.000 valores.', en: 'Between 1 and 1,000 values.' });
    else out[field] = values;
  }
  return out;
}

/** A steward asks another entity for a dataset that is not open. */
export async function createRequest(ctx: Context, input: RequestInput): Promise<AccessRequest> {
  const requesterId = actingEntity(ctx.actor);
  if (!requesterId) demand(false, ctx.actor);
  demand(policy.classify(ctx.actor, requesterId!), ctx.actor);
  return submitRequest(ctx, requesterId!, input, actorId(ctx.actor));
}

/** A request on behalf of an entity, by one of its stewards or by its signed client credential (exchange.ts). */
export async function submitRequest(ctx: Context, requesterId: string, input: RequestInput, createdBy: string | null): Promise<AccessRequest> {
  const datasetId = String(input.dataset ?? '');
  const dataset = await ctx.db.selectFrom('datasets').selectAll().where('id', '=', datasetId).where('state', '=', 'active').executeTakeFirst();
  if (!dataset) throw notFound({ es: `el conjunto de datos «${datasetId}»`, en: `dataset "${datasetId}"` });
  if (dataset.entity_id === requesterId) throw invalid({ es: 'Una entidad no se pide datos a sí misma.', en: 'An entity does not request its own data.' });
  const handling = await datasetHandling(ctx, dataset);
  if (handling.rule === 'open' && dataset.access_level === 'public') throw invalid({ es: 'Este conjunto es abierto: úselo sin solicitud.', en: 'This dataset is open: use it without a request.' });
  if (handling.rule === 'restricted') throw new AppError('forbidden', { es: `Este conjunto es reservado: ${handling.reasons[0]!.es}`, en: `This dataset is reserved: ${handling.reasons[0]!.en}` });
  const { release } = await requireRelease({ ...ctx, actor: { kind: 'system', label: 'exchange' } }, dataset.id, 'latest');
  const names = new Set((release.schema as TableSchema).fields.map((f) => f.name));
  const problems = new Problems();
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const purpose = text(input.purpose);
  if (purpose.length < 20 || purpose.length > 5000) problems.add('purpose', { es: 'Describa la finalidad (20 a 5.000 caracteres).', en: 'Describe the purpose (20 to 5,000 characters).' });
  const normId = text(input.norm_id);
  const norm = normId ? await ctx.db.selectFrom('norms').select('id').where('id', '=', normId).executeTakeFirst() : undefined;
  if (!norm) problems.add('norm_id', { es: 'Elija la norma que faculta a su entidad, del catálogo de normas.', en: 'Choose the norm that empowers your entity, from the catalog of norms.' }, normId);
  const legalBasis = text(input.legal_basis);
  if (legalBasis.length < 10) problems.add('legal_basis', { es: 'Explique cómo la norma faculta a su entidad para esta finalidad.', en: 'Explain how the norm empowers your entity for this purpose.' });
  const fields: RequestedField[] = [];
  if (!Array.isArray(input.fields) || !input.fields.length) problems.add('fields', { es: 'Pida al menos un campo, justificando cada uno.', en: 'Ask for at least one field, justifying each.' });
  else input.fields.forEach((f: { name?: unknown; justification?: unknown }, i) => {
    const name = text(f?.name);
    const justification = text(f?.justification);
    if (!names.has(name)) problems.add(`fields[${i}].name`, { es: `El conjunto no tiene el campo «${name}».`, en: `The dataset has no field "${name}".` }, name);
    else if (fields.some((x) => x.name === name)) problems.add(`fields[${i}].name`, { es: `El campo «${name}» se repite.`, en: `Field "${name}" repeats.` }, name);
    if (justification.length < 10) problems.add(`fields[${i}].justification`, { es: `Justifique por qué necesita «${name}» (minimización de datos).`, en: `Justify why you need "${name}" (data minimization).` });
    fields.push({ name, justification });
  });
  const rowFilter = readFilter(input.row_filter, names, 'row_filter', problems);
  const duration = Number(input.duration_days);
  if (!Number.isInteger(duration) || duration < 1 || duration > MAX_DURATION_DAYS) problems.add('duration_days', { es: `La duración es de 1 a ${MAX_DURATION_DAYS} días.`, en: `The duration is 1 to ${MAX_DURATION_DAYS} days.` });
  const commitments = Array.isArray(input.commitments) ? input.commitments.map(String) : [];
  const missing = COMMITMENTS.filter((c) => !commitments.includes(c));
  if (missing.length) problems.add('commitments', { es: `Faltan compromisos de seguridad: ${missing.map((c) => COMMITMENT_LABELS[c].es).join('; ')}.`, en: `Missing security commitments: ${missing.map((c) => COMMITMENT_LABELS[c].en).join('; ')}.` });
  problems.throwIfAny({ es: 'La solicitud tiene datos inválidos.', en: 'The request has invalid data.' });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('access_requests').values({
      id: newId(), requester_entity_id: requesterId, provider_entity_id: dataset.entity_id, dataset_id: dataset.id, purpose, norm_id: normId, legal_basis: legalBasis,
      fields: JSON.stringify(fields), row_filter: JSON.stringify(rowFilter), duration_days: duration, commitments: JSON.stringify(COMMITMENTS), status: 'submitted',
      decision: null, submitted_at: now, due_at: addBusinessDays(now, LEGAL_DEADLINE_DAYS), decided_at: null, reminded_at: null, created_by: createdBy,
    }).returningAll().executeTakeFirstOrThrow();
    await record(trx, [event(ctx, 'access.requested', row, { dataset: dataset.id, requester: requesterId, norm: normId, fields_sha256: recordHash({ fields: fields.map((f) => f.name) }), duration_days: duration, due_at: row.due_at.toISOString() })]);
    return row;
  });
}

/** A request the actor may see: the requester's and the provider's people, and the national data office. */
export async function requireRequest(ctx: Context, id: string): Promise<AccessRequest> {
  const row = await ctx.db.selectFrom('access_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !(policy.readNonPublic(ctx.actor, row.requester_entity_id) || policy.readNonPublic(ctx.actor, row.provider_entity_id))) throw notFound({ es: `la solicitud «${id}»`, en: `request "${id}"` });
  return row;
}

/** A request with the grant it produced (if any) and how that grant has been used. */
export async function requestWithGrant(ctx: Context, id: string) {
  const row = await requireRequest(ctx, id);
  const grantId = (row.decision as { grant_id?: string } | null)?.grant_id;
  const grant = grantId ? await ctx.db.selectFrom('grants').selectAll().where('id', '=', grantId).executeTakeFirst() : undefined;
  if (!grant) return { ...row, grant: null };
  const usage = await ctx.db.selectFrom('exchange_accesses').where('grant_id', '=', grant.id).where('status', '=', 200)
    .select((eb) => [eb.fn.countAll<string>().as('reads'), eb.fn.max('at').as('last_read_at')]).executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const state = grant.revoked_at ? 'revoked' as const : grant.expires_at <= now ? 'expired' as const : 'active' as const;
  return { ...row, grant: { ...grant, state, reads: Number(usage.reads), last_read_at: usage.last_read_at ? new Date(usage.last_read_at as unknown as string) : null } };
}

async function transition(ctx: Context, id: string, side: 'provider' | 'requester', from: AccessRequest['status'][], work: (row: AccessRequest, trx: Db) => Promise<AccessRequest>) {
  const row = await requireRequest(ctx, id);
  demand(policy.classify(ctx.actor, side === 'provider' ? row.provider_entity_id : row.requester_entity_id), ctx.actor);
  if (!from.includes(row.status)) throw conflict({ es: `La solicitud está en estado «${row.status}»; esta acción no aplica.`, en: `The request is "${row.status}"; this action does not apply.` });
  return ctx.db.transaction().execute((trx) => work(row, trx));
}

const message = (ctx: Context, from: 'requester' | 'provider', text: string) => ({ at: ctx.clock.now().toISOString(), from, actor: ledgerActor(ctx.actor), text });

/** The provider asks the requester for more information. */
export function askInformation(ctx: Context, id: string, text: string) {
  if (text.trim().length < 10) throw invalid({ es: 'Diga qué información falta.', en: 'Say what information is missing.' }, [{ field: 'text', message: { es: 'Muy corto.', en: 'Too short.' } }]);
  return transition(ctx, id, 'provider', ['submitted'], async (row, trx) => {
    const updated = await trx.updateTable('access_requests').set({ status: 'info_requested', messages: JSON.stringify([...row.messages, message(ctx, 'provider', text.trim())]) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await record(trx, [event(ctx, 'access.info_requested', row, {})]);
    return updated;
  });
}

/** The requester answers; the request is back with the provider. */
export function provideInformation(ctx: Context, id: string, text: string) {
  if (text.trim().length < 10) throw invalid({ es: 'Escriba la información pedida.', en: 'Write the information asked for.' }, [{ field: 'text', message: { es: 'Muy corto.', en: 'Too short.' } }]);
  return transition(ctx, id, 'requester', ['info_requested'], async (row, trx) => {
    const updated = await trx.updateTable('access_requests').set({ status: 'submitted', messages: JSON.stringify([...row.messages, message(ctx, 'requester', text.trim())]) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await record(trx, [event(ctx, 'access.info_provided', row, {})]);
    return updated;
  });
}

/** The provider denies, citing the norm that supports the denial and why. */
export async function denyRequest(ctx: Context, id: string, input: { norm_id?: unknown; reason?: unknown }) {
  const normId = String(input.norm_id ?? '');
  await requireNorm(ctx, normId).catch(() => {
    throw invalid({ es: 'Cite la norma en que se funda la negativa.', en: 'Cite the norm the denial rests on.' }, [{ field: 'norm_id', message: { es: 'Norma desconocida.', en: 'Unknown norm.' }, value: normId }]);
  });
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length < 20) throw invalid({ es: 'Explique la razón legal de la negativa (al menos 20 caracteres).', en: 'Explain the legal reason for the denial (at least 20 characters).' }, [{ field: 'reason', message: { es: 'Muy corta.', en: 'Too short.' } }]);
  return transition(ctx, id, 'provider', ['submitted', 'info_requested'], async (row, trx) => {
    const updated = await trx.updateTable('access_requests').set({ status: 'denied', decided_at: ctx.clock.now(), decision: JSON.stringify({ norm_id: normId, reason }) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await record(trx, [event(ctx, 'access.denied', row, { norm: normId })]);
    return updated;
  });
}

/**
 * The provider approves, possibly narrowing: fewer fields, stricter rows (a filter may only add fields or
 * drop values), a shorter term. The grant is created in the same transaction.
 */
export async function approveRequest(ctx: Context, id: string, input: { fields?: unknown; row_filter?: unknown; duration_days?: unknown; note?: unknown } = {}) {
  return transition(ctx, id, 'provider', ['submitted', 'info_requested'], async (row, trx) => {
    const asked = row.fields.map((f) => f.name);
    const problems = new Problems();
    const fields = input.fields === undefined ? asked : Array.isArray(input.fields) ? input.fields.map(String) : [];
    if (!fields.length || fields.some((f) => !asked.includes(f))) problems.add('fields', { es: `Puede conceder los campos pedidos o menos: ${asked.join(', ')}.`, en: `You may grant the requested fields or fewer: ${asked.join(', ')}.` });
    const filter = input.row_filter === undefined ? row.row_filter : readFilter(input.row_filter, new Set([...Object.keys(row.row_filter), ...asked, ...Object.keys((input.row_filter ?? {}) as object)]), 'row_filter', problems);
    for (const [field, values] of Object.entries(row.row_filter)) {
      if (!filter[field] || filter[field]!.some((v) => !values.includes(v))) problems.add(`row_filter.${field}`, { es: 'La aprobación solo puede restringir las filas pedidas, no ampliarlas.', en: 'An approval may only narrow the requested rows, not widen them.' });
    }
    const duration = input.duration_days === undefined ? row.duration_days : Number(input.duration_days);
    if (!Number.isInteger(duration) || duration < 1 || duration > row.duration_days) problems.add('duration_days', { es: `De 1 a ${row.duration_days} días.`, en: `From 1 to ${row.duration_days} days.` });
    problems.throwIfAny({ es: 'La aprobación no es válida.', en: 'The approval is not valid.' });
    const now = ctx.clock.now();
    const grant = await trx.insertInto('grants').values({
      id: newId(), request_id: row.id, dataset_id: row.dataset_id, provider_entity_id: row.provider_entity_id, consumer_entity_id: row.requester_entity_id,
      fields: JSON.stringify(fields), row_filter: JSON.stringify(filter), starts_at: now, expires_at: new Date(now.getTime() + duration * 86_400_000), revoked_at: null, revoked_by: null, revoke_reason: null,
    }).returningAll().executeTakeFirstOrThrow();
    const narrowed = fields.length < asked.length || JSON.stringify(filter) !== JSON.stringify(row.row_filter) || duration < row.duration_days;
    const updated = await trx.updateTable('access_requests').set({ status: 'approved', decided_at: now, decision: JSON.stringify({ grant_id: grant.id, narrowed, note: typeof input.note === 'string' ? input.note.trim() : '' }) }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await record(trx, [
      event(ctx, 'access.approved', row, { grant: grant.id, narrowed }),
      { ...event(ctx, 'grant.created', row, { request: row.id, dataset: row.dataset_id, consumer: row.requester_entity_id, fields_sha256: recordHash({ fields }), expires_at: grant.expires_at.toISOString() }), subject: `grant:${grant.id}` },
    ]);
    return updated;
  });
}

/** The provider revokes a grant before its term; access stops at once. */
export async function revokeGrant(ctx: Context, grantId: string, reason: string) {
  const grant = await ctx.db.selectFrom('grants').selectAll().where('id', '=', grantId).executeTakeFirst();
  if (!grant || !(policy.readNonPublic(ctx.actor, grant.provider_entity_id) || policy.readNonPublic(ctx.actor, grant.consumer_entity_id))) throw notFound({ es: `la autorización «${grantId}»`, en: `grant "${grantId}"` });
  demand(policy.classify(ctx.actor, grant.provider_entity_id), ctx.actor);
  if (grant.revoked_at) throw conflict({ es: 'La autorización ya fue revocada.', en: 'The grant was already revoked.' });
  if (reason.trim().length < 10) throw invalid({ es: 'Diga por qué se revoca.', en: 'Say why it is revoked.' }, [{ field: 'reason', message: { es: 'Diga por qué se revoca (al menos 10 caracteres).', en: 'Say why it is revoked (at least 10 characters).' } }]);
  return ctx.db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('grants').set({ revoked_at: ctx.clock.now(), revoked_by: actorId(ctx.actor), revoke_reason: reason.trim() }).where('id', '=', grantId).returningAll().executeTakeFirstOrThrow();
    await record(trx, [{ type: 'grant.revoked', actor: ledgerActor(ctx.actor), entity: grant.provider_entity_id, subject: `grant:${grant.id}`, time: ctx.clock.now().toISOString(), payload: { request: grant.request_id } }]);
    return updated;
  });
}

/** Requests an entity made or received, newest first, with whether each is overdue. */
export async function entityRequests(ctx: Context, entityKey: string) {
  const entity = await requireEntity(ctx, entityKey);
  demand(policy.readNonPublic(ctx.actor, entity.id), ctx.actor);
  const rows = await ctx.db.selectFrom('access_requests').selectAll().where((eb) => eb.or([eb('requester_entity_id', '=', entity.id), eb('provider_entity_id', '=', entity.id)])).orderBy('submitted_at', 'desc').execute();
  const now = ctx.clock.now();
  return rows.map((r) => ({ ...r, direction: r.provider_entity_id === entity.id ? 'received' as const : 'sent' as const, overdue: (r.status === 'submitted' || r.status === 'info_requested') && r.due_at < now }));
}

/** Days left before the legal term at which the provider is reminded. */
export const REMINDER_BUSINESS_DAYS = 3;

/**
 * Reminds providers of requests close to their term (once per request), as a ledger event the board and the
 * entity's page show; run every hour by the server.
 */
export async function remindDueRequests(ctx: Context): Promise<number> {
  const now = ctx.clock.now();
  const horizon = addBusinessDays(now, REMINDER_BUSINESS_DAYS);
  const due = await ctx.db.selectFrom('access_requests').selectAll().where('status', 'in', ['submitted', 'info_requested']).where('reminded_at', 'is', null).where('due_at', '<=', horizon).execute();
  for (const row of due) {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('access_requests').set({ reminded_at: now }).where('id', '=', row.id).execute();
      await appendEvents(trx, [{ type: 'access.reminded', actor: 'system:exchange', entity: row.provider_entity_id, subject: `access-request:${row.id}`, time: now.toISOString(), payload: { due_at: row.due_at.toISOString(), overdue: row.due_at < now } }]);
    });
  }
  return due.length;
}

/**
 * What another entity's steward may ask for: datasets that are not open, with their entity, handling rule and
 * field names and titles (the schema is metadata; the data stay closed).
 */
export async function requestableDatasets(ctx: Context) {
  const entityId = actingEntity(ctx.actor);
  if (!entityId) demand(false, ctx.actor);
  const rows = await ctx.db.selectFrom('datasets as d').innerJoin('entities as e', 'e.id', 'd.entity_id')
    .selectAll('d').select(['e.nit', 'e.name as entity_name']).where('d.state', '=', 'active').where('d.current_release', 'is not', null).where('d.entity_id', '!=', entityId!).orderBy('d.title').execute();
  const out = [];
  for (const row of rows) {
    const handling = await datasetHandling(ctx, row);
    if (!handling.requestable && !(row.access_level === 'restricted' && handling.rule !== 'restricted')) continue;
    const release = await ctx.db.selectFrom('releases').select('schema').where('dataset_id', '=', row.id).where('number', '=', row.current_release!).executeTakeFirstOrThrow();
    out.push({ id: row.id, title: row.title, entity: { nit: row.nit, name: row.entity_name }, rule: handling.rule, rule_label: handling.label, fields: (release.schema as TableSchema).fields.map((f) => ({ name: f.name, title: f.title ?? f.name })) });
  }
  return out;
}
