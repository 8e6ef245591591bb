import { demand } from '../catalog/access.ts';
import { requireEntity } from '../catalog/entities.ts';
import type { Actor } from '../core/actor.ts';
import { gateProblems, type UploadPrivacy } from '../privacy/gate.ts';
import type { Context } from '../store/context.ts';
import { ACCOUNTABILITY } from './accountability.ts';

const ELEMENT_COUNT = ACCOUNTABILITY.reduce((n, s) => n + s.elements.length, 0);
const isOversight = (actor: Actor) => actor.kind === 'system' || (actor.kind === 'person' && (actor.roles.includes('data_office') || actor.roles.includes('arbiter')));

/** Why an asset's classification needs the steward: assumed from a blank, without ground or term, or its term ended. */
function classificationProblem(a: { legal_class: string; exception_ground: string | null; exception_until: string | null; classification_assumed: boolean }) {
  if (a.classification_assumed) return 'assumed' as const;
  if (!a.exception_ground) return 'no_ground' as const;
  if (!a.exception_until) return 'no_term' as const;
  return 'term_ended' as const;
}

/** What the board finds for each entity, item by item; the board counts them, an entity's page lists them. */
async function findings(ctx: Context, entityId?: string) {
  demand(isOversight(ctx.actor), ctx.actor);
  const now = ctx.clock.now();
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
  const today = now.toISOString().slice(0, 10);
  const [entities, requests, assets, uploads, records] = await Promise.all([
    ctx.db.selectFrom('entities').select(['id', 'nit', 'name', 'member_class']).$if(!!entityId, (q) => q.where('id', '=', entityId!)).orderBy('sort_key').execute(),
    ctx.db.selectFrom('access_requests as r').innerJoin('entities as e', 'e.id', 'r.requester_entity_id').select(['r.id', 'r.provider_entity_id', 'r.status', 'r.due_at', 'r.purpose', 'e.name as requester'])
      .where('r.status', 'in', ['submitted', 'info_requested']).where('r.due_at', '<', now).$if(!!entityId, (q) => q.where('r.provider_entity_id', '=', entityId!)).orderBy('r.due_at').execute(),
    ctx.db.selectFrom('assets').select(['id', 'entity_id', 'title', 'legal_class', 'exception_ground', 'exception_until', 'classification_assumed'])
      .where((eb) => eb.or([
        eb('classification_assumed', '=', true),
        eb.and([eb('legal_class', '!=', 'publica'), eb.or([eb('exception_ground', 'is', null), eb('exception_until', '<', today)])]),
        eb.and([eb('legal_class', '=', 'reservada'), eb('exception_until', 'is', null)]),
      ]))
      .$if(!!entityId, (q) => q.where('entity_id', '=', entityId!)).orderBy('title').execute(),
    ctx.db.selectFrom('dataset_uploads as u').innerJoin('datasets as d', 'd.id', 'u.dataset_id')
      .select(['d.id as dataset_id', 'd.title', 'd.entity_id', 'd.access_level', 'u.status', 'u.privacy', 'u.created_at']).where('d.state', '=', 'active')
      .$if(!!entityId, (q) => q.where('d.entity_id', '=', entityId!)).orderBy('u.created_at', 'desc').execute(),
    ctx.db.selectFrom('accountability_records').select(['entity_id', 'section', 'element']).where('dated_on', '>=', yearAgo).$if(!!entityId, (q) => q.where('entity_id', '=', entityId!)).execute(),
  ]);
  // A dataset's standing is its latest upload's.
  const latest = new Map<string, (typeof uploads)[number]>();
  for (const u of uploads) if (!latest.has(u.dataset_id)) latest.set(u.dataset_id, u);
  return {
    now,
    entities: entities.map((e) => {
      const current = new Set(records.filter((r) => r.entity_id === e.id).map((r) => `${r.section}/${r.element}`));
      return {
        entity: { nit: e.nit, name: e.name, member_class: e.member_class },
        overdue_requests: requests.filter((r) => r.provider_entity_id === e.id).map((r) => ({ id: r.id, requester: r.requester, purpose: r.purpose, due_at: r.due_at, status: r.status })),
        assets_without_full_classification: assets.filter((a) => a.entity_id === e.id).map((a) => ({ id: a.id, title: a.title, legal_class: a.legal_class, problem: classificationProblem(a) })),
        datasets_with_unresolved_personal_data: [...latest.values()].filter((u) => u.entity_id === e.id && u.status === 'ready' && gateProblems(u.privacy as UploadPrivacy | null, u.access_level).length > 0).map((u) => ({ id: u.dataset_id, title: u.title })),
        accountability_missing: ACCOUNTABILITY.flatMap((sec) => sec.elements.filter((el) => !current.has(`${sec.section}/${el.id}`)).map((el) => ({ section: sec.section, element: el.id, title: el.title }))),
      };
    }),
  };
}

/**
 * The national data office's board, entity by entity: requests received and overdue (silence past the legal
 * term), assets without a complete classification (assumed from a blank in the register, a classified or reserved
 * asset without its legal ground, a reserve without its term, or one whose term ended), datasets held back by unresolved personal-data findings, and accountability
 * elements without evidence in the last year.
 */
export async function oversightBoard(ctx: Context) {
  const found = await findings(ctx);
  return {
    generated_at: found.now.toISOString(),
    accountability_elements: ELEMENT_COUNT,
    entities: found.entities.map((e) => ({
      entity: e.entity,
      overdue_requests: e.overdue_requests.length,
      assets_without_full_classification: e.assets_without_full_classification.length,
      datasets_with_unresolved_personal_data: e.datasets_with_unresolved_personal_data.length,
      accountability_missing: e.accountability_missing.length,
    })),
  };
}

/** One entity's findings, item by item, for the office to follow up. */
export async function oversightOfEntity(ctx: Context, entityKey: string) {
  const entity = await requireEntity(ctx, entityKey);
  const found = await findings(ctx, entity.id);
  return { generated_at: found.now.toISOString(), accountability_elements: ELEMENT_COUNT, ...found.entities[0]! };
}
