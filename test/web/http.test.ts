import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createAsset } from '../../src/catalog/assets.ts';
import { assetInput, reservedInput, seedEntities, seedPerson, signInHeaders, testApp, testPlatform, TEST_PASSWORD, type TestPlatform } from '../support/platform.ts';

let t: TestPlatform;
let app: FastifyInstance;
let assetId: string;
let reservedId: string;

before(async () => {
  t = await testPlatform();
  app = await testApp(t);
  const { dane } = await seedEntities(t.system);
  await seedPerson(t.system, dane, ['editor', 'steward'], 'editor@dane.gov.co');
  await seedPerson(t.system, dane, ['data_office'], 'oficina@dnp.gov.co');
  assetId = (await createAsset(t.system, dane.nit, assetInput({ title: 'Censo Nacional de Población y Vivienda' }))).id;
  reservedId = (await createAsset(t.system, dane.nit, reservedInput())).id;
});

after(async () => {
  await app.close();
  await t.close();
});

test('health and the OpenAPI 3.1 description', async () => {
  const health = await app.inject('/healthz');
  assert.deepEqual(health.json(), { status: 'ok' });
  const spec = (await app.inject('/api/openapi.json')).json();
  assert.equal(spec.openapi, '3.1.0');
  for (const path of ['/api/v1/entities', '/api/v1/search', '/api/v1/assets/{id}', '/api/v1/entities/{key}/imports', '/api/v1/entities/{key}/instruments/{instrument}']) {
    assert.ok(spec.paths[path], path);
  }
  const docs = await app.inject('/api/docs');
  assert.equal(docs.statusCode, 200);
  assert.match(docs.body, /<code>\/api\/v1\/search<\/code>/);
});

test('GET /api/v1/entities lists id, nit and name', async () => {
  const body = (await app.inject('/api/v1/entities')).json();
  assert.equal(body.count, 2);
  assert.deepEqual(Object.keys(body.results[0]).filter((k) => ['id', 'nit', 'name'].includes(k)), ['id', 'nit', 'name']);
  assert.equal(body.results[0].id, 'CO/GOV/899999027');
  // An entity is found by its NIT, with or without the verification digit, or by its URL-encoded member id.
  for (const key of ['899999027', '899999027-8', 'CO%2FGOV%2F899999027']) {
    const one = await app.inject(`/api/v1/entities/${key}`);
    assert.equal(one.json().id, 'CO/GOV/899999027', key);
    assert.equal(one.headers.etag, '"1"');
  }
});

test('errors come in one envelope, in Spanish and English, with where the problem is', async () => {
  const invalid = await app.inject('/api/v1/search?per_page=0');
  assert.equal(invalid.statusCode, 400);
  const error = invalid.json().error;
  assert.equal(error.code, 'validation');
  assert.ok(error.message.es && error.message.en);
  assert.equal(error.details[0].field, 'per_page');
  assert.match(error.details[0].message.es, /mayor o igual que 1/);

  const missing = await app.inject('/api/v1/nada');
  assert.equal(missing.statusCode, 404);
  assert.match(missing.json().error.message.es, /No existe la dirección \/api\/v1\/nada/);

  const page = await app.inject('/no-existe');
  assert.equal(page.statusCode, 404);
  assert.match(page.headers['content-type'] as string, /text\/html/);
  assert.match(page.body, /<html lang="es"/);

  const badJson = await app.inject({ method: 'POST', url: '/api/v1/session', headers: { 'content-type': 'application/json' }, payload: '{"email":' });
  assert.equal(badJson.statusCode, 400);
  assert.match(badJson.json().error.message.es, /JSON/);

  const unknownField = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'a@b.co', password: 'x', admin: true } });
  assert.equal(unknownField.statusCode, 400);
  assert.match(JSON.stringify(unknownField.json().error.details), /admin/);
});

test('a session write needs its CSRF token; requests from other sites are refused', async () => {
  const headers = await signInHeaders(app, 'editor@dane.gov.co');
  const body = { description: 'Resultados del censo por manzana.', version: 1 };
  const withoutToken = await app.inject({ method: 'PATCH', url: `/api/v1/assets/${assetId}`, headers: { cookie: headers.cookie! }, payload: body });
  assert.equal(withoutToken.statusCode, 403);
  assert.match(withoutToken.json().error.message.es, /CSRF/);
  const crossSite = await app.inject({ method: 'PATCH', url: `/api/v1/assets/${assetId}`, headers: { ...headers, origin: 'https://evil.example' }, payload: body });
  assert.equal(crossSite.statusCode, 403);
  const ok = await app.inject({ method: 'PATCH', url: `/api/v1/assets/${assetId}`, headers, payload: body });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.headers.etag, '"2"');
  // If-Match works like the version field; a stale one is a conflict.
  const stale = await app.inject({ method: 'PATCH', url: `/api/v1/assets/${assetId}`, headers: { ...headers, 'if-match': '"1"' }, payload: { description: 'Otra descripción del censo.' } });
  assert.equal(stale.statusCode, 409);
  const noVersion = await app.inject({ method: 'PATCH', url: `/api/v1/assets/${assetId}`, headers, payload: { description: 'Sin versión.' } });
  assert.equal(noVersion.statusCode, 400);
  assert.equal(noVersion.json().error.details[0].field, 'version');
});

test('sign-in failures, token errors and throttling', async () => {
  const wrong = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'editor@dane.gov.co', password: 'incorrecta' } });
  assert.equal(wrong.statusCode, 401);
  assert.equal(wrong.json().error.message.es, 'Correo o contraseña incorrectos.');
  const badToken = await app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer idt_inventado' } });
  assert.equal(badToken.statusCode, 401);
  for (let i = 0; i < 10; i++) await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'intruso@prueba.gov.co', password: `clave${i}` } });
  const throttled = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'intruso@prueba.gov.co', password: 'otra' } });
  assert.equal(throttled.statusCode, 429);
});

test('API tokens are shown once, stored hashed, usable, and revocable', async () => {
  const headers = await signInHeaders(app, 'editor@dane.gov.co');
  const created = await app.inject({ method: 'POST', url: '/api/v1/me/tokens', headers, payload: { name: 'script de carga' } });
  assert.equal(created.statusCode, 201);
  const { token, id } = created.json();
  assert.match(token, /^idt_/);
  const stored = await t.platform.store.db.selectFrom('api_tokens').select(['token_hash', 'prefix']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.notEqual(stored.token_hash, token);
  assert.ok(!stored.token_hash.includes(token.slice(12)));
  const me = await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
  assert.equal(me.json().person.email, 'editor@dane.gov.co');
  const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers });
  assert.equal(revoked.statusCode, 204);
  assert.equal((await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
});

test('session cookies are HttpOnly and SameSite; sign-out ends the session', async () => {
  const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'editor@dane.gov.co', password: TEST_PASSWORD } });
  const cookie = response.cookies.find((c) => c.name === 'infradatos_session')!;
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  const headers = { cookie: `infradatos_session=${cookie.value}`, 'x-csrf-token': response.json().csrf_token };
  assert.equal((await app.inject({ url: '/api/v1/me', headers })).json().authenticated, true);
  await app.inject({ method: 'DELETE', url: '/api/v1/session', headers });
  assert.equal((await app.inject({ url: '/api/v1/me', headers })).json().authenticated, false);
});

test('every page works without JavaScript, is in Spanish with an English switch, light, and has a JSON twin', async () => {
  const pages = ['/', '/search?q=censo', '/entities', '/entities/899999027', '/entities/899999027/inventory', `/assets/${assetId}`, `/assets/${assetId}/history`, '/entities/899999027/instruments/registro-activos', '/entities/899999027/instruments/indice-clasificada', '/entities/899999027/instruments/esquema-publicacion', '/login', '/api/docs', '/ledger', '/ledger?type=asset.created', `/ledger?subject=asset:${assetId}`, '/ledger/entry/0', '/datasets', '/quality', '/quality/rules', '/sql', `/sql?sql=${encodeURIComponent('SELECT 42 AS respuesta')}`];
  for (const url of pages) {
    const page = await app.inject(url);
    assert.equal(page.statusCode, 200, url);
    assert.match(page.body, /^<!doctype html><html lang="es">/, url);
    assert.ok(page.body.length < 200 * 1024, `${url} is ${page.body.length} bytes`);
    assert.match(page.headers['content-security-policy'] as string, /default-src 'self'/);
    const twin = /<link rel="alternate" type="application\/json" href="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(twin, `${url} has no JSON twin`);
    const json = await app.inject(twin!.replace(/&amp;/g, '&'));
    assert.equal(json.statusCode, 200, `${url} → ${twin}`);
    assert.match(json.headers['content-type'] as string, /application\/json/);
  }
  const english = await app.inject({ url: '/lang?to=en&back=/search?q=censo' });
  assert.equal(english.statusCode, 303);
  assert.equal(english.headers.location, '/search?q=censo');
  const langCookie = english.cookies.find((c) => c.name === 'infradatos_lang')!;
  const page = await app.inject({ url: '/search?q=censo', headers: { cookie: `infradatos_lang=${langCookie.value}` } });
  assert.match(page.body, /<html lang="en">/);
  assert.match(page.body, /Search information assets/);
  assert.equal((await app.inject('/lang?to=en&back=https://evil.example')).headers.location, '/');
});

test('a reserved asset is not found by outsiders, page or API, and the public Índice shows only its legal fields', async () => {
  assert.equal((await app.inject(`/assets/${reservedId}`)).statusCode, 404);
  assert.equal((await app.inject(`/api/v1/assets/${reservedId}`)).statusCode, 404);
  const indice = await app.inject('/api/v1/entities/899999027/instruments/indice-clasificada');
  assert.deepEqual(indice.json().rows.map((r: { title: string }) => r.title), ['Informes de inteligencia']);
  assert.ok(!JSON.stringify(indice.json()).includes('contrainteligencia'));
  const xlsx = await app.inject('/entities/899999027/instruments/registro-activos.xlsx');
  assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(xlsx.headers['content-disposition'] as string, /registro-activos-899999027-\d{4}-\d{2}-\d{2}\.xlsx/);
});

test('forms work without JavaScript: sign in, create with errors shown, save, edit conflict', async () => {
  const login = await app.inject({ method: 'POST', url: '/login', payload: { email: 'editor@dane.gov.co', password: TEST_PASSWORD, next: '/entities/899999027/assets/new' } });
  assert.equal(login.statusCode, 303);
  assert.equal(login.headers.location, '/entities/899999027/assets/new');
  const cookie = `infradatos_session=${login.cookies.find((c) => c.name === 'infradatos_session')!.value}`;
  const form = await app.inject({ url: '/entities/899999027/assets/new', headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const fields = /name="_fields" value="([^"]+)"/.exec(form.body)![1]!;

  const post = (url: string, values: Record<string, string | string[]>) => app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(Object.entries(values).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString() });
  const bad = await post('/entities/899999027/assets/new', { _csrf: csrf, _fields: fields, title: 'Boletines técnicos', description: '', medium: 'electronico', availability: 'publicada', language: 'es', legal_class: 'publica', personal_data_class: 'ninguno' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /role="alert"/);
  assert.match(bad.body, /«Descripción del contenido» es obligatorio/);
  assert.match(bad.body, /href="#f-formats"/);
  assert.match(bad.body, /value="Boletines técnicos"/);

  const good = await post('/entities/899999027/assets/new', { _csrf: csrf, _fields: fields, title: 'Boletines técnicos', description: 'Boletines con los resultados de cada operación estadística.', medium: 'electronico', formats: ['PDF', 'XLSX'], availability: 'publicada', link: 'https://www.dane.gov.co/boletines', language: 'es', legal_class: 'publica', personal_data_class: 'ninguno', themes: 'ECON' });
  assert.equal(good.statusCode, 303);
  const id = /\/assets\/([^?]+)/.exec(good.headers.location as string)![1]!;
  const shown = await app.inject({ url: good.headers.location as string, headers: { cookie } });
  assert.match(shown.body, /Se guardó el registro/);

  // Unchecking every theme really removes them (unchecked boxes are not sent by browsers).
  const edit = await app.inject({ url: `/assets/${id}/edit`, headers: { cookie } });
  const version = /name="version" value="(\d+)"/.exec(edit.body)![1]!;
  const saved = await post(`/assets/${id}/edit`, { _csrf: csrf, _fields: fields, version, title: 'Boletines técnicos', description: 'Boletines con los resultados de cada operación estadística.', medium: 'electronico', formats: 'PDF', availability: 'publicada', link: 'https://www.dane.gov.co/boletines', language: 'es', legal_class: 'publica', personal_data_class: 'ninguno' });
  assert.equal(saved.statusCode, 303);
  const after = (await app.inject(`/api/v1/assets/${id}`)).json();
  assert.deepEqual([after.themes, after.formats, after.version], [[], ['PDF'], 2]);
  const conflict = await post(`/assets/${id}/edit`, { _csrf: csrf, _fields: fields, version: '1', title: 'Boletines', description: 'Otra descripción de los boletines técnicos.', medium: 'electronico', formats: 'PDF', availability: 'publicada', link: 'https://www.dane.gov.co/boletines', language: 'es', legal_class: 'publica', personal_data_class: 'ninguno' });
  assert.equal(conflict.statusCode, 409);
  assert.match(conflict.body, /Otra persona modificó este registro/);
  assert.match(conflict.body, /name="version" value="2"/);
  assert.equal((await app.inject(`/api/v1/assets/${id}`)).json().title, 'Boletines técnicos');

  const noCsrf = await post(`/assets/${id}/delete`, { version: '2' });
  assert.equal(noCsrf.statusCode, 403);
  assert.match(noCsrf.body, /código de seguridad/);
});

test('the national data office registers an entity with the form; mistakes are shown next to their fields', async () => {
  const login = await app.inject({ method: 'POST', url: '/login', payload: { email: 'oficina@dnp.gov.co', password: TEST_PASSWORD, next: '/entities/new' } });
  const cookie = `infradatos_session=${login.cookies.find((c) => c.name === 'infradatos_session')!.value}`;
  const page = await app.inject({ url: '/entities/new', headers: { cookie } });
  assert.equal(page.statusCode, 200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const submit = (values: Record<string, string>) => app.inject({ method: 'POST', url: '/entities/new', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...values }).toString() });
  const bad = await submit({ nit: '890905211-7', name: 'Distrito de Medellín', sector: 'gobierno_territorial', orden: 'territorial', department_code: '05', municipality_code: '76001' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /El dígito de verificación del NIT 890905211 es 1, no 7/);
  assert.match(bad.body, /no pertenece al departamento Antioquia/);
  assert.match(bad.body, /value="Distrito de Medellín"/);
  const good = await submit({ nit: '890905211-1', name: 'Distrito de Medellín', sector: 'gobierno_territorial', orden: 'territorial', department_code: '05', municipality_code: '05001' });
  assert.equal(good.statusCode, 303);
  assert.equal(good.headers.location, '/entities/890905211?ok=created');
  const shown = await app.inject({ url: '/entities/890905211', headers: { cookie } });
  assert.match(shown.body, /CO\/GOV\/890905211/);
  assert.match(shown.body, /Medellín, Antioquia/);
  const editor = await signInHeaders(app, 'editor@dane.gov.co');
  assert.equal((await app.inject({ url: '/entities/new', headers: { cookie: editor.cookie! } })).statusCode, 403);
});
