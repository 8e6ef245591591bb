import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishCsv } from '../support/datasets.ts';
import { seedEntities, seedPerson, signInHeaders, testApp, testPlatform } from '../support/platform.ts';

/**
 * Every route of the API, with hostile path and query values and bodies, signed in and not: a client's
 * mistake is a 4xx, never a server error (503, "come back later", is the one 5xx allowed).
 */
test('hostile values on every API route give 4xx, never a server error', async () => {
  const t = await testPlatform();
  t.platform.queue.start();
  const app = await testApp(t);
  try {
    const { dane } = await seedEntities(t.system);
    await seedPerson(t.system, dane, ['editor', 'steward', 'entity_admin'], 'editor@dane.gov.co');
    const auth = await signInHeaders(app, 'editor@dane.gov.co');
    await publishCsv(app, auth, dane.nit, 'Prueba', 'a,b\n1,x\n2,y\n');
    const spec = (await app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const values = ['%00', '99999999999999999999', '%ff', "'%22", '-1', 'a'.repeat(3000)];
    const bodies = [undefined, '[]', 'null', '{"version":"x","title":"a\\u0000b"}', '{"a":{"b":[1,{"c":null}]}}'];
    const failures: string[] = [];
    for (const [route, methods] of Object.entries(spec.paths)) {
      for (const method of Object.keys(methods)) {
        for (const value of values) {
          const url = `${route.replace(/\{[^}]+\}/g, value)}?page=${value}&per_page=${value}&q=${value}&limit=${value}&offset=${value}`;
          for (const body of method === 'get' ? [undefined] : bodies) {
            for (const headers of [{}, auth]) {
              const response = await app.inject({ method: method.toUpperCase() as 'GET', url, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { payload: body } : {}) });
              if (response.statusCode >= 500 && response.statusCode !== 503) failures.push(`${response.statusCode} ${method.toUpperCase()} ${route} ${value.slice(0, 12)} ${body ?? ''}`);
            }
          }
        }
      }
    }
    assert.deepEqual(failures, []);
  } finally {
    await app.close();
    await t.close();
  }
});
