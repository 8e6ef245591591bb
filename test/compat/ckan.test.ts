import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { toActor } from '../../src/catalog/people.ts';
import { createApiToken } from '../../src/catalog/tokens.ts';
import { publishCsv } from '../support/datasets.ts';
import { seedEntities, seedPerson, testApp, testPlatform, type TestPlatform } from '../support/platform.ts';
import { needsShared } from '../support/shared.ts';

const PORTAL = path.resolve(import.meta.dirname, '../../../shared/data/portal');

let t: TestPlatform;
let app: FastifyInstance;
let daneToken: string;
let menToken: string;
let ids: { poblacion: string; matricula: string; restringido: string };

async function tokenFor(email: string) {
  const row = await t.platform.store.db.selectFrom('people').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  return (await createApiToken(t.as(toActor(row, 'session')), 'ckan')).token;
}

const action = (name: string, params: Record<string, string> = {}) => app.inject({ url: `/api/3/action/${name}?${new URLSearchParams(params)}` });
const post = (name: string, body: unknown, token?: string) => app.inject({ method: 'POST', url: `/api/3/action/${name}`, headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) }, payload: JSON.stringify(body) });

before(async () => {
  t = await testPlatform();
  t.platform.queue.start();
  app = await testApp(t);
  const { dane, men } = await seedEntities(t.system);
  await seedPerson(t.system, dane, ['editor'], 'editor@dane.gov.co');
  await seedPerson(t.system, men, ['editor'], 'editor@men.gov.co');
  daneToken = await tokenFor('editor@dane.gov.co');
  menToken = await tokenFor('editor@men.gov.co');
  const bearer = { authorization: `Bearer ${daneToken}` };
  const menBearer = { authorization: `Bearer ${menToken}` };
  const poblacion = await publishCsv(app, bearer, dane.nit, 'Población por municipio', 'codigo,municipio,poblacion\n05001,Medellín,2612958\n11001,Bogotá,7968095\n76001,Cali,2280522\n');
  await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${poblacion}`, headers: bearer, payload: { description: 'Población proyectada.', keywords: ['población', 'censo'], themes: ['SOCI'], version: 1 } });
  const matricula = await publishCsv(app, menBearer, men.nit, 'Matrícula escolar', 'municipio,nivel,matriculados\n05001,Primaria,100\n05001,Media,80\n11001,Primaria,300\n');
  await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${matricula}`, headers: menBearer, payload: { description: 'Estudiantes matriculados.', keywords: ['educación'], themes: ['EDUC', 'SOCI'], version: 1 } });
  const restringido = await publishCsv(app, bearer, dane.nit, 'Microdatos del censo', 'persona,edad\n1,30\n', 'datos.csv', 'restricted');
  ids = { poblacion, matricula, restringido };
});

after(async () => {
  await app.close();
  await t.close();
});

test('package_show gives every field of the reference CKAN package and resource records, in the CKAN envelope', needsShared('the reference CKAN records', 'data', 'portal', 'ckan-package-legacy.json'), async () => {
  const response = await action('package_show', { id: ids.poblacion });
  assert.equal(response.statusCode, 200);
  const body = response.json();
  assert.deepEqual(Object.keys(body).sort(), ['help', 'result', 'success']);
  assert.equal(body.success, true);
  assert.equal(body.help, `${t.config.baseUrl}/api/3/action/help_show?name=package_show`);
  const pkg = body.result;
  const reference = JSON.parse(readFileSync(path.join(PORTAL, 'ckan-package-legacy.json'), 'utf8'));
  // Fields of CKAN before 2.9 that current CKAN no longer returns either.
  const legacy = new Set(['revision_id', 'revision_timestamp', 'tracking_summary', 'resource_group_id', 'resource_locator_function', 'resource_locator_protocol', 'cache_url', 'cache_last_updated', 'webstore_url', 'webstore_last_updated', 'mimetype_inner']);
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  for (const [key, value] of Object.entries(reference)) {
    if (legacy.has(key)) continue;
    assert.ok(key in pkg, `package field ${key}`);
    if (value !== null && pkg[key] !== null) assert.equal(typeOf(pkg[key]), typeOf(value), `type of ${key}`);
  }
  for (const key of Object.keys(reference.resources[0])) if (!legacy.has(key)) assert.ok(key in pkg.resources[0], `resource field ${key}`);
  for (const key of Object.keys(reference.tags[0])) if (!legacy.has(key)) assert.ok(key in pkg.tags[0], `tag field ${key}`);
  assert.equal(pkg.name, ids.poblacion);
  assert.equal(pkg.organization.name, 'dane');
  assert.equal(pkg.owner_org, '899999027');
  assert.deepEqual(pkg.tags.map((tag: { name: string }) => tag.name), ['población', 'censo']);
  assert.deepEqual(pkg.groups.map((g: { name: string }) => g.name), ['soci']);
  assert.match(pkg.metadata_modified, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
  assert.deepEqual(pkg.resources.map((r: { format: string }) => r.format), ['CSV', 'JSON', 'XLSX', 'PARQUET']);
  const csv = await app.inject(new URL(pkg.resources[0].url).pathname);
  assert.equal(csv.statusCode, 200, 'the resource url downloads');
  assert.equal(pkg.isopen, true);

  const missing = await action('package_show', { id: 'zzzz-9999' });
  assert.equal(missing.statusCode, 404);
  assert.deepEqual(missing.json().error, { __type: 'Not Found Error', message: 'Not found: Dataset not found' });
  assert.equal(missing.json().success, false);
  assert.equal((await action('package_show', { id: ids.restringido })).statusCode, 404, 'a restricted dataset is not shown to the public');
  const unknown = await action('package_frobnicate');
  assert.equal(unknown.statusCode, 400);
  assert.equal(unknown.json(), 'Bad request - Action name not known: package_frobnicate');
});

test('package_search answers q, Solr-style fq and fq_list, facets, sorting and paging like CKAN', async () => {
  const search = async (params: Record<string, string>) => {
    const response = await action('package_search', params);
    assert.equal(response.statusCode, 200, response.body);
    return response.json().result;
  };
  const all = await search({});
  assert.equal(all.count, 2, 'restricted datasets are not listed');
  assert.equal((await search({ q: 'matricula' })).results[0].id, ids.matricula, 'accents folded');
  assert.equal((await search({ fq: 'organization:dane' })).count, 1);
  assert.equal((await search({ fq: 'tags:educación' })).results[0].id, ids.matricula);
  assert.equal((await search({ fq: 'res_format:CSV' })).count, 2);
  assert.equal((await search({ fq: 'groups:soci -organization:men' })).count, 1);
  assert.equal((await search({ fq: 'organization:(dane OR men)' })).count, 2);
  assert.equal((await search({ fq: 'metadata_modified:[2000-01-01T00:00:00Z TO NOW]' })).count, 2);
  assert.equal((await search({ fq: 'metadata_modified:[NOW-1DAY TO *]' })).count, 2);
  assert.equal((await search({ fq: 'metadata_modified:[* TO 2000-01-01T00:00:00Z]' })).count, 0);
  assert.equal((await search({ fq_list: JSON.stringify(['groups:soci', 'tags:censo']) })).count, 1);
  assert.equal((await search({ q: 'tags:censo' })).count, 1, 'field queries in q');
  const sorted = await search({ sort: 'title_string asc', rows: '1', start: '1' });
  assert.equal(sorted.count, 2);
  assert.deepEqual(sorted.results.map((p: { title: string }) => p.title), ['Población por municipio']);
  const faceted = await search({ 'facet.field': JSON.stringify(['organization', 'groups', 'res_format']), 'facet.limit': '1' });
  assert.deepEqual(faceted.facets.groups, { soci: 2 });
  assert.equal(Object.keys(faceted.facets.organization).length, 1, 'facet.limit');
  assert.deepEqual(faceted.search_facets.res_format.items, [{ name: 'CSV', display_name: 'CSV', count: 2 }]);
  const bad = await action('package_search', { fq: 'organization:(dane' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.__type, 'Search Query Error');
  const badSort = await action('package_search', { sort: 'color desc' });
  assert.equal(badSort.statusCode, 400);
  // POST with a JSON body, as ckanapi sends it.
  const posted = await post('package_search', { fq: 'organization:men', rows: 5 });
  assert.equal(posted.json().result.count, 1);
  // The owner's token shows its private datasets when asked.
  const privateToo = await app.inject({ url: '/api/3/action/package_search?include_private=true', headers: { authorization: daneToken } });
  assert.equal(privateToo.json().result.count, 3);
});

test('lists and shows: packages, organizations, groups, tags, resources, status', async () => {
  assert.deepEqual((await action('package_list')).json().result, [ids.matricula, ids.poblacion].sort());
  assert.deepEqual((await action('package_list', { limit: '1', offset: '1' })).json().result, [[ids.matricula, ids.poblacion].sort()[1]]);
  const withResources = (await action('current_package_list_with_resources', { limit: '1' })).json().result;
  assert.equal(withResources.length, 1);
  assert.equal(withResources[0].num_resources, 4);
  assert.deepEqual((await action('organization_list')).json().result, ['dane', 'men']);
  const orgs = (await action('organization_list', { all_fields: 'true', sort: 'package_count desc' })).json().result;
  assert.deepEqual(orgs.map((o: { name: string; package_count: number }) => [o.name, o.package_count]), [['dane', 1], ['men', 1]]);
  const dane = (await action('organization_show', { id: 'dane', include_datasets: 'true' })).json().result;
  assert.equal(dane.title, 'Departamento Administrativo Nacional de Estadística');
  assert.deepEqual(dane.packages.map((p: { id: string }) => p.id), [ids.poblacion]);
  assert.equal((await action('organization_show', { id: '899999027' })).json().result.name, 'dane', 'by NIT too');
  assert.equal((await action('organization_show', { id: 'nadie' })).statusCode, 404);
  const groups = (await action('group_list', { all_fields: 'true' })).json().result;
  assert.equal(groups.find((g: { name: string }) => g.name === 'soci').package_count, 2);
  assert.equal((await action('group_show', { id: 'educ', include_datasets: 'true' })).json().result.packages[0].id, ids.matricula);
  assert.deepEqual((await action('tag_list')).json().result, ['censo', 'educación', 'población']);
  assert.deepEqual((await action('tag_list', { query: 'cen' })).json().result, ['censo']);
  const resource = (await action('resource_show', { id: `${ids.poblacion}-csv` })).json().result;
  assert.equal(resource.package_id, ids.poblacion);
  assert.equal(resource.format, 'CSV');
  assert.equal((await action('resource_show', { id: `${ids.restringido}-csv` })).statusCode, 404);
  const status = (await action('status_show')).json().result;
  assert.equal(status.site_url, t.config.baseUrl);
  assert.ok(status.extensions.includes('datastore'));
  assert.deepEqual((await app.inject('/api/3')).json(), { version: 3 });
});

test('datastore_search reads a release with filters, q, fields, sort, limit and offset', async () => {
  const search = async (params: Record<string, unknown>) => {
    const response = await post('datastore_search', { resource_id: `${ids.matricula}-csv`, ...params });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().result;
  };
  const all = await search({});
  assert.equal(all.total, 3);
  assert.deepEqual(all.fields.map((f: { id: string; type: string }) => [f.id, f.type]), [['_id', 'int'], ['municipio', 'text'], ['nivel', 'text'], ['matriculados', 'int']]);
  assert.deepEqual(all.records[0], { _id: 1, municipio: '05001', nivel: 'Primaria', matriculados: 100 });
  const filtered = await search({ filters: { nivel: 'Primaria' }, sort: 'matriculados desc', fields: ['municipio', 'matriculados'] });
  assert.equal(filtered.total, 2);
  assert.deepEqual(filtered.records, [{ _id: 3, municipio: '11001', matriculados: 300 }, { _id: 1, municipio: '05001', matriculados: 100 }]);
  const paged = await search({ limit: 1, offset: 1, sort: '_id asc' });
  assert.deepEqual(paged.records.map((r: { _id: number }) => r._id), [2]);
  assert.equal(paged._links.next, `/api/3/action/datastore_search?resource_id=${ids.matricula}-csv&offset=2`);
  assert.equal((await search({ q: 'media' })).total, 1, 'full text');
  assert.equal((await search({ q: { nivel: 'prim' } })).total, 2, 'per field');
  assert.deepEqual((await search({ filters: { municipio: ['05001', '11001'] }, records_format: 'lists', fields: 'municipio', sort: '_id' })).records, [[1, '05001'], [2, '05001'], [3, '11001']]);
  // By GET, and a given release.
  const byGet = await action('datastore_search', { resource_id: `${ids.matricula}@1`, limit: '2' });
  assert.equal(byGet.json().result.records.length, 2);
  const badField = await post('datastore_search', { resource_id: `${ids.matricula}-csv`, filters: { color: 'rojo' } });
  assert.equal(badField.statusCode, 409);
  assert.equal(badField.json().error.__type, 'Validation Error');
  assert.ok(badField.json().error.color);
  assert.equal((await post('datastore_search', { resource_id: `${ids.restringido}-csv` })).statusCode, 404, 'restricted releases stay closed');
});

test('write actions need a token and follow the platform authorization: create, patch, update, resources, delete', async () => {
  const created0 = await post('package_create', { name: 'x', title: 'Defunciones', owner_org: 'dane' });
  assert.equal(created0.statusCode, 403);
  assert.equal(created0.json().error.__type, 'Authorization Error');
  const asMen = await post('package_create', { title: 'Defunciones', owner_org: 'dane' }, menToken);
  assert.equal(asMen.statusCode, 403, "another entity's editor cannot write for DANE");
  assert.equal((await app.inject({ url: '/api/3/action/package_create?title=x&owner_org=dane', headers: { authorization: daneToken } })).statusCode, 400, 'writes need POST');

  const invalid = await post('package_create', { title: 'Defunciones', owner_org: 'dane', license_id: 'propietaria' }, daneToken);
  assert.equal(invalid.statusCode, 409);
  assert.equal(invalid.json().error.__type, 'Validation Error');
  assert.ok(invalid.json().error.license_id);

  const created = await post('package_create', { title: 'Defunciones por causa', owner_org: 'dane', notes: 'Estadísticas vitales.', tags: [{ name: 'salud' }], groups: [{ name: 'heal' }], license_id: 'cc-by' }, daneToken);
  assert.equal(created.statusCode, 200, created.body);
  const pkg = created.json().result;
  assert.equal(pkg.license_id, 'CC-BY-4.0');
  assert.equal(pkg.private, true, 'nothing published yet');

  const patched = (await post('package_patch', { id: pkg.id, notes: 'Defunciones no fetales por causa.' }, daneToken)).json().result;
  assert.equal(patched.notes, 'Defunciones no fetales por causa.');
  assert.deepEqual(patched.tags.map((x: { name: string }) => x.name), ['salud'], 'patch keeps what it does not mention');
  const updated = (await post('package_update', { id: pkg.id, title: 'Defunciones no fetales', license_id: 'CC0-1.0' }, daneToken)).json().result;
  assert.deepEqual(updated.tags, [], 'update replaces');
  assert.equal(updated.notes, '');

  const link = await post('resource_create', { package_id: pkg.id, url: 'https://www.dane.gov.co/defunciones.xlsx', name: 'Cuadros', format: 'XLSX' }, daneToken);
  assert.equal(link.statusCode, 200, link.body);
  assert.equal(link.json().result.url, 'https://www.dane.gov.co/defunciones.xlsx');
  const published = (await action('package_show', { id: pkg.id })).json().result;
  assert.equal(published.private, false, 'a link publishes it');
  assert.equal(published.resources.length, 1);

  // A file becomes a release, queryable at once.
  const boundary = '----infradatos';
  const multipart = [`--${boundary}`, 'Content-Disposition: form-data; name="package_id"', '', pkg.id, `--${boundary}`, 'Content-Disposition: form-data; name="upload"; filename="defunciones.csv"', 'Content-Type: text/csv', '', 'causa,casos\nJ18,120\nI21,340\n', `--${boundary}--`, ''].join('\r\n');
  const uploaded = await app.inject({ method: 'POST', url: '/api/3/action/resource_create', headers: { authorization: daneToken, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipart });
  assert.equal(uploaded.statusCode, 200, uploaded.body);
  assert.equal(uploaded.json().result.format, 'CSV');
  const rows = (await post('datastore_search', { resource_id: uploaded.json().result.id })).json().result;
  assert.equal(rows.total, 2);

  assert.equal((await post('package_delete', { id: pkg.id }, menToken)).statusCode, 403);
  const deleted = await post('package_delete', { id: pkg.id }, daneToken);
  assert.equal(deleted.statusCode, 200);
  assert.equal(deleted.json().result, null);
  assert.equal((await action('package_show', { id: pkg.id })).statusCode, 404);
  assert.ok(!(await action('package_list')).json().result.includes(pkg.id));
  assert.equal((await app.inject(`/api/v1/datasets/${pkg.id}`)).statusCode, 404, 'withdrawn everywhere');
});
