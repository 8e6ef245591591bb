import { hash } from 'node:crypto';
import { actorId, type Actor } from '../core/actor.ts';
import { canonicalJson } from '../ledger/jcs.ts';
import type { LedgerEvent } from '../ledger/log.ts';
import type { AssetRow, EntityRow, FieldChange } from '../store/schema.ts';
import { CLASSIFICATION_KEYS } from './asset-fields.ts';

/**
 * The catalog's events for the transparency ledger. Payloads carry ids, field names, classes and content
 * hashes, never the content itself: the ledger is public, and restricted assets stay restricted.
 */
export function ledgerActor(actor: Actor): string {
  if (actor.kind === 'person') return `person:${actorId(actor)}`;
  if (actor.kind === 'system') return `system:${actor.label}`;
  return 'anonymous';
}

/** SHA-256 of a record's canonical JSON: proves later what the record said, without saying it. */
export function recordHash(record: object): string {
  return hash('sha256', canonicalJson(record), 'hex');
}

const classification = (row: AssetRow) => ({
  legal_class: row.legal_class,
  exception_ground: row.exception_ground,
  exception_scope: row.exception_scope,
  exception_until: row.exception_until,
  personal_data_class: row.personal_data_class,
  children_data: row.children_data,
});

export function assetEvents(actor: Actor, at: Date, action: 'created' | 'updated' | 'deleted', before: AssetRow | null, after: AssetRow | null, changes: FieldChange[], reason?: string | null): LedgerEvent[] {
  const row = (after ?? before)!;
  const base = { actor: ledgerActor(actor), entity: row.entity_id, subject: `asset:${row.id}`, time: at.toISOString() };
  const events: LedgerEvent[] = [{
    ...base,
    type: `asset.${action}`,
    payload: {
      version: row.version,
      fields: changes.map((c) => c.field),
      record_sha256: recordHash(row),
      legal_class: row.legal_class,
      ...(reason ? { reason } : {}),
    },
  }];
  const classificationChanged = before && after && changes.some((c) => (CLASSIFICATION_KEYS as string[]).includes(c.field));
  if (classificationChanged) {
    events.push({ ...base, type: 'asset.classified', payload: { version: after.version, from: classification(before), to: classification(after) } });
  }
  return events;
}

export function entityEvent(actor: Actor, at: Date, action: 'created' | 'updated', entity: EntityRow, changes: FieldChange[]): LedgerEvent {
  return {
    type: `entity.${action}`,
    actor: ledgerActor(actor),
    entity: entity.id,
    subject: `entity:${entity.id}`,
    time: at.toISOString(),
    payload: { version: entity.version, fields: changes.map((c) => c.field), record_sha256: recordHash(entity) },
  };
}

export function importEvent(actor: Actor, at: Date, entityId: string, file: { name: string; sha256: string }, counts: { created: number; updated: number }): LedgerEvent {
  return {
    type: 'inventory.imported',
    actor: ledgerActor(actor),
    entity: entityId,
    subject: `entity:${entityId}`,
    time: at.toISOString(),
    payload: { file_name: file.name, file_sha256: file.sha256, created: counts.created, updated: counts.updated },
  };
}
