import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parser, Store } from 'n3';
import { publishCsv } from '../support/datasets.ts';
import { jobsSettled, seedEntities, seedPerson, signInHeaders, testApp, testPlatform } from '../support/platform.ts';

const SKOS = 'http://www.w3.org/2004/02/skos/core#';

test('the national data office publishes versioned standards; datasets declare one and each release is checked; code lists in CSV, JSON and SKOS', async () => {
  const t = await testPlatform();
  t.platform.queue.start();
  const app = await testApp(t);
  try {
    const { dane, men } = await seedEntities(t.system);
    await seedPerson(t.system, dane, ['data_office'], 'oficina@dnp.gov.co');
    await seedPerson(t.system, men, ['editor'], 'editor@men.gov.co');
    const office = await signInHeaders(app, 'oficina@dnp.gov.co');
    const editor = await signInHeaders(app, 'editor@men.gov.co');

    // Built-in code lists, served in every form.
    const list = (await app.inject('/api/v1/standards')).json().results;
    assert.deepEqual(list.map((s: { id: string }) => s.id).sort(), ['ciiu-secciones', 'divipola-departamentos', 'divipola-municipios', 'tipos-documento']);
    const ciiu = await app.inject('/api/v1/standards/ciiu-secciones/1.0?format=csv');
    assert.match(ciiu.headers['content-type'] as string, /text\/csv/);
    assert.equal(ciiu.body.split('\r\n')[1], 'A,"Agricultura, ganadería, caza, silvicultura y pesca"');
    assert.equal((await app.inject('/api/v1/standards/tipos-documento/latest')).json().rows.find((r: { codigo: string }) => r.codigo === 'CC').nombre, 'Cédula de ciudadanía');
    const skos = new Store(new Parser().parse((await app.inject({ url: '/api/v1/standards/divipola-municipios/1.0', headers: { accept: 'text/turtle' } })).body));
    const medellin = `${t.config.baseUrl}/divipola/05001`;
    assert.equal(skos.getObjects(medellin, `${SKOS}prefLabel`, null)[0]!.value, 'Medellín');
    assert.equal(skos.getObjects(medellin, `${SKOS}broader`, null)[0]!.value, `${t.config.baseUrl}/divipola/05`);
    const known = (await app.inject('/api/v1/divipola/status')).json().municipalities;
    assert.ok(known > 100);
    assert.equal(skos.getQuads(null, `${SKOS}inScheme`, null, null).length, known, 'every municipality the platform knows');
    // The DIVIPOLA URIs used for spatial coverage dereference.
    const place = await app.inject({ url: '/divipola/05001', headers: { accept: 'application/ld+json' } });
    assert.ok(JSON.stringify(place.json()).includes('Medellín'));
    assert.equal((await app.inject({ url: '/divipola/05001', headers: { accept: 'text/html' } })).statusCode, 303);
    assert.match((await app.inject({ url: '/vocab/sector/educacion', headers: { accept: 'text/turtle' } })).body, /Educación/);

    // Only the national data office creates and publishes standards; versions never change.
    const schema = {
      fields: [
        { name: 'codigo_municipio', type: 'string', constraints: { required: true } },
        { name: 'nivel', type: 'string', constraints: { enum: ['Primaria', 'Media'] } },
        { name: 'matriculados', type: 'integer', constraints: { minimum: 0 } },
      ],
      foreignKeys: [{ fields: ['codigo_municipio'], reference: { resource: 'divipola-municipios', fields: ['codigo'] } }],
    };
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/standards', headers: editor, payload: { id: 'matricula-municipal', kind: 'schema', title: 'Matrícula por municipio' } })).statusCode, 403);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/standards', headers: office, payload: { id: 'matricula-municipal', kind: 'schema', title: 'Matrícula por municipio', description: 'Estudiantes matriculados por municipio y nivel.' } })).statusCode, 201);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/standards/matricula-municipal/versions', headers: office, payload: { version: '1.0', schema: { fields: [{ name: 'Código', type: 'texto' }] } } });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().error.details.some((d: { field: string }) => d.field === 'fields[0].name'));
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/standards/matricula-municipal/versions', headers: office, payload: { version: '1.0', schema } })).statusCode, 201);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/standards/matricula-municipal/versions', headers: office, payload: { version: '1.0', schema } })).statusCode, 409, 'a published version is never replaced');
    assert.deepEqual((await app.inject('/api/v1/standards/matricula-municipal/1.0')).json().fields.map((f: { name: string }) => f.name), ['codigo_municipio', 'nivel', 'matriculados']);

    // Two datasets declare it: one conforms, one does not (unknown municipality, level outside the list).
    const good = await publishCsv(app, editor, men.nit, 'Matrícula 2024', 'codigo_municipio,nivel,matriculados\n05001,Primaria,100\n11001,Media,80\n');
    const poor = await publishCsv(app, editor, men.nit, 'Matrícula 2023', 'codigo_municipio,nivel,matriculados\n02999,Primaria,100\n11001,Doctorado,80\n');
    assert.equal((await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${good}`, headers: editor, payload: { conforms_to: 'matricula-municipal@9.9', version: 1 } })).statusCode, 400, 'only published versions');
    for (const id of [good, poor]) {
      const patched = await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${id}`, headers: editor, payload: { conforms_to: 'matricula-municipal@1.0', description: 'Matrícula.', version: 1 } });
      assert.equal(patched.statusCode, 200, patched.body);
    }
    await jobsSettled(t);
    const declared = (await app.inject('/api/v1/standards/matricula-municipal')).json().datasets;
    assert.deepEqual(declared.map((d: { title: string; status: string }) => [d.title, d.status]).sort(), [['Matrícula 2023', 'fails'], ['Matrícula 2024', 'conforms']]);
    const report = (await app.inject(`/api/v1/datasets/${poor}/quality`)).json().report;
    assert.equal(report.conformance.valid, false);
    assert.deepEqual(report.conformance.errors.map((e: { row: number; type: string }) => [e.row, e.type]).sort(), [[2, 'foreign-key'], [3, 'constraint-error']]);
    const dcat = new Store(new Parser().parse((await app.inject({ url: `/dataset/${good}`, headers: { accept: 'text/turtle' } })).body));
    assert.equal(dcat.getObjects(`${t.config.baseUrl}/dataset/${good}`, 'http://purl.org/dc/terms/conformsTo', null)[0]!.value, `${t.config.baseUrl}/standards/matricula-municipal/1.0`);

    // The page per standard shows who conforms; a code list version by form.
    const page = await app.inject({ url: '/standards/matricula-municipal', headers: { accept: 'text/html' } });
    assert.match(page.body, /Matrícula 2023[\s\S]*No cumple/);
    assert.match(page.body, /Matrícula 2024[\s\S]*Cumple/);
    const created = await app.inject({ method: 'POST', url: '/api/v1/standards', headers: office, payload: { id: 'sexo-registral', kind: 'codelist', title: 'Sexo registral' } });
    assert.equal(created.statusCode, 201);
    const published = await app.inject({ method: 'POST', url: '/api/v1/standards/sexo-registral/versions', headers: office, payload: { version: '1', rows: [{ codigo: 'H', nombre: 'Hombre' }, { codigo: 'M', nombre: 'Mujer' }, { codigo: 'I', nombre: 'Indeterminado' }] } });
    assert.equal(published.statusCode, 201, published.body);
    const duplicate = await app.inject({ method: 'POST', url: '/api/v1/standards/sexo-registral/versions', headers: office, payload: { version: '2', rows: [{ codigo: 'H', nombre: 'Hombre' }, { codigo: 'H', nombre: 'Otro' }] } });
    assert.equal(duplicate.statusCode, 400);
    assert.match(duplicate.json().error.details[0].message.es, /se repite/);
  } finally {
    await app.close();
    await t.close();
  }
});
