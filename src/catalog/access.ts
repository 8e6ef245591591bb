import { forbidden, unauthorized } from '../core/errors.ts';
import type { Actor, Role } from '../core/actor.ts';

function hasRole(actor: Actor, roles: Role[], entityId?: string): boolean {
  if (actor.kind !== 'person') return false;
  if (entityId !== undefined && actor.entityId !== entityId) return false;
  return actor.roles.some((r) => roles.includes(r));
}

const isSystem = (actor: Actor) => actor.kind === 'system';

/**
 * The whole authorization policy of the catalog in one place, as plain predicates:
 * - public information is readable by anyone;
 * - non-public information is readable by the owning entity's people and the national data office;
 * - the inventory is written by the entity's editors and stewards; only stewards change a classification;
 * - the entity's profile and people are managed by its administrators and the national data office.
 */
export const policy = {
  readNonPublic(actor: Actor, entityId: string): boolean {
    return isSystem(actor) || hasRole(actor, ['data_office']) || (actor.kind === 'person' && actor.entityId === entityId);
  },
  readAllNonPublic(actor: Actor): boolean {
    return isSystem(actor) || hasRole(actor, ['data_office']);
  },
  writeAssets(actor: Actor, entityId: string): boolean {
    return isSystem(actor) || hasRole(actor, ['editor', 'steward'], entityId);
  },
  classify(actor: Actor, entityId: string): boolean {
    return isSystem(actor) || hasRole(actor, ['steward'], entityId);
  },
  /** Who opens or closes a dataset, or ties it to another inventory asset: its entity's steward, or the data office. */
  classifyDataset(actor: Actor, entityId: string): boolean {
    return isSystem(actor) || hasRole(actor, ['data_office']) || hasRole(actor, ['steward'], entityId);
  },
  /** Reference lists every entity validates against (DIVIPOLA) are the national data office's. */
  loadCodeLists(actor: Actor): boolean {
    return isSystem(actor) || hasRole(actor, ['data_office']);
  },
  createEntity(actor: Actor): boolean {
    return isSystem(actor) || hasRole(actor, ['data_office']);
  },
  editEntity(actor: Actor, entityId: string): boolean {
    return isSystem(actor) || hasRole(actor, ['data_office']) || hasRole(actor, ['entity_admin'], entityId);
  },
  managePeople(actor: Actor, entityId: string): boolean {
    return isSystem(actor) || hasRole(actor, ['data_office']) || hasRole(actor, ['entity_admin'], entityId);
  },
  /**
   * Changing one person (name, roles, access, password): the data office changes anyone; an entity administrator
   * changes the people of its entity, never the data office's, the arbiter's or another administrator's accounts.
   */
  managePerson(actor: Actor, person: { id: string; entityId: string; roles: readonly string[] }): boolean {
    if (isSystem(actor) || hasRole(actor, ['data_office'])) return true;
    if (!hasRole(actor, ['entity_admin'], person.entityId)) return false;
    if (actor.kind === 'person' && actor.id === person.id) return true;
    return !person.roles.some((r) => r === 'data_office' || r === 'arbiter' || r === 'entity_admin');
  },
  /** Only the national data office grants its own role or the arbiter's. */
  grantRole(actor: Actor, role: Role): boolean {
    if (isSystem(actor) || hasRole(actor, ['data_office'])) return true;
    return role !== 'data_office' && role !== 'arbiter';
  },
};

/** Throws 401 for anonymous callers and 403 for signed-in ones, so clients know whether to sign in. */
export function demand(allowed: boolean, actor: Actor): void {
  if (allowed) return;
  throw actor.kind === 'anonymous' ? unauthorized() : forbidden();
}
