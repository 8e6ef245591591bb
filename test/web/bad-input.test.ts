import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createAsset } from '../../src/catalog/assets.ts';
import { assetInput, seedEntities, seedPerson, signInHeaders, testApp, testPlatform, type TestPlatform } from '../support/platform.ts';

/** A user's mistake never gives a 500: junk in every kind of place gets a 4xx with a bilingual message. */
let t: TestPlatform;
let app: FastifyInstance;
let assetId: string;
let headers: Record<string, string>;

before(async () => {
  t = await testPlatform();
  app = await testApp(t);
  const { dane } = await seedEntities(t.system);
  await seedPerson(t.system, dane, ['editor', 'steward', 'entity_admin'], 'editor@dane.gov.co');
  assetId = (await createAsset(t.system, dane.nit, assetInput())).id;
  headers = await signInHeaders(app, 'editor@dane.gov.co');
});

after(async () => {
  await app.close();
  await t.close();
});

const form = (values: Record<string, string>) => ({ 'content-type': 'application/x-www-form-urlencoded', payload: new URLSearchParams({ _csrf: headers['x-csrf-token']!, ...values }).toString() });

test('junk in paths, queries, bodies and forms is refused with 4xx, never 500', async () => {
  const long = 'x'.repeat(6000);
  const cases: { method?: string; url: string; payload?: unknown; contentType?: string; auth?: boolean }[] = [
    { url: '/assets/%25' },
    { url: "/assets/x'or'1=1" },
    { url: '/entities/abc' },
    { url: '/entities/%E0%A4%A' },
    { url: '/api/v1/entities/%25' },
    { url: '/search?page=-1' },
    { url: '/search?per_page=abc' },
    { url: '/search?sort=random' },
    { url: `/search?q=${encodeURIComponent("' & | ! : * ( ) <script>alert(1)</script> \\")}` },
    { url: `/api/v1/search?q=${encodeURIComponent('&!:*()|')}` },
    { url: `/search?q=${long.slice(0, 2000)}` },
    { url: '/entities/899999027/inventory?page=abc&legal_class=zzz' },
    { url: '/imports/nope', auth: true },
    { url: '/entities/899999027/instruments/nope' },
    { url: '/entities/899999027/instruments/registro-activos.pdf' },
    { url: '/api/v1/entities/899999027/instruments/registro-activos?format=pdf' },
    { url: '/lang?to=xx&back=//evil.example' },
    { url: '/api/v1/divipola?department=abc' },
    { method: 'PATCH', url: `/api/v1/assets/${assetId}`, payload: { version: 'abc' }, auth: true },
    { method: 'PATCH', url: `/api/v1/assets/${assetId}`, payload: { version: 1, formats: [1, 2, { a: 1 }] }, auth: true },
    { method: 'PATCH', url: `/api/v1/assets/${assetId}`, payload: { version: 1, title: long }, auth: true },
    { method: 'PATCH', url: `/api/v1/assets/${assetId}`, payload: [], auth: true },
    { method: 'PATCH', url: `/api/v1/assets/${assetId}`, payload: '"texto"', contentType: 'application/json', auth: true },
    { method: 'PATCH', url: `/api/v1/assets/${assetId}`, payload: { version: 99999999999 }, auth: true },
    { method: 'DELETE', url: `/api/v1/assets/${assetId}?version=abc`, auth: true },
    { method: 'POST', url: '/api/v1/entities/899999027/assets', payload: { title: 'x', generated_on: '31/31/2031', spatial: ['?'], children_data: 'quizás' }, auth: true },
    { method: 'POST', url: '/api/v1/entities/899999027/assets', payload: 'title=x', contentType: 'text/plain', auth: true },
    { method: 'PATCH', url: '/api/v1/entities/899999027', payload: { version: 1, department_code: '∞', municipality_code: '%', website: 'javascript:alert(1)' }, auth: true },
    { method: 'POST', url: '/api/v1/entities/899999027/imports', payload: { file: 'no' }, auth: true },
    { method: 'POST', url: '/api/v1/entities/899999027/imports', payload: '--x\r\nContent-Disposition: form-data; name="dry_run"\r\n\r\ntrue\r\n--x--\r\n', contentType: 'multipart/form-data; boundary=x', auth: true },
    { method: 'POST', url: '/api/v1/imports/nope/rerun', payload: { mapping: { A: 'nada' } }, auth: true },
    { method: 'POST', url: '/api/v1/entities/899999027/people', payload: { email: 'no', roles: 'rey', password: '1' }, auth: true },
    { method: 'POST', url: '/api/v1/me/tokens', payload: { name: '' }, auth: true },
    { method: 'POST', url: '/api/v1/session', payload: {} },
  ];
  const formCases: { url: string; values: Record<string, string> }[] = [
    { url: `/assets/${assetId}/edit`, values: { version: 'abc', _fields: 'title', title: '' } },
    { url: `/assets/${assetId}/delete`, values: { version: 'abc' } },
    { url: '/entities/899999027/edit', values: { version: 'x', name: '' } },
    { url: '/entities/899999027/assets/new', values: { _fields: 'title,formats,generated_on', title: long, formats: 'nada', generated_on: 'ayer' } },
    { url: '/entities/899999027/people', values: { email: '', password: '' } },
    { url: '/account/tokens', values: { name: '' } },
    { url: '/imports/nope/rerun', values: { dry_run: 'maybe' } },
  ];
  const failures: string[] = [];
  for (const c of cases) {
    const response = await app.inject({
      method: (c.method ?? 'GET') as 'GET',
      url: c.url,
      headers: { ...(c.auth ? headers : {}), ...(c.contentType ? { 'content-type': c.contentType } : {}) },
      ...(c.payload !== undefined ? { payload: c.payload as string } : {}),
    });
    if (response.statusCode >= 500 || response.statusCode < 200) failures.push(`${c.method ?? 'GET'} ${c.url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    if (response.statusCode >= 400 && c.url.startsWith('/api/')) {
      const error = JSON.parse(response.body).error;
      if (!error?.message?.es || !error?.message?.en) failures.push(`${c.url}: no bilingual error`);
    }
  }
  for (const c of formCases) {
    const { payload, ...contentType } = form(c.values);
    const response = await app.inject({ method: 'POST', url: c.url, headers: { cookie: headers.cookie!, ...contentType }, payload });
    if (response.statusCode >= 500) failures.push(`POST ${c.url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
  }
  assert.deepEqual(failures, []);
  // Nothing was changed by any of it.
  const asset = (await app.inject(`/api/v1/assets/${assetId}`)).json();
  assert.equal(asset.version, 1);
});
