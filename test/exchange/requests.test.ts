import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createAsset } from '../../src/catalog/assets.ts';
import { createEntity } from '../../src/catalog/entities.ts';
import { rawPublicKey, requestHashOf, signedRequestHeaders, verifyResponse } from '../../src/exchange/signatures.ts';
import { publishCsv } from '../support/datasets.ts';
import { seedEntities, seedPerson, signInHeaders, testApp, testPlatform } from '../support/platform.ts';

/** A client of an entity: its Ed25519 key pair and a function that signs requests as X-Road clients do. */
function clientKeys(client: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const headers = (target: string, at: Date, nonce?: string, body?: string) =>
    signedRequestHeaders({ client, privateKey, method: body === undefined ? 'GET' : 'POST', target, now: at, ...(nonce ? { nonce } : {}), ...(body !== undefined ? { body } : {}) });
  return { raw: rawPublicKey(publicKey), headers };
}

test('three entities: a classified dataset is requested with a legal basis, narrowed and granted, read through signed requests, and every other reading refused', async () => {
  let now = new Date('2026-11-27T15:00:00Z');
  const t = await testPlatform({ clock: { now: () => new Date(now) } });
  t.platform.queue.start();
  const app = await testApp(t);
  try {
    const { dane, men } = await seedEntities(t.system);
    const ins = await createEntity(t.system, { nit: '900474727', name: 'Instituto Nacional de Salud', acronym: 'INS', sector: 'salud', orden: 'nacional', department_code: '11', municipality_code: '11001' });
    for (const [entity, email] of [[dane, 'datos@dane.gov.co'], [men, 'datos@men.gov.co'], [{ nit: ins.nit, id: ins.id }, 'datos@ins.gov.co']] as const) await seedPerson(t.system, entity, ['steward', 'editor'], email);
    const [daneSteward, menSteward, insSteward] = (await Promise.all(['datos@dane.gov.co', 'datos@men.gov.co', 'datos@ins.gov.co'].map((e) => signInHeaders(app, e)))) as [Record<string, string>, Record<string, string>, Record<string, string>];

    // DANE: census microdata, classified (Ley 1712 art. 18 a) with private personal data.
    const asset = await createAsset(t.system, dane.nit, { title: 'Microdatos del censo', description: 'Registros por persona.', language: 'es', medium: 'electronico', formats: ['CSV'], availability: 'disponible', legal_class: 'clasificada', exception_ground: '18a', exception_scope: 'total', personal_data_class: 'privado', themes: ['SOCI'], update_frequency: 'anual', contact_email: 'datos@dane.gov.co' });
    const dataset = await publishCsv(app, daneSteward, dane.nit, 'Microdatos del censo 2018', 'municipio,edad,sexo,ingreso\n05001,34,M,1200000\n05001,8,F,0\n11001,51,F,3400000\n', 'censo.csv', 'restricted');
    await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${dataset}`, headers: daneSteward, payload: { asset_id: asset.id, version: 1 } });
    const handling = (await app.inject({ url: `/api/v1/datasets/${dataset}/handling`, headers: daneSteward })).json();
    assert.equal(handling.rule, 'shareable');
    assert.ok(handling.reasons.some((r: { es: string }) => /art. 18/.test(r.es)));
    assert.ok(handling.reasons.some((r: { es: string }) => /Ley 1581/.test(r.es)));

    // MEN asks; the form makes it justify each field and accept the commitments.
    const body = {
      dataset, purpose: 'Focalizar el Programa de Alimentación Escolar en los municipios con más niños en edad escolar.', norm_id: 'ley-1581-2012-art-10a',
      legal_basis: 'El MEN ejerce la función legal de focalización del PAE y requiere la edad por municipio.',
      fields: [{ name: 'municipio', justification: 'Para agregar por municipio.' }, { name: 'edad', justification: 'Para contar niños en edad escolar.' }],
      row_filter: { municipio: ['05001', '11001'] }, duration_days: 30, commitments: ['finalidad', 'confidencialidad', 'seguridad', 'no_redistribuir', 'eliminar_al_vencer'],
    };
    const incomplete = await app.inject({ method: 'POST', url: '/api/v1/access-requests', headers: menSteward, payload: { ...body, fields: [{ name: 'ingreso', justification: 'x' }], commitments: ['finalidad'] } });
    assert.equal(incomplete.statusCode, 400);
    const fieldsAtFault = incomplete.json().error.details.map((d: { field: string }) => d.field);
    assert.ok(fieldsAtFault.includes('fields[0].justification') && fieldsAtFault.includes('commitments'), fieldsAtFault.join());
    const created = await app.inject({ method: 'POST', url: '/api/v1/access-requests', headers: menSteward, payload: body });
    assert.equal(created.statusCode, 201, created.body);
    const request = created.json();
    assert.equal(request.status, 'submitted');
    assert.equal(request.due_at, '2026-12-15T04:59:59.999Z', '10 business days: 8 December is a holiday');
    // The public ledger records the request without the fields asked for (a hash commits to them).
    const [requested] = (await app.inject('/api/v1/ledger?type=access.requested')).json().entries;
    assert.ok(!requested.data.includes('"edad"') && !requested.data.includes('"ingreso"'), requested.data);
    assert.match(JSON.parse(requested.data).payload.fields_sha256, /^[0-9a-f]{64}$/);

    // Only the provider decides; a third entity does not even see the request.
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/access-requests/${request.id}/approve`, headers: menSteward, payload: {} })).statusCode, 403);
    assert.equal((await app.inject({ url: `/api/v1/access-requests/${request.id}`, headers: insSteward })).statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/access-requests/${request.id}/ask`, headers: daneSteward, payload: { text: '¿Para qué años necesita la información?' } })).json().status, 'info_requested');
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/access-requests/${request.id}/answer`, headers: menSteward, payload: { text: 'Solo el último censo, 2018.' } })).json().status, 'submitted');
    const widened = await app.inject({ method: 'POST', url: `/api/v1/access-requests/${request.id}/approve`, headers: daneSteward, payload: { fields: ['edad', 'ingreso'] } });
    assert.equal(widened.statusCode, 400, 'an approval cannot grant more than was asked');
    const approved = await app.inject({ method: 'POST', url: `/api/v1/access-requests/${request.id}/approve`, headers: daneSteward, payload: { fields: ['edad'], row_filter: { municipio: ['05001'] }, duration_days: 10, note: 'Solo Medellín por ahora.' } });
    assert.equal(approved.statusCode, 200, approved.body);
    const grantId = approved.json().decision.grant_id;
    assert.equal(approved.json().decision.narrowed, true);

    // MEN's client reads exactly the grant, with signed requests, and can verify the platform's signature.
    const men1 = clientKeys(`CO/GOV/${men.nit}/pae`);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/entities/${men.nit}/exchange-clients`, headers: insSteward, payload: { subsystem: 'pae', public_key: men1.raw } })).statusCode, 403, "another entity cannot register MEN's clients");
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/entities/${men.nit}/exchange-clients`, headers: menSteward, payload: { subsystem: 'pae', public_key: men1.raw } })).statusCode, 201);
    const target = `/api/v1/exchange/${dataset}`;
    const sent = men1.headers(target, now);
    const read = await app.inject({ url: target, headers: sent });
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(read.json().rows, [{ edad: 34 }, { edad: 8 }]);
    const key = (await app.inject('/api/v1/exchange/key')).json();
    const requestHash = requestHashOf(sent, 'GET', target);
    assert.equal(read.headers['x-road-request-hash'], requestHash, 'the consumer computes the same request hash');
    assert.ok(verifyResponse(key.public_key, requestHash, read.body, read.headers['x-infradatos-signature'] as string), 'the response signature verifies with the published key');
    assert.ok(!verifyResponse(key.public_key, requestHash, read.body.replace('34', '35'), read.headers['x-infradatos-signature'] as string), 'and fails on a changed body');

    // Reading beyond the grant, replaying, forging, or another entity's credential: refused.
    const beyond = `${target}?fields=edad,ingreso`;
    assert.equal((await app.inject({ url: beyond, headers: men1.headers(beyond, now) })).statusCode, 403);
    const signed = men1.headers(target, now);
    assert.equal((await app.inject({ url: target, headers: signed })).statusCode, 200);
    const replay = await app.inject({ url: target, headers: signed });
    assert.equal(replay.statusCode, 409, 'a replayed signed request is refused');
    assert.equal((await app.inject({ url: target, headers: { ...men1.headers(target, now), 'x-request-signature': signed['x-request-signature'] } })).statusCode, 401, 'a signature for another request');
    assert.equal((await app.inject({ url: target, headers: men1.headers(target, new Date(now.getTime() - 10 * 60_000)) })).statusCode, 401, 'too old');
    const ins1 = clientKeys(`CO/GOV/${ins.nit}/vigilancia`);
    await app.inject({ method: 'POST', url: `/api/v1/entities/${ins.nit}/exchange-clients`, headers: insSteward, payload: { subsystem: 'vigilancia', public_key: ins1.raw } });
    assert.equal((await app.inject({ url: target, headers: ins1.headers(target, now) })).statusCode, 403, 'no grant for INS');
    const impostor = { ...ins1.headers(target, now), 'x-road-client': `CO/GOV/${men.nit}/pae` };
    assert.equal((await app.inject({ url: target, headers: impostor })).statusCode, 401, "INS's key cannot speak as MEN");

    // After the term the grant no longer opens anything; a revoked one neither.
    now = new Date(now.getTime() + 11 * 86_400_000);
    assert.equal((await app.inject({ url: target, headers: men1.headers(target, now) })).statusCode, 403, 'expired');
    now = new Date(now.getTime() - 11 * 86_400_000);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/grants/${grantId}/revoke`, headers: menSteward, payload: { reason: 'No soy el proveedor.' } })).statusCode, 403);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/grants/${grantId}/revoke`, headers: daneSteward, payload: { reason: 'Incumplimiento de la finalidad declarada.' } })).statusCode, 200);
    assert.equal((await app.inject({ url: target, headers: men1.headers(target, now) })).statusCode, 403, 'revoked');

    // A client credential can ask too: the body is part of what it signs.
    const insBody = JSON.stringify({ ...body, purpose: 'Vigilancia de enfermedades transmisibles en la población escolar.', fields: [{ name: 'edad', justification: 'Para calcular tasas por edad.' }], row_filter: {} });
    const insHeaders = ins1.headers('/api/v1/exchange/requests', now, undefined, insBody);
    const byClient = await app.inject({ method: 'POST', url: '/api/v1/exchange/requests', headers: { ...insHeaders, 'content-type': 'application/json' }, payload: insBody });
    assert.equal(byClient.statusCode, 201, byClient.body);
    assert.equal(byClient.json().requester_entity_id, ins.id);
    const tampered = await app.inject({ method: 'POST', url: '/api/v1/exchange/requests', headers: { ...ins1.headers('/api/v1/exchange/requests', now, undefined, insBody), 'content-type': 'application/json' }, payload: insBody.replace('edad', 'ingreso') });
    assert.equal(tampered.statusCode, 401, 'a changed body breaks the signature');

    // INS asks too and is denied with a legal reason.
    const insRequest = (await app.inject({ method: 'POST', url: '/api/v1/access-requests', headers: insSteward, payload: { ...body, purpose: 'Estudiar la relación entre ingreso y edad en la población general del país.', fields: [{ name: 'ingreso', justification: 'Para estudiar el ingreso por edad.' }], row_filter: {} } })).json();
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/access-requests/${insRequest.id}/deny`, headers: daneSteward, payload: { norm_id: 'ley-1712-2014-art-18', reason: 'El ingreso de las personas está protegido por su derecho a la intimidad.' } })).json().status, 'denied');

    // Everything is in the ledger; accesses carry the request hash.
    const types = (await t.system.db.selectFrom('ledger_entries').select(['type', 'data']).execute()).map((e) => ({ type: e.type, payload: (JSON.parse(e.data) as { payload: unknown }).payload }));
    for (const type of ['dataset.classified', 'access.requested', 'access.info_requested', 'access.info_provided', 'access.approved', 'grant.created', 'exchange.accessed', 'grant.revoked', 'access.denied']) assert.ok(types.some((e) => e.type === type), type);
    assert.ok(types.some((e) => e.type === 'exchange.accessed' && (e.payload as { request_sha256: string }).request_sha256 === requestHash));
    const accesses = await t.system.db.selectFrom('exchange_accesses').select(['status']).execute();
    assert.deepEqual(accesses.map((a) => a.status).sort(), [200, 200, 201, 403, 403, 403, 403]);
  } finally {
    await app.close();
    await t.close();
  }
});
