import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createAsset } from '../../src/catalog/assets.ts';
import { readState, rootAt } from '../../src/ledger/log.ts';
import { leafHash } from '../../src/ledger/merkle.ts';
import { MemoryTree } from '../../src/ledger/tree.ts';
import { openPlatform } from '../../src/platform.ts';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import { assetInput, seedEntities, testPlatform } from '../support/platform.ts';

test('killing the process at any moment never leaves a change without its ledger entry, or the reverse', async (context) => {
  const t = await testPlatform();
  const { dane } = await seedEntities(t.system);
  const asset = await createAsset(t.system, dane.nit, assetInput());
  await t.platform.close();
  const env = { ...process.env, DATA_DIR: t.dataDir, SECRET: t.config.secret, DEMO: '0', ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) };
  let lastVersion = 1;
  try {
    // Round 0 kills it exactly between the state change and its ledger append; the others after a
    // few commits plus a varying delay, wherever it happens to be.
    for (let round = 0; round < 6; round++) {
      const mode = round === 0 ? 'between' : 'churn';
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'test/support/churn.ts'), asset.id, mode], { env, cwd: PROJECT_ROOT });
      await new Promise<void>((resolve, reject) => {
        let commits = 0;
        child.stdout.on('data', (d) => {
          const text = String(d);
          commits += text.split('committed').length - 1;
          if (mode === 'between' ? text.includes('between') : commits >= 3 + round) resolve();
        });
        child.on('exit', (code) => reject(new Error(`churn exited ${code}`)));
      });
      await new Promise((r) => setTimeout(r, round * 7));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));

      t.platform = await openPlatform(t.config);
      const db = t.platform.store.db;
      const current = await db.selectFrom('assets').select('version').where('id', '=', asset.id).executeTakeFirstOrThrow();
      const history = await db.selectFrom('catalog_changes').select('version').where('subject_id', '=', asset.id).orderBy('id').execute();
      const entries = await db.selectFrom('ledger_entries').select(['idx', 'data', 'leaf_hash']).orderBy('idx').execute();
      const assetEntries = entries.map((e) => JSON.parse(e.data)).filter((e) => e.subject === `asset:${asset.id}`);
      // Every committed version has exactly one history row and one ledger entry, in order.
      assert.deepEqual(history.map((h) => h.version), Array.from({ length: current.version }, (_, i) => i + 1));
      assert.deepEqual(assetEntries.map((e) => e.payload.version), history.map((h) => h.version));
      // The stored tree agrees with the entries: the signed root is the root of exactly these leaves.
      const state = await readState(db);
      assert.equal(state.size, entries.length);
      const tree = new MemoryTree();
      for (const e of entries) tree.append(leafHash(e.data));
      assert.ok(tree.root().equals(state.root));
      assert.ok((await rootAt(db, state.size)).equals(state.root));
      // The churn really ran: each round adds versions.
      assert.ok(current.version > lastVersion, `round ${round} wrote nothing`);
      lastVersion = current.version;
      context.diagnostic(`round ${round}: killed at version ${current.version}, ${entries.length} entries`);
      await t.platform.close();
    }
  } finally {
    t.platform = await openPlatform(t.config);
    await t.close();
  }
});
