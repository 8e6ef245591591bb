import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/core/config.ts';
import { signerKey } from '../../src/ledger/note.ts';
import { latestCheckpoint } from '../../src/ledger/service.ts';
import { openPlatform } from '../../src/platform.ts';
import { seedEntities, testPlatform } from '../support/platform.ts';

test('the signing key is made at first start, kept, and a server with another key is refused once the log has signed', async () => {
  const t = await testPlatform();
  try {
    const keyFile = readFileSync(path.join(t.dataDir, 'ledger.key'), 'utf8');
    assert.match(keyFile, /^PRIVATE\+KEY\+localhost:8080\/ledger\+[0-9a-f]{8}\+/);
    await seedEntities(t.system);
    const first = await latestCheckpoint(t.platform.store.db, t.platform.signer);
    await t.platform.close();

    // The same DATA_DIR keeps its key.
    t.platform = await openPlatform(t.config);
    assert.equal(t.platform.signer.verifierKey, (await t.platform.store.db.selectFrom('ledger_state').select('verifier_key').executeTakeFirstOrThrow()).verifier_key);
    assert.equal((await latestCheckpoint(t.platform.store.db, t.platform.signer)).note, first.note);
    await t.platform.close();

    // A second server with its own key on the same database (as with a shared PostgreSQL) must not start.
    const otherKey = signerKey('localhost:8080/ledger', generateKeyPairSync('ed25519').privateKey);
    const other = loadConfig({ ...process.env, DATA_DIR: t.dataDir, SECRET: t.config.secret, DEMO: '0', LEDGER_KEY: otherKey, ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : { DATABASE_URL: '' }) });
    await assert.rejects(openPlatform(other), (error: Error & { messages?: { es: string } }) => {
      assert.match(error.messages!.es, /se firma con la clave localhost:8080\/ledger\+[0-9a-f]{8}\+.*este servidor tiene otra/);
      assert.match(error.messages!.es, /LEDGER_KEY/);
      return true;
    });
  } finally {
    t.platform = await openPlatform(t.config);
    await t.close();
  }
});
