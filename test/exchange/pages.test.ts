import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemActor } from '../../src/core/actor.ts';
import { remindDueRequests } from '../../src/exchange/requests.ts';
import { publishCsv } from '../support/datasets.ts';
import { seedEntities, seedPerson, signInHeaders, testApp, testPlatform } from '../support/platform.ts';
import { runCli } from '../support/processes.ts';

test('the whole request, with forms only: find what to ask for, ask, be reminded, approve', async () => {
  let now = new Date('2026-11-27T15:00:00Z');
  const t = await testPlatform({ clock: { now: () => new Date(now) } });
  t.platform.queue.start();
  const app = await testApp(t);
  try {
    const { dane, men } = await seedEntities(t.system);
    await seedPerson(t.system, dane, ['steward', 'editor'], 'datos@dane.gov.co');
    await seedPerson(t.system, men, ['steward'], 'datos@men.gov.co');
    const daneSteward = await signInHeaders(app, 'datos@dane.gov.co');
    const dataset = await publishCsv(app, daneSteward, dane.nit, 'Registro de víctimas', 'municipio,edad,hecho\n05001,30,desplazamiento\n', 'victimas.csv', 'restricted');
    const men1 = await signInHeaders(app, 'datos@men.gov.co');
    const hub = await app.inject({ url: '/exchange', headers: { ...men1, accept: 'text/html' } });
    assert.match(hub.body, new RegExp(`/access-requests/new\\?dataset=${dataset}`));
    const requestable = (await app.inject({ url: '/api/v1/requestable', headers: men1 })).json().results;
    assert.deepEqual(requestable[0].fields.map((f: { name: string }) => f.name), ['municipio', 'edad', 'hecho'], 'field names are shown to requesters, never the data');
    const form = await app.inject({ url: `/access-requests/new?dataset=${dataset}`, headers: { ...men1, accept: 'text/html' } });
    assert.match(form.body, /name="justification.edad"/);
    const posted = await app.inject({
      method: 'POST', url: '/access-requests', headers: { ...men1, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([['dataset', dataset], ['purpose', 'Atención educativa a niños víctimas del conflicto armado.'], ['norm_id', 'ley-1581-2012-art-10a'], ['legal_basis', 'El MEN debe garantizar el acceso educativo de niños víctimas.'],
        ['field', 'municipio'], ['justification.municipio', 'Para ubicar la oferta educativa.'], ['field', 'edad'], ['justification.edad', 'Para identificar a los niños en edad escolar.'],
        ['filter_field', 'municipio'], ['filter_values', '05001, 11001'], ['duration_days', '60'],
        ...['finalidad', 'confidencialidad', 'seguridad', 'no_redistribuir', 'eliminar_al_vencer'].map((c) => ['commitment', c])]).toString(),
    });
    assert.equal(posted.statusCode, 303, posted.body);
    const url = posted.headers.location as string;
    const request = (await app.inject({ url: `/api/v1${url}`, headers: men1 })).json();
    assert.deepEqual(request.row_filter, { municipio: ['05001', '11001'] });

    // Three business days before the term the provider is reminded, once.
    now = new Date('2026-12-09T15:00:00Z');
    assert.equal(await remindDueRequests(t.platform.context(systemActor('test'))), 1);
    assert.equal(await remindDueRequests(t.platform.context(systemActor('test'))), 0);
    const daneAgain = await signInHeaders(app, 'datos@dane.gov.co');
    assert.match((await app.inject({ url: '/exchange', headers: { ...daneAgain, accept: 'text/html' } })).body, /En estudio<strong> · vence pronto/, 'the provider sees the reminder');
    const page = await app.inject({ url, headers: { ...daneAgain, accept: 'text/html' } });
    assert.match(page.body, /Aprobar/);
    const approved = await app.inject({ method: 'POST', url: `${url}/approve`, headers: { ...daneAgain, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'field=edad&duration_days=30' });
    assert.equal(approved.statusCode, 303, approved.body);
    assert.match((await app.inject({ url, headers: { ...daneAgain, accept: 'text/html' } })).body, /Aprobada/);
    const tooLong = await app.inject({ method: 'POST', url: `${url}/deny`, headers: { ...daneAgain, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'norm_id=ley-1712-2014-art-18&reason=Demasiado%20tarde%20para%20negar.' });
    assert.equal(tooLong.statusCode, 409, 'a decided request is not decided again');
  } finally {
    await app.close();
    await t.close();
  }
});

const form = (headers: Record<string, string>) => ({ ...headers, 'content-type': 'application/x-www-form-urlencoded' });
const html = (headers: Record<string, string>) => ({ ...headers, accept: 'text/html' });

test('a consumer registers a key made by the CLI, reads with the CLI (signature verified) and loses access when the provider revokes', async () => {
  const t = await testPlatform();
  t.platform.queue.start();
  const app = await testApp(t);
  const dir = await mkdtemp(path.join(tmpdir(), 'infradatos-keys-'));
  try {
    const { dane, men } = await seedEntities(t.system);
    await seedPerson(t.system, dane, ['steward', 'editor'], 'datos@dane.gov.co');
    await seedPerson(t.system, men, ['steward'], 'datos@men.gov.co');
    const daneSteward = await signInHeaders(app, 'datos@dane.gov.co');
    const dataset = await publishCsv(app, daneSteward, dane.nit, 'Registro de víctimas', 'municipio,edad,hecho\n05001,30,desplazamiento\n11001,9,amenaza\n', 'victimas.csv', 'restricted');
    const menSteward = await signInHeaders(app, 'datos@men.gov.co');
    const asked = await app.inject({ method: 'POST', url: '/api/v1/access-requests', headers: menSteward, payload: {
      dataset, purpose: 'Atención educativa a niños víctimas del conflicto armado.', norm_id: 'ley-1581-2012-art-10a', legal_basis: 'El MEN debe garantizar el acceso educativo de niños víctimas.',
      fields: [{ name: 'municipio', justification: 'Para ubicar la oferta educativa.' }, { name: 'edad', justification: 'Para identificar a los niños en edad escolar.' }], duration_days: 30,
      commitments: ['finalidad', 'confidencialidad', 'seguridad', 'no_redistribuir', 'eliminar_al_vencer'] } });
    assert.equal(asked.statusCode, 201, asked.body);
    const requestUrl = `/access-requests/${asked.json().id}`;
    assert.equal((await app.inject({ method: 'POST', url: `${requestUrl}/approve`, headers: form(daneSteward), payload: 'field=municipio&field=edad&duration_days=30' })).statusCode, 303);

    // The key pair comes from the CLI; the private key is the owner's only and is never overwritten.
    const keyFile = path.join(dir, 'pae.pem');
    const keygen = await runCli(['exchange', 'keygen', '--out', keyFile], {});
    assert.equal(keygen.code, 0, keygen.stderr);
    const publicKey = keygen.stdout.trim().split('\n').pop()!;
    assert.equal(Buffer.from(publicKey, 'base64').length, 32);
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    const pem = await readFile(keyFile, 'utf8');
    const again = await runCli(['exchange', 'keygen', '--out', keyFile], {});
    assert.equal(again.code, 2);
    assert.match(again.stderr, /no se sobrescribe/);
    assert.equal(await readFile(keyFile, 'utf8'), pem);
    await writeFile(path.join(dir, 'otra.pem'), 'no es una clave');
    const notKey = await runCli(['exchange', 'get', 'http://127.0.0.1:9/api/v1/exchange/x', '--client', 'CO/GOV/899999001/pae', '--key', path.join(dir, 'otra.pem')], {});
    assert.equal(notKey.code, 2);
    assert.match(notKey.stderr, /otra\.pem no es una clave privada Ed25519/);

    // MEN registers it with the form; a bad key and a repeated subsystem are explained on the page.
    const clients = `/entities/${men.nit}/exchange-clients`;
    const bad = await app.inject({ method: 'POST', url: clients, headers: form(menSteward), payload: new URLSearchParams({ subsystem: 'pae', public_key: 'no-es-una-clave' }).toString() });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Clave inválida/);
    assert.match(bad.body, /value="pae"/, 'what was typed stays in the form');
    assert.equal((await app.inject({ method: 'POST', url: clients, headers: form(daneSteward), payload: new URLSearchParams({ subsystem: 'pae', public_key: publicKey }).toString() })).statusCode, 403, "DANE cannot register MEN's clients");
    assert.equal((await app.inject({ method: 'POST', url: clients, headers: form(menSteward), payload: new URLSearchParams({ subsystem: 'pae', public_key: publicKey }).toString() })).statusCode, 303);
    const repeated = await app.inject({ method: 'POST', url: clients, headers: form(menSteward), payload: new URLSearchParams({ subsystem: 'pae', public_key: publicKey }).toString() });
    assert.equal(repeated.statusCode, 400);
    assert.match(repeated.body, /ya tiene el subsistema/);
    const client = `CO/GOV/${men.nit}/pae`;
    assert.deepEqual((await app.inject({ url: `/api/v1${clients}`, headers: menSteward })).json().results.map((k: { client: string; public_key: string }) => [k.client, k.public_key]), [[client, publicKey]]);

    // The CLI signs the read and verifies the platform's signature; exactly the granted fields come back.
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const read = await runCli(['exchange', 'get', `${base}/api/v1/exchange/${dataset}?limit=10`, '--client', client, '--key', keyFile], {});
    assert.equal(read.code, 0, read.stderr);
    assert.deepEqual(JSON.parse(read.stdout).rows, [{ municipio: '05001', edad: 30 }, { municipio: '11001', edad: 9 }]);
    assert.match(read.stderr, /2 filas · solicitud [0-9a-f]{64} · firma verificada/);
    const consumerView = await app.inject({ url: requestUrl, headers: html(menSteward) });
    assert.match(consumerView.body, /Autorización: vigente/);
    assert.match(consumerView.body, /npx infradatos exchange get/);
    assert.doesNotMatch(consumerView.body, /Revocar la autorización/, 'only the provider revokes');

    // The provider revokes from the request page; the next read is refused, with the reason in Spanish.
    const providerView = await app.inject({ url: requestUrl, headers: html(daneSteward) });
    assert.match(providerView.body, /Lecturas<\/dt><dd>1/);
    const short = await app.inject({ method: 'POST', url: `${requestUrl}/revoke`, headers: form(daneSteward), payload: 'reason=no' });
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /<a href="#f-reason">Diga por qué se revoca \(al menos 10 caracteres\)/);
    assert.match(short.body, /id="f-reason"/, 'the error links to its field');
    assert.equal((await app.inject({ method: 'POST', url: `${requestUrl}/revoke`, headers: form(daneSteward), payload: 'reason=El%20convenio%20de%20uso%20termin%C3%B3%20antes%20de%20lo%20previsto.' })).statusCode, 303);
    assert.match((await app.inject({ url: requestUrl, headers: html(daneSteward) })).body, /revocada/);
    const refused = await runCli(['exchange', 'get', `${base}/api/v1/exchange/${dataset}`, '--client', client, '--key', keyFile], {});
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^403: .*autorización vigente/);

    // MEN retires the credential: its signatures are no longer accepted at all.
    assert.equal((await app.inject({ method: 'POST', url: `${clients}/pae/revoke`, headers: form(menSteward) })).statusCode, 303);
    assert.match((await app.inject({ url: clients, headers: html(menSteward) })).body, /revocado/);
    const retired = await runCli(['exchange', 'get', `${base}/api/v1/exchange/${dataset}`, '--client', client, '--key', keyFile], {});
    assert.equal(retired.code, 1);
    assert.match(retired.stderr, /^401: .*revocado/);
    const types = (await t.system.db.selectFrom('ledger_entries').select('type').execute()).map((e) => e.type);
    for (const type of ['exchange.client_registered', 'exchange.client_revoked', 'grant.revoked', 'exchange.accessed']) assert.ok(types.includes(type), type);
  } finally {
    await app.close();
    await t.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('the national data office keeps the norms catalog; companies record their agreements; both with forms', async () => {
  const t = await testPlatform();
  const app = await testApp(t);
  try {
    const { dane, men } = await seedEntities(t.system);
    await seedPerson(t.system, dane, ['data_office'], 'oficina@dnp.gov.co');
    await seedPerson(t.system, men, ['steward'], 'datos@men.gov.co');
    const office = await signInHeaders(app, 'oficina@dnp.gov.co');
    // The national data office registers the company with the entity form, as a COM member.
    assert.match((await app.inject({ url: '/entities/new', headers: html(office) })).body, /<option value="COM"[^>]*>Empresa con datos de interés público \(COM\)/);
    const registered = await app.inject({ method: 'POST', url: '/entities/new', headers: form(office), payload: new URLSearchParams({ nit: '830122566', name: 'Operador Móvil S.A.', member_class: 'COM', sector: 'tic', orden: 'nacional', department_code: '11', municipality_code: '11001' }).toString() });
    assert.equal(registered.statusCode, 303, registered.body);
    const company = (await app.inject('/api/v1/entities/830122566')).json();
    assert.equal(company.id, 'CO/COM/830122566');
    await seedPerson(t.system, { nit: company.nit, id: company.id }, ['steward'], 'datos@operador.com.co');
    const menSteward = await signInHeaders(app, 'datos@men.gov.co');

    const norm = new URLSearchParams({ id: 'ley-1266-2008-art-5', title: 'Ley 1266 de 2008', article: 'Artículo 5', summary: 'Circulación de información financiera y comercial a las entidades públicas que la requieran en ejercicio de sus funciones.' }).toString();
    assert.equal((await app.inject({ method: 'POST', url: '/norms', headers: form(menSteward), payload: norm })).statusCode, 403, 'only the national data office');
    assert.equal((await app.inject({ method: 'POST', url: '/norms', headers: form(office), payload: norm })).statusCode, 303);
    const twice = await app.inject({ method: 'POST', url: '/norms', headers: form(office), payload: norm });
    assert.equal(twice.statusCode, 400);
    assert.match(twice.body, /Ya existe la norma/);
    const norms = await app.inject({ url: '/norms', headers: { accept: 'text/html' } });
    assert.match(norms.body, /Ley 1266 de 2008, Artículo 5/);
    assert.doesNotMatch(norms.body, /Agregar una norma/, 'the public sees the catalog, not the form');
    assert.ok((await app.inject('/api/v1/norms')).json().results.some((n: { id: string }) => n.id === 'ley-1266-2008-art-5'));
    assert.match((await app.inject({ url: `/access-requests/new?dataset=x`, headers: html(menSteward) })).body, /no se puede solicitar|cannot be requested/);

    const companySteward = await signInHeaders(app, 'datos@operador.com.co');
    assert.doesNotMatch((await app.inject({ url: '/agreements', headers: html(menSteward) })).body, /Registrar un acuerdo/, 'a public entity has no agreement form');
    const formPage = await app.inject({ url: '/agreements', headers: html(companySteward) });
    assert.match(formPage.body, /Registrar un acuerdo de Operador Móvil S.A./);
    assert.match(formPage.body, new RegExp(`<option value="${men.nit}">Ministerio de Educación Nacional</option>`));
    const incomplete = await app.inject({ method: 'POST', url: '/agreements', headers: form(companySteward), payload: new URLSearchParams({ counterpart: men.nit, purpose: 'corta', terms: 'corta', starts_on: '2026-12-01', ends_on: '2026-06-01' }).toString() });
    assert.equal(incomplete.statusCode, 400);
    assert.match(incomplete.body, /al menos 20 caracteres/);
    assert.match(incomplete.body, /el fin después del inicio/);
    assert.equal((await app.inject({ method: 'POST', url: '/agreements', headers: form(menSteward), payload: 'counterpart=x' })).statusCode, 403);
    const recorded = await app.inject({ method: 'POST', url: '/agreements', headers: form(companySteward), payload: new URLSearchParams({ counterpart: men.nit, purpose: 'Conectividad de sedes educativas rurales para priorizar inversiones.', terms: 'Datos agregados por municipio, uso exclusivo para la finalidad, sin redistribución.', starts_on: '2026-12-01', ends_on: '2027-12-01' }).toString() });
    assert.equal(recorded.statusCode, 303, recorded.body);
    const listed = await app.inject({ url: '/agreements', headers: { accept: 'text/html' } });
    assert.match(listed.body, /Operador Móvil S.A. → Ministerio de Educación Nacional/);
    assert.equal((await app.inject('/api/v1/agreements')).json().results[0].counterpart_nit, men.nit);
  } finally {
    await app.close();
    await t.close();
  }
});
