import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import oxigraph from 'oxigraph';
import { loadDemo } from '../../src/catalog/demo/load.ts';
import { systemActor } from '../../src/core/actor.ts';
import { loadDemoDatasets } from '../../src/publish/demo.ts';
import { loadDemoStandards } from '../../src/quality/demo-standards.ts';
import { loadDemoExchange } from '../../src/exchange/demo.ts';
import { validateAllShapes, validateShapes, BUILTIN_SHAPES } from '../../src/quality/shacl.ts';
import { catalogShapes, needsShared, OFFICIAL_DCAT_AP_SHAPES } from '../support/shared.ts';
import { testApp, testPlatform, type TestPlatform } from '../support/platform.ts';

/** The whole demo catalog, as a harvester sees it: every serialization and data.json. */
let t: TestPlatform;
let app: FastifyInstance;

before(async () => {
  t = await testPlatform();
  const ctx = t.platform.context(systemActor('demo'));
  await loadDemo(ctx);
  await loadDemoDatasets(ctx);
  await loadDemoStandards(ctx);
  await loadDemoExchange(ctx);
  app = await testApp(t);
});

after(async () => {
  await app.close();
  await t.close();
});

const DCAT_DATASET = 'http://www.w3.org/ns/dcat#Dataset';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

test('every serialization of the whole demo catalog passes the DCAT-AP 3 SHACL shapes (ours, and the official ones when present) with zero violations', async () => {
  const open = await t.system.db.selectFrom('datasets').select('id').where('access_level', '=', 'public').where('current_release', 'is not', null).execute();
  assert.ok(open.length >= 8, 'the demo publishes its open datasets');
  const sizes: number[] = [];
  for (const [path, format] of [['/catalog.ttl', 'text/turtle'], ['/catalog.jsonld', 'application/ld+json'], ['/catalog.rdf', 'application/rdf+xml']] as const) {
    const response = await app.inject(`${path}?per_page=500`);
    assert.equal(response.statusCode, 200, path);
    // Parsed by Oxigraph, independently of the writers (n3, jsonld, Oxigraph's own RDF/XML).
    const quads = oxigraph.parse(response.body, { format, base_iri: t.config.baseUrl });
    const datasets = quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === DCAT_DATASET);
    assert.equal(datasets.length, open.length, `${path}: every open dataset`);
    const outcome = await validateAllShapes(catalogShapes(), quads as never);
    assert.deepEqual(outcome.violations, [], `${path}: no SHACL violation`);
    sizes.push(new Set(quads.map((q) => q.toString())).size);
  }
  assert.equal(new Set(sizes).size, 1, `the three serializations hold the same triples (${sizes.join(', ')})`);
});

test("the project's own DCAT-AP 3 shapes agree with the official ones on the demo catalog and on broken copies of it", needsShared('the official DCAT-AP 3.0.1 shapes', 'conformance', 'dcat-ap', '3.0.1', 'shacl', 'dcat-ap-SHACL.ttl'), async () => {
  const ttl = (await app.inject('/catalog.ttl?per_page=500')).body;
  const quads = oxigraph.parse(ttl, { format: 'text/turtle', base_iri: t.config.baseUrl });
  const findings = async (data: typeof quads) => {
    const key = (o: Awaited<ReturnType<typeof validateShapes>>) => [...new Set(o.violations.map((v) => `${v.focus} ${v.path}`))].sort();
    return [key(await validateShapes(BUILTIN_SHAPES, data as never)), key(await validateShapes(OFFICIAL_DCAT_AP_SHAPES, data as never))];
  };
  const [ours, official] = await findings(quads);
  assert.deepEqual(ours, []);
  assert.deepEqual(official, []);
  const DCT = 'http://purl.org/dc/terms/';
  const DCAT = 'http://www.w3.org/ns/dcat#';
  const datasets = quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === DCAT_DATASET).map((q) => q.subject.value);
  const distribution = quads.find((q) => q.predicate.value === `${DCAT}distribution`)!.object;
  const agent = quads.find((q) => q.predicate.value === `${DCT}publisher`)!.object;
  const broken = [
    // A dataset without title, another without description; a distribution without access URL.
    quads.filter((q) => !(q.subject.value === datasets[0] && q.predicate.value === `${DCT}title`)
      && !(q.subject.value === datasets[1] && q.predicate.value === `${DCT}description`)
      && !(q.subject.equals(distribution) && q.predicate.value === `${DCAT}accessURL`)),
    // Two publishers, byte sizes as text, a publisher that is not an agent.
    [...quads.filter((q) => !(q.subject.equals(agent) && q.predicate.value === RDF_TYPE)).map((q) => q.predicate.value === `${DCAT}byteSize` ? oxigraph.quad(q.subject, q.predicate, oxigraph.literal('grande')) : q),
      oxigraph.quad(oxigraph.namedNode(datasets[2]!), oxigraph.namedNode(`${DCT}publisher`), oxigraph.namedNode('http://example.org/otro'))],
  ];
  for (const data of broken) {
    const [mine, theirs] = await findings(data);
    assert.ok(mine!.length >= 3, mine!.join('\n'));
    assert.deepEqual(mine, theirs);
  }
});

test("the demo's road-crash coordinates are published as read: latitude 4.55–4.75, longitude −74.2 to −74.05", async () => {
  const { id } = await t.system.db.selectFrom('datasets').select('id').where('title', 'like', 'Siniestros viales%').executeTakeFirstOrThrow();
  const [range] = (await app.inject(`/resource/${id}.json?$select=min(latitud) AS lat_min, max(latitud) AS lat_max, min(longitud) AS lon_min, max(longitud) AS lon_max`)).json();
  assert.ok(Number(range.lat_min) >= 4.55 && Number(range.lat_max) <= 4.75, JSON.stringify(range));
  assert.ok(Number(range.lon_min) >= -74.2 && Number(range.lon_max) <= -74.05, JSON.stringify(range));
});

test('data.json describes the same catalog in DCAT-US 1.1 with every required field', async () => {
  const response = await app.inject('/data.json');
  assert.equal(response.statusCode, 200);
  const catalog = response.json();
  assert.equal(catalog.conformsTo, 'https://project-open-data.cio.gov/v1.1/schema');
  assert.equal(catalog['@type'], 'dcat:Catalog');
  const ttl = oxigraph.parse((await app.inject('/catalog.ttl?per_page=500')).body, { format: 'text/turtle', base_iri: t.config.baseUrl });
  const uris = ttl.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === DCAT_DATASET).map((q) => q.subject.value).sort();
  assert.deepEqual(catalog.dataset.map((d: { identifier: string }) => d.identifier).sort(), uris);
  const isoDate = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/;
  for (const d of catalog.dataset) {
    for (const field of ['title', 'description', 'identifier', 'modified', 'accessLevel']) assert.ok(typeof d[field] === 'string' && d[field].length > 0, `${d.identifier}: ${field}`);
    assert.ok(Array.isArray(d.keyword) && d.keyword.length > 0, `${d.identifier}: keyword`);
    assert.equal(d.publisher['@type'], 'org:Organization');
    assert.ok(d.publisher.name);
    assert.equal(d.contactPoint['@type'], 'vcard:Contact');
    assert.match(d.contactPoint.hasEmail, /^mailto:[^@\s]+@[^@\s]+$/, `${d.identifier}: contact e-mail`);
    assert.match(d.modified, isoDate);
    assert.ok(['public', 'restricted public', 'non-public'].includes(d.accessLevel));
    if (d.accrualPeriodicity) assert.match(d.accrualPeriodicity, /^(irregular|R\/P(T?\d+(\.\d+)?[YMWDHS])+)$/);
    if (d.temporal) assert.match(d.temporal, /^\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}$/);
    assert.ok(d.distribution.length >= 5, 'four downloads and the APIs');
    for (const x of d.distribution) {
      assert.equal(x['@type'], 'dcat:Distribution');
      assert.ok(x.downloadURL || x.accessURL);
      if (x.downloadURL) assert.match(x.mediaType, /^[-\w]+\/[-\w.+]+$/, 'a download names its media type');
    }
    const csv = d.distribution.find((x: { format: string }) => x.format === 'CSV');
    const download = await app.inject(new URL(csv.downloadURL).pathname);
    assert.equal(download.statusCode, 200, 'the CSV it names downloads');
  }
});

test('the demo enrolment dataset conforms to the national standard it declares', async () => {
  const dataset = await t.system.db.selectFrom('datasets').selectAll().where('conforms_to', '=', 'matricula-municipal@1.0').executeTakeFirstOrThrow();
  const { checkConformance } = await import('../../src/quality/standards.ts');
  const release = await t.system.db.selectFrom('releases').selectAll().where('dataset_id', '=', dataset.id).where('number', '=', dataset.current_release!).executeTakeFirstOrThrow();
  const report = await checkConformance(t.system, dataset, release);
  assert.deepEqual(report?.errors, []);
  assert.equal(report?.valid, true);
});

test('the demo has a pending request between entities and an accountability programme under way', async () => {
  const request = await t.system.db.selectFrom('access_requests').selectAll().executeTakeFirstOrThrow();
  assert.equal(request.status, 'submitted');
  assert.ok(request.fields.length >= 2, request.fields.map((f) => f.name).join());
  assert.equal((await t.system.db.selectFrom('accountability_records').select('id').execute()).length, 2);
});

test("the demo's oversight board has something to follow up: Leticia's classes left blank, ended reserves, DANE's accountability begun", async () => {
  const { oversightBoard, oversightOfEntity } = await import('../../src/exchange/oversight.ts');
  const ctx = t.platform.context(systemActor('test'));
  const leticia = await oversightOfEntity(ctx, '899999302');
  assert.deepEqual(leticia.assets_without_full_classification.map((a) => a.problem), ['assumed', 'assumed']);
  const board = await oversightBoard(ctx);
  const dane = board.entities.find((e) => e.entity.nit === '899999027')!;
  assert.equal(dane.accountability_missing, board.accountability_elements - 2);
  // Elsewhere the demo's inventory is fully classified, but some reserves with short terms have ended.
  for (const e of board.entities.filter((x) => x.entity.nit !== '899999302' && x.assets_without_full_classification > 0)) {
    const found = await oversightOfEntity(ctx, e.entity.nit);
    assert.deepEqual([...new Set(found.assets_without_full_classification.map((a) => `${a.legal_class} ${a.problem}`))], ['reservada term_ended'], e.entity.name);
  }
});
