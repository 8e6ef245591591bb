import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Package } from 'datapackage';
import { loadDemo } from '../../src/catalog/demo/load.ts';
import { systemActor } from '../../src/core/actor.ts';
import { loadDemoDatasets } from '../../src/publish/demo.ts';
import type { TableSchema } from '../../src/publish/table-schema.ts';
import { testApp, testPlatform, type TestPlatform } from '../support/platform.ts';
import { freePort } from '../support/processes.ts';

/**
 * Every open demo release, read by an independent Frictionless reader (frictionlessdata's datapackage-js,
 * following datapackage.json over HTTP) and through its CSV on the Web metadata, gives exactly what SoQL gives.
 */
let t: TestPlatform;
let app: FastifyInstance;
let base: string;

before(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await testPlatform({ env: { BASE_URL: base } });
  const ctx = t.platform.context(systemActor('demo'));
  await loadDemo(ctx);
  await loadDemoDatasets(ctx);
  app = await testApp(t);
  await app.listen({ port, host: '127.0.0.1' });
});

after(async () => {
  await app.close();
  await t.close();
});

/** A value as SoQL gives it (numbers as strings, floating timestamps) in one comparable form. */
function canonical(value: unknown, type: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (type === 'integer' || type === 'number') return String(Number(value));
  if (type === 'boolean') return String(value === true || value === 'true');
  if (type === 'date') return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
  if (type === 'datetime') return (value instanceof Date ? value.toISOString() : String(value).replace(' ', 'T')).slice(0, 19);
  return String(value);
}

test('every open demo release reads the same through its datapackage.json, its CSVW metadata and SoQL', async () => {
  const open = await t.system.db.selectFrom('datasets').select(['id', 'title', 'current_release']).where('access_level', '=', 'public').where('current_release', 'is not', null).execute();
  assert.ok(open.length >= 9);
  for (const dataset of open) {
    const release = (await app.inject(`/api/v1/datasets/${dataset.id}/releases/${dataset.current_release}`)).json();
    const schema = release.schema as TableSchema;
    const soql = (await app.inject(`/resource/${dataset.id}.json?$limit=100000&$order=:id`)).json() as Record<string, unknown>[];
    assert.equal(soql.length, release.rows, dataset.title);

    const descriptor = (await app.inject(`/api/v1/datasets/${dataset.id}/releases/${dataset.current_release}/datapackage.json`)).json();
    const pkg = await Package.load(descriptor);
    const resource = pkg.getResource('datos');
    assert.ok(resource, `${dataset.title}: the CSV resource`);
    const rows = (await resource.read({ keyed: true })) as Record<string, unknown>[];
    assert.equal(rows.length, soql.length, `${dataset.title}: rows read by datapackage-js`);

    const csvw = (await app.inject(`/dataset/${dataset.id}/csvw?format=json&mode=minimal`)).json() as Record<string, unknown>[];
    assert.equal(csvw.length, soql.length, `${dataset.title}: rows converted by CSVW`);

    const mismatches: string[] = [];
    soql.forEach((row, i) => {
      for (const field of schema.fields) {
        const expected = canonical(row[field.name], field.type);
        const byFrictionless = canonical(rows[i]![field.name], field.type);
        const byCsvw = canonical(csvw[i]![field.name], field.type);
        if (byFrictionless !== expected) mismatches.push(`${dataset.title} row ${i + 1} ${field.name}: datapackage ${byFrictionless} ≠ SoQL ${expected}`);
        if (byCsvw !== expected) mismatches.push(`${dataset.title} row ${i + 1} ${field.name}: CSVW ${byCsvw} ≠ SoQL ${expected}`);
      }
    });
    assert.deepEqual(mismatches.slice(0, 10), [], `${dataset.title}: ${mismatches.length} values differ`);
  }
});
