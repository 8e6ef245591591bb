import { buffer } from 'node:stream/consumers';
import { systemActor, type Actor, type PersonActor, type Role } from '../core/actor.ts';
import { forbidden } from '../core/errors.ts';
import type { Context } from '../store/context.ts';
import type { JobQueue } from '../store/jobs.ts';
import { requireEntity } from './entities.ts';
import { importInventory } from './import/inventory-import.ts';

export const INVENTORY_IMPORT = 'inventory_import';

export interface InventoryImportPayload {
  blob_key: string;
  file_name: string;
  entity_id: string;
  sheet?: string;
  mapping?: Record<string, string>;
  dry_run: boolean;
  /** Who asked; null for the system (CLI). Their rights are checked again when the job runs. */
  person_id: string | null;
}

export async function actorFor(ctx: Context, personId: string | null): Promise<Actor> {
  if (!personId) return systemActor('infradatos');
  const person = await ctx.db.selectFrom('people').selectAll().where('id', '=', personId).executeTakeFirst();
  if (!person || person.disabled) throw forbidden();
  const actor: PersonActor = { kind: 'person', id: person.id, name: person.name, email: person.email, entityId: person.entity_id, roles: person.roles as Role[], via: 'session' };
  return actor;
}

export function registerCatalogJobs(platform: { queue: JobQueue; context(actor: Actor): Context }): void {
  platform.queue.register(INVENTORY_IMPORT, async (payload: InventoryImportPayload, job) => {
    const base = platform.context(systemActor('jobs'));
    const ctx = { ...base, actor: await actorFor(base, payload.person_id) };
    const entity = await requireEntity(ctx, payload.entity_id);
    const data = await buffer(ctx.blobs.read(payload.blob_key));
    return importInventory(
      ctx,
      entity,
      data,
      { fileName: payload.file_name, dryRun: payload.dry_run, ...(payload.sheet ? { sheet: payload.sheet } : {}), ...(payload.mapping ? { mapping: payload.mapping } : {}) },
      (done, total) => job.progress(done, total),
    );
  });
}
