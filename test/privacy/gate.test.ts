import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishingApp } from '../support/datasets.ts';
import { seedPerson, signInHeaders } from '../support/platform.ts';
import { entityKey, pseudonym } from '../../src/privacy/pseudonym.ts';

const CSV = [
  'Número de documento,Nombres y apellidos,Municipio,Valor',
  '1020304050,María Fernanda Gómez Ruiz,Medellín,10',
  '79845612,Juan Carlos Pérez Rojas,Bogotá,20',
  '1144056789,Luz Marina Ospina Torres,Cali,30',
  '52123456,Ana Lucía Martínez Díaz,Pasto,40',
].join('\n') + '\n';

test('an open release cannot hold personal data: drop the column, or a steward keeps it with a legal justification that goes to the ledger', async () => {
  const { t, app, editor, nit } = await publishingApp();
  try {
    const [dane] = await t.system.db.selectFrom('entities').select(['id']).where('nit', '=', nit).execute();
    await seedPerson(t.system, { id: dane!.id, nit }, ['steward'], 'responsable@dane.gov.co');
    const steward = await signInHeaders(app, 'responsable@dane.gov.co');
    const created = await app.inject({ method: 'POST', url: `/api/v1/entities/${nit}/datasets`, headers: editor, payload: { title: 'Beneficiarios por municipio' } });
    const id = created.json().id as string;

    // Publishing at once stops at "ready": the scan found a cédula and names, each flagged with masked examples.
    const uploaded = (await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads?file_name=beneficiarios.csv&publish=true&wait=true`, headers: { ...editor, 'content-type': 'text/csv' }, payload: CSV })).json();
    assert.equal(uploaded.status, 'ready');
    assert.equal(uploaded.error.code, 'personal_data');
    const flagged = uploaded.error.details.map((d: { field: string }) => d.field);
    assert.deepEqual(flagged, ['numero_de_documento', 'nombres_y_apellidos']);
    const columns = new Map(uploaded.privacy.columns.map((c: { name: string }) => [c.name, c]));
    assert.equal((columns.get('numero_de_documento') as { findings: { kind: string; examples: string[] }[] }).findings[0]!.kind, 'cedula');
    assert.ok(!JSON.stringify(uploaded.privacy).includes('1020304050'), 'examples are masked');

    // The upload page shows the findings, masked, with a form per column.
    const page = await app.inject({ url: `/datasets/${id}/uploads/${uploaded.id}`, headers: editor });
    assert.match(page.body, /<h2 id="datos-personales">Datos personales<\/h2>/);
    assert.match(page.body, /Cédula de ciudadanía \(100 %\)/);
    assert.ok(!page.body.includes('1020304050') && !page.body.includes('María Fernanda'), 'the page shows masked examples only');
    const refused = await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads/${uploaded.id}/publish`, headers: editor });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().error.details[0].message.es, /«Número de documento» contiene cédula de ciudadanía: .*justificación legal/);

    // An editor may drop the names, not keep the cédula open.
    const privacyUrl = `/api/v1/datasets/${id}/uploads/${uploaded.id}/privacy`;
    assert.equal((await app.inject({ method: 'PUT', url: privacyUrl, headers: editor, payload: { columns: [{ name: 'nombres_y_apellidos', action: 'drop' }] } })).statusCode, 200);
    const justification = 'Ley 1712 de 2014, art. 9: listado público de beneficiarios de subsidios, identificados por documento.';
    assert.equal((await app.inject({ method: 'PUT', url: privacyUrl, headers: editor, payload: { columns: [{ name: 'numero_de_documento', action: 'keep', justification }] } })).statusCode, 403);
    const short = await app.inject({ method: 'PUT', url: privacyUrl, headers: steward, payload: { columns: [{ name: 'numero_de_documento', action: 'keep', justification: 'porque sí' }] } });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().error.details[0].field, 'columns[0].justification');
    assert.equal((await app.inject({ method: 'PUT', url: privacyUrl, headers: steward, payload: { columns: [{ name: 'numero_de_documento', action: 'keep', justification }] } })).statusCode, 200);

    const published = await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads/${uploaded.id}/publish?wait=true`, headers: editor });
    assert.equal(published.json().status, 'published', published.body);
    const release = (await app.inject({ url: `/api/v1/datasets/${id}/releases/1`, headers: editor })).json();
    assert.deepEqual(release.schema.fields.map((f: { name: string }) => f.name), ['numero_de_documento', 'municipio', 'valor']);
    const rows = (await app.inject({ url: `/api/v1/datasets/${id}/releases/1/rows`, headers: editor })).json().rows;
    assert.ok(!JSON.stringify(rows).includes('Gómez'), 'the dropped column is not in the release');
    const ledger = (await app.inject(`/api/v1/ledger?type=privacy.justified&subject=dataset:${id}`)).json();
    const entry = ledger.entries[0];
    assert.ok(entry, JSON.stringify(ledger).slice(0, 500));
    assert.match(JSON.stringify(entry), /Ley 1712 de 2014, art\. 9/);

    // A restricted dataset is shared under a legal basis, not opened: the same file publishes at once.
    const restricted = (await app.inject({ method: 'POST', url: `/api/v1/entities/${nit}/datasets`, headers: editor, payload: { title: 'Beneficiarios (restringido)', access_level: 'restricted' } })).json();
    const direct = (await app.inject({ method: 'POST', url: `/api/v1/datasets/${restricted.id}/uploads?file_name=beneficiarios.csv&publish=true&wait=true`, headers: { ...editor, 'content-type': 'text/csv' }, payload: CSV })).json();
    assert.equal(direct.status, 'published');
  } finally {
    await app.close();
    await t.close();
  }
});

test('the guided anonymization: preview the loss, risk and rows of a k-anonymous upload, then keep it as a new upload', async () => {
  const { t, app, editor, nit } = await publishingApp();
  try {
    const rows = ['Cédula,Edad,Municipio,Sexo,Valor'];
    for (let i = 0; i < 200; i++) rows.push(`${1020304050 + i},${20 + (i * 7) % 50},${['05001', '11001', '76001'][i % 3]},${i % 2 ? 'F' : 'M'},${i}`);
    const created = (await app.inject({ method: 'POST', url: `/api/v1/entities/${nit}/datasets`, headers: editor, payload: { title: 'Encuesta' } })).json();
    const uploaded = (await app.inject({ method: 'POST', url: `/api/v1/datasets/${created.id}/uploads?file_name=encuesta.csv&wait=true`, headers: { ...editor, 'content-type': 'text/csv' }, payload: rows.join('\n') + '\n' })).json();
    assert.equal(uploaded.status, 'ready');
    const page = await app.inject({ url: `/datasets/${created.id}/uploads/${uploaded.id}/anonymize`, headers: editor });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="quasi_identifiers" value="edad" checked/);
    const url = `/api/v1/datasets/${created.id}/uploads/${uploaded.id}/anonymize`;
    const preview = (await app.inject({ method: 'POST', url, headers: editor, payload: { quasi_identifiers: ['edad', 'municipio', 'sexo'], k: 5, suppression: 0 } })).json();
    assert.equal(preview.result.mode, 'optimal');
    assert.equal(preview.result.risk.after.prosecutor.highest <= 0.2, true);
    assert.ok(preview.result.risk.before.prosecutor.highest > preview.result.risk.after.prosecutor.highest);
    assert.deepEqual(preview.result.automaticHierarchies, { Edad: 'number', Municipio: 'divipola', Sexo: 'mask' });
    assert.equal(preview.preview.rows.length, 20);
    // The direct identifier is left out of the anonymized file.
    assert.deepEqual(preview.dropped, ['Cédula']);
    assert.deepEqual(preview.preview.header, ['Edad', 'Municipio', 'Sexo', 'Valor']);
    assert.equal(preview.upload, null);
    const kept = (await app.inject({ method: 'POST', url, headers: editor, payload: { quasi_identifiers: ['edad', 'municipio', 'sexo'], k: 5, suppression: 0, keep: true } })).json();
    const next = await t.system.db.selectFrom('dataset_uploads').selectAll().where('id', '=', kept.upload.id).executeTakeFirstOrThrow();
    assert.equal(next.file_name, 'encuesta-anonimizado.csv');
    const ledger = (await app.inject(`/api/v1/ledger?type=privacy.anonymized&subject=dataset:${created.id}`)).json();
    assert.equal(ledger.entries.length, 1);
  } finally {
    await app.close();
    await t.close();
  }
});

test('a direct identifier can be published as a keyed pseudonym: HMAC with the entity key, stable across rows', async () => {
  const { t, app, editor, nit } = await publishingApp();
  try {
    const csv = 'Cédula,Nombre completo,Valor\n1020304050,María Fernanda Gómez Ruiz,10\n79845612,Juan Carlos Pérez Rojas,20\n1020304050,María Fernanda Gómez Ruiz,30\n52123456,Ana Lucía Martínez Díaz,40\n';
    const created = (await app.inject({ method: 'POST', url: `/api/v1/entities/${nit}/datasets`, headers: editor, payload: { title: 'Pagos' } })).json();
    const uploaded = (await app.inject({ method: 'POST', url: `/api/v1/datasets/${created.id}/uploads?file_name=pagos.csv&wait=true`, headers: { ...editor, 'content-type': 'text/csv' }, payload: csv })).json();
    const decided = await app.inject({ method: 'PUT', url: `/api/v1/datasets/${created.id}/uploads/${uploaded.id}/privacy`, headers: editor, payload: { columns: [{ name: 'cedula', action: 'pseudonymize' }, { name: 'nombre_completo', action: 'drop' }] } });
    assert.equal(decided.statusCode, 200, decided.body);
    const published = (await app.inject({ method: 'POST', url: `/api/v1/datasets/${created.id}/uploads/${uploaded.id}/publish?wait=true`, headers: editor })).json();
    assert.equal(published.status, 'published', JSON.stringify(published.error));
    const release = (await app.inject({ url: `/api/v1/datasets/${created.id}/releases/1`, headers: editor })).json();
    assert.deepEqual(release.schema.fields.map((f: { name: string; type: string }) => [f.name, f.type]), [['cedula', 'string'], ['valor', 'integer']]);
    const rows = (await app.inject({ url: `/api/v1/datasets/${created.id}/releases/1/rows?sort=valor`, headers: editor })).json().rows;
    const entity = await t.system.db.selectFrom('entities').select('id').where('nit', '=', nit).executeTakeFirstOrThrow();
    const key = entityKey(t.config.secret, entity.id);
    assert.deepEqual(rows.map((r: { cedula: string }) => r.cedula), ['1020304050', '79845612', '1020304050', '52123456'].map((v) => pseudonym(key, v)));
    assert.equal(rows[0].cedula, rows[2].cedula);
    assert.match(rows[0].cedula, /^[0-9a-f]{24}$/);
  } finally {
    await app.close();
    await t.close();
  }
});
