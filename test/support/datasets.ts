import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { seedEntities, seedPerson, signInHeaders, testApp, testPlatform, type TestPlatform } from './platform.ts';

/** Creates a dataset for the entity and publishes `csv` as its release through the API, waiting for the job. */
export async function publishCsv(app: FastifyInstance, headers: Record<string, string>, entity: string, title: string, csv: string | Buffer, fileName = 'datos.csv', accessLevel: 'public' | 'restricted' = 'public'): Promise<string> {
  const created = await app.inject({ method: 'POST', url: `/api/v1/entities/${entity}/datasets`, headers, payload: { title, access_level: accessLevel } });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id as string;
  const uploaded = await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads?file_name=${fileName}&publish=true&wait=true`, headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
  assert.equal(uploaded.json().status, 'published', uploaded.body);
  return id;
}

/** A platform whose job worker runs, its HTTP app, DANE with an editor, and that editor's API headers. */
export async function publishingApp(): Promise<{ t: TestPlatform; app: FastifyInstance; editor: Record<string, string>; nit: string }> {
  const t = await testPlatform();
  t.platform.queue.start();
  const app = await testApp(t);
  const { dane } = await seedEntities(t.system);
  await seedPerson(t.system, dane, ['editor'], 'editor@dane.gov.co');
  return { t, app, editor: await signInHeaders(app, 'editor@dane.gov.co'), nit: dane.nit };
}
