/**
 * Search benchmark: 100,000 realistic assets of ~1,100 entities (the demo bodies plus a mayor's office
 * for every DIVIPOLA municipality), then ranked searches with facets as a visitor makes them.
 * PGlite always; PostgreSQL too when DATABASE_URL is set (scripts/with-postgres.sh provides one).
 */
import { ANONYMOUS, systemActor } from '../src/core/actor.ts';
import { Problems } from '../src/core/errors.ts';
import { normalizeAssetFields, COUNTRY_CODE } from '../src/catalog/asset-fields.ts';
import { insertAsset } from '../src/catalog/assets.ts';
import { withLedger } from '../src/ledger/log.ts';
import { BY_PROFILE, COMMON, type AssetTemplate } from '../src/catalog/demo/asset-templates.ts';
import { loadDemo } from '../src/catalog/demo/load.ts';
import { divipolaFor } from '../src/catalog/divipola.ts';
import { createEntity } from '../src/catalog/entities.ts';
import { labelFacets } from '../src/catalog/facet-labels.ts';
import { nitCheckDigit } from '../src/catalog/nit.ts';
import { search, type SearchParams } from '../src/catalog/search.ts';
import { setPasswordCost } from '../src/catalog/passwords.ts';
import type { Platform } from '../src/platform.ts';
import { refreshStatistics } from '../src/store/maintenance.ts';
import { figure, note, percentile, random } from './report.ts';
import { onEveryStore } from './store.ts';

const TOTAL = Number(process.env.BENCH_ASSETS ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 400);

const QUALIFIERS = ['vigencia 2019', 'vigencia 2020', 'vigencia 2021', 'vigencia 2022', 'vigencia 2023', 'zona rural', 'zona urbana', 'primer semestre', 'segundo semestre', 'consolidado', 'histórico', 'de la Secretaría de Hacienda', 'de la Secretaría de Salud', 'de la Secretaría de Educación', 'de la Secretaría de Planeación', 'de la Secretaría de Gobierno', 'del Fondo de Vigilancia', 'de la Oficina Jurídica'];

async function seed(platform: Platform): Promise<void> {
  const ctx = platform.context(systemActor('benchmark'));
  setPasswordCost(10);
  const fresh = await loadDemo(ctx);
  const divipola = await divipolaFor(ctx.db);
  const rnd = random(42);
  // A mayor's office for every municipality without a demo entity.
  const taken = new Set((await ctx.db.selectFrom('entities').select('municipality_code').execute()).map((e) => e.municipality_code));
  let nitBase = 810_000_000;
  for (const dept of fresh ? divipola.departments() : []) {
    for (const m of divipola.municipalitiesOf(dept.code)) {
      if (taken.has(m.code)) continue;
      const nit = String(nitBase++);
      await createEntity(ctx, { nit: `${nit}-${nitCheckDigit(nit)}`, name: `Municipio de ${m.name}`, acronym: `Alcaldía de ${m.name}`, sector: 'gobierno_territorial', orden: 'territorial', department_code: dept.code, municipality_code: m.code });
    }
  }
  const entities = await ctx.db.selectFrom('entities').selectAll().execute();
  const territorial = [...COMMON, ...BY_PROFILE.municipio!, ...BY_PROFILE.departamento!];
  const national = [...COMMON, ...Object.entries(BY_PROFILE).filter(([k]) => k !== 'municipio' && k !== 'departamento').flatMap(([, v]) => v)];
  let existing = Number((await ctx.db.selectFrom('assets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const started = Date.now();
  let made = 0;
  while (existing < TOTAL) {
    await ctx.db.transaction().execute((trx) => withLedger(trx, async (ledger) => {
      for (let i = 0; i < 1000 && existing < TOTAL; i++) {
        const entity = entities[Math.floor(rnd() * entities.length)]!;
        const pool = entity.orden === 'territorial' ? territorial : national;
        const template: AssetTemplate = pool[Math.floor(rnd() * pool.length)]!;
        const qualifier = QUALIFIERS[Math.floor(rnd() * QUALIFIERS.length)]!;
        const [legal, ground, scope, years] = template.l;
        const problems = new Problems();
        const { fields } = normalizeAssetFields({
          title: `${template.t} — ${qualifier} (${existing})`,
          description: `${template.d} ${entity.name}, ${qualifier}.`,
          medium: template.m ?? 'electronico',
          formats: template.f,
          availability: template.a,
          published_where: template.a === 'publicada' ? 'Sitio web de la entidad' : 'Archivo de gestión',
          producer: template.p,
          update_frequency: template.q,
          legal_class: legal,
          exception_ground: ground ?? '',
          exception_scope: scope ?? '',
          classified_on: legal === 'publica' ? '' : '2024-02-01',
          exception_until: legal === 'reservada' ? `${2024 + Number(years)}-02-01` : '',
          personal_data_class: template.pd ?? 'ninguno',
          children_data: template.ch ?? false,
          themes: template.th,
          keywords: template.k,
          spatial: entity.orden === 'nacional' ? COUNTRY_CODE : entity.municipality_code ?? entity.department_code,
          licence: template.lic ?? '',
        }, divipola, problems, '2026-01-01');
        problems.throwIfAny();
        await insertAsset(trx, ledger, ctx.actor, new Date(Date.now() - Math.floor(rnd() * 3 * 365) * 86400_000), entity, fields);
        existing++;
        made++;
      }
    }));
    if (made % 10_000 === 0 || process.env.BENCH_VERBOSE) note(`  ${existing.toLocaleString('en')} assets, ${Math.round(made / ((Date.now() - started) / 1000))} rows/s`);
  }
  if (made > 0) figure('search', `${platform.store.kind}_index_rows_per_s`, made / ((Date.now() - started) / 1000), 'rows/s');
  // As the product does after every bulk import.
  await refreshStatistics(ctx.db);
}

function queries(count: number): SearchParams[] {
  const words = ['educacion', 'presupuesto', 'contratos', 'salud publica', 'matricula', 'catastro', 'victimas', 'plan de desarrollo', 'estadisticas', 'presup', 'transporte', 'licencias', 'nomina', 'pqrsd', 'vacunacion', 'historias laborales', 'impuesto predial', 'deforestacion', 'secretaria de hacienda', 'vigencia 2021', 'seguridad digital', 'cartografia', 'subsidios de vivienda', ''];
  const sectors = ['educacion', 'salud', 'gobierno_territorial', 'hacienda', 'ambiente'];
  const departments = ['05', '11', '76', '08', '68', '25', '52'];
  const sorts = ['relevance', 'relevance', 'relevance', 'recent', 'name'] as const;
  const rnd = random(7);
  return Array.from({ length: count }, () => {
    const filters: SearchParams['filters'] = {};
    if (rnd() < 0.25) filters.sector = [sectors[Math.floor(rnd() * sectors.length)]!];
    if (rnd() < 0.2) filters.department = [departments[Math.floor(rnd() * departments.length)]!];
    if (rnd() < 0.1) filters.theme = ['GOVE'];
    return { q: words[Math.floor(rnd() * words.length)]!, sort: sorts[Math.floor(rnd() * sorts.length)]!, page: rnd() < 0.15 ? 1 + Math.floor(rnd() * 20) : 1, per_page: 20, filters };
  });
}

async function measure(platform: Platform): Promise<void> {
  const ctx = platform.context(ANONYMOUS);
  const list = queries(QUERIES + 40);
  for (const params of list.slice(0, 40)) await labelFacets(ctx.db, await search(ctx, params), 'es');
  const times: number[] = [];
  const slowest: [number, SearchParams, number][] = [];
  let results = 0;
  for (const params of list.slice(40)) {
    const start = process.hrtime.bigint();
    const result = await labelFacets(ctx.db, await search(ctx, params), 'es');
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    times.push(ms);
    slowest.push([ms, params, result.count]);
    results += result.count;
  }
  times.sort((a, b) => a - b);
  if (process.env.BENCH_VERBOSE) {
    for (const [ms, params, count] of slowest.sort((a, b) => b[0] - a[0]).slice(0, 25)) note(`  ${ms.toFixed(1)} ms  ${count} matches  ${JSON.stringify(params)}`);
  }
  note(`  ${platform.store.kind}: ${times.length} searches, ${Math.round(results / times.length).toLocaleString('en')} matches on average`);
  figure('search', `${platform.store.kind}_p50`, percentile(times, 50), 'ms');
  figure('search', `${platform.store.kind}_p95`, percentile(times, 95), 'ms');
  figure('search', `${platform.store.kind}_p99`, percentile(times, 99), 'ms');
}

export async function run(): Promise<void> {
  await onEveryStore('search', async (platform) => {
    note(`search benchmark on ${platform.store.kind}: generating ${TOTAL.toLocaleString('en')} assets…`);
    await seed(platform);
    await measure(platform);
  });
}
