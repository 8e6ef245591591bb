import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppError } from '../../src/core/errors.ts';
import { changeOwnPassword, getPerson, updatePerson } from '../../src/catalog/people.ts';
import { actorFromSession, signIn } from '../../src/catalog/sessions.ts';
import { actorFromApiToken, createApiToken } from '../../src/catalog/tokens.ts';
import { historyOf } from '../../src/catalog/changes.ts';
import { seedEntities, seedPerson, testPlatform, TEST_PASSWORD } from '../support/platform.ts';

test('an entity administrator changes roles and disables accounts; the disabled lose their sessions and tokens', async () => {
  const t = await testPlatform();
  try {
    const { dane, men } = await seedEntities(t.system);
    const db = t.platform.store.db;
    const admin = (await signIn(db, (await seedPerson(t.system, dane, ['entity_admin'])).email, TEST_PASSWORD, new Date())).actor;
    const editor = await seedPerson(t.system, dane, ['editor']);
    const editorSession = await signIn(db, editor.email, TEST_PASSWORD, new Date());
    const editorToken = (await createApiToken(t.as(editorSession.actor), 'carga')).token;

    const promoted = await updatePerson(t.as(admin), editor.id, { roles: ['editor', 'steward'], name: 'Laura Gómez' });
    assert.deepEqual(promoted.roles, ['editor', 'steward']);
    await assert.rejects(updatePerson(t.as(admin), editor.id, { roles: ['data_office'] }), (e: AppError) => e.code === 'forbidden');
    await assert.rejects(updatePerson(t.as(admin), admin.id, { disabled: true }), (e: AppError) => e.details[0]?.field === 'disabled');

    await updatePerson(t.as(admin), editor.id, { disabled: true });
    assert.equal(await actorFromSession(db, editorSession.token, new Date()), undefined);
    assert.equal(await actorFromApiToken(db, editorToken, new Date()), undefined);
    await assert.rejects(signIn(db, editor.email, TEST_PASSWORD, new Date()), (e: AppError) => e.code === 'unauthorized');

    const history = await historyOf(db, 'person', editor.id);
    assert.deepEqual(history.map((h) => h.changes.map((c) => c.field)), [['disabled'], ['name', 'roles'], ['email', 'roles']]);

    // Another entity's administrator cannot even see the account.
    const outsider = (await signIn(db, (await seedPerson(t.system, men, ['entity_admin'])).email, TEST_PASSWORD, new Date())).actor;
    await assert.rejects(getPerson(t.as(outsider), editor.id), (e: AppError) => e.code === 'not_found');
  } finally {
    await t.close();
  }
});

test('changing one’s own password needs the current one and ends the other sessions', async () => {
  const t = await testPlatform();
  try {
    const { dane } = await seedEntities(t.system);
    const db = t.platform.store.db;
    const person = await seedPerson(t.system, dane, ['editor']);
    const here = await signIn(db, person.email, TEST_PASSWORD, new Date());
    const elsewhere = await signIn(db, person.email, TEST_PASSWORD, new Date());
    await assert.rejects(changeOwnPassword(t.as(here.actor), 'no-es-esta', 'una-clave-nueva-larga', here.token), (e: AppError) => e.details[0]?.field === 'current_password');
    await assert.rejects(changeOwnPassword(t.as(here.actor), TEST_PASSWORD, 'corta', here.token), (e: AppError) => e.details[0]?.field === 'new_password');
    await changeOwnPassword(t.as(here.actor), TEST_PASSWORD, 'una-clave-nueva-larga', here.token);
    assert.ok(await actorFromSession(db, here.token, new Date()));
    assert.equal(await actorFromSession(db, elsewhere.token, new Date()), undefined);
    await assert.rejects(signIn(db, person.email, TEST_PASSWORD, new Date()), (e: AppError) => e.code === 'unauthorized');
    assert.ok(await signIn(db, person.email, 'una-clave-nueva-larga', new Date()));
  } finally {
    await t.close();
  }
});
