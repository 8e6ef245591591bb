import { actorId, type PersonActor } from '../core/actor.ts';
import { invalid, notFound } from '../core/errors.ts';
import { newId, newSecretToken } from '../core/ids.ts';
import type { Context } from '../store/context.ts';
import type { Db } from '../store/database.ts';
import { demand } from './access.ts';
import { sha256, toActor } from './people.ts';

/** API tokens: shown once, stored as SHA-256 hashes, expiring and revocable. */
const TOKEN_PREFIX = 'idt_';

export async function createApiToken(ctx: Context, name: string, days = 365): Promise<{ id: string; token: string; name: string; expires_at: Date }> {
  if (ctx.actor.kind !== 'person') demand(false, ctx.actor);
  const person = ctx.actor as PersonActor;
  const label = String(name ?? '').trim();
  if (!label || label.length > 100) {
    throw invalid({ es: 'Dé un nombre (1 a 100 caracteres) al token.', en: 'Give the token a name (1 to 100 characters).' }, [
      { field: 'name', message: { es: 'Nombre obligatorio.', en: 'Name required.' } },
    ]);
  }
  const secret = newSecretToken();
  const id = newId();
  const token = `${TOKEN_PREFIX}${id}_${secret}`;
  const now = ctx.clock.now();
  const expires = new Date(now.getTime() + days * 86400_000);
  await ctx.db
    .insertInto('api_tokens')
    .values({ id, person_id: person.id, name: label, token_hash: sha256(token), prefix: token.slice(0, 12), created_at: now, expires_at: expires, last_used_at: null, revoked_at: null })
    .execute();
  return { id, token, name: label, expires_at: expires };
}

export async function listApiTokens(ctx: Context) {
  if (ctx.actor.kind !== 'person') demand(false, ctx.actor);
  return ctx.db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .where('person_id', '=', actorId(ctx.actor)!)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeApiToken(ctx: Context, id: string): Promise<void> {
  if (ctx.actor.kind !== 'person') demand(false, ctx.actor);
  const result = await ctx.db
    .updateTable('api_tokens')
    .set({ revoked_at: ctx.clock.now() })
    .where('id', '=', id)
    .where('person_id', '=', actorId(ctx.actor)!)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound({ es: 'el token', en: 'the token' });
}

export async function actorFromApiToken(db: Db, token: string, now: Date): Promise<PersonActor | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('people', 'people.id', 'api_tokens.person_id')
    .selectAll('people')
    .select(['api_tokens.id as token_id', 'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.disabled || row.revoked_at || (row.expires_at && row.expires_at.getTime() <= now.getTime())) return undefined;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
  }
  return toActor(row, 'token');
}
