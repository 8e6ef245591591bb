import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendEvents, consistencyProof, inclusionProof, readState, rootAt, type LedgerEvent } from '../../src/ledger/log.ts';
import { leafHash, nodeHash, verifyConsistency, verifyInclusion, EMPTY_ROOT, type Hash } from '../../src/ledger/merkle.ts';
import { testPlatform } from '../support/platform.ts';

/** The tree's root by RFC 9162's recursive definition, straight from the leaves: the reference to compare with. */
function referenceRoot(leaves: Hash[]): Hash {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const event = (i: number): LedgerEvent => ({ type: 'test.event', actor: 'system:pruebas', entity: 'CO/GOV/899999027', subject: `test:${i}`, time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), payload: { n: i, file_sha256: (i % 10).toString(16).repeat(64) } });

test('appends in batches of every shape give the RFC 9162 root, and every proof verifies', async () => {
  const t = await testPlatform();
  try {
    const db = t.platform.store.db;
    const leaves: Hash[] = [];
    // Batch sizes that cross tile boundaries (256) and the second tile level (65,536 is not needed to cross one).
    const batches = [1, 1, 2, 3, 250, 1, 7, 256, 300, 1, 513];
    let n = 0;
    for (const batch of batches) {
      const result = await db.transaction().execute((trx) => appendEvents(trx, Array.from({ length: batch }, (_, i) => event(n + i))));
      assert.equal(result.first, n);
      n += batch;
      const rows = await db.selectFrom('ledger_entries').select(['data', 'leaf_hash']).where('idx', '>=', result.first).orderBy('idx').execute();
      for (const row of rows) {
        assert.ok(leafHash(row.data).equals(row.leaf_hash));
        leaves.push(row.leaf_hash);
      }
      assert.ok(result.root.equals(referenceRoot(leaves)), `root after ${n} leaves`);
      assert.deepEqual(await readState(db), { size: n, root: result.root });
    }
    // Proofs at many sizes, for many leaves, against the reference roots.
    for (const size of [1, 2, 3, 5, 8, 255, 256, 257, 511, 512, 513, 777, n]) {
      const root = referenceRoot(leaves.slice(0, size));
      assert.ok((await rootAt(db, size)).equals(root), `rootAt ${size}`);
      for (const index of new Set([0, 1, size >> 1, size - 2, size - 1].filter((i) => i >= 0 && i < size))) {
        verifyInclusion(BigInt(index), BigInt(size), leaves[index]!, await inclusionProof(db, index, size), root);
      }
      for (const from of new Set([1, 2, size >> 1, size - 1].filter((m) => m >= 1 && m < size))) {
        verifyConsistency(BigInt(from), BigInt(size), await consistencyProof(db, from, size), referenceRoot(leaves.slice(0, from)), root);
      }
    }
    // Tiles read for those proofs are cached; after more appends, the grown edge tiles are read again.
    const more = await db.transaction().execute((trx) => appendEvents(trx, Array.from({ length: 5 }, (_, i) => event(n + i))));
    for (const row of await db.selectFrom('ledger_entries').select('leaf_hash').where('idx', '>=', n).orderBy('idx').execute()) leaves.push(row.leaf_hash);
    assert.ok((await rootAt(db, more.size)).equals(referenceRoot(leaves)));
    verifyInclusion(BigInt(more.size - 1), BigInt(more.size), leaves[more.size - 1]!, await inclusionProof(db, more.size - 1, more.size), more.root);
    verifyConsistency(BigInt(n), BigInt(more.size), await consistencyProof(db, n, more.size), referenceRoot(leaves.slice(0, n)), more.root);
    // Entries record their position and are found by content hash.
    const first = await db.selectFrom('ledger_entries').selectAll().where('idx', '=', 0).executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(first.data).index, 0);
    assert.deepEqual(first.content_hashes, ['0'.repeat(64)]);
    // The tree of 1,335 leaves lives in a handful of tiles.
    const tiles = await db.selectFrom('ledger_tiles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(tiles.n), 7);
  } finally {
    await t.close();
  }
});

test('an append rolled back with its transaction leaves the ledger as it was', async () => {
  const t = await testPlatform();
  try {
    const db = t.platform.store.db;
    await db.transaction().execute((trx) => appendEvents(trx, [event(0), event(1)]));
    const before = await readState(db);
    await assert.rejects(db.transaction().execute(async (trx) => {
      await appendEvents(trx, [event(2)]);
      throw new Error('the state change failed');
    }), /state change failed/);
    assert.deepEqual(await readState(db), before);
    const next = await db.transaction().execute((trx) => appendEvents(trx, [event(2)]));
    assert.equal(next.first, 2);
    // An event about no entity and without content hashes, alone in its batch.
    await db.transaction().execute((trx) => appendEvents(trx, [{ ...event(3), entity: null, payload: { note: 'sin hashes; "comillas", \\ y ñ' } }]));
    const row = await db.selectFrom('ledger_entries').selectAll().where('idx', '=', 3).executeTakeFirstOrThrow();
    assert.deepEqual([row.entity_id, row.content_hashes, JSON.parse(row.data).payload.note], [null, [], 'sin hashes; "comillas", \\ y ñ']);
    assert.ok(leafHash(row.data).equals(row.leaf_hash));
  } finally {
    await t.close();
  }
});
