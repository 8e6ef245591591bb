import { actorId, actorLabel, type Actor } from '../core/actor.ts';
import type { Db } from '../store/database.ts';
import type { CatalogChangesTable, FieldChange } from '../store/schema.ts';

type Change = Pick<CatalogChangesTable, 'subject_type' | 'subject_id' | 'entity_id' | 'version' | 'action'> & {
  changes: FieldChange[];
  reason?: string | null;
};

/** Appends to the history of who changed what and when; called inside the transaction of the change. */
export async function recordChange(trx: Db, actor: Actor, at: Date, change: Change): Promise<void> {
  await trx
    .insertInto('catalog_changes')
    .values({
      ...change,
      reason: change.reason ?? null,
      changes: JSON.stringify(change.changes),
      actor_id: actorId(actor),
      actor_label: actorLabel(actor),
      at,
    })
    .execute();
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Field-by-field differences between two versions of a record. */
export function diff<T extends object>(before: T | null, after: T | null, fields: readonly (keyof T & string)[]): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of fields) {
    const from = before ? before[field] : null;
    const to = after ? after[field] : null;
    if (!same(from, to)) out.push({ field, from: from ?? null, to: to ?? null });
  }
  return out;
}

export async function historyOf(db: Db, subjectType: Change['subject_type'], subjectId: string) {
  return db
    .selectFrom('catalog_changes')
    .select(['id', 'version', 'action', 'actor_label', 'at', 'changes', 'reason'])
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}
