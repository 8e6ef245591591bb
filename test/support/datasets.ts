import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';

/** Creates a dataset for the entity and publishes `csv` as its release through the API, waiting for the job. */
export async function publishCsv(app: FastifyInstance, headers: Record<string, string>, entity: string, title: string, csv: string | Buffer, fileName = 'datos.csv'): Promise<string> {
  const created = await app.inject({ method: 'POST', url: `/api/v1/entities/${entity}/datasets`, headers, payload: { title } });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id as string;
  const uploaded = await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads?file_name=${fileName}&publish=true&wait=true`, headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
  assert.equal(uploaded.json().status, 'published', uploaded.body);
  return id;
}
