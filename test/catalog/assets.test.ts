import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppError } from '../../src/core/errors.ts';
import { createAsset, deleteAsset, getAsset, assetHistory, listEntityAssets, updateAsset } from '../../src/catalog/assets.ts';
import { actorFromSession, signIn } from '../../src/catalog/sessions.ts';
import { assetInput, reservedInput, seedEntities, seedPerson, testPlatform, TEST_PASSWORD } from '../support/platform.ts';

test('an asset is created with every field of the Registro, read back, updated with a version check, and deleted', async () => {
  const t = await testPlatform();
  try {
    const { dane } = await seedEntities(t.system);
    const created = await createAsset(t.system, dane.nit, assetInput({ code: 'AI-001', producer: 'Dirección de Censos', owner: 'Secretaría General', generated_on: '15/03/2020', update_frequency: 'anual', spatial: 'CO', temporal_start: '2020', temporal_end: '2024', licence: 'CC-BY-4.0', contact_name: 'Grupo de datos', contact_email: 'datos@dane.gov.co' }));
    assert.equal(created.version, 1);
    assert.equal(created.generated_on, '2020-03-15');
    assert.equal(created.temporal_end, '2024-12-31');
    assert.equal(created.is_public, true);
    const read = await getAsset(t.system, created.id);
    assert.equal(read.entity.name, 'Departamento Administrativo Nacional de Estadística');
    assert.deepEqual(read.keywords, ['presupuesto', 'educación']);

    const updated = await updateAsset(t.system, created.id, { description: 'Ejecución del presupuesto de educación por rubro y mes.' }, 1, 'más detalle');
    assert.equal(updated.version, 2);
    assert.equal(updated.title, 'Presupuesto de Educación');
    // A second editor still on version 1 is told, and nothing is overwritten.
    await assert.rejects(updateAsset(t.system, created.id, { title: 'Otro título' }, 1), (e: AppError) => e.code === 'conflict');
    assert.equal((await getAsset(t.system, created.id)).title, 'Presupuesto de Educación');

    const history = await assetHistory(t.system, created.id);
    assert.deepEqual(history.map((h) => [h.action, h.version]), [['update', 2], ['create', 1]]);
    assert.deepEqual(history[0]!.changes.map((c) => c.field), ['description']);
    assert.equal(history[0]!.reason, 'más detalle');

    await assert.rejects(deleteAsset(t.system, created.id, 1), (e: AppError) => e.code === 'conflict');
    await deleteAsset(t.system, created.id, 2);
    await assert.rejects(getAsset(t.system, created.id), (e: AppError) => e.code === 'not_found');
    const afterDelete = await t.platform.store.db.selectFrom('catalog_changes').select('action').where('subject_id', '=', created.id).orderBy('id').execute();
    assert.deepEqual(afterDelete.map((r) => r.action), ['create', 'update', 'delete']);
  } finally {
    await t.close();
  }
});

test('one entity cannot hold two assets with the same name or identifier', async () => {
  const t = await testPlatform();
  try {
    const { dane, men } = await seedEntities(t.system);
    await createAsset(t.system, dane.nit, assetInput({ code: 'AI-1' }));
    await assert.rejects(createAsset(t.system, dane.nit, assetInput({ title: 'PRESUPUESTO DE EDUCACIÓN' })), (e: AppError) => e.code === 'conflict' && e.details[0]?.field === 'title');
    await assert.rejects(createAsset(t.system, dane.nit, assetInput({ title: 'Otro', code: 'AI-1' })), (e: AppError) => e.details[0]?.field === 'code');
    await createAsset(t.system, men.nit, assetInput({ code: 'AI-1' }));
  } finally {
    await t.close();
  }
});

test('only a steward changes a classification; an editor may propose one for a new asset', async () => {
  const t = await testPlatform();
  try {
    const { dane } = await seedEntities(t.system);
    await seedPerson(t.system, dane, ['editor'], 'editor@dane.gov.co');
    await seedPerson(t.system, dane, ['steward'], 'datos@dane.gov.co');
    const db = t.platform.store.db;
    const editor = (await signIn(db, 'editor@dane.gov.co', TEST_PASSWORD, new Date())).actor;
    const steward = (await actorFromSession(db, (await signIn(db, 'datos@dane.gov.co', TEST_PASSWORD, new Date())).token, new Date()))!;
    const asset = await createAsset(t.as(editor), dane.nit, reservedInput());
    assert.equal(asset.legal_class, 'reservada');
    const renamed = await updateAsset(t.as(editor), asset.id, { description: 'Informes de inteligencia estratégica.' }, 1);
    assert.equal(renamed.version, 2);
    await assert.rejects(updateAsset(t.as(editor), asset.id, { legal_class: 'publica', exception_ground: '', exception_scope: '', exception_until: '' }, 2), (e: AppError) => e.code === 'forbidden' && /responsable de datos/.test(e.messages.es));
    const reclassified = await updateAsset(t.as(steward), asset.id, { legal_class: 'clasificada', exception_ground: '18b', exception_until: '' }, 2);
    assert.equal(reclassified.legal_class, 'clasificada');
  } finally {
    await t.close();
  }
});

test('reserved assets are invisible outside their entity, and listed only to those who may see them', async () => {
  const t = await testPlatform();
  try {
    const { dane, men } = await seedEntities(t.system);
    await seedPerson(t.system, men, ['editor'], 'editor@men.gov.co');
    await seedPerson(t.system, dane, ['editor'], 'editor@dane.gov.co');
    const outsider = (await signIn(t.platform.store.db, 'editor@men.gov.co', TEST_PASSWORD, new Date())).actor;
    const insider = (await signIn(t.platform.store.db, 'editor@dane.gov.co', TEST_PASSWORD, new Date())).actor;
    const reserved = await createAsset(t.system, dane.nit, reservedInput());
    await createAsset(t.system, dane.nit, assetInput());
    await assert.rejects(getAsset(t.as(outsider), reserved.id), (e: AppError) => e.code === 'not_found');
    await assert.rejects(getAsset(t.as({ kind: 'anonymous' }), reserved.id), (e: AppError) => e.code === 'not_found');
    assert.equal((await getAsset(t.as(insider), reserved.id)).id, reserved.id);
    assert.equal((await listEntityAssets(t.as(outsider), dane.nit)).count, 1);
    assert.equal((await listEntityAssets(t.as(insider), dane.nit)).count, 2);
  } finally {
    await t.close();
  }
});

test('two people creating the same asset at once: one wins, the other is told, never a server error', async () => {
  const t = await testPlatform();
  try {
    const { dane } = await seedEntities(t.system);
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => createAsset(t.system, dane.nit, assetInput({ title: 'Boletín de mercado laboral' }))));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      assert.equal((r.reason as AppError).code, 'conflict');
      assert.equal((r.reason as AppError).details[0]?.field, 'title');
    }
  } finally {
    await t.close();
  }
});
