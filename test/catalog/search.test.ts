import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createAsset } from '../../src/catalog/assets.ts';
import { signIn } from '../../src/catalog/sessions.ts';
import { normalizeSearchParams, search, type SearchParams } from '../../src/catalog/search.ts';
import type { Actor } from '../../src/core/actor.ts';
import type { AppError } from '../../src/core/errors.ts';
import { assetInput, reservedInput, seedEntities, seedPerson, testPlatform, TEST_PASSWORD, type TestPlatform } from '../support/platform.ts';

let t: TestPlatform;
let outsider: Actor;
let insider: Actor;
const anonymous: Actor = { kind: 'anonymous' };

before(async () => {
  t = await testPlatform();
  const { dane, men } = await seedEntities(t.system);
  const titles: [string, string, Record<string, unknown>][] = [
    [dane.nit, 'Estadísticas vitales: nacimientos y defunciones', { themes: ['HEAL', 'SOCI'], formats: ['CSV'] }],
    [dane.nit, 'Índice de Precios al Consumidor', { themes: ['ECON'], formats: ['XLSX'], keywords: 'inflación, IPC' }],
    [dane.nit, 'Árbol de decisiones estadísticas', { themes: ['TECH'], formats: ['PDF'] }],
    [dane.nit, 'Ñandúes del Orinoco', { themes: ['ENVI'], formats: ['PDF'], description: 'Censo de aves.' }],
    [men.nit, 'Presupuesto de Educación', { themes: ['EDUC', 'ECON'], formats: ['XLSX', 'PDF'], licence: 'CC-BY-4.0' }],
    [men.nit, 'Matrícula escolar por municipio', { themes: ['EDUC'], formats: ['CSV'], description: 'Estudiantes matriculados en educación básica.' }],
    [men.nit, 'Zonas rurales con sedes educativas', { themes: ['EDUC', 'REGI'], formats: ['SHP'] }],
  ];
  for (const [nit, title, extra] of titles) await createAsset(t.system, nit, assetInput({ title, description: `Registro: ${title}.`, keywords: '', ...extra }));
  for (let i = 1; i <= 45; i++) await createAsset(t.system, men.nit, assetInput({ title: `Acta del comité ${String(i).padStart(2, '0')}`, description: 'Decisiones del comité directivo.', themes: ['GOVE'], formats: ['PDF'], keywords: 'actas' }));
  await createAsset(t.system, dane.nit, reservedInput({ title: 'Informes reservados de educación' }));
  await seedPerson(t.system, men, ['editor'], 'editor@men.gov.co');
  await seedPerson(t.system, dane, ['editor'], 'editor@dane.gov.co');
  outsider = (await signIn(t.platform.store.db, 'editor@men.gov.co', TEST_PASSWORD, new Date())).actor;
  insider = (await signIn(t.platform.store.db, 'editor@dane.gov.co', TEST_PASSWORD, new Date())).actor;
});

after(async () => {
  await t.close();
});

const find = (params: SearchParams, actor: Actor = anonymous) => search(t.as(actor), params);
const titles = async (params: SearchParams, actor?: Actor) => (await find(params, actor)).results.map((r) => r.title);

test('accent- and case-insensitive: "educacion" and "EDUCACIÓN" find "Educación"', async () => {
  assert.ok((await titles({ q: 'educacion' })).includes('Presupuesto de Educación'));
  assert.deepEqual(await titles({ q: 'EDUCACIÓN' }), await titles({ q: 'educacion' }));
  assert.deepEqual(await titles({ q: 'indice precios' }), ['Índice de Precios al Consumidor']);
});

test('prefixes and stems: "presup" finds "presupuesto", "estadistica" finds "Estadísticas"', async () => {
  assert.deepEqual(await titles({ q: 'presup' }), ['Presupuesto de Educación']);
  assert.ok((await titles({ q: 'estadistica' })).includes('Estadísticas vitales: nacimientos y defunciones'));
  assert.deepEqual(await titles({ q: 'matricula escolar' }), ['Matrícula escolar por municipio']);
});

test('a query of stop words only is like no query', async () => {
  const all = await find({});
  const stop = await find({ q: 'de la' });
  assert.equal(stop.count, all.count);
  assert.equal(stop.q, 'de la');
});

test('keywords and descriptions are searched too, titles rank first', async () => {
  assert.deepEqual(await titles({ q: 'inflacion' }), ['Índice de Precios al Consumidor']);
  const censo = await titles({ q: 'censo' });
  assert.deepEqual(censo, ['Ñandúes del Orinoco']);
});

test('typos are tolerated: the query is corrected to indexed words', async () => {
  const result = await find({ q: 'presupeusto' });
  assert.equal(result.approximate, true);
  assert.equal(result.corrected_q, 'presupuesto');
  assert.deepEqual(result.results.map((r) => r.title), ['Presupuesto de Educación']);
  assert.ok((await titles({ q: 'matricla' })).includes('Matrícula escolar por municipio'));
  const none = await find({ q: 'xyzzy' });
  assert.equal(none.count, 0);
});

test('sort by name follows Spanish collation: accented titles do not go after z, ñ after n', async () => {
  const sorted = await titles({ sort: 'name', per_page: 100, filters: { entity: ['CO/GOV/899999027'] } });
  assert.deepEqual(sorted, ['Árbol de decisiones estadísticas', 'Estadísticas vitales: nacimientos y defunciones', 'Índice de Precios al Consumidor', 'Ñandúes del Orinoco', 'Presupuesto de Educación'].filter((x) => sorted.includes(x)));
  const all = await titles({ sort: 'name', per_page: 100 });
  assert.equal(all[0], 'Acta del comité 01');
  assert.equal(all.at(-1), 'Zonas rurales con sedes educativas');
});

test('facets count what matches, and filters narrow it', async () => {
  const result = await find({ q: 'educacion' });
  const educ = result.facets.theme.find((f) => f.value === 'EDUC');
  assert.ok(educ && educ.count >= 2);
  assert.deepEqual(result.facets.entity.map((f) => f.value), ['CO/GOV/899999001']);
  const filtered = await find({ filters: { theme: ['EDUC'], format: ['CSV'] } });
  assert.deepEqual(filtered.results.map((r) => r.title), ['Matrícula escolar por municipio']);
  assert.deepEqual((await find({ filters: { licence: ['CC-BY-4.0'] } })).results.map((r) => r.title), ['Presupuesto de Educación']);
  const sectors = (await find({})).facets.sector.map((f) => [f.value, f.count]);
  assert.deepEqual(sectors, [['educacion', 48], ['estadistica', 4]]);
});

test('paging goes as deep as the results do, with stable order', async () => {
  const pages = [];
  for (let page = 1; page <= 6; page++) pages.push(...(await find({ q: 'acta', per_page: 10, page, sort: 'name' })).results.map((r) => r.title));
  assert.equal(pages.length, 45);
  assert.equal(new Set(pages).size, 45);
  assert.equal(pages[44], 'Acta del comité 45');
  const last = await find({ q: 'acta', per_page: 10, page: 5 });
  assert.equal(last.pages, 5);
  assert.equal(last.results.length, 5);
});

test('non-public assets appear only to people allowed to see them', async () => {
  const q = { q: 'informes reservados' };
  assert.equal((await find(q, anonymous)).count, 0);
  assert.equal((await find(q, outsider)).count, 0);
  assert.equal((await find(q, insider)).count, 1);
  assert.equal((await find({ filters: { legal_class: ['reservada'] } }, outsider)).count, 0);
  assert.equal((await find({}, t.system.actor)).count, 53);
});

test('bad search parameters get a clear error', () => {
  assert.throws(() => normalizeSearchParams({ page: '0' }), (e: AppError) => e.details[0]?.field === 'page');
  assert.throws(() => normalizeSearchParams({ per_page: '1000' }), (e: AppError) => /entre 1 y 100/.test(e.messages.es));
  assert.throws(() => normalizeSearchParams({ sort: 'random' }), (e: AppError) => e.details[0]?.field === 'sort');
  assert.deepEqual(normalizeSearchParams({ q: 'x', theme: 'EDUC', format: ['CSV', 'PDF'] }).filters, { theme: ['EDUC'], format: ['CSV', 'PDF'] });
});

test('counts of browsing without words are cached, and never stale after a change', async () => {
  const before = await find({ filters: { sector: ['estadistica'] } });
  const again = await find({ filters: { sector: ['estadistica'] }, sort: 'name' });
  assert.equal(again.count, before.count);
  const created = await createAsset(t.system, '899999027', assetInput({ title: 'Cuentas nacionales trimestrales', description: 'PIB trimestral.', keywords: '' }));
  const after = await find({ filters: { sector: ['estadistica'] } });
  assert.equal(after.count, before.count + 1);
  assert.equal(after.results[0]!.id, created.id);
  assert.equal(after.facets.entity.find((f) => f.value === 'CO/GOV/899999027')!.count, before.count + 1);
});
