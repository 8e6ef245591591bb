import { systemActor } from '../../core/actor.ts';
import { Problems } from '../../core/errors.ts';
import type { Context } from '../../store/context.ts';
import { refreshStatistics } from '../../store/maintenance.ts';
import { normalizeAssetFields, COUNTRY_CODE } from '../asset-fields.ts';
import { insertAsset, titleKey } from '../assets.ts';
import { withLedger } from '../../ledger/log.ts';
import { divipolaFor } from '../divipola.ts';
import { createEntity, requireEntity } from '../entities.ts';
import { createPerson } from '../people.ts';
import { DEMO_ACCOUNTS } from './accounts.ts';
import { BY_PROFILE, COMMON, type AssetTemplate } from './asset-templates.ts';
import { DEMO_ENTITIES, type DemoEntity } from './entities.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The asset a template describes, for one entity; dates spread so the inventory looks lived in. */
function assetInput(template: AssetTemplate, entity: DemoEntity, index: number) {
  const year = Math.max(template.y ?? 2015, 1900);
  const month = 1 + ((index * 5) % 12);
  const [legal, ground, scope, yearsOrNorm, norm] = template.l;
  const classifiedOn = `2023-${pad(1 + (index % 12))}-${pad(1 + ((index * 7) % 27))}`;
  const reserveYears = legal === 'reservada' ? (yearsOrNorm as number) : undefined;
  const spatial = template.sp === 'co' || (!template.sp && entity.orden === 'nacional') ? [COUNTRY_CODE] : [entity.municipality ?? entity.department];
  const domain = new URL(entity.web).hostname.replace(/^www\./, '');
  return {
    code: `AI-${pad(index + 1, 3)}`,
    title: template.t,
    description: template.d,
    language: 'es',
    medium: template.m ?? 'electronico',
    formats: template.f,
    availability: template.a,
    link: template.link?.replace('{web}', entity.web) ?? null,
    published_where: template.where ?? (template.a === 'publicada' ? 'Sitio web de la entidad' : null),
    producer: template.p,
    owner: template.o ?? template.p,
    generated_on: `${year}-${pad(month)}-15`,
    update_frequency: template.q,
    legal_class: legal,
    exception_ground: ground ?? null,
    exception_scope: scope ?? null,
    exception_norm: (legal === 'reservada' ? norm : (yearsOrNorm as string | undefined)) ?? null,
    classified_on: legal === 'publica' ? null : classifiedOn,
    exception_until: reserveYears ? `${2023 + reserveYears}-${classifiedOn.slice(5)}` : null,
    personal_data_class: template.pd ?? 'ninguno',
    children_data: template.ch ?? false,
    themes: template.th,
    keywords: template.k,
    spatial,
    temporal_start: `${year}-01-01`,
    temporal_end: template.q === 'no_aplica' ? `${year}-12-31` : null,
    licence: template.lic ?? (legal === 'publica' ? 'CC-BY-SA-4.0' : 'restringida'),
    contact_name: template.p,
    contact_email: `datos@${domain}`,
  };
}

/** A fixed selection of the common categories for each entity, so entities differ but reloads agree. */
function commonFor(entityIndex: number): AssetTemplate[] {
  const count = 7 + (entityIndex % 4);
  return COMMON.filter((_, i) => (i * 7 + entityIndex * 3) % COMMON.length < count);
}

export interface DemoSummary {
  entities: number;
  assets: number;
  people: number;
}

/** Loads the demo content once: real Colombian public bodies, their inventories and demo accounts. */
export async function loadDemo(base: Context, onProgress: (message: string) => void = () => {}): Promise<DemoSummary | undefined> {
  const existing = await base.db.selectFrom('entities').select('id').limit(1).executeTakeFirst();
  if (existing) return undefined;
  const ctx: Context = { ...base, actor: systemActor('Datos de demostración') };
  const divipola = await divipolaFor(ctx.db);
  let assets = 0;
  const started = ctx.clock.now().getTime();
  for (const [i, demo] of DEMO_ENTITIES.entries()) {
    const domain = new URL(demo.web).hostname.replace(/^www\./, '');
    await createEntity(ctx, {
      nit: demo.nit,
      name: demo.name,
      acronym: demo.acronym,
      sector: demo.sector,
      orden: demo.orden,
      department_code: demo.department,
      municipality_code: demo.municipality,
      website: demo.web,
      contact_name: 'Oficina de Atención al Ciudadano',
      contact_email: `contacto@${domain}`,
    });
    const entity = await requireEntity(ctx, demo.nit);
    const templates = [...commonFor(i), ...(BY_PROFILE[demo.profile] ?? [])];
    await ctx.db.transaction().execute((trx) => withLedger(trx, async (ledger) => {
      const seen = new Set<string>();
      for (const [j, template] of templates.entries()) {
        if (seen.has(titleKey(template.t))) continue;
        seen.add(titleKey(template.t));
        const problems = new Problems();
        const { fields } = normalizeAssetFields(assetInput(template, demo, j), divipola, problems, '2026-01-01');
        problems.throwIfAny({ es: `Plantilla de demostración inválida: ${template.t}`, en: `Invalid demo template: ${template.t}` });
        // Spread modification times over the past months.
        const when = new Date(started - ((i * 37 + j * 11) % 400) * 86400_000 - j * 3600_000);
        await insertAsset(trx, ledger, ctx.actor, when, entity, fields);
        assets++;
      }
      // The assets look lived-in; the ledger still says when they were really recorded.
      const recorded = ctx.clock.now().toISOString();
      for (const event of ledger.events) event.time = recorded;
    }));
    onProgress(`${i + 1}/${DEMO_ENTITIES.length} ${demo.name}`);
  }
  await refreshStatistics(ctx.db);
  for (const account of DEMO_ACCOUNTS) {
    await createPerson(ctx, { email: account.email, name: account.name, entity: account.nit, roles: account.roles, password: account.password });
  }
  return { entities: DEMO_ENTITIES.length, assets, people: DEMO_ACCOUNTS.length };
}
