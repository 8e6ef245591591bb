import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import type { TestPlatform } from '../support/platform.ts';
import { publishingApp } from '../support/datasets.ts';
import { sharedFileOrNote } from '../support/shared.ts';

let t: TestPlatform;
let app: FastifyInstance;
let editor: Record<string, string>;
let datasetId: string;

// A Registro-like export as Excel writes it in Colombia: Windows-1252, ";" separated, decimal commas,
// dd/mm/yyyy dates, DIVIPOLA codes with leading zeros, sí/no, a quoted newline.
const MATRICULA = iconv.encode([
  'Código DANE;Municipio;Matrícula;Tasa de cobertura;Fecha de corte;Oficial',
  '05001;Medellín;412.345;93,5;31/12/2024;sí',
  '05002;Abejorral;2.101;88,25;31/12/2024;no',
  '08001;"Barranquilla\n(Distrito)";301.877;95,1;30/06/2024;sí',
  '11001;Bogotá, D.C.;1.102.334;97;30/06/2024;si',
].join('\r\n') + '\r\n', 'win1252');

const upload = (id: string, body: Buffer | string, query: string, headers = editor) =>
  app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads?${query}`, headers: { ...headers, 'content-type': 'text/csv' }, payload: body });

before(async () => {
  ({ t, app, editor } = await publishingApp());
  const created = await app.inject({ method: 'POST', url: '/api/v1/entities/899999027/datasets', headers: editor, payload: { title: 'Matrícula escolar por municipio', description: 'Estudiantes matriculados.', keywords: ['educación', 'matrícula'] } });
  assert.equal(created.statusCode, 201, created.body);
  datasetId = created.json().id;
});

after(async () => {
  await app.close();
  await t.close();
});

test('a dataset gets a Socrata-style id; unpublished it is seen only by its entity', async () => {
  assert.match(datasetId, /^[a-z0-9]{4}-[a-z0-9]{4}$/);
  assert.equal((await app.inject(`/api/v1/datasets/${datasetId}`)).statusCode, 404);
  assert.equal((await app.inject({ url: `/api/v1/datasets/${datasetId}`, headers: editor })).statusCode, 200);
  assert.equal((await app.inject('/api/v1/search?q=matricula')).json().count, 0, 'nor is it found by outsiders');
  const anonymousUpload = await app.inject({ method: 'POST', url: `/api/v1/datasets/${datasetId}/uploads?file_name=a.csv`, headers: { 'content-type': 'text/csv' }, payload: 'a\n1\n' });
  assert.equal(anonymousUpload.statusCode, 404);
});

test('an upload is inspected: encoding, delimiter and a Table Schema with Colombian number and date forms', async () => {
  const response = await upload(datasetId, MATRICULA, 'file_name=matricula.csv&wait=true');
  assert.equal(response.statusCode, 200, response.body);
  const view = response.json();
  assert.equal(view.status, 'ready');
  assert.equal(view.rows, 4);
  assert.equal(view.source.encoding, 'windows-1252');
  assert.equal(view.source.delimiter, ';');
  const fields = Object.fromEntries(view.schema.fields.map((f: { name: string }) => [f.name, f]));
  assert.deepEqual(Object.keys(fields), ['codigo_dane', 'municipio', 'matricula', 'tasa_de_cobertura', 'fecha_de_corte', 'oficial']);
  assert.equal(fields.codigo_dane.type, 'string', 'leading zeros keep a code as text');
  assert.equal(fields.codigo_dane.title, 'Código DANE');
  assert.deepEqual([fields.matricula.type, fields.matricula.groupChar], ['integer', '.'], 'a dot before groups of three digits is a thousands mark');
  assert.deepEqual([fields.tasa_de_cobertura.type, fields.tasa_de_cobertura.decimalChar], ['number', ',']);
  assert.deepEqual([fields.fecha_de_corte.type, fields.fecha_de_corte.format], ['date', '%d/%m/%Y']);
  assert.equal(fields.oficial.type, 'boolean');
  assert.equal(view.progress.percent, 100);
});

test('a wrong correction is explained by row and column and nothing is published; a right one publishes release 1', async () => {
  const inspected = (await upload(datasetId, MATRICULA, 'file_name=matricula.csv&wait=true')).json();
  const schema = structuredClone(inspected.schema);
  schema.fields[1].type = 'integer';
  schema.fields[2].description = 'Estudiantes matriculados en el año';
  const edited = await app.inject({ method: 'PUT', url: `/api/v1/datasets/${datasetId}/uploads/${inspected.id}/schema`, headers: editor, payload: schema });
  assert.equal(edited.statusCode, 200, edited.body);
  const refused = (await app.inject({ method: 'POST', url: `/api/v1/datasets/${datasetId}/uploads/${inspected.id}/publish?wait=true`, headers: editor })).json();
  assert.equal(refused.status, 'ready', 'a schema that does not fit sends the upload back to be corrected');
  assert.deepEqual(refused.error.details.slice(0, 2).map((d: { row: number; column: string }) => [d.row, d.column]), [[2, 'Municipio'], [3, 'Municipio']]);
  assert.match(refused.error.message.es, /No se publicó nada/);
  assert.equal((await app.inject({ url: `/api/v1/datasets/${datasetId}`, headers: editor })).json().current_release, null);

  schema.fields[1].type = 'string';
  await app.inject({ method: 'PUT', url: `/api/v1/datasets/${datasetId}/uploads/${inspected.id}/schema`, headers: editor, payload: schema });
  const published = (await app.inject({ method: 'POST', url: `/api/v1/datasets/${datasetId}/uploads/${inspected.id}/publish?wait=true`, headers: editor })).json();
  assert.equal(published.status, 'published', JSON.stringify(published.error));
  assert.equal(published.release, 1);

  const dataset = (await app.inject(`/api/v1/datasets/${datasetId}`)).json();
  assert.equal(dataset.current_release, 1, 'once published it is public');
  const found = (await app.inject('/api/v1/search?q=matricula cobertura')).json();
  assert.deepEqual(found.results.map((r: { type: string; id: string }) => [r.type, r.id]), [['dataset', datasetId]], 'found by its title and its fields, without accents');
  const release = (await app.inject(`/api/v1/datasets/${datasetId}/releases/1`)).json();
  assert.equal(release.rows, 4);
  assert.equal(release.schema.fields[2].description, 'Estudiantes matriculados en el año');
  assert.match(release.original.sha256, /^[0-9a-f]{64}$/);

  const ledger = (await app.inject(`/api/v1/ledger?subject=dataset:${datasetId}`)).json();
  const event = ledger.entries.find((e: { type: string }) => e.type === 'release.published');
  assert.ok(event, 'the release is in the ledger');
  const payload = JSON.parse(event.data).payload;
  assert.equal(payload.original.sha256, release.original.sha256);
  assert.equal(payload.parquet.sha256, release.parquet.sha256);
});

test('downloads: CSV in UTF-8 with typed values, JSON, XLSX, Parquet with ETag, 304 and byte ranges', async (context) => {
  const csv = await app.inject(`/api/v1/datasets/${datasetId}/releases/1/data.csv`);
  assert.equal(csv.statusCode, 200);
  assert.match(csv.headers['content-type'] as string, /text\/csv/);
  const lines = csv.body.trim().split('\n');
  assert.equal(lines[0], 'codigo_dane,municipio,matricula,tasa_de_cobertura,fecha_de_corte,oficial');
  assert.equal(lines[1], '05001,Medellín,412345,93.5,2024-12-31,true');
  const json = (await app.inject(`/api/v1/datasets/${datasetId}/releases/latest/data.json`)).json();
  assert.deepEqual(json[3], { codigo_dane: '11001', municipio: 'Bogotá, D.C.', matricula: 1102334, tasa_de_cobertura: 97, fecha_de_corte: '2024-06-30', oficial: true });
  assert.equal(json[2].municipio, 'Barranquilla\n(Distrito)');

  const parquet = await app.inject(`/api/v1/datasets/${datasetId}/releases/1/data.parquet`);
  assert.equal(parquet.statusCode, 200);
  assert.equal(parquet.rawPayload.subarray(0, 4).toString(), 'PAR1');
  const etag = parquet.headers.etag as string;
  assert.equal((await app.inject({ url: `/api/v1/datasets/${datasetId}/releases/1/data.parquet`, headers: { 'if-none-match': etag } })).statusCode, 304);
  const tail = await app.inject({ url: `/api/v1/datasets/${datasetId}/releases/1/data.parquet`, headers: { range: 'bytes=-4' } });
  assert.equal(tail.statusCode, 206);
  assert.equal(tail.headers['content-range'], `bytes ${parquet.rawPayload.length - 4}-${parquet.rawPayload.length - 1}/${parquet.rawPayload.length}`);
  assert.equal(tail.rawPayload.toString(), 'PAR1');
  assert.equal((await app.inject({ url: `/api/v1/datasets/${datasetId}/releases/1/data.parquet`, headers: { range: 'bytes=999999-' } })).statusCode, 416);
  const original = await app.inject(`/api/v1/datasets/${datasetId}/releases/1/data.original`);
  assert.deepEqual(original.rawPayload, MATRICULA);
  const xlsx = await app.inject(`/api/v1/datasets/${datasetId}/releases/1/data.xlsx`);
  assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.rawPayload as never);
  const sheet = workbook.getWorksheet('datos')!;
  assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['Código DANE', 'Municipio', 'Matrícula', 'Tasa de cobertura', 'Fecha de corte', 'Oficial']);
  assert.deepEqual((sheet.getRow(5).values as unknown[]).slice(1), ['11001', 'Bogotá, D.C.', 1102334, 97, new Date(Date.UTC(2024, 5, 30)), true]);
  const pkg = (await app.inject(`/api/v1/datasets/${datasetId}/releases/1/datapackage.json`)).json();
  assert.equal(pkg.resources[0].schema.fields.length, 6);
  // The official Data Package v2 profile accepts it (JSON Schema, checked with Ajv).
  const profileFile = sharedFileOrNote(context, 'the Data Package v2 profile', 'conformance', 'frictionless', 'profiles', '2.0', 'datapackage.json');
  if (profileFile) {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(profileFile, 'utf8')));
    assert.ok(validate(pkg), JSON.stringify(validate.errors));
  }
});

test('a malformed file fails with its line numbers and the published release keeps serving; a new file becomes release 2', async () => {
  const ragged = 'Código DANE;Municipio;Matrícula\n05001;Medellín;1\n05002;Abejorral\n05004;Abriaquí;3;extra\n';
  const failed = (await upload(datasetId, ragged, 'file_name=roto.csv&publish=true&wait=true')).json();
  assert.equal(failed.status, 'failed');
  assert.deepEqual(failed.error.details.map((d: { row: number }) => d.row), [3, 4]);
  assert.match(failed.error.details[0].message.es, /2 columnas; el encabezado tiene 3/);
  assert.equal((await app.inject(`/api/v1/datasets/${datasetId}`)).json().current_release, 1);

  const empty = await upload(datasetId, '', 'file_name=vacio.csv');
  assert.equal(empty.statusCode, 400);
  assert.match(empty.json().error.message.es, /vacío/);
  const wrongType = await upload(datasetId, 'x', 'file_name=informe.pdf');
  assert.equal(wrongType.statusCode, 415);

  const next = (await upload(datasetId, 'codigo;valor\n05001;1\n05002;2\n', 'file_name=nuevo.csv&publish=true&wait=true')).json();
  assert.equal(next.status, 'published', JSON.stringify(next.error));
  assert.equal(next.release, 2);
  const releases = (await app.inject(`/api/v1/datasets/${datasetId}/releases`)).json();
  assert.deepEqual(releases.results.map((r: { number: number; rows: number }) => [r.number, r.rows]), [[2, 2], [1, 4]]);
  assert.equal((await app.inject(`/api/v1/datasets/${datasetId}/releases/1/data.csv`)).statusCode, 200, 'old releases stay downloadable');
});
