import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { createAsset, updateAsset } from '../../src/catalog/assets.ts';
import { appendEvents, readState } from '../../src/ledger/log.ts';
import { COSIGNATURE_V1, ed25519PublicKey, verifierKey } from '../../src/ledger/note.ts';
import { LedgerAlarm, verifyLedger, type VerifierState } from '../../src/ledger/verifier.ts';
import { injectFetch } from '../support/inject-fetch.ts';
import { assetInput, seedEntities, seedPerson, signInHeaders, testApp, testPlatform, type TestPlatform } from '../support/platform.ts';

const URL_ = 'http://localhost:8080';

async function setup(): Promise<{ t: TestPlatform; app: FastifyInstance; fetch: typeof fetch }> {
  const t = await testPlatform();
  const { dane } = await seedEntities(t.system);
  for (let i = 0; i < 12; i++) await createAsset(t.system, dane.nit, assetInput({ title: `Serie ${i}` }));
  const app = await testApp(t);
  return { t, app, fetch: injectFetch(app, URL_) };
}

const alarm = (pattern: RegExp) => (error: unknown) => error instanceof LedgerAlarm && pattern.test(error.messages.en) && error.messages.es.length > 0;

test('a verifier pins the key, checks growth by consistency proofs, entries by inclusion, and a full audit', async () => {
  const { t, app, fetch } = await setup();
  try {
    const first = await verifyLedger({ url: URL_, fetch, entries: [0, 5], audit: true });
    assert.equal(first.checkpoint.size, 14n);
    assert.deepEqual(first.entries.map((e) => e.type), ['entity.created', 'asset.created']);
    assert.equal(first.audited, 14);
    assert.equal(first.previousSize, null);
    const created = await createAsset(t.system, '899999027', assetInput({ title: 'Serie nueva' }));
    await updateAsset(t.system, created.id, { legal_class: 'clasificada', exception_ground: '18a', exception_scope: 'parcial', personal_data_class: 'privado' }, 1);
    const second = await verifyLedger({ url: URL_, fetch, state: first.state, entries: [16] });
    assert.equal(second.previousSize, 14n);
    assert.equal(second.checkpoint.size, 17n);
    assert.deepEqual(second.entries.map((e) => e.type), ['asset.classified']);
  } finally {
    await app.close();
    await t.close();
  }
});

test('a rewritten entry and an altered checkpoint are both caught', async () => {
  const { t, app, fetch } = await setup();
  try {
    const { state } = await verifyLedger({ url: URL_, fetch });
    const db = t.platform.store.db;
    // The operator edits an entry in the database.
    await sql`UPDATE ledger_entries SET data = replace(data, 'asset.created', 'asset.deleted') WHERE idx = 4`.execute(db);
    await assert.rejects(verifyLedger({ url: URL_, fetch, state, entries: [4] }), alarm(/Entry 4 is not in the signed tree as shown/));
    await assert.rejects(verifyLedger({ url: URL_, fetch, state, audit: true }), alarm(/entry 4 was rewritten/));
    await sql`UPDATE ledger_entries SET data = replace(data, 'asset.deleted', 'asset.created') WHERE idx = 4`.execute(db);
    // The operator edits the stored checkpoint (a larger size) without the private key.
    await sql`UPDATE ledger_checkpoints SET note = replace(note, E'\n14\n', E'\n15\n')`.execute(db);
    await assert.rejects(verifyLedger({ url: URL_, fetch, state }), alarm(/no valid signature/));
  } finally {
    await app.close();
    await t.close();
  }
});

test('a history rewritten and re-signed by the operator is a fork; a shrunk log and a new key are alarms', async () => {
  const { t, app, fetch } = await setup();
  try {
    const { state } = await verifyLedger({ url: URL_, fetch });
    const db = t.platform.store.db;
    const original = await db.selectFrom('ledger_entries').select(['data']).orderBy('idx').execute();
    // Rebuild the whole tree from altered entries, keeping the size: a different history, properly signed.
    const rewrite = async (count: number) => {
      await db.transaction().execute(async (trx) => {
        for (const table of ['ledger_cosignatures', 'ledger_checkpoints', 'ledger_entries', 'ledger_tiles'] as const) await trx.deleteFrom(table).execute();
        await trx.updateTable('ledger_state').set({ size: 0 }).where('id', '=', 1).execute();
        const events = original.slice(0, count).map((row, i) => {
          const { index: _i, ...event } = JSON.parse(row.data);
          return i === 3 ? { ...event, payload: { ...event.payload, legal_class: 'reservada' } } : event;
        });
        await appendEvents(trx, events);
      });
    };
    await rewrite(original.length);
    assert.equal((await readState(db)).size, original.length);
    await assert.rejects(verifyLedger({ url: URL_, fetch, state }), alarm(/Fork: the same size \(14\) with another root/));
    // Rewritten and grown: the consistency proof cannot connect it to what the verifier saw.
    await db.transaction().execute((trx) => appendEvents(trx, [{ type: 'test', actor: 'system:x', entity: null, subject: 'test:1', time: new Date().toISOString(), payload: {} }]));
    await assert.rejects(verifyLedger({ url: URL_, fetch, state }), alarm(/Fork: the tree of 15 entries does not extend the one of 14/));
    await rewrite(10);
    await assert.rejects(verifyLedger({ url: URL_, fetch, state }), alarm(/The log shrank from 14 to 10 entries/));
    const otherKey: VerifierState = { ...state, key: verifierKey('localhost:8080/ledger', ed25519PublicKey(generateKeyPairSync('ed25519').privateKey)) };
    await assert.rejects(verifyLedger({ url: URL_, fetch, state: otherKey }), alarm(/public key changed/));
  } finally {
    await app.close();
    await t.close();
  }
});

test('a registered witness cosigns verified checkpoints; unknown or forged cosignatures are refused', async () => {
  const { t, app, fetch } = await setup();
  try {
    const { dane } = { dane: { nit: '899999027', id: 'CO/GOV/899999027' } };
    await seedPerson(t.system, dane, ['entity_admin'], 'admin@dane.gov.co');
    const headers = await signInHeaders(app, 'admin@dane.gov.co');
    const witnessKey = generateKeyPairSync('ed25519').privateKey;
    const name = 'testigo.dane.gov.co/1';
    const vkey = verifierKey(name, ed25519PublicKey(witnessKey), COSIGNATURE_V1);
    // Not registered yet: refused.
    await assert.rejects(verifyLedger({ url: URL_, fetch, witness: { name, key: witnessKey } }), alarm(/did not accept the cosignature/));
    const wrongType = await app.inject({ method: 'POST', url: '/api/v1/ledger/witnesses', headers, payload: { vkey: verifierKey(name, ed25519PublicKey(witnessKey)) } });
    assert.equal(wrongType.statusCode, 400);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/ledger/witnesses', payload: { vkey } })).statusCode, 401);
    // A witness name is its entity's: the Ministry's administrator cannot sign as a DANE witness.
    await seedPerson(t.system, { nit: '899999001', id: 'CO/GOV/899999001' }, ['entity_admin'], 'admin@mineducacion.gov.co');
    const impersonation = await app.inject({ method: 'POST', url: '/api/v1/ledger/witnesses', headers: await signInHeaders(app, 'admin@mineducacion.gov.co'), payload: { vkey: verifierKey('testigo.dane.gov.co/2', ed25519PublicKey(generateKeyPairSync('ed25519').privateKey), COSIGNATURE_V1) } });
    assert.equal(impersonation.statusCode, 400);
    assert.match(impersonation.json().error.message.es, /mineducacion\.gov\.co o 899999001/);
    const registered = await app.inject({ method: 'POST', url: '/api/v1/ledger/witnesses', headers, payload: { vkey } });
    assert.equal(registered.statusCode, 201, registered.body);
    const report = await verifyLedger({ url: URL_, fetch, witness: { name, key: witnessKey } });
    assert.equal(report.cosigned, true);
    const note = (await app.inject('/ledger/checkpoint')).body;
    assert.match(note, new RegExp(`— ${name.replace(/\./g, '\\.')} `));
    const page = await app.inject('/ledger');
    assert.match(page.body, /testigo\.dane\.gov\.co\/1/);
    // A cosignature made with another key under the witness's name is rejected.
    const impostor = generateKeyPairSync('ed25519').privateKey;
    await assert.rejects(verifyLedger({ url: URL_, fetch, witness: { name, key: impostor } }), alarm(/did not accept the cosignature/));
  } finally {
    await app.close();
    await t.close();
  }
});
