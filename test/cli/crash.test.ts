import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { openPlatform } from '../../src/platform.ts';
import { latin1Csv, REGISTRO_HEADER, registroRow } from '../support/files.ts';
import { seedEntities, testPlatform } from '../support/platform.ts';
import { BIN } from '../support/processes.ts';

test('an import killed while writing leaves nothing half-written, and the store opens again', async () => {
  const t = await testPlatform();
  await seedEntities(t.system);
  await t.platform.close();
  const file = path.join(t.dataDir, 'registro-grande.csv');
  const rows = 3000;
  writeFileSync(file, latin1Csv([REGISTRO_HEADER, ...Array.from({ length: rows }, (_, i) => registroRow(`Serie documental ${i}`))]));
  const env = { ...process.env, DATA_DIR: t.dataDir, SECRET: t.config.secret, DEMO: '0', ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) };
  const child = spawn(process.execPath, [BIN, 'import-inventory', file, '--entity', '899999027'], { env });
  let progress = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Writing is the second half of the progress: kill the process in the middle of it.
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (chunk) => {
      progress += chunk;
      if (/Importando 70%/.test(progress)) resolve();
    });
    void exited.then(() => resolve());
  });
  child.kill('SIGKILL');
  assert.equal(await exited, null, `the import finished before it could be killed: ${progress}`);

  t.platform = await openPlatform(t.config);
  try {
    const count = async (table: 'assets' | 'search_documents' | 'catalog_changes') =>
      Number((await t.platform.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    assert.deepEqual([await count('assets'), await count('search_documents'), await count('catalog_changes')], [0, 0, 2]);
  } finally {
    await t.close();
  }
});
