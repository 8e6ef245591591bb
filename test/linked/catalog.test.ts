import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Parser, Store } from 'n3';
import jsonld from 'jsonld';
import { createAsset } from '../../src/catalog/assets.ts';
import { validateAllShapes } from '../../src/quality/shacl.ts';
import { catalogShapes } from '../support/shared.ts';
import { publishCsv, publishingApp } from '../support/datasets.ts';
import { seedPerson, signInHeaders } from '../support/platform.ts';

const DCAT = 'http://www.w3.org/ns/dcat#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const HYDRA = 'http://www.w3.org/ns/hydra/core#';

/** Parses a serialization with Oxigraph (an independent parser) and counts its distinct triples. */
async function countQuads(body: string, format: string): Promise<number> {
  const { default: oxigraph } = await import('oxigraph');
  return new Set(oxigraph.parse(body, { format, base_iri: 'http://example.org/' }).map(String)).size;
}

test('the catalog as DCAT-AP 3 passes the official SHACL shapes in every serialization, pages with Hydra, filters, and each dataset URI answers in RDF', async () => {
  const { t, app, editor, nit } = await publishingApp();
  try {
    const asset = await createAsset(t.system, nit, { title: 'Proyecciones de población', description: 'Proyecciones municipales.', language: 'es', medium: 'electronico', formats: ['CSV'], availability: 'publicada', link: 'https://www.dane.gov.co/proyecciones', legal_class: 'publica', personal_data_class: 'ninguno', themes: ['SOCI'], spatial: ['CO'], temporal_start: '2020-01-01', update_frequency: 'anual', contact_email: 'datos@dane.gov.co' });
    const first = await publishCsv(app, editor, nit, 'Población por municipio', 'codigo,municipio,poblacion\n05001,Medellín,2612958\n11001,Bogotá,7968095\n');
    // Tying a dataset to its inventory asset is the steward's decision; describing it, the editor's.
    const [dane] = await t.system.db.selectFrom('entities').select(['id']).where('nit', '=', nit).execute();
    await seedPerson(t.system, { id: dane!.id, nit }, ['steward'], 'responsable@dane.gov.co');
    const steward = await signInHeaders(app, 'responsable@dane.gov.co');
    assert.equal((await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${first}`, headers: steward, payload: { asset_id: asset.id, version: 1 } })).statusCode, 200);
    assert.equal((await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${first}`, headers: editor, payload: { description: 'Población proyectada por municipio.', keywords: ['población'], themes: ['SOCI'], version: 2 } })).statusCode, 200);
    const second = await publishCsv(app, editor, nit, 'Matrícula escolar', 'municipio,matricula\n05001,100\n');
    const third = await publishCsv(app, editor, nit, 'Casos de dengue', 'semana,casos\n1,10\n');
    // DCAT-AP makes a description mandatory (a dataset without one is flagged by its quality report).
    for (const id of [second, third]) await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${id}`, headers: editor, payload: { description: 'Datos de prueba publicados por el DANE.', version: 1 } });
    await publishCsv(app, editor, nit, 'Historias clínicas', 'paciente,diagnostico\n1,J45\n', 'datos.csv', 'restricted');

    const turtle = await app.inject('/catalog.ttl');
    assert.equal(turtle.statusCode, 200);
    assert.match(turtle.headers['content-type'] as string, /text\/turtle/);
    const store = new Store(new Parser().parse(turtle.body));
    const datasets = store.getQuads(null, RDF_TYPE, `${DCAT}Dataset`, null).map((q) => q.subject.value);
    assert.equal(datasets.length, 3, 'the restricted dataset is not in the open catalog');
    const outcome = await validateAllShapes(catalogShapes(), store.getQuads(null, null, null, null));
    assert.deepEqual(outcome.violations, []);

    const rdfXml = await app.inject('/catalog.rdf');
    assert.match(rdfXml.headers['content-type'] as string, /application\/rdf\+xml/);
    assert.equal(await countQuads(rdfXml.body, 'application/rdf+xml'), store.size, 'RDF/XML says the same as Turtle');
    const jsonLd = await app.inject('/catalog.jsonld');
    const quads = await jsonld.toRDF(JSON.parse(jsonLd.body), { format: 'application/n-quads' }) as string;
    assert.equal((quads.match(/<http:\/\/www\.w3\.org\/ns\/dcat#Dataset>/g) ?? []).length, 3);

    const paged = new Store(new Parser().parse((await app.inject('/catalog.ttl?per_page=2')).body));
    assert.equal(paged.getQuads(null, RDF_TYPE, `${DCAT}Dataset`, null).length, 2);
    const next = paged.getQuads(null, `${HYDRA}next`, null, null)[0]!.object.value;
    const rest = new Store(new Parser().parse((await app.inject(new URL(next).pathname + new URL(next).search)).body));
    assert.equal(rest.getQuads(null, RDF_TYPE, `${DCAT}Dataset`, null).length, 1);
    assert.equal(rest.getQuads(null, `${HYDRA}next`, null, null).length, 0);

    const filtered = new Store(new Parser().parse((await app.inject('/catalog.ttl?q=poblacion')).body));
    assert.deepEqual(filtered.getQuads(null, RDF_TYPE, `${DCAT}Dataset`, null).map((q) => q.subject.value), [`${t.config.baseUrl}/dataset/${first}`]);
    const future = new Store(new Parser().parse((await app.inject('/catalog.ttl?modified_since=2999-01-01')).body));
    assert.equal(future.getQuads(null, RDF_TYPE, `${DCAT}Dataset`, null).length, 0);
    assert.equal((await app.inject('/catalog.ttl?modified_since=ayer')).statusCode, 400);

    const uri = `${t.config.baseUrl}/dataset/${first}`;
    const one = await app.inject({ url: `/dataset/${first}`, headers: { accept: 'text/turtle' } });
    assert.match(one.headers['content-type'] as string, /text\/turtle/);
    const graph = new Store(new Parser().parse(one.body));
    assert.equal(graph.getQuads(uri, RDF_TYPE, `${DCAT}Dataset`, null).length, 1);
    assert.ok(graph.getQuads(uri, 'http://purl.org/dc/terms/spatial', null, null).length >= 1, 'coverage from the inventory asset');
    assert.equal(graph.getQuads(null, RDF_TYPE, `${DCAT}DataService`, null).length, 2, 'SODA and REST APIs');
    assert.equal(graph.getQuads(null, RDF_TYPE, 'http://www.w3.org/ns/org#Organization', null).length, 1);
    // The same URI in every serialization, and HTML sent to the page.
    const xml = await app.inject({ url: `/dataset/${first}`, headers: { accept: 'application/rdf+xml' } });
    assert.match(xml.headers['content-type'] as string, /application\/rdf\+xml/);
    assert.equal(await countQuads(xml.body, 'application/rdf+xml'), graph.size);
    const ld = await app.inject({ url: `/dataset/${first}?format=jsonld` });
    assert.equal(await countQuads(ld.body, 'application/ld+json'), graph.size);
    const html = await app.inject({ url: `/dataset/${first}`, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    assert.equal(html.statusCode, 303);
    assert.equal(html.headers.location, `/datasets/${first}`);
    assert.match((await app.inject({ url: `/datasets/${first}`, headers: { accept: 'text/html' } })).headers['content-type'] as string, /text\/html/);
    assert.equal((await app.inject({ url: '/dataset/nope-nope', headers: { accept: 'text/turtle' } })).statusCode, 404);
    // The URIs the description uses dereference: the entity (RDF), the catalog, DIVIPOLA places.
    const entity = new Store(new Parser().parse((await app.inject({ url: `/entities/${nit}`, headers: { accept: 'text/turtle' } })).body));
    assert.equal(entity.getQuads(`${t.config.baseUrl}/entities/${nit}`, RDF_TYPE, 'http://www.w3.org/ns/org#Organization', null).length, 1);
    assert.equal((await app.inject({ url: '/catalog', headers: { accept: 'application/ld+json' } })).headers.location, '/catalog.jsonld');
    assert.equal((await app.inject({ url: '/catalog', headers: { accept: 'text/html' } })).headers.location, '/datasets');
    for (const place of graph.getObjects(uri, 'http://purl.org/dc/terms/spatial', null).filter((p) => p.value.startsWith(t.config.baseUrl))) {
      assert.equal((await app.inject({ url: new URL(place.value).pathname, headers: { accept: 'text/turtle' } })).statusCode, 200, place.value);
    }
  } finally {
    await app.close();
    await t.close();
  }
});
