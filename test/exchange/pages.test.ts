import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemActor } from '../../src/core/actor.ts';
import { remindDueRequests } from '../../src/exchange/requests.ts';
import { publishCsv } from '../support/datasets.ts';
import { seedEntities, seedPerson, signInHeaders, testApp, testPlatform } from '../support/platform.ts';

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
