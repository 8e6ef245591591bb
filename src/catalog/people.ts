import { createHash } from 'node:crypto';
import { ALL_ROLES, actorId, type PersonActor, type Role } from '../core/actor.ts';
import { Problems, conflict, forbidden, notFound, unauthorized } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Context } from '../store/context.ts';
import type { PersonRow } from '../store/schema.ts';
import { isUniqueViolation, type Db } from '../store/database.ts';
import { demand, policy } from './access.ts';
import { diff, recordChange } from './changes.ts';
import { requireEntity } from './entities.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface PersonView {
  id: string;
  email: string;
  name: string;
  entity_id: string;
  roles: Role[];
  disabled: boolean;
  created_at: Date;
}

export function personView(row: PersonRow): PersonView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    entity_id: row.entity_id,
    roles: row.roles as Role[],
    disabled: row.disabled,
    created_at: row.created_at,
  };
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function parseRoles(roles: unknown, problems: Problems): Role[] {
  const list = (Array.isArray(roles) ? roles : String(roles ?? '').split(/[,\s]+/)).map((r) => String(r).trim()).filter(Boolean);
  const unknown = list.filter((r) => !ALL_ROLES.includes(r as Role));
  if (list.length === 0) problems.add('roles', { es: 'Indique al menos un rol.', en: 'Give at least one role.' });
  if (unknown.length) {
    problems.add('roles', {
      es: `Rol desconocido: ${unknown.join(', ')}. Roles válidos: ${ALL_ROLES.join(', ')}.`,
      en: `Unknown role: ${unknown.join(', ')}. Valid roles: ${ALL_ROLES.join(', ')}.`,
    });
  }
  return [...new Set(list)] as Role[];
}

export interface NewPerson {
  email: string;
  name?: string;
  entity: string;
  roles: string[] | string;
  password: string;
}

export async function createPerson(ctx: Context, input: NewPerson): Promise<PersonView> {
  const problems = new Problems();
  const email = String(input.email ?? '').trim().toLowerCase();
  if (!EMAIL.test(email)) problems.add('email', { es: 'Escriba un correo electrónico válido.', en: 'Enter a valid email address.' }, input.email);
  const roles = parseRoles(input.roles, problems);
  const weak = passwordProblem(String(input.password ?? ''), email);
  if (weak) problems.add('password', weak);
  problems.throwIfAny();
  const entity = await requireEntity(ctx, input.entity);
  demand(policy.managePeople(ctx.actor, entity.id), ctx.actor);
  for (const role of roles) demand(policy.grantRole(ctx.actor, role), ctx.actor);
  const existing = await ctx.db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) {
    throw conflict({ es: `Ya existe una cuenta con el correo ${email}.`, en: `An account with email ${email} already exists.` });
  }
  const now = ctx.clock.now();
  const row = {
    id: newId(),
    email,
    name: String(input.name ?? '').trim() || email.split('@')[0]!,
    entity_id: entity.id,
    roles,
    password_hash: await hashPassword(input.password),
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('people').values(row).execute().catch((error) => {
      throw isUniqueViolation(error, 'people_email_key') ? conflict({ es: `Ya existe una cuenta con el correo ${email}.`, en: `An account with email ${email} already exists.` }) : error;
    });
    await recordChange(trx, ctx.actor, now, {
      subject_type: 'person',
      subject_id: row.id,
      entity_id: entity.id,
      version: null,
      action: 'create',
      changes: [{ field: 'email', from: null, to: email }, { field: 'roles', from: null, to: roles }],
    });
  });
  return personView({ ...row, disabled: false });
}

export async function listPeople(ctx: Context, entityKey: string): Promise<PersonView[]> {
  const entity = await requireEntity(ctx, entityKey);
  demand(policy.managePeople(ctx.actor, entity.id), ctx.actor);
  const rows = await ctx.db.selectFrom('people').selectAll().where('entity_id', '=', entity.id).orderBy('email').execute();
  return rows.map(personView);
}

export async function getPerson(ctx: Context, id: string): Promise<PersonView> {
  if (ctx.actor.kind === 'anonymous') throw unauthorized();
  const row = await ctx.db.selectFrom('people').selectAll().where('id', '=', String(id)).executeTakeFirst();
  // People of other entities are not listed to those who may not manage them.
  if (!row || !policy.managePeople(ctx.actor, row.entity_id)) throw notFound({ es: 'la persona', en: 'the person' });
  return personView(row);
}

export interface PersonChange {
  name?: string;
  roles?: string[] | string;
  disabled?: boolean;
  password?: string;
}

/** An administrator changes someone's name, roles, access or password; every change goes to the history. */
export async function updatePerson(ctx: Context, id: string, change: PersonChange): Promise<PersonView> {
  if (ctx.actor.kind === 'anonymous') throw unauthorized();
  const row = await ctx.db.selectFrom('people').selectAll().where('id', '=', String(id)).executeTakeFirst();
  if (!row || !policy.managePeople(ctx.actor, row.entity_id)) throw notFound({ es: 'la persona', en: 'the person' });
  if (!policy.managePerson(ctx.actor, { id: row.id, entityId: row.entity_id, roles: row.roles })) {
    throw forbidden({ es: 'Las cuentas de la oficina nacional de datos, del árbitro y de otros administradores solo las cambia la oficina nacional de datos.', en: "The accounts of the national data office, the arbiter and other administrators are changed only by the national data office." });
  }
  const problems = new Problems();
  const self = ctx.actor.kind === 'person' && ctx.actor.id === row.id;
  const roles = change.roles !== undefined ? parseRoles(change.roles, problems) : (row.roles as Role[]);
  if (self && (change.disabled || (change.roles !== undefined && roles.join() !== row.roles.join()))) {
    problems.add(change.disabled ? 'disabled' : 'roles', {
      es: 'No puede cambiar sus propios roles ni desactivar su propia cuenta; pídaselo a otro administrador.',
      en: 'You cannot change your own roles or disable your own account; ask another administrator.',
    });
  }
  const weak = change.password !== undefined ? passwordProblem(change.password, row.email) : undefined;
  if (weak) problems.add('password', weak);
  const name = change.name !== undefined ? String(change.name).trim() : row.name;
  if (!name || name.length > 200) problems.add('name', { es: 'El nombre debe tener entre 1 y 200 caracteres.', en: 'The name must have 1 to 200 characters.' });
  problems.throwIfAny();
  for (const role of roles.filter((r) => !row.roles.includes(r))) demand(policy.grantRole(ctx.actor, role), ctx.actor);
  const disabled = change.disabled ?? row.disabled;
  const now = ctx.clock.now();
  // Hashing takes a moment: done before the transaction, which on PGlite holds the only connection.
  const passwordHash = change.password !== undefined ? await hashPassword(change.password) : undefined;
  const updated = await ctx.db.transaction().execute(async (trx) => {
    const next = await trx
      .updateTable('people')
      .set({ name, roles, disabled, updated_at: now, ...(passwordHash ? { password_hash: passwordHash } : {}) })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const changes = diff({ name: row.name, roles: row.roles, disabled: row.disabled }, { name, roles, disabled }, ['name', 'roles', 'disabled']);
    if (change.password !== undefined) changes.push({ field: 'password', from: null, to: '(nueva)' });
    // A disabled account, or one whose password was reset, loses its open sessions and its API tokens.
    if (disabled || change.password !== undefined) {
      await trx.deleteFrom('sessions').where('person_id', '=', row.id).execute();
      await revokeTokens(trx, row.id, now);
    }
    if (changes.length) await recordChange(trx, ctx.actor, now, { subject_type: 'person', subject_id: row.id, entity_id: row.entity_id, version: null, action: 'update', changes });
    return next;
  });
  return personView(updated);
}

const revokeTokens = (trx: Db, personId: string, now: Date) =>
  trx.updateTable('api_tokens').set({ revoked_at: now }).where('person_id', '=', personId).where('revoked_at', 'is', null).execute();

/** A person changes their own password, proving the current one; their other sessions end. */
export async function changeOwnPassword(ctx: Context, current: string, next: string, keepSessionToken?: string): Promise<void> {
  if (ctx.actor.kind !== 'person') demand(false, ctx.actor);
  const row = await ctx.db.selectFrom('people').selectAll().where('id', '=', actorId(ctx.actor)!).executeTakeFirstOrThrow();
  const problems = new Problems();
  if (!row.password_hash || !(await verifyPassword(String(current ?? ''), row.password_hash))) {
    problems.add('current_password', { es: 'La contraseña actual no es correcta.', en: 'The current password is not correct.' });
  }
  const weak = passwordProblem(String(next ?? ''), row.email);
  if (weak) problems.add('new_password', weak);
  problems.throwIfAny({ es: 'No se pudo cambiar la contraseña.', en: 'The password could not be changed.' });
  const now = ctx.clock.now();
  const passwordHash = await hashPassword(next);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('people').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', row.id).execute();
    let others = trx.deleteFrom('sessions').where('person_id', '=', row.id);
    if (keepSessionToken) others = others.where('token_hash', '!=', sha256(keepSessionToken));
    await others.execute();
    // A token made before the change may be the reason for it: none survives.
    await revokeTokens(trx, row.id, now);
    await recordChange(trx, ctx.actor, now, { subject_type: 'person', subject_id: row.id, entity_id: row.entity_id, version: null, action: 'update', changes: [{ field: 'password', from: null, to: '(nueva)' }] });
  });
}

export function toActor(row: PersonRow, via: PersonActor['via']): PersonActor {
  return { kind: 'person', id: row.id, name: row.name, email: row.email, entityId: row.entity_id, roles: row.roles as Role[], via };
}
