import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import type { FastifyInstance } from 'fastify';
import type { TestPlatform } from '../support/platform.ts';
import { publishCsv, publishingApp } from '../support/datasets.ts';

let t: TestPlatform;
let app: FastifyInstance;
let id: string;

// 1,500 contracts: more rows than Socrata's default page, with text, numbers, dates, booleans and codes.
const DEPARTMENTS = [['05', 'Antioquia'], ['08', 'Atlántico'], ['11', 'Bogotá'], ['76', 'Valle del Cauca']];
const rows = Array.from({ length: 1500 }, (_, i) => {
  const [code, name] = DEPARTMENTS[i % 4]!;
  const month = String((i % 12) + 1).padStart(2, '0');
  return [`CO1.PCCNTR.${100000 + i}`, code, name, i % 3 === 0 ? 'Prestación de servicios de salud' : i % 3 === 1 ? 'Obra pública vial' : 'Suministro de papelería', String(1000 * (i + 1)), `${String((i % 28) + 1).padStart(2, '0')}/${month}/2024`, i % 5 === 0 ? 'sí' : 'no'].join(';');
});
const CSV = ['ID Contrato;Código Departamento;Departamento;Objeto;Valor;Fecha de firma;Adición', ...rows].join('\n');

const get = (url: string) => app.inject(url);

before(async () => {
  let editor: Record<string, string>;
  ({ t, app, editor } = await publishingApp());
  id = await publishCsv(app, editor, '899999027', 'Contratos públicos 2024', CSV);
});

after(async () => {
  await app.close();
  await t.close();
});

test('/resource/{id}.json: Socrata field names, numbers as strings, floating timestamps, default page of 1,000', async () => {
  const response = await get(`/resource/${id}.json`);
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json();
  assert.equal(body.length, 1000);
  assert.deepEqual(body[0], { id_contrato: 'CO1.PCCNTR.100000', codigo_departamento: '05', departamento: 'Antioquia', objeto: 'Prestación de servicios de salud', valor: '1000', fecha_de_firma: '2024-01-01T00:00:00.000', adicion: true });
  assert.deepEqual(JSON.parse(response.headers['x-soda2-fields'] as string), ['id_contrato', 'codigo_departamento', 'departamento', 'objeto', 'valor', 'fecha_de_firma', 'adicion']);
  assert.deepEqual(JSON.parse(response.headers['x-soda2-types'] as string), ['text', 'text', 'text', 'text', 'number', 'floating_timestamp', 'checkbox']);
  assert.equal((await get(`/resource/${id}.json?$limit=5000`)).json().length, 1500, 'no silent cap: a larger $limit returns every row');
});

test('$select, $where, $order, $limit and $offset page stably', async () => {
  const where = encodeURIComponent("departamento = 'Atlántico' AND valor > 100000 AND fecha_de_firma >= '2024-06-01'");
  const page = (offset: number) => get(`/resource/${id}.json?$select=id_contrato,valor&$where=${where}&$order=valor DESC&$limit=10&$offset=${offset}`).then((r) => r.json());
  const [first, second] = [await page(0), await page(10)];
  assert.equal(first.length, 10);
  assert.deepEqual(Object.keys(first[0]), ['id_contrato', 'valor']);
  assert.ok(Number(first[9].valor) > Number(second[0].valor));
  const all = (await get(`/resource/${id}.json?$select=valor&$where=${where}&$order=valor DESC&$limit=10000`)).json();
  assert.deepEqual([...first, ...second].map((r) => r.valor), all.slice(0, 20).map((r: { valor: string }) => r.valor));
  assert.ok(all.every((r: { valor: string }) => Number(r.valor) > 100000));
});

test('$group, $having, aggregates and date_trunc_ym, also as one $query', async () => {
  const byDepartment = (await get(`/resource/${id}.json?$select=departamento, count(*) AS contratos, sum(valor)&$group=departamento&$having=count(*) > 370&$order=departamento`)).json();
  assert.deepEqual(byDepartment.map((r: { departamento: string; contratos: string }) => [r.departamento, r.contratos]), [['Antioquia', '375'], ['Atlántico', '375'], ['Bogotá', '375'], ['Valle del Cauca', '375']]);
  assert.ok('sum_valor' in byDepartment[0]);
  const byMonth = (await get(`/resource/${id}.json?$select=date_trunc_ym(fecha_de_firma) AS mes, count(*)&$group=mes&$order=mes&$limit=2`)).json();
  assert.deepEqual(byMonth, [{ mes: '2024-01-01T00:00:00.000', count: '125' }, { mes: '2024-02-01T00:00:00.000', count: '125' }]);
  const query = encodeURIComponent("SELECT upper(departamento) AS d, max(valor) WHERE starts_with(objeto, 'Obra') AND adicion = true GROUP BY d ORDER BY d LIMIT 1");
  assert.deepEqual((await get(`/resource/${id}.json?$query=${query}`)).json(), [{ d: 'ANTIOQUIA', max_valor: '1481000' }]);
  const between = encodeURIComponent("valor between 1000 and 10000 and codigo_departamento in ('05', '11') and departamento not like '%Valle%' and objeto is not null");
  const total = (await get(`/resource/${id}.json?$select=count(*)&$where=${between}`)).json();
  assert.deepEqual(total, [{ count: '5' }]);
});

test('$q searches every text column without accents; column=value filters; CSV and GeoJSON', async () => {
  const found = (await get(`/resource/${id}.json?$q=papeleria atlantico&$limit=3`)).json();
  assert.equal(found.length, 3);
  assert.ok(found.every((r: { objeto: string; departamento: string }) => r.objeto.includes('papelería') && r.departamento === 'Atlántico'));
  assert.equal((await get(`/resource/${id}.json?codigo_departamento=11&$limit=5000`)).json().length, 375);
  const csv = await get(`/resource/${id}.csv?$select=id_contrato,objeto&$limit=2&$$app_token=abc`);
  assert.match(csv.headers['content-type'] as string, /text\/csv/);
  assert.equal(csv.body, 'id_contrato,objeto\nCO1.PCCNTR.100000,Prestación de servicios de salud\nCO1.PCCNTR.100001,Obra pública vial\n');
  const geo = (await get(`/resource/${id}.geojson?$limit=1`)).json();
  assert.equal(geo.type, 'FeatureCollection');
  assert.equal(geo.features[0].properties.departamento, 'Antioquia');
});

test('mistakes come back in Socrata\'s error shape with their position', async () => {
  const noColumn = await get(`/resource/${id}.json?$where=${encodeURIComponent('valor > 5 AND municipio = 1')}`);
  assert.equal(noColumn.statusCode, 400);
  const body = noColumn.json();
  assert.equal(body.code, 'query.soql.no-such-column');
  assert.equal(body.error, true);
  assert.deepEqual(body.data.position, { row: 1, column: 15, line: 'valor > 5 AND municipio = 1' });
  assert.match(body.message_es, /No existe la columna «municipio»/);
  const syntax = (await get(`/resource/${id}.json?$select=${encodeURIComponent('departamento,, valor')}`)).json();
  assert.equal(syntax.code, 'query.soql.unexpected-token');
  assert.equal(syntax.data.position.column, 14);
  assert.equal((await get(`/resource/${id}.json?$where=${encodeURIComponent("valor > 'mucho'")}`)).json().code, 'query.soql.type-mismatch');
  assert.equal((await get(`/resource/${id}.json?$select=nada(valor)`)).json().code, 'query.soql.no-such-function');
  assert.equal((await get(`/resource/${id}.json?$limit=-1`)).statusCode, 400);
  // Values are parameters, never SQL: a quote in a literal is only a character to compare.
  assert.deepEqual((await get(`/resource/${id}.json?$where=${encodeURIComponent("departamento = 'x''; DROP TABLE t; --'")}`)).json(), []);
  assert.equal((await get('/resource/zzzz-zzzz.json')).statusCode, 404);
});

test('/api/views and /api/catalog/v1 describe the dataset as Socrata does', async () => {
  const view = (await get(`/api/views/${id}.json`)).json();
  assert.equal(view.name, 'Contratos públicos 2024');
  assert.deepEqual(view.columns.slice(4).map((c: { fieldName: string; dataTypeName: string; name: string }) => [c.name, c.fieldName, c.dataTypeName]), [['Valor', 'valor', 'number'], ['Fecha de firma', 'fecha_de_firma', 'floating_timestamp'], ['Adición', 'adicion', 'checkbox']]);
  const catalog = (await get('/api/catalog/v1?q=contratos')).json();
  assert.equal(catalog.resultSetSize, 1);
  assert.equal(catalog.results[0].resource.id, id);
  assert.equal((await get('/api/catalog/v1?q=inexistente')).json().resultSetSize, 0);
});

test('soda-js, a real SODA client, queries the dataset over HTTPS', async () => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048, algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }] });
  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => app.routing(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // soda-js always speaks HTTPS and opens its own connections: trust our test certificate for them.
  const request = https.request;
  https.request = ((options: https.RequestOptions, callback?: never) => request({ ...options, ca: pems.cert }, callback)) as typeof https.request;
  try {
    const { Consumer } = (await import('soda-js')).default as { Consumer: new (host: string, options?: object) => any };
    const consumer = new Consumer(`localhost:${(server.address() as AddressInfo).port}`, { apiToken: 'token-de-prueba' });
    const rows = await new Promise<Record<string, string>[]>((resolve, reject) => {
      consumer.query().withDataset(id).select('departamento', 'count(*) AS n').where({ adicion: 'true' }).group('departamento').order('departamento').limit(2)
        .getRows().on('success', resolve).on('error', reject);
    });
    assert.deepEqual(rows, [{ departamento: 'Antioquia', n: '75' }, { departamento: 'Atlántico', n: '75' }]);
  } finally {
    https.request = request;
    await new Promise((resolve) => server.close(resolve));
  }
});
