import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createAsset, deleteAsset, updateAsset } from '../../src/catalog/assets.ts';
import { updateEntity } from '../../src/catalog/entities.ts';
import { importInventory } from '../../src/catalog/import/inventory-import.ts';
import { requireEntity } from '../../src/catalog/entities.ts';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/ledger/merkle.ts';
import { parseCheckpoint, parseVerifierKey, verifyNote } from '../../src/ledger/note.ts';
import { latin1Csv, REGISTRO_HEADER, registroRow } from '../support/files.ts';
import { assetInput, reservedInput, seedEntities, testApp, testPlatform, type TestPlatform } from '../support/platform.ts';

let t: TestPlatform;
let app: FastifyInstance;
let assetId: string;
let reservedId: string;

before(async () => {
  t = await testPlatform();
  app = await testApp(t);
  const { dane } = await seedEntities(t.system);
  assetId = (await createAsset(t.system, dane.nit, assetInput())).id;
  await updateAsset(t.system, assetId, { description: 'Ejecución presupuestal mensual del sector.' }, 1);
  await updateAsset(t.system, assetId, { legal_class: 'clasificada', exception_ground: '18a', exception_scope: 'parcial', personal_data_class: 'privado' }, 2, 'contiene nombres de contratistas');
  reservedId = (await createAsset(t.system, dane.nit, reservedInput())).id;
  const doomed = await createAsset(t.system, dane.nit, assetInput({ title: 'Borrador' }));
  await deleteAsset(t.system, doomed.id, 1);
  await updateEntity(t.system, dane.nit, { website: 'https://www.dane.gov.co/inicio' }, 1);
  await importInventory(t.system, await requireEntity(t.system, dane.nit), latin1Csv([REGISTRO_HEADER, registroRow('Actas'), registroRow('Contratos')]), { fileName: 'registro.csv', dryRun: false });
});

after(async () => {
  await app.close();
  await t.close();
});

const json = async (url: string) => {
  const response = await app.inject(url);
  return { status: response.statusCode, body: response.json() };
};

test('every catalog change is in the ledger, with its type, subject, version and content hash', async () => {
  const rows = await t.platform.store.db.selectFrom('ledger_entries').select(['idx', 'type', 'subject', 'data']).orderBy('idx').execute();
  assert.deepEqual(rows.map((r) => r.type), [
    'entity.created', 'entity.created',
    'asset.created', 'asset.updated', 'asset.updated', 'asset.classified',
    'asset.created', 'asset.created', 'asset.deleted', 'entity.updated',
    'asset.created', 'asset.created', 'inventory.imported',
  ]);
  const classified = JSON.parse(rows[5]!.data);
  assert.equal(classified.subject, `asset:${assetId}`);
  assert.deepEqual([classified.payload.from.legal_class, classified.payload.to.legal_class, classified.payload.to.exception_ground], ['publica', 'clasificada', '18a']);
  assert.equal(JSON.parse(rows[4]!.data).payload.reason, 'contiene nombres de contratistas');
  // The history and the ledger agree: one ledger entry per recorded change of an asset or entity.
  const history = await t.platform.store.db.selectFrom('catalog_changes').select(['subject_type', 'subject_id', 'version']).where('subject_type', 'in', ['asset', 'entity']).execute();
  const ledgered = rows.filter((r) => /^(asset|entity)\.(created|updated|deleted)$/.test(r.type));
  assert.equal(ledgered.length, history.length);
  // Nothing of a restricted asset's content is public: only ids, classes, field names and hashes.
  const reserved = rows.find((r) => r.subject === `asset:${reservedId}`)!;
  assert.doesNotMatch(reserved.data, /inteligencia/i);
  assert.match(JSON.parse(reserved.data).payload.record_sha256, /^[0-9a-f]{64}$/);
  // Actors are pseudonyms.
  assert.doesNotMatch(rows.map((r) => r.data).join(''), /@/);
});

test('the checkpoint is signed by the published key, and proofs served for it verify', async () => {
  const key = parseVerifierKey((await app.inject('/ledger/key')).body);
  const note = (await app.inject('/ledger/checkpoint')).body;
  const checkpoint = parseCheckpoint(verifyNote(note, key).text);
  assert.equal(checkpoint.origin, 'localhost:8080/ledger');
  assert.equal(checkpoint.size, 13n);
  const { body: entries } = await json('/ledger/entries?start=0&end=13');
  for (const entry of entries.entries) {
    const leaf = leafHash(entry.data);
    assert.equal(leaf.toString('base64'), entry.leaf_hash);
    const { body: proof } = await json(`/ledger/proof/inclusion?index=${entry.index}&size=13`);
    verifyInclusion(BigInt(entry.index), 13n, leaf, proof.proof.map((p: string) => Buffer.from(p, 'base64')), checkpoint.root);
  }
  // By leaf hash (base64 or hex), for a file's hash through the API.
  const byHash = await json(`/ledger/proof/inclusion?hash=${encodeURIComponent(entries.entries[7].leaf_hash)}`);
  assert.equal(byHash.body.index, 7);
  const hex = Buffer.from(entries.entries[7].leaf_hash, 'base64').toString('hex');
  assert.equal((await json(`/ledger/proof/inclusion?hash=${hex}&size=13`)).body.index, 7);
  const imported = JSON.parse(entries.entries[12].data);
  const found = await json(`/api/v1/ledger?content_sha256=${imported.payload.file_sha256}`);
  assert.deepEqual(found.body.entries.map((e: { index: number }) => e.index), [12]);
  // Consistency from an earlier checkpoint to this one.
  const early = await json('/ledger/proof/inclusion?index=0&size=5');
  const consistency = await json('/ledger/proof/consistency?from=5&to=13');
  verifyConsistency(5n, 13n, consistency.body.proof.map((p: string) => Buffer.from(p, 'base64')), Buffer.from(early.body.root, 'base64'), checkpoint.root);
});

test('bad requests to the protocol get bilingual JSON errors; pages show entries with a verified proof', async () => {
  for (const url of ['/ledger/proof/inclusion?index=99', '/ledger/proof/inclusion?index=0&size=999', '/ledger/proof/inclusion?hash=xyz', '/ledger/proof/consistency?from=9&to=3', '/ledger/entries?start=-1', '/ledger/proof/inclusion', '/ledger/checkpoint/77']) {
    const response = await app.inject(url);
    assert.ok(response.statusCode === 400 || response.statusCode === 404, `${url}: ${response.statusCode}`);
    const error = response.json().error;
    assert.ok(error.message.es && error.message.en, url);
  }
  const entries = await json('/ledger/entries?start=0&end=5000');
  assert.equal(entries.body.entries.length, 13);
  const page = await app.inject('/ledger?type=asset.classified');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<td>Clasificación cambiada<\/td>/);
  assert.doesNotMatch(page.body, /<td>Activo registrado<\/td>/);
  const entry = await app.inject('/ledger/entry/5');
  assert.match(entry.body, /✓ Verificado\./);
  assert.match(entry.body, /npx infradatos verify-ledger http:\/\/localhost:8080 --entry 5/);
  const twin = await json('/api/v1/ledger/entries/5');
  assert.equal(twin.body.verified, true);
  // Asset and entity pages link to their ledger entries.
  const actas = (await json('/api/v1/search?q=actas')).body.results[0].id;
  assert.match((await app.inject(`/assets/${actas}`)).body, new RegExp(`/ledger\\?subject=asset%3A${actas}`));
  assert.match((await app.inject('/entities/899999027')).body, /\/ledger\?entity=CO%2FGOV%2F899999027/);
  const subject = await json(`/api/v1/ledger?subject=asset:${assetId}`);
  assert.deepEqual(subject.body.entries.map((e: { type: string }) => e.type), ['asset.classified', 'asset.updated', 'asset.updated', 'asset.created']);
});

test('an entry whose stored data was altered is shown as not verified', async () => {
  await t.platform.store.db.updateTable('ledger_entries').set({ data: '{"altered":true}' }).where('idx', '=', 2).execute();
  const entry = await app.inject('/ledger/entry/2');
  assert.match(entry.body, /✗ No se pudo verificar esta entrada/);
  assert.equal((await json('/api/v1/ledger/entries/2')).body.verified, false);
});
