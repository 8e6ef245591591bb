import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiToken } from '../../src/catalog/tokens.ts';
import { signIn } from '../../src/catalog/sessions.ts';
import { createEntity } from '../../src/catalog/entities.ts';
import { publishingApp } from '../support/datasets.ts';
import { jobsSettled, seedPerson, signInHeaders, testApp, testPlatform, TEST_PASSWORD } from '../support/platform.ts';

/** Children's records, as the ICBF's demo dataset: a document number and names in every row. */
const CHILDREN = [
  'Número de documento,Nombres y apellidos,Municipio,Edad',
  '1020304050,María Fernanda Gómez Ruiz,Medellín,7',
  '1030405060,Juan Carlos Pérez Rojas,Bogotá,9',
  '1040506070,Luz Marina Ospina Torres,Cali,11',
].join('\n') + '\n';

test('opening a dataset is a steward’s decision on every path, and the gate is checked on the release as it will be served', async () => {
  const { t, app, editor, nit } = await publishingApp();
  try {
    const [dane] = await t.system.db.selectFrom('entities').select(['id']).where('nit', '=', nit).execute();
    await seedPerson(t.system, { id: dane!.id, nit }, ['steward'], 'responsable@dane.gov.co');
    const steward = await signInHeaders(app, 'responsable@dane.gov.co');
    const created = await app.inject({ method: 'POST', url: `/api/v1/entities/${nit}/datasets`, headers: editor, payload: { title: 'Niños atendidos', access_level: 'restricted' } });
    const id = created.json().id as string;
    // Restricted, the release publishes at once: it is shared under a legal basis, not opened.
    const uploaded = (await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads?file_name=ninos.csv&publish=true&wait=true`, headers: { ...editor, 'content-type': 'text/csv' }, payload: CHILDREN })).json();
    assert.equal(uploaded.status, 'published');
    // The public ledger records the restricted release by its hashes: no file name, size or row count.
    const entry = (await app.inject(`/api/v1/ledger?type=release.published&subject=dataset:${id}`)).json().entries[0];
    const payload = JSON.parse(entry.data).payload;
    assert.equal(payload.access_level, 'restricted');
    assert.ok(!JSON.stringify(entry).includes('ninos.csv') && payload.rows === undefined && payload.original.size === undefined, entry.data);
    assert.match(payload.facts_sha256, /^[0-9a-f]{64}$/);
    // Restricted data is never kept by a shared cache or on the reader's disk.
    for (const url of [`/api/v1/datasets/${id}/releases/1/data.csv`, `/api/v1/datasets/${id}/releases/1/data.parquet`, `/resource/${id}.json`]) {
      const response = await app.inject({ url, headers: editor });
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.headers['cache-control'], 'private, no-store', url);
    }

    // The review's first path: an editor opens it with one PATCH. Refused, as through CKAN.
    const byEditor = await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${id}`, headers: editor, payload: { access_level: 'public', version: 2 } });
    assert.equal(byEditor.statusCode, 403, byEditor.body);
    assert.match(byEditor.json().error.message.es, /responsable de datos/);
    const { token } = await createApiToken(t.as((await signIn(t.platform.store.db, 'editor@dane.gov.co', TEST_PASSWORD, new Date())).actor), 'ckan');
    const ckan = await app.inject({ method: 'POST', url: '/api/3/action/package_patch', headers: { authorization: token, 'content-type': 'application/json' }, payload: JSON.stringify({ id, private: false }) });
    assert.equal(ckan.statusCode, 403, ckan.body);

    // The second: restricted → published → opened. The steward may open datasets, but not this release.
    const version = (await app.inject({ url: `/api/v1/datasets/${id}`, headers: steward })).json().version;
    const opened = await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${id}`, headers: steward, payload: { access_level: 'public', version } });
    assert.equal(opened.statusCode, 409, opened.body);
    assert.deepEqual(opened.json().error.details.map((d: { field: string }) => d.field), ['numero_de_documento', 'nombres_y_apellidos']);
    assert.equal((await app.inject(`/api/v1/datasets/${id}`)).statusCode, 404, 'still not visible to the public');

    // A release without the personal columns can be opened.
    const clean = (await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads?file_name=agregado.csv&publish=true&wait=true`, headers: { ...editor, 'content-type': 'text/csv' }, payload: 'Municipio,Atenciones\nMedellín,120\nCali,80\n' })).json();
    assert.equal(clean.status, 'published');
    const now = (await app.inject({ url: `/api/v1/datasets/${id}`, headers: steward })).json().version;
    const reopened = await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${id}`, headers: steward, payload: { access_level: 'public', version: now } });
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.match(String((await app.inject(`/api/v1/datasets/${id}/releases/2/data.csv`)).headers['cache-control']), /^public/, 'open data may be cached');
  } finally {
    await app.close();
    await t.close();
  }
});

test('a publication queued while restricted is held by the gate if the dataset was opened meanwhile', async () => {
  const t = await testPlatform();
  const app = await testApp(t);
  try {
    const entity = await createEntity(t.system, { nit: '899999027', name: 'DANE', sector: 'estadistica', orden: 'nacional', department_code: '11', municipality_code: '11001' });
    await seedPerson(t.system, entity, ['editor', 'steward'], 'responsable@dane.gov.co');
    const steward = await signInHeaders(app, 'responsable@dane.gov.co');
    const id = (await app.inject({ method: 'POST', url: `/api/v1/entities/${entity.nit}/datasets`, headers: steward, payload: { title: 'Niños atendidos', access_level: 'restricted' } })).json().id as string;
    t.platform.queue.start();
    const upload = (await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads?file_name=ninos.csv&wait=true`, headers: { ...steward, 'content-type': 'text/csv' }, payload: CHILDREN })).json();
    assert.equal(upload.status, 'ready');
    // The worker stops: the publication, asked while restricted, waits in the queue while the dataset is opened.
    await t.platform.queue.stop();
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads/${upload.id}/publish`, headers: steward })).statusCode, 202);
    assert.equal((await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${id}`, headers: steward, payload: { access_level: 'public', version: 1 } })).statusCode, 200, 'nothing published yet: nothing to hold');
    t.platform.queue.start();
    await jobsSettled(t);
    const after = (await app.inject({ url: `/api/v1/datasets/${id}/uploads/${upload.id}`, headers: steward })).json();
    assert.equal(after.status, 'ready');
    assert.equal(after.error.code, 'personal_data');
    assert.equal((await app.inject({ url: `/api/v1/datasets/${id}`, headers: steward })).json().current_release, null, 'nothing was published');
  } finally {
    await app.close();
    await t.close();
  }
});

test('an entity administrator never changes the data office’s, the arbiter’s or another administrator’s account; a reset ends sessions and tokens', async () => {
  const t = await testPlatform();
  const app = await testApp(t);
  try {
    const dnp = await createEntity(t.system, { nit: '899999011', name: 'Departamento Nacional de Planeación', sector: 'planeacion', orden: 'nacional', department_code: '11', municipality_code: '11001' });
    const presidencia = await createEntity(t.system, { nit: '899999083', name: 'Departamento Administrativo de la Presidencia de la República', sector: 'presidencia', orden: 'nacional', department_code: '11', municipality_code: '11001' }).catch(async () =>
      createEntity(t.system, { nit: '899999083', name: 'Departamento Administrativo de la Presidencia de la República', sector: 'planeacion', orden: 'nacional', department_code: '11', municipality_code: '11001' }));
    const office = await seedPerson(t.system, dnp, ['data_office'], 'oficina.datos@dnp.gov.co');
    await seedPerson(t.system, dnp, ['entity_admin'], 'admin@dnp.gov.co');
    const editor = await seedPerson(t.system, dnp, ['editor'], 'editor@dnp.gov.co');
    const arbiter = await seedPerson(t.system, presidencia, ['arbiter'], 'arbitro@presidencia.gov.co');
    await seedPerson(t.system, presidencia, ['entity_admin'], 'admin@presidencia.gov.co');
    const dnpAdmin = await signInHeaders(app, 'admin@dnp.gov.co');
    const presidenciaAdmin = await signInHeaders(app, 'admin@presidencia.gov.co');

    const reset = (headers: Record<string, string>, person: string) => app.inject({ method: 'PATCH', url: `/api/v1/people/${person}`, headers, payload: { password: 'contraseña-del-atacante' } });
    assert.equal((await reset(dnpAdmin, office.id)).statusCode, 403, "DNP's administrator cannot reset the data office");
    assert.equal((await reset(presidenciaAdmin, arbiter.id)).statusCode, 403, "Presidencia's administrator cannot reset the arbiter");
    assert.equal((await app.inject({ method: 'PATCH', url: `/api/v1/people/${office.id}`, headers: dnpAdmin, payload: { disabled: true } })).statusCode, 403);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'oficina.datos@dnp.gov.co', password: 'contraseña-del-atacante' } })).statusCode, 401);

    // A reset of an editor's password ends the editor's sessions and revokes its API tokens.
    const session = await signInHeaders(app, 'editor@dnp.gov.co');
    const { token } = await createApiToken(t.as((await signIn(t.platform.store.db, 'editor@dnp.gov.co', TEST_PASSWORD, new Date())).actor), 'script');
    assert.equal((await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).json().authenticated, true);
    assert.equal((await reset(dnpAdmin, editor.id)).statusCode, 200);
    assert.equal((await app.inject({ url: '/api/v1/me', headers: session })).json().authenticated, false, 'the session ended');
    assert.equal((await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401, 'the token was revoked');
  } finally {
    await app.close();
    await t.close();
  }
});
