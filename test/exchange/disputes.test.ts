import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEntity } from '../../src/catalog/entities.ts';
import { publishCsv } from '../support/datasets.ts';
import { seedEntities, seedPerson, signInHeaders, testApp, testPlatform } from '../support/platform.ts';

test('denied and overdue requests go to the arbiter, whose ruling is binding and published without personal data; the oversight board, accountability and companies', async () => {
  let now = new Date('2026-11-27T15:00:00Z');
  const t = await testPlatform({ clock: { now: () => new Date(now) } });
  t.platform.queue.start();
  const app = await testApp(t);
  try {
    const { dane, men } = await seedEntities(t.system);
    const ins = await createEntity(t.system, { nit: '900474727', name: 'Instituto Nacional de Salud', acronym: 'INS', sector: 'salud', orden: 'nacional', department_code: '11', municipality_code: '11001' });
    const transparency = await createEntity(t.system, { nit: '830115297', name: 'Secretaría de Transparencia', sector: 'presidencia', orden: 'nacional', department_code: '11', municipality_code: '11001' });
    await seedPerson(t.system, dane, ['steward', 'editor'], 'datos@dane.gov.co');
    await seedPerson(t.system, men, ['steward'], 'datos@men.gov.co');
    await seedPerson(t.system, { nit: ins.nit, id: ins.id }, ['steward'], 'datos@ins.gov.co');
    await seedPerson(t.system, { nit: transparency.nit, id: transparency.id }, ['arbiter'], 'arbitro@transparencia.gov.co');
    await seedPerson(t.system, dane, ['data_office'], 'oficina@dnp.gov.co');
    // Sessions last 12 hours: after the clock moves on, everyone signs in again.
    const signIn = async () => (await Promise.all(['datos@dane.gov.co', 'datos@men.gov.co', 'datos@ins.gov.co', 'arbitro@transparencia.gov.co', 'oficina@dnp.gov.co'].map((e) => signInHeaders(app, e)))) as Record<string, string>[];
    let [dane1, men1, ins1, arbiter, office] = await signIn();

    const dataset = await publishCsv(app, dane1!, dane.nit, 'Registro de hogares', 'municipio,personas,ingreso\n05001,4,1200000\n11001,2,800000\n', 'hogares.csv', 'restricted');
    const ask = (headers: Record<string, string>, purpose: string) => app.inject({ method: 'POST', url: '/api/v1/access-requests', headers, payload: {
      dataset, purpose, norm_id: 'ley-1581-2012-art-13b', legal_basis: 'La entidad ejerce funciones legales que requieren estos datos.',
      fields: [{ name: 'municipio', justification: 'Para ubicar los hogares.' }, { name: 'ingreso', justification: 'Para focalizar subsidios.' }], duration_days: 60,
      commitments: ['finalidad', 'confidencialidad', 'seguridad', 'no_redistribuir', 'eliminar_al_vencer'],
    } });
    const request = (await ask(men1!, 'Focalizar transferencias a hogares pobres con niños en edad escolar.')).json();
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/access-requests/${request.id}/dispute`, headers: men1!, payload: { reason: 'Todavía no hay respuesta y queremos decisión.' } })).statusCode, 409, 'not denied, not overdue');
    await app.inject({ method: 'POST', url: `/api/v1/access-requests/${request.id}/deny`, headers: dane1!, payload: { norm_id: 'ley-1712-2014-art-18', reason: 'El ingreso de los hogares está protegido por la intimidad de sus miembros.' } });
    const dispute = await app.inject({ method: 'POST', url: `/api/v1/access-requests/${request.id}/dispute`, headers: men1!, payload: { reason: 'La Ley 1581 art. 13 b) faculta al MEN; la negativa desconoce su función legal.' } });
    assert.equal(dispute.statusCode, 201, dispute.body);
    const disputeId = dispute.json().id;

    // The arbiter sees the whole file, with the norms cited by both sides; others do not.
    const file = (await app.inject({ url: `/api/v1/disputes/${disputeId}`, headers: arbiter! })).json();
    assert.deepEqual(file.norms.map((n: { id: string }) => n.id).sort(), ['ley-1581-2012-art-13b', 'ley-1712-2014-art-18']);
    assert.equal(file.request.purpose, 'Focalizar transferencias a hogares pobres con niños en edad escolar.');
    assert.equal((await app.inject({ url: `/api/v1/disputes/${disputeId}`, headers: ins1! })).statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/disputes/${disputeId}/messages`, headers: arbiter!, payload: { text: 'El MEN debe indicar qué programa usa los datos.' } })).json().status, 'info_requested');
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/disputes/${disputeId}/messages`, headers: men1!, payload: { text: 'El Programa de Alimentación Escolar, por mandato legal.' } })).json().status, 'open');
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/disputes/${disputeId}/ruling`, headers: men1!, payload: { outcome: 'grant', reasoning: 'x'.repeat(40) } })).statusCode, 403, 'only the arbiter rules');
    const arbiterPage = await app.inject({ url: `/disputes/${disputeId}`, headers: { ...arbiter!, accept: 'text/html' } });
    assert.match(arbiterPage.body, /name="outcome"/, 'the arbiter gets the ruling form');
    assert.doesNotMatch((await app.inject({ url: `/disputes/${disputeId}`, headers: { ...men1!, accept: 'text/html' } })).body, /name="outcome"/, 'a party does not');
    const ruling = await app.inject({ method: 'POST', url: `/api/v1/disputes/${disputeId}/ruling`, headers: arbiter!, payload: { outcome: 'grant', fields: ['municipio'], duration_days: 30, reasoning: 'La norma citada faculta a la entidad; se concede solo el municipio por minimización de datos.' } });
    assert.equal(ruling.statusCode, 200, ruling.body);
    assert.match((await app.inject({ url: `/disputes/${disputeId}`, headers: { ...men1!, accept: 'text/html' } })).body, /Se concede/);
    const grant = await t.system.db.selectFrom('grants').selectAll().where('id', '=', ruling.json().ruling.grant_id).executeTakeFirstOrThrow();
    assert.deepEqual(grant.fields, ['municipio']);
    assert.equal((await app.inject({ url: `/api/v1/access-requests/${request.id}`, headers: men1! })).json().status, 'approved', 'the ruling binds');
    const published = (await app.inject('/api/v1/rulings')).json().results;
    assert.equal(published.length, 1);
    assert.equal(published[0].outcome, 'grant');
    assert.equal(published[0].denial_norm, 'ley-1712-2014-art-18');
    assert.ok(!JSON.stringify(published).includes('hogares pobres') && !JSON.stringify(published).includes('@'), 'no purpose, no people');

    // INS asks and DANE stays silent past the 10 business days: overdue on the board, and disputable.
    const silent = (await ask(ins1!, 'Vigilancia epidemiológica de hogares con enfermedades transmisibles.')).json();
    const early = await app.inject({ method: 'POST', url: `/api/v1/access-requests/${silent.id}/dispute`, headers: ins1!, payload: { reason: 'Sin respuesta de la entidad proveedora.' } });
    assert.equal(early.statusCode, 409);
    now = new Date('2026-12-16T15:00:00Z');
    [dane1, men1, ins1, arbiter, office] = await signIn();
    assert.equal((await app.inject({ url: '/api/v1/oversight', headers: dane1! })).statusCode, 403, 'the board is the national data office’s');
    const board = (await app.inject({ url: '/api/v1/oversight', headers: office! })).json();
    const daneRow = board.entities.find((e: { entity: { nit: string } }) => e.entity.nit === dane.nit);
    assert.equal(daneRow.overdue_requests, 1);
    assert.equal(daneRow.accountability_missing, board.accountability_elements);
    // The office follows each finding up from the entity's own list.
    const detail = (await app.inject({ url: `/api/v1/oversight/${dane.nit}`, headers: office! })).json();
    assert.deepEqual(detail.overdue_requests.map((r: { id: string; requester: string }) => [r.id, r.requester]), [[silent.id, 'Instituto Nacional de Salud']]);
    assert.equal(detail.accountability_missing.length, board.accountability_elements);
    assert.equal((await app.inject({ url: `/api/v1/oversight/${dane.nit}`, headers: dane1! })).statusCode, 403);
    const detailPage = await app.inject({ url: `/oversight/${dane.nit}`, headers: { ...office!, accept: 'text/html' } });
    assert.match(detailPage.body, new RegExp(`href="/access-requests/${silent.id}"`));
    assert.match((await app.inject({ url: '/oversight', headers: { ...office!, accept: 'text/html' } })).body, new RegExp(`href="/oversight/${dane.nit}"`));
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/access-requests/${silent.id}/dispute`, headers: ins1!, payload: { reason: 'Vencieron los diez días hábiles sin respuesta.' } })).statusCode, 201);

    // Accountability records close gaps on the board.
    const recorded = await app.inject({ method: 'POST', url: `/api/v1/entities/${dane.nit}/accountability`, headers: dane1!, payload: { section: 'compromiso', element: 'politica', owner: 'Oficina Jurídica', evidence: 'Resolución 123 de 2026, publicada en la sede electrónica.', dated_on: '2026-10-01' } });
    assert.equal(recorded.statusCode, 201, recorded.body);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/entities/${dane.nit}/accountability`, headers: men1!, payload: { section: 'compromiso', element: 'politica', owner: 'x', evidence: 'y'.repeat(20), dated_on: '2026-10-01' } })).statusCode, 403);
    const programme = (await app.inject({ url: `/api/v1/entities/${dane.nit}/accountability`, headers: dane1! })).json();
    assert.ok(!programme.missing.includes('compromiso/politica'));
    assert.equal((await app.inject({ url: '/api/v1/oversight', headers: office! })).json().entities.find((e: { entity: { nit: string } }) => e.entity.nit === dane.nit).accountability_missing, board.accountability_elements - 1);

    // A company (COM) records an agreement; public entities' requests to it work the same way.
    const company = await createEntity(t.system, { nit: '830122566', name: 'Operador Móvil S.A.', sector: 'tic', orden: 'nacional', department_code: '11', municipality_code: '11001', member_class: 'COM' });
    assert.equal(company.id, 'CO/COM/830122566');
    await seedPerson(t.system, { nit: company.nit, id: company.id }, ['steward', 'editor'], 'datos@operador.com.co');
    const com1 = await signInHeaders(app, 'datos@operador.com.co');
    const mobility = await publishCsv(app, com1, company.nit, 'Movilidad agregada por municipio', 'municipio,viajes\n05001,100000\n', 'movilidad.csv', 'restricted');
    const agreement = await app.inject({ method: 'POST', url: `/api/v1/entities/${company.nit}/agreements`, headers: com1, payload: { counterpart: dane.nit, dataset: mobility, purpose: 'Estadísticas oficiales de movilidad para la planeación del transporte.', terms: 'Datos agregados por municipio, sin datos de usuarios; uso estadístico.', starts_on: '2026-12-01', ends_on: '2027-11-30' } });
    assert.equal(agreement.statusCode, 201, agreement.body);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/entities/${dane.nit}/agreements`, headers: dane1!, payload: { counterpart: men.nit, purpose: 'x'.repeat(30), terms: 'y'.repeat(30), starts_on: '2026-12-01', ends_on: '2027-01-01' } })).statusCode, 400, 'agreements are for companies');
    assert.equal((await app.inject('/api/v1/agreements')).json().results[0].company, 'Operador Móvil S.A.');
    const toCompany = await app.inject({ method: 'POST', url: '/api/v1/access-requests', headers: dane1!, payload: { dataset: mobility, purpose: 'Producir estadísticas oficiales de movilidad por municipio.', norm_id: 'ley-1581-2012-art-13b', legal_basis: 'Acuerdo de intercambio vigente con el operador.', fields: [{ name: 'viajes', justification: 'Para el indicador de viajes por municipio.' }], duration_days: 30, commitments: ['finalidad', 'confidencialidad', 'seguridad', 'no_redistribuir', 'eliminar_al_vencer'] } });
    assert.equal(toCompany.statusCode, 201, toCompany.body);

    const ledger = (await t.system.db.selectFrom('ledger_entries').select('type').execute()).map((e) => e.type);
    for (const type of ['access.denied', 'dispute.opened', 'dispute.ruled', 'grant.created', 'accountability.recorded', 'agreement.recorded']) assert.ok(ledger.includes(type), type);
  } finally {
    await app.close();
    await t.close();
  }
});
