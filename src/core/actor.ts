export type Role = 'editor' | 'steward' | 'entity_admin' | 'data_office' | 'arbiter';
export const ALL_ROLES: readonly Role[] = ['editor', 'steward', 'entity_admin', 'data_office', 'arbiter'];

export interface PersonActor {
  kind: 'person';
  id: string;
  name: string;
  email: string;
  entityId: string;
  roles: Role[];
  via: 'session' | 'token';
}

/** Who is asking. The CLI and the demo loader act as the system, with full authority. */
export type Actor = { kind: 'anonymous' } | PersonActor | { kind: 'system'; label: string };

export const ANONYMOUS: Actor = { kind: 'anonymous' };
export const systemActor = (label: string): Actor => ({ kind: 'system', label });

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'person':
      return `${actor.name} <${actor.email}>`;
    case 'system':
      return actor.label;
    default:
      return 'anónimo';
  }
}

export function actorId(actor: Actor): string | null {
  return actor.kind === 'person' ? actor.id : null;
}
