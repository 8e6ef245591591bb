import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { XLSX_LIMITS } from '../../src/publish/xlsx.ts';
import { seedEntities, seedPerson, signInHeaders, testApp, testPlatform, type TestPlatform } from '../support/platform.ts';
import { publishingApp } from '../support/datasets.ts';

let t: TestPlatform;
let app: FastifyInstance;
let editor: Record<string, string>;

async function newDataset(title: string): Promise<string> {
  return (await app.inject({ method: 'POST', url: '/api/v1/entities/899999027/datasets', headers: editor, payload: { title } })).json().id;
}

async function upload(id: string, fileName: string, body: Buffer | string, extra = '') {
  const response = await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads?file_name=${encodeURIComponent(fileName)}&publish=true&wait=true${extra}`, headers: { ...editor, 'content-type': 'application/octet-stream' }, payload: body });
  return response.json();
}

const rows = async (id: string) => (await app.inject(`/api/v1/datasets/${id}/releases/latest/data.json`)).json();

before(async () => {
  ({ t, app, editor } = await publishingApp());
});

after(async () => {
  await app.close();
  await t.close();
});

test('XLSX: the chosen sheet, dates and formulas as values, codes kept as text', async () => {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Portada').addRow(['Ejecución presupuestal 2024']);
  const sheet = workbook.addWorksheet('Datos');
  sheet.addRow(['Código', 'Fecha de corte', 'Apropiación', 'Comprometido', 'Porcentaje']);
  sheet.addRow(['05001', new Date(Date.UTC(2024, 0, 31)), 1500.5, 750.25, { formula: 'D2/C2', result: 0.5 }]);
  sheet.addRow(['05002', new Date(Date.UTC(2024, 1, 29)), 200, 50, { formula: 'D3/C3', result: 0.25 }]);
  const file = Buffer.from(await workbook.xlsx.writeBuffer());
  const id = await newDataset('Presupuesto');
  const first = await upload(id, 'presupuesto.xlsx', file);
  assert.equal(first.source.sheet, 'Datos', 'a cover page with a title only is not data');
  const published = await upload(id, 'presupuesto.xlsx', file, '&sheet=datos');
  assert.equal(published.status, 'published', JSON.stringify(published.error));
  assert.equal(published.source.sheet, 'Datos');
  assert.deepEqual(published.schema.fields.map((f: { type: string }) => f.type), ['string', 'date', 'number', 'number', 'number']);
  assert.deepEqual((await rows(id))[1], { codigo: '05002', fecha_de_corte: '2024-02-29', apropiacion: 200, comprometido: 50, porcentaje: 0.25 });
  const missing = await upload(id, 'presupuesto.xlsx', file, '&sheet=Resumen');
  assert.match(missing.error.message.es, /no tiene una hoja «Resumen» con datos\. Hojas: Portada, Datos/);
});

test('an XLSX that expands out of proportion is refused as a zip bomb', async () => {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Datos').addRow(['a'.repeat(5_000_000)]);
  const bomb = Buffer.from(await workbook.xlsx.writeBuffer());
  assert.ok(bomb.length < 100_000);
  const floor = XLSX_LIMITS.floorBytes;
  XLSX_LIMITS.floorBytes = 1024 * 1024;
  try {
    const result = await upload(await newDataset('Bomba'), 'bomba.xlsx', bomb);
    assert.equal(result.status, 'failed');
    assert.match(result.error.message.es, /bomba zip/);
  } finally {
    XLSX_LIMITS.floorBytes = floor;
  }
});

test('JSON, NDJSON, GeoJSON and Parquet are published with their own types', async () => {
  const json = await newDataset('JSON');
  assert.equal((await upload(json, 'datos.json', JSON.stringify([{ codigo: '05001', total: 3, activo: true, detalle: { a: 1 } }, { codigo: '05002', total: 4.5, activo: false, detalle: null }]))).status, 'published');
  assert.deepEqual(await rows(json), [{ codigo: '05001', total: 3, activo: true, detalle: '{"a":1}' }, { codigo: '05002', total: 4.5, activo: false, detalle: null }]);

  const ndjson = await newDataset('NDJSON');
  assert.equal((await upload(ndjson, 'datos.ndjson', '{"fecha":"2024-03-01","n":1}\n{"fecha":"2024-03-02","n":2}\n')).status, 'published');
  assert.deepEqual(await rows(ndjson), [{ fecha: '2024-03-01', n: 1 }, { fecha: '2024-03-02', n: 2 }]);

  const geo = await newDataset('GeoJSON');
  const collection = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [-75.56, 6.25] }, properties: { codigo: '05001', nombre: 'Medellín' } }] };
  const published = await upload(geo, 'municipios.geojson', JSON.stringify(collection));
  assert.equal(published.status, 'published', JSON.stringify(published.error));
  assert.equal(published.schema.fields[0].type, 'geojson');
  const features = (await app.inject(`/resource/${geo}.geojson`)).json();
  assert.deepEqual(features.features[0], { type: 'Feature', geometry: { type: 'Point', coordinates: [-75.56, 6.25] }, properties: { codigo: '05001', nombre: 'Medellín' } });
  const inBox = (await app.inject(`/resource/${geo}.json?$where=within_box(geometry, 7, -76, 6, -75)`)).json();
  assert.equal(inBox.length, 1);
  assert.equal((await app.inject(`/resource/${geo}.json?$where=within_box(geometry, 5, -76, 4, -75)`)).json().length, 0);

  const parquet = await newDataset('Parquet');
  const source = await app.inject(`/api/v1/datasets/${json}/releases/1/data.parquet`);
  assert.equal((await upload(parquet, 'copia.parquet', source.rawPayload)).status, 'published');
  assert.deepEqual((await rows(parquet)).map((r: { codigo: string }) => r.codigo), ['05001', '05002']);
});

test('bad input: 50,000 columns, an unclosed quote, an unreadable JSON, a binary file; nothing is published', async () => {
  const id = await newDataset('Malos');
  const wide = await upload(id, 'ancho.csv', Array.from({ length: 50_000 }, (_, i) => `c${i}`).join(',') + '\n' + '1,'.repeat(49_999) + '1\n');
  assert.equal(wide.status, 'failed');
  assert.match(wide.error.message.es, /tiene 50\.000 columnas; el máximo es 2\.000/);
  const long = await upload(id, 'largo.csv', 'a,b\n1,x\n2,' + 'y'.repeat(3_000_000) + '\n3,z\n');
  assert.equal(long.status, 'failed');
  assert.equal(long.error.details[0].row, 3);
  assert.match(long.error.details[0].message.es, /La fila mide 2,9 MB; el máximo es 2 MB/);
  const quote = await upload(id, 'comillas.csv', 'a,b\n1,x\n2,"sin cerrar\n3,z\n');
  assert.equal(quote.status, 'failed');
  assert.deepEqual([quote.error.details[0].row, quote.error.details[0].message.es], [3, 'Unas comillas se abren en esta fila y no se cierran.']);
  const broken = await upload(id, 'roto.json', '[{"a": 1}, {"a": ');
  assert.equal(broken.status, 'failed');
  assert.match(broken.error.message.es, /No se pudo leer «roto.json» como JSON/);
  const binary = await upload(id, 'datos.csv', Buffer.from([0x00, 0x01, 0x02, 0x03, 0x00]));
  assert.equal(binary.status, 'failed');
  assert.match(binary.error.message.es, /no es un archivo CSV, JSON, XLSX ni Parquet/);
  assert.equal((await app.inject({ url: `/api/v1/datasets/${id}`, headers: editor })).json().current_release, null);
});

test('a file larger than the free disk is refused before it is read; a file over the limit too', async () => {
  const id = await newDataset('Enorme');
  const free = (await t.platform.blobs.freeBytes())!;
  assert.ok(free > 0);
  // The size a client announces is checked against the limit and the real free space before any byte is stored.
  const huge = await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads?file_name=enorme.csv`, headers: { ...editor, 'content-type': 'text/csv', 'content-length': String(free) }, payload: 'a,b\n1,2\n' });
  assert.equal(huge.statusCode, 413);
  assert.match(huge.json().error.message.es, /el máximo es|MB libres: no cabe/);
  const t2 = await testPlatform({ env: { MAX_DATASET_MB: String(Math.ceil((free * 4) / 1048576)) } });
  try {
    t2.platform.queue.start();
    const app2 = await testApp(t2);
    const { dane } = await seedEntities(t2.system);
    await seedPerson(t2.system, dane, ['editor'], 'editor@dane.gov.co');
    const headers = await signInHeaders(app2, 'editor@dane.gov.co');
    const dataset = (await app2.inject({ method: 'POST', url: '/api/v1/entities/899999027/datasets', headers, payload: { title: 'Enorme' } })).json().id;
    const tooBig = await app2.inject({ method: 'POST', url: `/api/v1/datasets/${dataset}/uploads?file_name=enorme.csv`, headers: { ...headers, 'content-type': 'text/csv', 'content-length': String(free) }, payload: 'a,b\n1,2\n' });
    assert.equal(tooBig.statusCode, 413);
    assert.match(tooBig.json().error.message.es, /MB libres: no cabe con su conversión. No se guardó nada/);
    assert.equal((await t2.platform.store.db.selectFrom('dataset_uploads').select('id').execute()).length, 0);
    await app2.close();
  } finally {
    await t2.close();
  }
});
