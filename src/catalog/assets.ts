import { classify, type Handling } from './handling.ts';
import { sql } from 'kysely';
import { AppError, Problems, forbidden, notFound } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { fold } from '../core/text.ts';
import { actorId, type Actor } from '../core/actor.ts';
import type { Context } from '../store/context.ts';
import { isUniqueViolation, type Db } from '../store/database.ts';
import type { AssetRow, EntityRow } from '../store/schema.ts';
import { demand, policy } from './access.ts';
import { classificationAssumed, CLASSIFICATION_KEYS, FIELD_KEYS, normalizeAssetFields, type AssetFieldKey, type AssetFields, type Warning } from './asset-fields.ts';
import { diff, historyOf, recordChange } from './changes.ts';
import { divipolaFor } from './divipola.ts';
import { assertVersion, requireEntity, versionConflict } from './entities.ts';
import { indexAsset, unindex } from './search-index.ts';
import { assetEvents, ledgerActor } from './ledger-events.ts';
import { requestQualityReport } from '../quality/job-kinds.ts';
import { withLedger, type LedgerBatch } from '../ledger/log.ts';

export type AssetInput = Partial<Record<AssetFieldKey, unknown>>;

/** The key two assets of one entity may not share: their title, folded. */
export function titleKey(title: string): string {
  return fold(title).replace(/[^a-z0-9ñ]+/g, ' ').trim();
}

export interface AssetView extends AssetRow {
  is_public: boolean;
  /** The simplified classification: one handling rule and its reasons (catalog/handling.ts). */
  handling: Handling;
  entity: { id: string; nit: string; name: string; acronym: string | null };
}

function view(row: AssetRow, entity: Pick<EntityRow, 'id' | 'nit' | 'name' | 'acronym'>, day: string): AssetView {
  const handling = classify({ ...row, exception_until: row.exception_until ? String(row.exception_until).slice(0, 10) : null }, day);
  return { ...row, is_public: row.legal_class === 'publica', handling, entity: { id: entity.id, nit: entity.nit, name: entity.name, acronym: entity.acronym } };
}

export const today = (ctx: Pick<Context, 'clock'>) => ctx.clock.now().toISOString().slice(0, 10);

/** Validates input for an entity's asset; throws with every problem found. */
export async function validateAsset(ctx: Context, input: AssetInput): Promise<{ fields: AssetFields; warnings: Warning[] }> {
  const problems = new Problems();
  const result = normalizeAssetFields(input, await divipolaFor(ctx.db), problems, today(ctx));
  problems.throwIfAny({ es: 'El activo tiene datos inválidos.', en: 'The asset has invalid data.' });
  return result;
}

function duplicateTitle(title: string) {
  const messages = {
    es: `La entidad ya tiene un activo llamado «${title}». Cada categoría de información se registra una vez.`,
    en: `The entity already has an asset named "${title}". Each information category is recorded once.`,
  };
  return new AppError('conflict', messages, [{ field: 'title', message: messages, value: title }]);
}

function duplicateCode(code: string) {
  const messages = { es: `El identificador «${code}» ya lo usa otro activo de la entidad.`, en: `Identifier "${code}" is already used by another asset of the entity.` };
  return new AppError('conflict', messages, [{ field: 'code', message: messages, value: code }]);
}

/** Another writer took the same name or identifier between our check and our write. */
function uniqueClash(fields: AssetFields) {
  return (error: unknown): never => {
    if (isUniqueViolation(error, 'assets_entity_title')) throw duplicateTitle(fields.title);
    if (isUniqueViolation(error, 'assets_entity_code')) throw duplicateCode(fields.code ?? '');
    throw error;
  };
}

/** Inserts an asset inside a caller's transaction (used by the form, the API and the import). */
export async function insertAsset(trx: Db, ledger: LedgerBatch, actor: Actor, now: Date, entity: EntityRow, fields: AssetFields, assumed = false): Promise<AssetRow> {
  const id = newId();
  const row = await trx
    .insertInto('assets')
    .values({ ...fields, id, entity_id: entity.id, title_key: titleKey(fields.title), classification_assumed: assumed, created_at: now, updated_at: now, created_by: actorId(actor), updated_by: actorId(actor) })
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch(uniqueClash(fields));
  const changes = diff(null, fields, FIELD_KEYS);
  await recordChange(trx, actor, now, { subject_type: 'asset', subject_id: id, entity_id: entity.id, version: row.version, action: 'create', changes });
  ledger.add(...assetEvents(actor, now, 'created', null, row, changes));
  await indexAsset(trx, row, entity);
  return row;
}

/** Updates an asset inside a caller's transaction, if nobody changed it since `expectedVersion`. */
export async function applyAssetUpdate(trx: Db, ledger: LedgerBatch, actor: Actor, now: Date, entity: EntityRow, current: AssetRow, fields: AssetFields, expectedVersion: number, reason?: string): Promise<AssetRow> {
  const changes = diff(current as AssetFields, fields, FIELD_KEYS);
  if (changes.length === 0) return current;
  const row = await trx
    .updateTable('assets')
    .set({ ...fields, title_key: titleKey(fields.title), updated_at: now, updated_by: actorId(actor), version: sql`version + 1` })
    .where('id', '=', current.id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
    .catch(uniqueClash(fields));
  if (!row) throw versionConflict(current.version, expectedVersion);
  await recordChange(trx, actor, now, { subject_type: 'asset', subject_id: row.id, entity_id: entity.id, version: row.version, action: 'update', changes, reason: reason ?? null });
  ledger.add(...assetEvents(actor, now, 'updated', current, row, changes, reason));
  await indexAsset(trx, row, entity);
  return row;
}

/** Clears an assumed classification, as a ledger event: who confirmed it, and when. */
export async function confirmClassification(trx: Db, ledger: LedgerBatch, actor: Actor, now: Date, row: AssetRow): Promise<AssetRow> {
  const confirmed = await trx.updateTable('assets').set({ classification_assumed: false }).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
  ledger.add({ type: 'asset.classification_confirmed', actor: ledgerActor(actor), entity: row.entity_id, subject: `asset:${row.id}`, time: now.toISOString(), payload: { version: row.version, legal_class: row.legal_class, personal_data_class: row.personal_data_class } });
  return confirmed;
}

export function classificationChanged(before: AssetFields, after: AssetFields): boolean {
  return diff(before, after, CLASSIFICATION_KEYS).length > 0;
}

export const classifyForbidden = () =>
  forbidden({
    es: 'Solo el responsable de datos de la entidad puede cambiar la clasificación de un activo.',
    en: "Only the entity's data steward can change an asset's classification.",
  });

export async function createAsset(ctx: Context, entityKey: string, input: AssetInput): Promise<AssetView & { warnings: Warning[] }> {
  const entity = await requireEntity(ctx, entityKey);
  demand(policy.writeAssets(ctx.actor, entity.id), ctx.actor);
  const { fields, warnings } = await validateAsset(ctx, input);
  const now = ctx.clock.now();
  const row = await ctx.db.transaction().execute((trx) => withLedger(trx, async (ledger) => {
    await assertUnique(trx, entity.id, fields);
    return insertAsset(trx, ledger, ctx.actor, now, entity, fields, classificationAssumed(warnings));
  }));
  return { ...view(row, entity, today(ctx)), warnings };
}

async function assertUnique(trx: Db, entityId: string, fields: AssetFields, exceptId?: string): Promise<void> {
  let query = trx.selectFrom('assets').select(['id', 'title', 'code']).where('entity_id', '=', entityId)
    .where((eb) => eb.or([eb('title_key', '=', titleKey(fields.title)), ...(fields.code ? [eb('code', '=', fields.code)] : [])]));
  if (exceptId) query = query.where('id', '!=', exceptId);
  const clash = await query.executeTakeFirst();
  if (!clash) return;
  if (titleKey(clash.title) === titleKey(fields.title)) throw duplicateTitle(fields.title);
  throw duplicateCode(fields.code ?? '');
}

async function loadAsset(ctx: Context, id: string): Promise<{ row: AssetRow; entity: EntityRow }> {
  const row = await ctx.db.selectFrom('assets').selectAll().where('id', '=', String(id)).executeTakeFirst();
  // Not visible and not existing look the same, so a reserved asset's existence does not leak.
  if (!row || (row.legal_class !== 'publica' && !policy.readNonPublic(ctx.actor, row.entity_id))) {
    throw notFound({ es: 'el activo de información', en: 'the information asset' });
  }
  const entity = await ctx.db.selectFrom('entities').selectAll().where('id', '=', row.entity_id).executeTakeFirstOrThrow();
  return { row, entity };
}

export async function getAsset(ctx: Context, id: string): Promise<AssetView> {
  const { row, entity } = await loadAsset(ctx, id);
  return view(row, entity, today(ctx));
}

/** Replaces the given fields (absent ones keep their value) if the asset is still at `expectedVersion`. */
export async function updateAsset(ctx: Context, id: string, input: AssetInput, expectedVersion: number, reason?: string): Promise<AssetView & { warnings: Warning[] }> {
  const { row: current, entity } = await loadAsset(ctx, id);
  demand(policy.writeAssets(ctx.actor, entity.id), ctx.actor);
  assertVersion(expectedVersion);
  const merged: AssetInput = { ...pickFields(current), ...Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && FIELD_KEYS.includes(k as AssetFieldKey))) };
  const { fields, warnings } = await validateAsset(ctx, merged);
  if (classificationChanged(current, fields) && !policy.classify(ctx.actor, entity.id)) throw classifyForbidden();
  const now = ctx.clock.now();
  const row = await ctx.db.transaction().execute((trx) => withLedger(trx, async (ledger) => {
    await assertUnique(trx, entity.id, fields, current.id);
    let updated = await applyAssetUpdate(trx, ledger, ctx.actor, now, entity, current, fields, expectedVersion, reason);
    // The steward stating both classes, changed or not, confirms an assumed classification.
    const stated = [input.legal_class, input.personal_data_class].every((v) => typeof v === 'string' && v.trim() !== '');
    if (updated.classification_assumed && stated && policy.classify(ctx.actor, entity.id)) updated = await confirmClassification(trx, ledger, ctx.actor, now, updated);
    // Datasets describe themselves partly through their asset (coverage, frequency, contact, classification).
    const datasets = await trx.selectFrom('datasets').select('id').where('asset_id', '=', current.id).execute();
    for (const d of datasets) await requestQualityReport(ctx.queue, trx, d.id, 'metadata');
    return updated;
  }));
  return { ...view(row, entity, today(ctx)), warnings };
}

export async function deleteAsset(ctx: Context, id: string, expectedVersion: number): Promise<void> {
  const { row, entity } = await loadAsset(ctx, id);
  demand(policy.writeAssets(ctx.actor, entity.id), ctx.actor);
  assertVersion(expectedVersion);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute((trx) => withLedger(trx, async (ledger) => {
    const deleted = await trx.deleteFrom('assets').where('id', '=', row.id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw versionConflict(row.version, expectedVersion);
    const changes = diff(pickFields(row), null, FIELD_KEYS);
    await recordChange(trx, ctx.actor, now, { subject_type: 'asset', subject_id: row.id, entity_id: entity.id, version: row.version, action: 'delete', changes });
    ledger.add(...assetEvents(ctx.actor, now, 'deleted', row, null, changes));
    await unindex(trx, 'asset', row.id);
  }));
}

export function pickFields(row: AssetRow): AssetFields {
  return Object.fromEntries(FIELD_KEYS.map((k) => [k, row[k]])) as AssetFields;
}

export async function assetHistory(ctx: Context, id: string) {
  const { row } = await loadAsset(ctx, id);
  return historyOf(ctx.db, 'asset', row.id);
}

export interface AssetListOptions {
  page?: number;
  perPage?: number;
  legalClasses?: AssetRow['legal_class'][];
}

/** The assets of one entity that the caller may see, ordered by name. */
export async function listEntityAssets(ctx: Context, entityKey: string, options: AssetListOptions = {}) {
  const entity = await requireEntity(ctx, entityKey);
  const perPage = Math.min(Math.max(options.perPage ?? 50, 1), 1000);
  const page = Math.max(options.page ?? 1, 1);
  let query = ctx.db.selectFrom('assets').where('entity_id', '=', entity.id);
  if (!policy.readNonPublic(ctx.actor, entity.id)) query = query.where('legal_class', '=', 'publica');
  if (options.legalClasses?.length) query = query.where('legal_class', 'in', options.legalClasses);
  const [{ count }] = [await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()];
  const rows = await query
    .selectAll()
    .orderBy(sql`title_key COLLATE "C"`)
    .limit(perPage)
    .offset((page - 1) * perPage)
    .execute();
  return { entity, count: Number(count), page, per_page: perPage, results: rows.map((r) => view(r, entity, today(ctx))) };
}

/** Every asset of an entity the caller may see, in name order, read in pages (for exports). */
export async function* allEntityAssets(ctx: Context, entity: EntityRow, legalClasses?: AssetRow['legal_class'][]): AsyncGenerator<AssetRow> {
  const visibleAll = policy.readNonPublic(ctx.actor, entity.id);
  let after = '';
  for (;;) {
    let query = ctx.db.selectFrom('assets').selectAll().where('entity_id', '=', entity.id).where(sql<boolean>`title_key COLLATE "C" > ${after}`);
    if (!visibleAll) query = query.where('legal_class', '=', 'publica');
    if (legalClasses?.length) query = query.where('legal_class', 'in', legalClasses);
    const rows = await query.orderBy(sql`title_key COLLATE "C"`).limit(500).execute();
    for (const row of rows) yield row;
    if (rows.length < 500) return;
    after = rows[rows.length - 1]!.title_key;
  }
}

/** How many assets the entity holds that the caller cannot see (shown as a count, never listed). */
export async function hiddenAssetCount(ctx: Context, entity: EntityRow): Promise<number> {
  if (policy.readNonPublic(ctx.actor, entity.id)) return 0;
  const row = await ctx.db.selectFrom('assets').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_id', '=', entity.id).where('legal_class', '!=', 'publica').executeTakeFirstOrThrow();
  return Number(row.n);
}
