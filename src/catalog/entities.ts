import { sql } from 'kysely';
import { AppError, Problems, conflict, notFound } from '../core/errors.ts';
import { spanishSortKey } from '../core/text.ts';
import type { Context } from '../store/context.ts';
import { isUniqueViolation, type Db } from '../store/database.ts';
import type { EntityRow } from '../store/schema.ts';
import { demand, policy } from './access.ts';
import { diff, recordChange } from './changes.ts';
import { entityEvent } from './ledger-events.ts';
import { withLedger } from '../ledger/log.ts';
import { divipolaFor, type Divipola } from './divipola.ts';
import { formatNit, parseNit } from './nit.ts';
import { matchTerm, ORDENES, SECTORS } from './vocabularies.ts';

export const INSTANCE = 'CO';
export const PUBLIC_MEMBER_CLASS = 'GOV';

/** X-Road-style member identifier: instance/class/code, the code being the NIT without its digit. */
export function memberId(nit: string, memberClass = PUBLIC_MEMBER_CLASS): string {
  return `${INSTANCE}/${memberClass}/${nit}`;
}

export interface EntityInput {
  nit?: string;
  name?: string;
  acronym?: string;
  sector?: string;
  orden?: string;
  department_code?: string;
  municipality_code?: string;
  website?: string;
  contact_name?: string;
  contact_email?: string;
  contact_phone?: string;
  description?: string;
  /** X-Road member class: GOV for public entities (default), COM for companies sharing data of public interest. */
  member_class?: string;
}

const EDITABLE = ['name', 'acronym', 'sector', 'orden', 'department_code', 'municipality_code', 'website', 'contact_name', 'contact_email', 'contact_phone', 'description'] as const;

type EntityFields = Pick<EntityRow, (typeof EDITABLE)[number]>;

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value).trim());
const optional = (value: unknown) => text(value) || null;

function validate(input: EntityInput, divipola: Divipola, problems: Problems): EntityFields {
  const name = text(input.name);
  if (name.length < 3 || name.length > 200) {
    problems.add('name', { es: 'El nombre debe tener entre 3 y 200 caracteres.', en: 'The name must have 3 to 200 characters.' }, input.name);
  }
  const sector = matchTerm(SECTORS, text(input.sector));
  if (!sector) problems.add('sector', { es: 'Elija un sector de la lista.', en: 'Choose a sector from the list.' }, input.sector);
  const orden = matchTerm(ORDENES, text(input.orden)) as EntityRow['orden'] | undefined;
  if (!orden) problems.add('orden', { es: 'El orden debe ser nacional o territorial.', en: 'The level must be national or territorial.' }, input.orden);

  const department = divipola.normalize(text(input.department_code));
  if (!department || divipola.get(department)?.kind !== 'department') {
    problems.add('department_code', {
      es: `«${text(input.department_code)}» no es un código DIVIPOLA de departamento (dos dígitos, ej. 05 Antioquia, 11 Bogotá).`,
      en: `"${text(input.department_code)}" is not a DIVIPOLA department code (two digits, e.g. 05 Antioquia, 11 Bogotá).`,
    }, input.department_code);
  }
  let municipality: string | null = null;
  if (text(input.municipality_code)) {
    const code = divipola.normalize(text(input.municipality_code));
    // Until the full list is loaded, a well-formed code of a department stands for itself.
    const entry = code && divipola.isMunicipality(code) ? divipola.get(code) ?? { code, name: code, department_code: code.slice(0, 2) } : undefined;
    if (!entry) {
      problems.add('municipality_code', {
        es: `«${text(input.municipality_code)}» no es un código DIVIPOLA de municipio (cinco dígitos, ej. 05001 Medellín).`,
        en: `"${text(input.municipality_code)}" is not a DIVIPOLA municipality code (five digits, e.g. 05001 Medellín).`,
      }, input.municipality_code);
    } else if (department && entry.department_code !== department) {
      problems.add('municipality_code', {
        es: `El municipio ${entry.name} (${entry.code}) no pertenece al departamento ${divipola.label(department)}.`,
        en: `Municipality ${entry.name} (${entry.code}) is not in department ${divipola.label(department)}.`,
      }, input.municipality_code);
    } else {
      municipality = entry.code;
    }
  }
  const website = optional(input.website);
  if (website && !/^https?:\/\/[^\s]+\.[^\s]+$/i.test(website)) {
    problems.add('website', { es: 'El sitio web debe ser una URL que empiece por https:// o http://.', en: 'The website must be a URL starting with https:// or http://.' }, website);
  }
  const email = optional(input.contact_email);
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    problems.add('contact_email', { es: 'El correo de contacto no es válido.', en: 'The contact email is not valid.' }, email);
  }
  const phone = optional(input.contact_phone);
  if (phone && !/^[+()\d\s.-]{7,25}(\s*(ext\.?|extensión)\s*\d+)?$/i.test(phone)) {
    problems.add('contact_phone', { es: 'El teléfono solo admite dígitos, espacios, +, -, paréntesis y extensión.', en: 'The phone may contain digits, spaces, +, -, parentheses and an extension only.' }, phone);
  }
  return {
    name,
    acronym: optional(input.acronym),
    sector: sector ?? '',
    orden: orden ?? 'nacional',
    department_code: department ?? '',
    municipality_code: municipality,
    website,
    contact_name: optional(input.contact_name),
    contact_email: email?.toLowerCase() ?? null,
    contact_phone: phone,
    description: optional(input.description),
  };
}

export interface EntityView extends EntityRow {
  nit_display: string;
  department_name: string | null;
  municipality_name: string | null;
}

export function entityView(row: EntityRow, divipola: Divipola): EntityView {
  return {
    ...row,
    nit_display: formatNit(row.nit, row.check_digit),
    department_name: divipola.get(row.department_code)?.name ?? null,
    municipality_name: row.municipality_code ? divipola.get(row.municipality_code)?.name ?? null : null,
  };
}

/** Finds an entity by NIT ("899999027" or "899999027-8") or by its member id ("CO/GOV/899999027"). */
export async function findEntity(db: Db, key: string): Promise<EntityRow | undefined> {
  let trimmed = String(key).trim();
  try {
    trimmed = decodeURIComponent(trimmed);
  } catch {
    return undefined;
  }
  if (trimmed.includes('/')) return db.selectFrom('entities').selectAll().where('id', '=', trimmed).executeTakeFirst();
  const parsed = parseNit(trimmed);
  if ('error' in parsed) return undefined;
  return db.selectFrom('entities').selectAll().where('nit', '=', parsed.nit).executeTakeFirst();
}

export async function requireEntity(ctx: Pick<Context, 'db'>, key: string): Promise<EntityRow> {
  const row = await findEntity(ctx.db, key);
  if (!row) throw notFound({ es: `la entidad «${key}»`, en: `entity "${key}"` });
  return row;
}

export async function getEntity(ctx: Context, key: string): Promise<EntityView> {
  return entityView(await requireEntity(ctx, key), await divipolaFor(ctx.db));
}

export async function createEntity(ctx: Context, input: EntityInput): Promise<EntityView> {
  demand(policy.createEntity(ctx.actor), ctx.actor);
  const divipola = await divipolaFor(ctx.db);
  const problems = new Problems();
  const parsed = parseNit(text(input.nit));
  if ('error' in parsed) problems.add('nit', parsed.error, input.nit);
  const fields = validate(input, divipola, problems);
  problems.throwIfAny({ es: 'La entidad tiene datos inválidos.', en: 'The entity has invalid data.' });
  const { nit, checkDigit } = parsed as { nit: string; checkDigit: number };
  if (await findEntity(ctx.db, nit)) {
    throw conflict({ es: `Ya existe una entidad con el NIT ${nit}.`, en: `An entity with NIT ${nit} already exists.` });
  }
  const now = ctx.clock.now();
  const memberClass = input.member_class === 'COM' ? 'COM' : PUBLIC_MEMBER_CLASS;
  const row = {
    id: memberId(nit, memberClass),
    nit,
    check_digit: checkDigit,
    member_class: memberClass,
    ...fields,
    sort_key: spanishSortKey(fields.name),
    created_at: now,
    updated_at: now,
  };
  await ctx.db.transaction().execute((trx) => withLedger(trx, async (ledger) => {
    await trx.insertInto('entities').values(row).execute().catch((error) => {
      throw isUniqueViolation(error) ? conflict({ es: `Ya existe una entidad con el NIT ${nit}.`, en: `An entity with NIT ${nit} already exists.` }) : error;
    });
    const changes = diff(null, fields, EDITABLE);
    await recordChange(trx, ctx.actor, now, { subject_type: 'entity', subject_id: row.id, entity_id: row.id, version: 1, action: 'create', changes });
    ledger.add(entityEvent(ctx.actor, now, 'created', { ...row, version: 1 }, changes));
  }));
  return entityView({ ...row, version: 1 }, divipola);
}

export async function updateEntity(ctx: Context, key: string, input: EntityInput, expectedVersion: number): Promise<EntityView> {
  const current = await requireEntity(ctx, key);
  demand(policy.editEntity(ctx.actor, current.id), ctx.actor);
  assertVersion(expectedVersion);
  const divipola = await divipolaFor(ctx.db);
  const problems = new Problems();
  // Fields absent from the input keep their value (PATCH semantics).
  const merged: EntityInput = { ...Object.fromEntries(EDITABLE.map((f) => [f, current[f] ?? ''])), ...stripUndefined(input) };
  const fields = validate(merged, divipola, problems);
  if (input.nit !== undefined && parseNitSafe(input.nit) !== current.nit) {
    problems.add('nit', { es: 'El NIT de una entidad no se puede cambiar.', en: "An entity's NIT cannot be changed." }, input.nit);
  }
  problems.throwIfAny({ es: 'La entidad tiene datos inválidos.', en: 'The entity has invalid data.' });
  const changes = diff(current as EntityFields, fields, EDITABLE);
  if (changes.length === 0) return entityView(current, divipola);
  const now = ctx.clock.now();
  const updated = await ctx.db.transaction().execute((trx) => withLedger(trx, async (ledger) => {
    const row = await trx
      .updateTable('entities')
      .set({ ...fields, sort_key: spanishSortKey(fields.name), updated_at: now, version: sql`version + 1` })
      .where('id', '=', current.id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw versionConflict(current.version, expectedVersion);
    await recordChange(trx, ctx.actor, now, { subject_type: 'entity', subject_id: row.id, entity_id: row.id, version: row.version, action: 'update', changes });
    ledger.add(entityEvent(ctx.actor, now, 'updated', row, changes));
    await trx
      .updateTable('search_documents')
      .set({ sector: row.sector, department_code: row.department_code })
      .where('entity_id', '=', row.id)
      .execute();
    return row;
  }));
  return entityView(updated, divipola);
}

function parseNitSafe(value: string): string | undefined {
  const parsed = parseNit(String(value));
  return 'error' in parsed ? undefined : parsed.nit;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The version a client says it edited must be a positive whole number. */
export function assertVersion(value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 2_147_483_647) {
    throw new AppError('validation', { es: 'La versión editada debe ser un número entero positivo.', en: 'The edited version must be a positive whole number.' }, [
      { field: 'version', message: { es: 'Versión inválida.', en: 'Invalid version.' }, value: String(value) },
    ]);
  }
}

export function versionConflict(current: number, expected: number): AppError {
  return conflict({
    es: `Otra persona modificó este registro mientras usted lo editaba (usted editaba la versión ${expected}; la actual es la ${current}). Recargue para ver los cambios y vuelva a aplicar los suyos.`,
    en: `Someone else changed this record while you were editing it (you edited version ${expected}; the current one is ${current}). Reload to see their changes and apply yours again.`,
  });
}

export interface EntityListItem {
  id: string;
  nit: string;
  name: string;
  acronym: string | null;
  sector: string;
  orden: string;
  department_code: string;
  municipality_code: string | null;
  asset_count: number;
}

/** All entities with the number of assets the caller may see. */
export async function listEntities(ctx: Context, filters: { sector?: string; orden?: string; department?: string } = {}): Promise<EntityListItem[]> {
  const readAll = policy.readAllNonPublic(ctx.actor);
  const ownEntity = ctx.actor.kind === 'person' ? ctx.actor.entityId : null;
  let query = ctx.db
    .selectFrom('entities')
    .leftJoin('assets', (join) => {
      let on = join.onRef('assets.entity_id', '=', 'entities.id');
      if (!readAll) {
        on = on.on((eb) => eb.or([eb('assets.legal_class', '=', 'publica'), ...(ownEntity ? [eb('assets.entity_id', '=', ownEntity)] : [])]));
      }
      return on;
    })
    .select(['entities.id', 'entities.nit', 'entities.name', 'entities.acronym', 'entities.sector', 'entities.orden', 'entities.department_code', 'entities.municipality_code'])
    .select((eb) => eb.fn.count<number>('assets.id').as('asset_count'))
    .groupBy('entities.id')
    .orderBy(sql`entities.sort_key COLLATE "C"`);
  if (filters.sector) query = query.where('entities.sector', '=', filters.sector);
  if (filters.orden) query = query.where('entities.orden', '=', filters.orden as 'nacional');
  if (filters.department) query = query.where('entities.department_code', '=', filters.department);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, asset_count: Number(r.asset_count) }));
}

