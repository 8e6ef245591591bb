import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assetInput, reservedInput, seedEntities, seedPerson, signInHeaders, testApp, testPlatform } from '../support/platform.ts';

test('the oversight board finds assumed, incomplete and expired classifications and unresolved personal data, item by item, until the entity fixes them', async () => {
  const t = await testPlatform({ clock: { now: () => new Date('2026-12-16T15:00:00Z') } });
  t.platform.queue.start();
  const app = await testApp(t);
  try {
    const { dane, men } = await seedEntities(t.system);
    await seedPerson(t.system, dane, ['steward', 'editor'], 'datos@dane.gov.co');
    await seedPerson(t.system, dane, ['editor'], 'editor@dane.gov.co');
    await seedPerson(t.system, men, ['data_office'], 'oficina@dnp.gov.co');
    const [steward, editor, office] = await Promise.all(['datos@dane.gov.co', 'editor@dane.gov.co', 'oficina@dnp.gov.co'].map((e) => signInHeaders(app, e))) as Record<string, string>[];
    const detail = async () => (await app.inject({ url: `/api/v1/oversight/${dane.nit}`, headers: office! })).json();
    const before = await detail();
    assert.deepEqual(before.assets_without_full_classification, []);

    // A register row that leaves both classes blank is stored as public without personal data, but as assumed.
    const blank = await app.inject({ method: 'POST', url: `/api/v1/entities/${dane.nit}/assets`, headers: editor!, payload: assetInput({ title: 'Encuesta sin clasificar', legal_class: undefined, personal_data_class: undefined }) });
    assert.equal(blank.statusCode, 201, blank.body);
    assert.equal(blank.json().classification_assumed, true);
    assert.deepEqual(blank.json().warnings.map((w: { field: string }) => w.field).sort(), ['legal_class', 'personal_data_class']);
    const stated = await app.inject({ method: 'POST', url: `/api/v1/entities/${dane.nit}/assets`, headers: editor!, payload: assetInput({ title: 'Encuesta clasificada' }) });
    assert.equal(stated.json().classification_assumed, false, 'stated classes are not assumed');
    // A reserve whose term ended two weeks ago must be reclassified.
    const ended = await app.inject({ method: 'POST', url: `/api/v1/entities/${dane.nit}/assets`, headers: steward!, payload: reservedInput({ classified_on: '2020-12-01', exception_until: '2026-12-01' }) });
    assert.equal(ended.statusCode, 201, ended.body);

    // An open upload with identity numbers and e-mails, never reviewed, is held back.
    const dataset = (await app.inject({ method: 'POST', url: `/api/v1/entities/${dane.nit}/datasets`, headers: editor!, payload: { title: 'Beneficiarios', access_level: 'public' } })).json().id;
    const held = await app.inject({ method: 'POST', url: `/api/v1/datasets/${dataset}/uploads?file_name=b.csv&publish=true&wait=true`, headers: { ...editor!, 'content-type': 'text/csv' },
      payload: `cedula,correo,municipio\n${Array.from({ length: 30 }, (_, i) => `${10203040 + i * 7919},persona${i}@correo.com,05001`).join('\n')}\n` });
    assert.notEqual(held.json().status, 'published', held.body);

    const found = await detail();
    assert.deepEqual(found.assets_without_full_classification.map((a: { title: string; problem: string }) => [a.title, a.problem]).sort(), [['Encuesta sin clasificar', 'assumed'], ['Informes de inteligencia', 'term_ended']]);
    assert.deepEqual(found.datasets_with_unresolved_personal_data.map((d: { id: string }) => d.id), [dataset]);
    const row = (await app.inject({ url: '/api/v1/oversight', headers: office! })).json().entities.find((e: { entity: { nit: string } }) => e.entity.nit === dane.nit);
    assert.equal(row.assets_without_full_classification, 2);
    assert.equal(row.datasets_with_unresolved_personal_data, 1);
    const page = await app.inject({ url: `/oversight/${dane.nit}`, headers: { ...office!, accept: 'text/html' } });
    assert.match(page.body, /clasificación supuesta: el registro la dejó en blanco/);
    assert.match(page.body, /venció el plazo de la excepción/);
    assert.match(page.body, new RegExp(`href="/datasets/${dataset}"`));
    assert.match((await app.inject({ url: `/assets/${blank.json().id}`, headers: { ...steward!, accept: 'text/html' } })).body, /se supuso pública y sin datos personales/);

    // An editor's unrelated change does not confirm it; the steward stating both classes does, in the ledger.
    const id = blank.json().id;
    const edited = await app.inject({ method: 'PATCH', url: `/api/v1/assets/${id}`, headers: editor!, payload: { description: 'Encuesta anual de hogares, sin clasificar todavía.', version: 1 } });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().classification_assumed, true);
    const confirmed = await app.inject({ method: 'PATCH', url: `/api/v1/assets/${id}`, headers: steward!, payload: { legal_class: 'publica', personal_data_class: 'ninguno', version: 2 } });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.equal(confirmed.json().classification_assumed, false);
    const events = await t.system.db.selectFrom('ledger_entries').select(['type', 'subject']).where('subject', '=', `asset:${id}`).execute();
    assert.ok(events.some((e) => e.type === 'asset.classification_confirmed'));
    assert.deepEqual((await detail()).assets_without_full_classification.map((a: { title: string }) => a.title), ['Informes de inteligencia']);
  } finally {
    await app.close();
    await t.close();
  }
});
