import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { demand, policy } from '../catalog/access.ts';
import { requireEntity } from '../catalog/entities.ts';
import { actorId } from '../core/actor.ts';
import { conflict, invalid } from '../core/errors.ts';
import type { Context } from '../store/context.ts';
import type { EntityRow } from '../store/schema.ts';

/** An entity's X-Road-style member identifier and a subsystem's client identifier: CO/GOV/<NIT>/<subsystem>. */
export const clientIdentifier = (entity: Pick<EntityRow, 'member_class' | 'nit'>, subsystem: string) => `CO/${entity.member_class}/${entity.nit}/${subsystem}`;

/** Ed25519 public keys as the 32 raw bytes in base64 (or a PEM SPKI block). */
export function publicKeyFrom(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPublicKey(trimmed);
  const raw = Buffer.from(trimmed, 'base64');
  if (raw.length !== 32) throw invalid({ es: 'La clave pública Ed25519 son 32 bytes en base64.', en: 'An Ed25519 public key is 32 bytes in base64.' }, [{ field: 'public_key', message: { es: 'Clave inválida.', en: 'Invalid key.' } }]);
  return createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });
}

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
  const raw = key.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
  const inserted = await ctx.db.insertInto('exchange_clients').values({ id: randomBytes(9).toString('base64url'), entity_id: entity.id, subsystem, public_key: raw, created_at: ctx.clock.now(), created_by: actorId(ctx.actor), revoked_at: null })
    .onConflict((oc) => oc.columns(['entity_id', 'subsystem']).doNothing()).returningAll().executeTakeFirst();
  if (!inserted) throw conflict({ es: `La entidad ya tiene el subsistema «${subsystem}».`, en: `The entity already has subsystem "${subsystem}".` });
  return { client: clientIdentifier(entity, subsystem), subsystem, public_key: raw, created_at: inserted.created_at };
}
