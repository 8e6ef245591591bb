import { randomBytes } from 'node:crypto';
import { demand, policy } from '../catalog/access.ts';
import { requireEntity } from '../catalog/entities.ts';
import { actorId } from '../core/actor.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { ledgerActor } from '../catalog/ledger-events.ts';
import { appendEvents } from '../ledger/log.ts';
import type { Context } from '../store/context.ts';
import type { EntityRow } from '../store/schema.ts';
import { publicKeyFrom, rawPublicKey } from './signatures.ts';

/** An entity's X-Road-style member identifier and a subsystem's client identifier: CO/GOV/<NIT>/<subsystem>. */
export const clientIdentifier = (entity: Pick<EntityRow, 'member_class' | 'nit'>, subsystem: string) => `CO/${entity.member_class}/${entity.nit}/${subsystem}`;

/**
 * Registers a client credential of the entity: a subsystem name and the public key its requests are signed
 * with. The entity's stewards and administrators may.
 */
export async function registerClient(ctx: Context, entityKey: string, input: { subsystem?: unknown; public_key?: unknown }) {
  const entity = await requireEntity(ctx, entityKey);
  demand(policy.classify(ctx.actor, entity.id) || policy.editEntity(ctx.actor, entity.id), ctx.actor);
  const subsystem = typeof input.subsystem === 'string' ? input.subsystem.trim() : '';
  if (!/^[a-z0-9][a-z0-9-]{1,40}$/.test(subsystem)) throw invalid({ es: 'El subsistema es un nombre corto en minúsculas, dígitos y guiones.', en: 'The subsystem is a short name of lower-case letters, digits and hyphens.' }, [{ field: 'subsystem', message: { es: 'Nombre inválido.', en: 'Invalid name.' } }]);
  const key = publicKeyFrom(String(input.public_key ?? ''));
  const raw = rawPublicKey(key);
  const created = await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('exchange_clients').values({ id: randomBytes(9).toString('base64url'), entity_id: entity.id, subsystem, public_key: raw, created_at: ctx.clock.now(), created_by: actorId(ctx.actor), revoked_at: null })
      .onConflict((oc) => oc.columns(['entity_id', 'subsystem']).doNothing()).returningAll().executeTakeFirst();
    if (inserted) await appendEvents(trx, [clientEvent(ctx, 'exchange.client_registered', entity, subsystem, { public_key: raw })]);
    return inserted;
  });
  if (!created) {
    const message = { es: `La entidad ya tiene el subsistema «${subsystem}».`, en: `The entity already has subsystem "${subsystem}".` };
    throw new AppError('conflict', message, [{ field: 'subsystem', message, value: subsystem }]);
  }
  return clientView(entity, created);
}

const clientEvent = (ctx: Context, type: string, entity: EntityRow, subsystem: string, payload: Record<string, unknown>) =>
  ({ type, actor: ledgerActor(ctx.actor), entity: entity.id, subject: `client:${clientIdentifier(entity, subsystem)}`, time: ctx.clock.now().toISOString(), payload });

const clientView = (entity: EntityRow, row: { subsystem: string; public_key: string; created_at: Date; revoked_at: Date | null }) =>
  ({ client: clientIdentifier(entity, row.subsystem), subsystem: row.subsystem, public_key: row.public_key, created_at: row.created_at, revoked_at: row.revoked_at });

/** The entity's client credentials, revoked ones too (they stay in the access log). */
export async function listClients(ctx: Context, entityKey: string) {
  const entity = await requireEntity(ctx, entityKey);
  demand(policy.readNonPublic(ctx.actor, entity.id), ctx.actor);
  const rows = await ctx.db.selectFrom('exchange_clients').selectAll().where('entity_id', '=', entity.id).orderBy('created_at').execute();
  return rows.map((row) => clientView(entity, row));
}

/** Revokes a client credential: its signatures are refused from now on. */
export async function revokeClient(ctx: Context, entityKey: string, subsystem: string) {
  const entity = await requireEntity(ctx, entityKey);
  demand(policy.classify(ctx.actor, entity.id) || policy.editEntity(ctx.actor, entity.id), ctx.actor);
  const revoked = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('exchange_clients').set({ revoked_at: ctx.clock.now() }).where('entity_id', '=', entity.id).where('subsystem', '=', subsystem).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
    if (row) await appendEvents(trx, [clientEvent(ctx, 'exchange.client_revoked', entity, subsystem, {})]);
    return row;
  });
  if (!revoked) throw notFound({ es: `el cliente vigente «${subsystem}»`, en: `active client "${subsystem}"` });
  return clientView(entity, revoked);
}
