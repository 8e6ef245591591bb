import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toActor } from '../../src/catalog/people.ts';
import { createApiToken } from '../../src/catalog/tokens.ts';
import { openPlatform } from '../../src/platform.ts';
import { latin1Csv, REGISTRO_HEADER, registroRow } from '../support/files.ts';
import { seedEntities, seedPerson, testPlatform } from '../support/platform.ts';
import { runCli, startServerProcess } from '../support/processes.ts';

test('verify-ledger and witness-key, run as a user would against a running server', async () => {
  const t = await testPlatform();
  const { dane } = await seedEntities(t.system);
  await seedPerson(t.system, dane, ['entity_admin'], 'admin@dane.gov.co');
  const adminRow = await t.platform.store.db.selectFrom('people').selectAll().where('email', '=', 'admin@dane.gov.co').executeTakeFirstOrThrow();
  const { token } = await createApiToken(t.as(toActor(adminRow, 'session')), 'testigo');
  await t.platform.close();
  const env: Record<string, string> = { DATA_DIR: t.dataDir, SECRET: t.config.secret, DEMO: '0', ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) };
  const inventory = path.join(t.dataDir, 'registro.csv');
  writeFileSync(inventory, latin1Csv([REGISTRO_HEADER, registroRow('Actas del comité')]));
  assert.equal((await runCli(['import-inventory', inventory, '--entity', '899999027'], env)).code, 0);
  const other = path.join(t.dataDir, 'otro.csv');
  writeFileSync(other, 'nunca importado\n');
  const state = path.join(t.dataDir, 'verificador.json');

  let server = await startServerProcess(env);
  try {
    const first = await runCli(['verify-ledger', server.url, '--state', state, '--all'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Primera verificación: se recuerda la clave del registro/);
    assert.match(first.stdout, /✓ Punto de control firmado válido: \d+ entradas/);
    assert.match(first.stdout, /✓ Auditoría completa/);
    const remembered = JSON.parse(readFileSync(state, 'utf8'));

    const file = await runCli(['verify-ledger', server.url, '--state', state, '--file', inventory, '--entry', '0'], { ...env, LANG: 'en_US.UTF-8' });
    assert.equal(file.code, 0, file.stderr);
    assert.match(file.stdout, /✓ The same as the checkpoint verified before/);
    assert.match(file.stdout, /registro\.csv \(SHA-256 [0-9a-f]{64}\) is recorded in entries \d+/);
    assert.match(file.stdout, /✓ Entry 0 \(entity\.created\) is included/);

    const missing = await runCli(['verify-ledger', server.url, '--state', state, '--file', other], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /✗ ALERTA: .*otro\.csv/);

    // A witness: create a key, register it with the entity admin's token, cosign.
    const keys = await runCli(['witness-key', 'testigo.dane.gov.co/1'], env);
    assert.equal(keys.code, 0);
    const signer = keys.stdout.split('\n').find((l) => l.startsWith('PRIVATE+KEY+'))!;
    const vkey = keys.stdout.split('\n').find((l) => l.startsWith('testigo.dane.gov.co/1+'))!;
    const witnessKey = path.join(t.dataDir, 'testigo.key');
    writeFileSync(witnessKey, `${signer}\n`);
    const registered = await fetch(`${server.url}/api/v1/ledger/witnesses`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ vkey }) });
    assert.equal(registered.status, 201, await registered.clone().text());
    const cosigned = await runCli(['verify-ledger', server.url, '--state', state, '--witness-key', witnessKey], env);
    assert.equal(cosigned.code, 0, cosigned.stderr);
    assert.match(cosigned.stdout, /✓ Cosignado como testigo testigo.dane.gov.co\/1/);
    const checkpoint = await (await fetch(`${server.url}/ledger/checkpoint`)).text();
    assert.match(checkpoint, /\n— testigo\.dane\.gov\.co\/1 [A-Za-z0-9+/=]+\n/);
    await server.stop();

    // Someone with access to the database backdates the first entry: the full audit catches it.
    const platform = await openPlatform(t.config);
    const entry = await platform.store.db.selectFrom('ledger_entries').select('data').where('idx', '=', 0).executeTakeFirstOrThrow();
    await platform.store.db.updateTable('ledger_entries').set({ data: JSON.stringify({ ...JSON.parse(entry.data), time: '2020-01-01T00:00:00.000Z' }) }).where('idx', '=', 0).execute();
    await platform.close();
    server = await startServerProcess(env);
    const audit = await runCli(['verify-ledger', server.url, '--state', state, '--all'], env);
    assert.equal(audit.code, 1);
    assert.match(audit.stderr, /✗ ALERTA: .*la entrada 0 fue reescrita/);
    assert.match(audit.stderr, /No se actualizó el estado recordado/);
    assert.equal(JSON.parse(readFileSync(state, 'utf8')).size, remembered.size);
  } finally {
    await server.stop();
    t.platform = await openPlatform(t.config);
    await t.close();
  }
});
