import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Parser, Store } from 'n3';
import { harvestLimits } from '../../src/linked/harvest/jobs.ts';
import { createSource, runHarvest } from '../../src/linked/harvest/service.ts';
import { validateAllShapes } from '../../src/quality/shacl.ts';
import { catalogShapes } from '../support/shared.ts';
import { publishCsv } from '../support/datasets.ts';
import { seedEntities, seedPerson, signInHeaders, testApp, testPlatform, type TestPlatform } from '../support/platform.ts';
import { runCli } from '../support/processes.ts';
import { needsShared } from '../support/shared.ts';

const PORTAL = path.resolve(import.meta.dirname, '../../../shared/data/portal');
const fixture = (name: string) => readFileSync(path.join(PORTAL, name), 'utf8');
const portal = needsShared('the portal records (CKAN, DCAT, data.json)', 'data', 'portal');

let t: TestPlatform;
let app: FastifyInstance;
let server: Server;
let origin: string;
let dane: { nit: string; id: string };
let men: { nit: string; id: string };
/** The catalog /live/data.json serves, changed by the tests; null answers 500. */
let live: object | null = null;

const CKAN_PACKAGES = portal.skip ? [] : [JSON.parse(fixture('ckan-package-legacy.json')), JSON.parse(fixture('ckan-package-dcat-ap-scheming.json')), { id: 'sin-titulo', name: '', title: '' }];

const PAGED = (n: number) => `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> . @prefix hydra: <http://www.w3.org/ns/hydra/core#> .
${n === 1 ? '<https://datos.example/ds/1> a dcat:Dataset ; dct:title "Uno"@es ; dct:description "Primero."@es ; dcat:distribution [ a dcat:Distribution ; dcat:downloadURL <https://datos.example/1.csv> ; dcat:mediaType <https://www.iana.org/assignments/media-types/text/csv> ] .\n<https://datos.example/ds/2> a dcat:Dataset ; dct:title "Dos"@es ; dct:description "Segundo."@es ; dcat:distribution [ dcat:accessURL <https://datos.example/2.json> ] .\n</paged/1.ttl> hydra:next </paged/2.ttl> .'
    : '<https://datos.example/ds/3> a dcat:Dataset ; dct:title "Tres"@es ; dct:description "Tercero."@es ; dcat:theme <http://publications.europa.eu/resource/authority/data-theme/ECON> ; dcat:distribution [ dcat:downloadURL <https://datos.example/3.xlsx> ] .'}`;

before(async () => {
  server = createServer(async (request, response) => {
    const url = new URL(request.url!, 'http://x');
    const send = (type: string, body: string, status = 200) => response.writeHead(status, { 'content-type': type }).end(body);
    if (url.pathname === '/ar/data.json') return send('application/json', fixture('ar-datajson-catalogo-justicia.json'));
    if (url.pathname === '/us/data.json') return send('application/json', fixture('dcat-us-1.1-catalog-sample.json'));
    if (url.pathname === '/es/dataset.ttl') return send('text/turtle', fixture('dcat-dataset-gob-es.ttl'));
    if (url.pathname.startsWith('/paged/')) return send('text/turtle', PAGED(url.pathname === '/paged/1.ttl' ? 1 : 2));
    if (url.pathname === '/own/catalog.jsonld') return send('application/ld+json', (await app.inject('/catalog.jsonld')).body);
    if (url.pathname === '/live/data.json') return live ? send('application/json', JSON.stringify(live)) : send('text/plain', 'fallo', 500);
    if (url.pathname === '/ckan/api/3/action/package_search') {
      const start = Number(url.searchParams.get('start') ?? 0);
      const rows = Math.min(Number(url.searchParams.get('rows') ?? 10), 2);
      return send('application/json', JSON.stringify({ help: '', success: true, result: { count: CKAN_PACKAGES.length, results: CKAN_PACKAGES.slice(start, start + rows) } }));
    }
    return send('text/plain', 'no', 404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await testPlatform({ env: { LINK_CHECK_PRIVATE_HOSTS: new URL(origin).host } });
  t.platform.queue.start();
  app = await testApp(t);
  ({ dane, men } = await seedEntities(t.system));
  await seedPerson(t.system, dane, ['editor'], 'editor@dane.gov.co');
  await seedPerson(t.system, men, ['editor'], 'editor@men.gov.co');
});

after(async () => {
  await app.close();
  await t.close();
  server.close();
});

const harvest = async (entity: string, url: string, type: 'dcat' | 'ckan' | 'datajson') => {
  const existing = await t.system.db.selectFrom('harvest_sources').selectAll().where('url', '=', url).executeTakeFirst();
  const source = existing ?? (await createSource(t.system, entity, { url, type }));
  return { source, ...(await runHarvest(t.system, source.id, harvestLimits(t.config))) };
};
const harvested = (sourceId: number) => t.system.db.selectFrom('datasets').selectAll().where('harvest_source_id', '=', sourceId).orderBy('harvest_identifier').execute();

test('a data.json in the Latin American profile (Argentina, Ministerio de Justicia) is harvested through the API as a job', portal, async () => {
  const editor = await signInHeaders(app, 'editor@dane.gov.co');
  const refused = await app.inject({ method: 'POST', url: `/api/v1/entities/${men.nit}/harvest-sources`, headers: editor, payload: { url: `${origin}/ar/data.json`, type: 'datajson' } });
  assert.equal(refused.statusCode, 403, "an editor cannot harvest into another entity");
  const invalid = await app.inject({ method: 'POST', url: `/api/v1/entities/${dane.nit}/harvest-sources`, headers: editor, payload: { url: 'ftp://x', type: 'datajson' } });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.json().error.details[0].message.es, /http/);
  const created = await app.inject({ method: 'POST', url: `/api/v1/entities/${dane.nit}/harvest-sources`, headers: editor, payload: { url: `${origin}/ar/data.json`, type: 'datajson', title: 'Justicia (Argentina)' } });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id;
  let view;
  for (let i = 0; i < 200; i++) {
    view = (await app.inject(`/api/v1/harvest-sources/${id}`)).json();
    if (view.runs[0]?.status && view.runs[0].status !== 'running' && !view.job) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(view.runs[0].status, 'done');
  assert.equal(view.runs[0].counts.read, 18);
  assert.equal(view.runs[0].counts.created, 18);
  assert.equal(view.datasets.active, 18);
  const datasets = await harvested(id);
  const infoleg = datasets.find((d) => d.harvest_identifier === 'd9a963ea-8b1d-4ca3-9dd9-07a4773e8c23')!;
  assert.equal(infoleg.title, 'Base de datos legislativos Infoleg');
  assert.deepEqual(infoleg.themes, ['JUST']);
  assert.equal(infoleg.licence, 'ODbL-1.0');
  assert.ok(infoleg.keywords.includes('boletín oficial'));
  assert.equal(infoleg.links.length, 3);
  assert.equal((infoleg.extra as { frequency: string }).frequency, 'mensual');
  assert.equal((infoleg.extra as { contact: { email: string } }).contact.email, 'datosabiertos@saij.gob.ar');

  // Harvested datasets are first-class: marked with their source, in CKAN, data.json and the DCAT-AP catalog.
  const page = await app.inject({ url: `/api/3/action/package_show?id=${infoleg.id}` });
  assert.equal(page.json().result.resources.length, 3);
  assert.equal(page.json().result.resources[0].format, 'CSV');
  const catalog = new Store(new Parser().parse((await app.inject('/catalog.ttl?per_page=500')).body));
  assert.equal(catalog.getQuads(null, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://www.w3.org/ns/dcat#Dataset', null).length, 18);
  const outcome = await validateAllShapes(catalogShapes(), catalog.getQuads(null, null, null, null));
  assert.deepEqual(outcome.violations.slice(0, 3), [], 'harvested records are valid DCAT-AP 3 too');
  const api = (await app.inject(`/api/v1/datasets/${infoleg.id}`)).json();
  assert.equal(api.harvest?.source_id, id, 'the dataset says where it came from');
});

test('DCAT-US 1.1 data.json: access levels, distributions by media type, records without files kept as drafts', portal, async () => {
  const run = await harvest(men.nit, `${origin}/us/data.json`, 'datajson');
  assert.equal(run.status, 'done');
  assert.equal(run.counts.created, run.counts.read);
  const datasets = await harvested(run.source.id);
  const widgets = datasets.find((d) => d.title === 'U.S. Widget Manufacturing Statistics')!;
  assert.deepEqual(widgets.links.map((l) => l.format), ['CSV', 'ZIP', 'JSON', null].slice(0, widgets.links.length));
  const noFiles = datasets.find((d) => d.title === 'U.S. Widget Phase Modulation Ranges')!;
  assert.equal(noFiles.links.length, 0);
  assert.ok(run.messages.some((m) => m.record === noFiles.harvest_identifier && /borrador/.test(m.message.es)));
  assert.equal((await app.inject(`/api/v1/datasets/${noFiles.id}`)).statusCode, 404, 'a draft is not public');
});

test('DCAT in Turtle (a datos.gob.es record), paged with Hydra, and in JSON-LD (this platform’s own catalog)', portal, async () => {
  const spain = await harvest(men.nit, `${origin}/es/dataset.ttl`, 'dcat');
  assert.equal(spain.counts.created, 1);
  const [madrid] = await harvested(spain.source.id);
  assert.equal(madrid!.title, 'Estudio de Satisfacción con el Programa de Escuelas Municipales de Promoción Deportiva en centros escolares');
  assert.equal(madrid!.harvest_identifier, 'https://datos.madrid.es/egob/catalogo/300676-0-deporte-encuesta-escuelas');
  assert.deepEqual(madrid!.links.map((l) => [l.format, l.size]), [['XLS', 43008]]);
  assert.ok(spain.messages.some((m) => /tema|theme/.test(m.message.en)), 'the Spanish sector theme is not an EU theme: a warning');

  const paged = await harvest(men.nit, `${origin}/paged/1.ttl`, 'dcat');
  assert.equal(paged.counts.created, 3, 'both pages read');
  assert.deepEqual((await harvested(paged.source.id)).map((d) => d.title).sort(), ['Dos', 'Tres', 'Uno']);

  const editor = { authorization: `Bearer ${(await app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: await signInHeaders(app, 'editor@dane.gov.co'), payload: { name: 't' } })).json().token}` };
  const own = await publishCsv(app, editor, dane.nit, 'Nacimientos por departamento', 'departamento,nacimientos\n05,70000\n');
  await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${own}`, headers: editor, payload: { description: 'Estadísticas vitales.', keywords: ['nacimientos'], themes: ['SOCI'], version: 1 } });
  const roundTrip = await harvest(men.nit, `${origin}/own/catalog.jsonld`, 'dcat');
  assert.equal(roundTrip.status, 'done');
  const copy = (await harvested(roundTrip.source.id)).find((d) => d.harvest_identifier === own)!;
  assert.equal(copy.title, 'Nacimientos por departamento');
  assert.deepEqual(copy.themes, ['SOCI']);
  assert.equal(copy.licence, 'CC-BY-4.0');
  assert.equal(copy.links.length, 4, 'CSV, JSON, XLSX and Parquet downloads');
});

test('CKAN API: packages page by page, one bad record reported without stopping the run', portal, async () => {
  const run = await harvest(dane.nit, `${origin}/ckan`, 'ckan');
  assert.equal(run.status, 'done');
  assert.equal(run.counts.read, 3);
  assert.equal(run.counts.created, 2);
  assert.equal(run.counts.errors, 1);
  assert.deepEqual(run.messages.filter((m) => m.level === 'error').map((m) => m.record), ['sin-titulo']);
  const datasets = await harvested(run.source.id);
  const zimbabwe = datasets.find((d) => d.harvest_identifier === '756d6426-d52d-492a-a263-599ad1caa123')!;
  assert.equal(zimbabwe.title, 'Zimbabwe Regional Geochemical Survey.');
  assert.equal(zimbabwe.keywords.length, 7);
  const scheming = datasets.find((d) => d.title === 'Test DCAT dataset')!;
  assert.deepEqual((scheming.extra as { temporal: unknown }).temporal, { start: '1905-03-01', end: '2013-01-05' });
  assert.equal((scheming.extra as { contact: { email: string } }).contact.email, 'contact1@example.org');
});

test('harvests are incremental: unchanged records untouched, changes updated, gone records withdrawn, a failed read withdraws nothing', portal, async () => {
  const entry = (id: string, title: string) => ({ identifier: id, title, description: `Descripción de ${title}.`, keyword: ['prueba'], distribution: [{ downloadURL: `https://datos.example/${id}.csv`, mediaType: 'text/csv' }] });
  const url = `${origin}/live/data.json`;
  live = { dataset: [entry('a', 'Alfa'), entry('b', 'Beta'), entry('c', 'Gamma')] };
  const first = await harvest(dane.nit, url, 'datajson');
  assert.deepEqual([first.counts.created, first.counts.withdrawn], [3, 0]);
  const before = await harvested(first.source.id);

  live = { dataset: [entry('a', 'Alfa'), entry('b', 'Beta cambiada'), entry('d', 'Delta')] };
  const second = await harvest(dane.nit, url, 'datajson');
  assert.deepEqual({ created: second.counts.created, updated: second.counts.updated, unchanged: second.counts.unchanged, withdrawn: second.counts.withdrawn }, { created: 1, updated: 1, unchanged: 1, withdrawn: 1 });
  const after = await harvested(first.source.id);
  const alfa = (rows: typeof before) => rows.find((d) => d.harvest_identifier === 'a')!;
  assert.equal(alfa(after).version, alfa(before).version, 'an unchanged record is not rewritten');
  assert.equal(after.find((d) => d.harvest_identifier === 'b')!.title, 'Beta cambiada');
  const gamma = after.find((d) => d.harvest_identifier === 'c')!;
  assert.equal(gamma.state, 'deleted');
  assert.equal((await app.inject(`/api/v1/datasets/${gamma.id}`)).statusCode, 404, 'withdrawn');

  live = null;
  const failed = await harvest(dane.nit, url, 'datajson');
  assert.equal(failed.status, 'failed');
  assert.equal(failed.counts.withdrawn, 0);
  assert.match(failed.messages[0]!.message.es, /no se retiró ningún conjunto/);
  assert.equal((await harvested(first.source.id)).filter((d) => d.state === 'active').length, 3);

  live = { dataset: [entry('a', 'Alfa'), entry('b', 'Beta cambiada'), entry('c', 'Gamma'), entry('d', 'Delta')] };
  const back = await harvest(dane.nit, url, 'datajson');
  assert.equal(back.counts.updated, 1, 'a record that comes back is published again');
  assert.equal((await harvested(first.source.id)).filter((d) => d.state === 'active').length, 4);
});

test('npx infradatos harvest URL --type TYPE --entity NIT runs one harvest from the command line', portal, async () => {
  const cli = await testPlatform({ env: { LINK_CHECK_PRIVATE_HOSTS: new URL(origin).host } });
  await seedEntities(cli.system);
  await cli.platform.close();
  const env: Record<string, string> = { DATA_DIR: cli.dataDir, SECRET: cli.config.secret, DEMO: '0', LINK_CHECK_PRIVATE_HOSTS: new URL(origin).host, ...(cli.config.databaseUrl ? { DATABASE_URL: cli.config.databaseUrl } : {}) };
  try {
    const result = await runCli(['harvest', `${origin}/ar/data.json`, '--type', 'datajson', '--entity', dane.nit], env);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /Leídos 18: 18 nuevos, 0 actualizados, 0 sin cambios, 0 retirados/);
    const again = await runCli(['harvest', `${origin}/ar/data.json`, '--type', 'datajson', '--entity', dane.nit], env);
    assert.match(again.stdout, /Leídos 18: 0 nuevos, 0 actualizados, 18 sin cambios/);
    const bad = await runCli(['harvest', `${origin}/ar/data.json`, '--type', 'rss', '--entity', dane.nit], env);
    assert.equal(bad.code, 2, 'a usage error');
    assert.match(bad.stdout + bad.stderr, /--type/);
  } finally {
    await cli.close().catch(() => {});
  }
});
