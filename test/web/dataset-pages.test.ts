import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { seedEntities, seedPerson, TEST_PASSWORD, testApp, testPlatform, type TestPlatform } from '../support/platform.ts';

let t: TestPlatform;
let app: FastifyInstance;
let cookie: string;
let csrf: string;

const CSV = ['Código municipio;Municipio;Población;Fecha de corte', '05001;Medellín;2.612.958;30/06/2024', '05002;Abejorral;20.367;30/06/2024', '11001;Bogotá, D.C.;7.968.095;30/06/2024', '76001;Cali;2.283.846;30/06/2024'].join('\n');

function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = '----infradatos';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n--${boundary}--\r\n`);
  return { payload: Buffer.from(parts.join('')), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function waitUntil(url: string, done: (body: any) => boolean) {
  for (let i = 0; i < 200; i++) {
    const body = (await app.inject({ url, headers: { cookie } })).json();
    if (done(body)) return body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${url}`);
}

before(async () => {
  t = await testPlatform();
  t.platform.queue.start();
  app = await testApp(t);
  const { dane } = await seedEntities(t.system);
  await seedPerson(t.system, dane, ['editor'], 'editor@dane.gov.co');
  const login = await app.inject({ method: 'POST', url: '/login', payload: { email: 'editor@dane.gov.co', password: TEST_PASSWORD, next: '/' } });
  cookie = `infradatos_session=${login.cookies.find((c) => c.name === 'infradatos_session')!.value}`;
  csrf = /name="_csrf" value="([^"]+)"/.exec((await app.inject({ url: '/entities/899999027/datasets/new', headers: { cookie } })).body)![1]!;
});

after(async () => {
  await app.close();
  await t.close();
});

test('an editor publishes with forms only: create, upload, correct the schema, publish', async () => {
  const invalid = await app.inject({ method: 'POST', url: '/entities/899999027/datasets/new', headers: { cookie }, payload: { _csrf: csrf, title: 'x' } });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /El título es obligatorio/);
  const created = await app.inject({ method: 'POST', url: '/entities/899999027/datasets/new', headers: { cookie }, payload: { _csrf: csrf, title: 'Población por municipio', description: 'Proyecciones de población.', keywords: 'población, municipios', licence: 'CC-BY-4.0', access_level: 'public' } });
  assert.equal(created.statusCode, 303, created.body);
  const uploadPath = created.headers.location as string;
  const id = /\/datasets\/([a-z0-9-]+)\/upload/.exec(uploadPath)![1]!;

  const form = multipart({ _csrf: csrf }, { name: 'poblacion.csv', content: CSV });
  const uploaded = await app.inject({ method: 'POST', url: uploadPath, headers: { cookie, ...form.headers }, payload: form.payload });
  assert.equal(uploaded.statusCode, 303, uploaded.body);
  const page = uploaded.headers.location as string;
  const api = `/api/v1${page}`;
  await waitUntil(api, (b) => b.done);
  const review = await app.inject({ url: page, headers: { cookie } });
  assert.match(review.body, /Esquema inferido/);
  assert.match(review.body, new RegExp(`<link rel="alternate" type="application/json" href="${api}"`));
  assert.match(review.body, /<option value="integer" selected>Entero<\/option>/);

  const published = await app.inject({
    method: 'POST', url: page, headers: { cookie },
    payload: { _csrf: csrf, action: 'publish', 'type.0': 'string', 'type.1': 'string', 'type.2': 'integer', 'groupChar.2': '.', 'type.3': 'date', 'format.3': '%d/%m/%Y', 'description.2': 'Habitantes proyectados', 'required.0': '1', 'unique.0': '1', 'codelist.0': 'divipola-municipios' },
  });
  assert.equal(published.statusCode, 303, published.body);
  const done = await waitUntil(api, (b) => b.status === 'published');
  assert.equal(done.release, 1);
  assert.equal(done.schema.fields[2].type, 'integer');
  // The quality rules chosen in the form: the code is required, unique and a DIVIPOLA municipality.
  assert.deepEqual(done.schema.fields[0].constraints, { required: true, unique: true });
  assert.deepEqual(done.schema.foreignKeys, [{ fields: [done.schema.fields[0].name], reference: { resource: 'divipola-municipios', fields: ['codigo'] } }]);

  const dataset = await app.inject(`/datasets/${id}`);
  assert.equal(dataset.statusCode, 200);
  assert.match(dataset.body, /Habitantes proyectados/);
  assert.match(dataset.body, /<svg[^>]*>/, 'histograms are server-rendered SVG');
  assert.match(dataset.body, /sodapy/);
  assert.match(dataset.body, /RSocrata/);
  assert.ok(dataset.body.length < 200 * 1024);
});

test('the preview sorts, filters and pages through plain links; every dataset page has a JSON twin', async () => {
  const [dataset] = (await app.inject('/api/v1/datasets')).json().results;
  const id = dataset.id;
  const sorted = await app.inject(`/datasets/${id}?sort=poblacion&desc=1`);
  const table = sorted.body.slice(sorted.body.indexOf('id="vista"'), sorted.body.indexOf('id="resumen"'));
  const cells = [...table.matchAll(/<td>(Medellín|Abejorral|Bogotá, D\.C\.|Cali)<\/td>/g)].map((m) => m[1]);
  assert.deepEqual(cells, ['Bogotá, D.C.', 'Medellín', 'Cali', 'Abejorral']);
  assert.match(sorted.body, /aria-sort="descending"/);
  const filter = await app.inject(`/datasets/${id}?filter_field=municipio&filter_value=Cali`);
  assert.equal(filter.statusCode, 303);
  const filtered = await app.inject(filter.headers.location as string);
  assert.match(filtered.body, /1 filas/);
  const rows = (await app.inject(`/api/v1/datasets/${id}/releases/1/rows?f.municipio=Cali`)).json();
  assert.deepEqual(rows.rows.map((r: { municipio: string }) => r.municipio), ['Cali']);
  const paged = (await app.inject(`/api/v1/datasets/${id}/releases/1/rows?per_page=2&page=2&sort=municipio`)).json();
  assert.deepEqual([paged.total, paged.pages, paged.rows.map((r: { municipio: string }) => r.municipio)], [4, 2, ['Cali', 'Medellín']]);
  const summary = (await app.inject(`/api/v1/datasets/${id}/releases/1/summary`)).json();
  const population = summary.columns.find((c: { name: string }) => c.name === 'poblacion');
  assert.deepEqual([population.min, population.max, population.empty], ['20367', '7968095', 0]);
  assert.equal(population.histogram.reduce((n: number, b: { count: number }) => n + b.count, 0), 4);

  for (const url of ['/datasets', `/datasets/${id}`, `/datasets/${id}/quality`]) {
    const html = await app.inject(url);
    assert.equal(html.statusCode, 200, url);
    const twin = /<link rel="alternate" type="application\/json" href="([^"]+)"/.exec(html.body)![1]!;
    assert.equal((await app.inject(twin)).statusCode, 200, twin);
  }
});

test('a new release shows what changed since the previous one', async () => {
  const [dataset] = (await app.inject('/api/v1/datasets')).json().results;
  const next = CSV.replace('76001;Cali;2.283.846;30/06/2024', '08001;Barranquilla;1.326.588;30/06/2024') + '\n54001;Cúcuta;815.891;30/06/2024';
  const upload = await app.inject({ method: 'POST', url: `/api/v1/datasets/${dataset.id}/uploads?file_name=p2.csv&publish=true&wait=true`, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'text/csv' }, payload: next });
  assert.equal(upload.json().status, 'published', upload.body);
  const diff = (await app.inject(`/api/v1/datasets/${dataset.id}/releases/2/diff?from=1`)).json();
  assert.deepEqual(diff.rows, { before: 4, after: 5, added: 2, removed: 1 });
  assert.deepEqual(diff.fields, { added: [], removed: [], retyped: [] });
  const page = await app.inject(`/datasets/${dataset.id}/releases/2/diff?from=1`);
  assert.match(page.body, /Filas añadidas/);
  assert.match((await app.inject(`/datasets/${dataset.id}`)).body, /Comparar con la 1/);
});
