import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, createWriteStream, readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createApiToken } from '../../src/catalog/tokens.ts';
import { createDataset, startUpload } from '../../src/publish/datasets.ts';
import { openPlatform } from '../../src/platform.ts';
import type { Db } from '../../src/store/database.ts';
import { seedEntities, seedPerson, testPlatform } from '../support/platform.ts';
import { startServerProcess, type ServerProcess } from '../support/processes.ts';

async function bigCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('codigo;municipio;valor;fecha\n');
  for (let i = 0; i < rows; i += 10_000) {
    let chunk = '';
    for (let j = i; j < Math.min(rows, i + 10_000); j++) chunk += `${String(5001 + (j % 90000)).padStart(5, '0')};Municipio ${j % 1121};${(j * 7) % 100000},${j % 100};${(j % 28) + 1}/${(j % 12) + 1}/2024\n`;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
}

const releaseEvents = async (db: Db) => (await db.selectFrom('ledger_entries').select('data').execute()).map((e) => JSON.parse(e.data)).filter((e) => e.type === 'release.published');

async function uploadStatus(server: ServerProcess, token: string, dataset: string, upload: string) {
  return (await (await fetch(`${server.url}/api/v1/datasets/${dataset}/uploads/${upload}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string; release: number | null; progress: { percent: number | null } | null };
}

test('a process killed mid-ingest leaves the previous release serving and nothing half-written; the job is taken up again', async () => {
  const t = await testPlatform();
  const { dane } = await seedEntities(t.system);
  const person = await seedPerson(t.system, dane, ['editor'], 'editor@dane.gov.co');
  const { token } = await createApiToken(t.as({ kind: 'person', id: person.id, name: person.name, email: person.email, entityId: person.entity_id, roles: ['editor'], via: 'session' }), 'prueba');
  const dataset = await createDataset(t.system, dane.nit, { title: 'Valores por municipio' });
  await startUpload(t.system, dataset.id, { fileName: 'v1.csv', stream: Readable.from(['codigo;valor\n05001;1\n05002;2\n05004;3\n']) }, { publish: true });
  await t.platform.queue.runUntilIdle();
  await t.platform.close();
  const file = path.join(t.dataDir, 'grande.csv');
  const ROWS = 2_000_000;
  await bigCsv(file, ROWS);
  const env: Record<string, string> = { DATA_DIR: t.dataDir, SECRET: t.config.secret, DEMO: '0', ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) };

  let server = await startServerProcess(env);
  let uploadId: string;
  try {
    const response = await fetch(`${server.url}/api/v1/datasets/${dataset.id}/uploads?file_name=grande.csv&publish=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': String((await stat(file)).size) },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 202);
    uploadId = ((await response.json()) as { id: string }).id;
    // Kill it while the release is being written: inspection is done, conversion to Parquet is under way.
    for (;;) {
      const view = await uploadStatus(server, token, dataset.id, uploadId);
      assert.notEqual(view.status, 'published', 'the ingest finished before it could be interrupted');
      if (view.status === 'publishing') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  } finally {
    await server.stop('SIGKILL');
  }

  // The killed ingest left its scratch files behind (its Parquet being written); the next server removes them.
  const scratchOf = () => readdirSync(path.join(t.dataDir, 'tmp')).filter((name) => name.startsWith('ingest-'));
  const leftBehind = scratchOf();
  assert.ok(leftBehind.length > 0, 'the killed process left scratch files');
  t.platform = await openPlatform(t.config);
  const db = t.platform.store.db;
  assert.equal((await db.selectFrom('datasets').select('current_release').where('id', '=', dataset.id).executeTakeFirstOrThrow()).current_release, 1);
  assert.deepEqual((await db.selectFrom('releases').select('number').where('dataset_id', '=', dataset.id).execute()).map((r) => r.number), [1]);
  assert.equal((await releaseEvents(db)).length, 1);
  const job = await db.selectFrom('jobs').select('status').where('kind', '=', 'dataset_ingest').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  assert.equal(job.status, 'running', 'the killed job is still marked running');
  await t.platform.close();

  server = await startServerProcess(env);
  try {
    const old = await fetch(`${server.url}/api/v1/datasets/${dataset.id}/releases/1/data.csv`);
    assert.equal(await old.text(), 'codigo,valor\n05001,1\n05002,2\n05004,3\n', 'release 1 is intact');
    let view;
    for (let i = 0; i < 600; i++) {
      view = await uploadStatus(server, token, dataset.id, uploadId!);
      if (view.status === 'published' || view.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(view!.status, 'published', 'the restarted server took the job up again');
    assert.deepEqual(scratchOf().filter((name) => leftBehind.includes(name)), [], 'stale scratch files removed at start');
    assert.equal(view!.release, 2);
    const count = (await (await fetch(`${server.url}/resource/${dataset.id}.json?$select=count(*)`)).json()) as { count: string }[];
    assert.equal(count[0]!.count, String(ROWS));
  } finally {
    assert.equal(await server.stop('SIGTERM'), 0, server.output());
  }
  t.platform = await openPlatform(t.config);
  assert.equal((await releaseEvents(t.platform.store.db)).length, 2);
  await t.close();
});
