import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PersonActor } from '../core/actor.ts';
import { AppError } from '../core/errors.ts';
import { newSecretToken } from '../core/ids.ts';
import type { Db } from '../store/database.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { LoginThrottle } from './login-throttle.ts';
import { sha256, toActor } from './people.ts';

export const SESSION_HOURS = 12;

const throttle = new LoginThrottle();

/** A hash of the current cost that no password matches: unknown accounts cost as much time as known ones. */
let decoy: Promise<string> | undefined;

export async function signIn(db: Db, email: string, password: string, now: Date, address = 'local'): Promise<{ token: string; actor: PersonActor }> {
  const key = String(email ?? '').trim().toLowerCase();
  throttle.check(key, address, now.getTime());
  const row = await db.selectFrom('people').selectAll().where('email', '=', key).executeTakeFirst();
  decoy ??= hashPassword(newSecretToken());
  const checked = await verifyPassword(String(password ?? ''), row?.password_hash ?? (await decoy));
  const ok = checked && row && !row.disabled && row.password_hash;
  if (!ok || !row) {
    throttle.fail(key, address, now.getTime());
    throw new AppError('unauthorized', {
      es: 'Correo o contraseña incorrectos.',
      en: 'Wrong email or password.',
    });
  }
  throttle.succeed(key, address);
  const token = newSecretToken();
  await db
    .insertInto('sessions')
    .values({ token_hash: sha256(token), person_id: row.id, created_at: now, expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000), last_seen_at: now })
    .execute();
  return { token, actor: toActor(row, 'session') };
}

export async function signOut(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
}

/** Resolves a session cookie; sessions slide while used. */
export async function actorFromSession(db: Db, token: string, now: Date): Promise<PersonActor | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('people', 'people.id', 'sessions.person_id')
    .selectAll('people')
    .select(['sessions.expires_at', 'sessions.last_seen_at'])
    .where('sessions.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.disabled || row.expires_at.getTime() <= now.getTime()) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > 5 * 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now, expires_at: new Date(now.getTime() + SESSION_HOURS * 3600_000) })
      .where('token_hash', '=', sha256(token))
      .execute();
  }
  return toActor(row, 'session');
}

/** CSRF token bound to the session: forged requests from other sites cannot know it. */
export function csrfTokenFor(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionToken}`).digest('base64url');
}

export function checkCsrf(secret: string, sessionToken: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(csrfTokenFor(secret, sessionToken));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export async function purgeExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}
