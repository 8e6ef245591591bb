import { demand } from '../catalog/access.ts';
import type { Actor } from '../core/actor.ts';
import { gateProblems, type UploadPrivacy } from '../privacy/gate.ts';
import type { Context } from '../store/context.ts';
import { ACCOUNTABILITY } from './accountability.ts';

const ELEMENT_COUNT = ACCOUNTABILITY.reduce((n, s) => n + s.elements.length, 0);
const isOversight = (actor: Actor) => actor.kind === 'system' || (actor.kind === 'person' && (actor.roles.includes('data_office') || actor.roles.includes('arbiter')));

/**
 * The national data office's board, entity by entity: requests received and overdue (silence past the legal
 * term), assets whose classification is incomplete (a classified or reserved asset without its legal ground,
 * a reserve without its term), datasets held back by unresolved personal-data findings, and accountability
 * elements without evidence in the last year.
 */
export async function oversightBoard(ctx: Context) {
  demand(isOversight(ctx.actor), ctx.actor);
  const now = ctx.clock.now();
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
  const [entities, requests, assets, uploads, records] = await Promise.all([
    ctx.db.selectFrom('entities').select(['id', 'nit', 'name', 'member_class']).orderBy('sort_key').execute(),
    ctx.db.selectFrom('access_requests').select(['provider_entity_id', 'status', 'due_at']).execute(),
    ctx.db.selectFrom('assets').select(['entity_id', 'legal_class', 'exception_ground', 'exception_until']).execute(),
    ctx.db.selectFrom('dataset_uploads as u').innerJoin('datasets as d', 'd.id', 'u.dataset_id')
      .select(['d.id as dataset_id', 'd.entity_id', 'd.access_level', 'u.status', 'u.privacy', 'u.created_at']).where('d.state', '=', 'active').orderBy('u.created_at', 'desc').execute(),
    ctx.db.selectFrom('accountability_records').select(['entity_id', 'section', 'element', 'dated_on']).where('dated_on', '>=', yearAgo).execute(),
  ]);
  const latest = new Map<string, (typeof uploads)[number]>();
  for (const u of uploads) if (!latest.has(u.dataset_id)) latest.set(u.dataset_id, u);
  const rows = entities.map((e) => {
    const received = requests.filter((r) => r.provider_entity_id === e.id);
    const overdue = received.filter((r) => (r.status === 'submitted' || r.status === 'info_requested') && r.due_at < now).length;
    const incomplete = assets.filter((a) => a.entity_id === e.id && ((a.legal_class !== 'publica' && !a.exception_ground) || (a.legal_class === 'reservada' && !a.exception_until))).length;
    const unresolved = [...latest.values()].filter((u) => u.entity_id === e.id && u.status === 'ready' && gateProblems(u.privacy as UploadPrivacy | null, u.access_level).length > 0).length;
    const current = new Set(records.filter((r) => r.entity_id === e.id).map((r) => `${r.section}/${r.element}`));
    return { entity: { nit: e.nit, name: e.name, member_class: e.member_class }, requests_received: received.length, overdue_requests: overdue, assets_without_full_classification: incomplete, datasets_with_unresolved_personal_data: unresolved, accountability_missing: ELEMENT_COUNT - current.size };
  });
  return { generated_at: now.toISOString(), accountability_elements: ELEMENT_COUNT, entities: rows };
}
