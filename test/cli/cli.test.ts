import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { latin1Csv, REGISTRO_HEADER, registroRow } from '../support/files.ts';
import { onPostgres, seedEntities, testPlatform, TEST_PASSWORD } from '../support/platform.ts';
import { runCli, startServerProcess } from '../support/processes.ts';
import { openPlatform } from '../../src/platform.ts';

/** A prepared data directory (or PostgreSQL database) with two entities, closed so other processes can use it. */
async function preparedStore() {
  const t = await testPlatform();
  await seedEntities(t.system);
  await t.platform.close();
  const env: Record<string, string> = { DATA_DIR: t.dataDir, SECRET: t.config.secret, DEMO: '0', ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) };
  return {
    env,
    async assets() {
      const platform = await openPlatform(t.config);
      try {
        return (await platform.store.db.selectFrom('assets').select('title').orderBy('title').execute()).map((a) => a.title);
      } finally {
        await platform.close();
      }
    },
    async done() {
      t.platform = await openPlatform(t.config);
      await t.close();
    },
  };
}

test('import-inventory: a dry run reports each bad cell and exits 1; the fixed file imports', async () => {
  const store = await preparedStore();
  try {
    const rows = [REGISTRO_HEADER, registroRow('Contratos'), registroRow('Nómina', { format: 'Pergamino' })];
    const file = path.join(store.env.DATA_DIR!, 'registro.csv');
    writeFileSync(file, latin1Csv(rows));
    const dry = await runCli(['import-inventory', file, '--entity', '899999027', '--dry-run'], store.env);
    assert.equal(dry.code, 1, dry.stderr);
    assert.match(dry.stdout, /fila 3, columna E · Formato: «Pergamino» no es un valor reconocido de «Formato»/);
    assert.match(dry.stdout, /errores: 1/);
    const english = await runCli(['import-inventory', file, '--entity', '899999027', '--dry-run'], { ...store.env, LANG: 'en_US.UTF-8' });
    assert.match(english.stdout, /row 3, column E · Formato: "Pergamino" is not a recognised value/);
    const refused = await runCli(['import-inventory', file, '--entity', '899999027'], store.env);
    assert.equal(refused.code, 1);
    assert.deepEqual(await store.assets(), []);

    rows[2] = registroRow('Nómina', { format: 'Excel' });
    writeFileSync(file, latin1Csv(rows));
    const real = await runCli(['import-inventory', file, '--entity', '899999027'], store.env);
    assert.equal(real.code, 0, real.stdout + real.stderr);
    assert.match(real.stdout, /crear: 2/);
    assert.match(real.stdout, /Importación completa/);
    assert.deepEqual(await store.assets(), ['Contratos', 'Nómina']);

    const unknownEntity = await runCli(['import-inventory', file, '--entity', '800197268'], store.env);
    assert.equal(unknownEntity.code, 2);
    assert.match(unknownEntity.stderr, /No se encontró la entidad «800197268»/);
  } finally {
    await store.done();
  }
});

test('user add creates accounts (also the first national admin) and explains mistakes', async () => {
  const store = await preparedStore();
  try {
    const created = await runCli(['user', 'add', '--entity', '899999027', '--role', 'data_office', '--role', 'steward', 'jefa@dane.gov.co'], { ...store.env, INFRADATOS_PASSWORD: TEST_PASSWORD });
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Cuenta creada: jefa@dane.gov.co \(data_office, steward\)/);
    const generated = await runCli(['user', 'add', '--entity', '899999027', '--role', 'editor', 'editor@dane.gov.co'], store.env);
    assert.match(generated.stdout, /Contraseña generada/);
    const again = await runCli(['user', 'add', '--entity', '899999027', '--role', 'editor', 'jefa@dane.gov.co'], { ...store.env, INFRADATOS_PASSWORD: TEST_PASSWORD });
    assert.equal(again.code, 2);
    assert.match(again.stderr, /Ya existe una cuenta con el correo jefa@dane.gov.co/);
    const badRole = await runCli(['user', 'add', '--entity', '899999027', '--role', 'rey', 'x@dane.gov.co'], { ...store.env, INFRADATOS_PASSWORD: TEST_PASSWORD });
    assert.equal(badRole.code, 2);
    assert.match(badRole.stderr, /Rol desconocido: rey/);
  } finally {
    await store.done();
  }
});

test('while the server runs, the CLI never writes the same embedded store: refused, or done through the API', async () => {
  const store = await preparedStore();
  const file = path.join(store.env.DATA_DIR!, 'registro.csv');
  writeFileSync(file, latin1Csv([REGISTRO_HEADER, registroRow('Actas del comité')]));
  await runCli(['user', 'add', '--entity', '899999027', '--role', 'editor', 'editor@dane.gov.co'], { ...store.env, INFRADATOS_PASSWORD: TEST_PASSWORD });
  const server = await startServerProcess(store.env);
  try {
    const direct = await runCli(['import-inventory', file, '--entity', '899999027'], store.env);
    if (onPostgres) {
      // PostgreSQL serves several processes safely; there is no lock.
      assert.equal(direct.code, 0, direct.stderr);
    } else {
      assert.equal(direct.code, 3);
      assert.match(direct.stderr, /está en uso por otro proceso: servidor infradatos \(pid \d+/);
      assert.match(direct.stderr, /API/);
      const session = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'editor@dane.gov.co', password: TEST_PASSWORD }) });
      const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
      const { csrf_token } = (await session.json()) as { csrf_token: string };
      const tokenResponse = await fetch(`${server.url}/api/v1/me/tokens`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf_token, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'cli' }) });
      const { token } = (await tokenResponse.json()) as { token: string };
      const viaApi = await runCli(['import-inventory', file, '--entity', '899999027', '--token', token], store.env);
      assert.equal(viaApi.code, 0, viaApi.stdout + viaApi.stderr);
      assert.match(viaApi.stdout, /a través de su API/);
      assert.match(viaApi.stdout, /Importación completa/);
    }
    const search = await fetch(`${server.url}/api/v1/search?q=actas`);
    assert.equal(((await search.json()) as { count: number }).count, 1);
  } finally {
    const code = await server.stop('SIGTERM');
    assert.equal(code, 0, server.output());
    assert.equal(existsSync(path.join(store.env.DATA_DIR!, 'LOCK')), false);
    await store.done();
  }
});

test('graceful shutdown: a request in flight when SIGTERM arrives still completes', async () => {
  const store = await preparedStore();
  await runCli(['user', 'add', '--entity', '899999027', '--role', 'editor', 'editor@dane.gov.co'], { ...store.env, INFRADATOS_PASSWORD: TEST_PASSWORD });
  const server = await startServerProcess(store.env);
  try {
    const session = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'editor@dane.gov.co', password: TEST_PASSWORD }) });
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const { csrf_token } = (await session.json()) as { csrf_token: string };
    const boundary = 'apagado';
    const csv = latin1Csv([REGISTRO_HEADER, ...Array.from({ length: 200 }, (_, i) => registroRow(`Serie documental ${i}`))]);
    const parts = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\n\r\n`), csv, Buffer.from(`\r\n--${boundary}--\r\n`)];
    let signalled = false;
    // The body trickles in for about a second; the server is told to stop half way.
    const body = new ReadableStream({
      async start(controller) {
        const all = Buffer.concat(parts);
        const step = Math.ceil(all.length / 10);
        for (let i = 0; i < all.length; i += step) {
          controller.enqueue(all.subarray(i, i + step));
          await new Promise((r) => setTimeout(r, 100));
          if (i >= step * 4 && !signalled) {
            signalled = true;
            server.child.kill('SIGTERM');
          }
        }
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/api/v1/entities/899999027/imports`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf_token, 'content-type': `multipart/form-data; boundary=${boundary}` }, body, duplex: 'half' } as RequestInit);
    assert.ok(signalled);
    // Accepted (202), or already checked by the worker before it stopped (200): never cut off.
    assert.ok([200, 202].includes(response.status), `status ${response.status}`);
    const view = (await response.json()) as { id: string; dry_run: boolean };
    assert.equal(view.dry_run, true);
    assert.equal(await server.stop(), 0, server.output());
    const refused = await fetch(`${server.url}/healthz`).then(() => 'answered', () => 'refused');
    assert.equal(refused, 'refused');
  } finally {
    await server.stop();
    await store.done();
  }
});
