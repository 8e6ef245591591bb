import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDataset } from '../../src/publish/datasets.ts';
import { openPlatform } from '../../src/platform.ts';
import { seedEntities, testPlatform, TEST_PASSWORD } from '../support/platform.ts';
import { runCli, startServerProcess } from '../support/processes.ts';

test('publish: a file becomes a release from the command line, directly or through the running server', async () => {
  const t = await testPlatform();
  await seedEntities(t.system);
  const dataset = await createDataset(t.system, '899999027', { title: 'Municipios' });
  await t.platform.close();
  const env: Record<string, string> = { DATA_DIR: t.dataDir, SECRET: t.config.secret, DEMO: '0', ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) };
  const good = path.join(t.dataDir, 'municipios.csv');
  const ragged = path.join(t.dataDir, 'roto.csv');
  writeFileSync(good, 'codigo;municipio\n05001;Medellín\n05002;Abejorral\n');
  writeFileSync(ragged, 'codigo;municipio\n05001;Medellín\n05002\n');
  try {
    const first = await runCli(['publish', good, '--dataset', dataset.id], env);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /Publicada la versión 1: 2 filas/);

    const bad = await runCli(['publish', ragged, '--dataset', dataset.id], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /No se publicó «roto.csv»/);
    assert.match(bad.stdout, /fila 3, municipio: La fila tiene 1 columnas; el encabezado tiene 2/);

    assert.equal((await runCli(['publish', good], env)).code, 2, 'usage without --dataset');

    await runCli(['user', 'add', '--entity', '899999027', '--role', 'editor', 'editor@dane.gov.co'], { ...env, INFRADATOS_PASSWORD: TEST_PASSWORD });
    const server = await startServerProcess(env);
    try {
      const session = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'editor@dane.gov.co', password: TEST_PASSWORD }) });
      const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
      const { csrf_token } = (await session.json()) as { csrf_token: string };
      const { token } = (await (await fetch(`${server.url}/api/v1/me/tokens`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf_token, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'cli' }) })).json()) as { token: string };
      const viaApi = await runCli(['publish', good, '--dataset', dataset.id, '--url', server.url, '--token', token], env);
      assert.equal(viaApi.code, 0, viaApi.stdout + viaApi.stderr);
      assert.match(viaApi.stdout, /a través de su API/);
      assert.match(viaApi.stdout, /Publicada la versión 2/);
      const rows = (await (await fetch(`${server.url}/resource/${dataset.id}.json`)).json()) as { municipio: string }[];
      assert.deepEqual(rows.map((r) => r.municipio), ['Medellín', 'Abejorral']);
    } finally {
      assert.equal(await server.stop('SIGTERM'), 0, server.output());
    }
  } finally {
    t.platform = await openPlatform(t.config);
    await t.close();
  }
});
