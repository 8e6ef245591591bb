import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { Parser, Store } from 'n3';
import { Readable } from 'node:stream';
import { createAsset } from '../../src/catalog/assets.ts';
import { createDataset, startUpload } from '../../src/publish/datasets.ts';
import { requestQualityReport } from '../../src/quality/job-kinds.ts';
import { datasetQuality } from '../../src/quality/service.ts';
import { seedEntities, seedPerson, signInHeaders, testApp, testPlatform } from '../support/platform.ts';
import { sharedFileOrNote } from '../support/shared.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Municipality codes: three real ones, one that does not exist (02999, in no department); one row repeated; one empty value.
const CSV = [
  'Código municipio,Nombre,Valor',
  '05001,Medellín,10',
  '11001,Bogotá,20',
  '76001,Cali,',
  '02999,Inventado,40',
  '11001,Bogotá,20',
].join('\n') + '\n';

test('a release gets one quality report: MQA with reachable links and DCAT-AP, content errors with foreign keys to DIVIPOLA, criteria, seal, DQV and history', async (context) => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t = await testPlatform({ env: { BASE_URL: base } });
  const app = await testApp(t);
  try {
    await app.listen({ port, host: '127.0.0.1' });
    t.platform.queue.start();
    const { dane } = await seedEntities(t.system);
    await seedPerson(t.system, dane, ['editor', 'steward'], 'editor@dane.gov.co');
    const editor = await signInHeaders(app, 'editor@dane.gov.co');
    const asset = await createAsset(t.system, dane.nit, {
      title: 'Indicadores municipales', description: 'Indicadores por municipio.', language: 'es', medium: 'electronico', formats: ['CSV'], availability: 'publicada',
      link: `${base}/datasets`, legal_class: 'publica', personal_data_class: 'ninguno', themes: ['REGI'], keywords: 'municipios',
      spatial: ['CO'], temporal_start: '2024-01-01', temporal_end: '2024-12-31', update_frequency: 'mensual', contact_name: 'Mesa de datos', contact_email: 'datos@dane.gov.co',
    });
    const created = await app.inject({ method: 'POST', url: `/api/v1/entities/${dane.nit}/datasets`, headers: editor, payload: { title: 'Indicadores por municipio', description: 'Valores de un indicador para cada municipio de Colombia, identificado por su código DIVIPOLA de cinco dígitos, publicados cada mes.', keywords: ['municipios'], themes: ['REGI'], asset_id: asset.id } });
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id as string;

    // Before any release the dataset already has a report: its metadata alone.
    const first = await waitFor(async () => (await app.inject({ url: `/api/v1/datasets/${id}/quality`, headers: editor })).json().report ?? undefined);
    assert.equal(first.release, null);
    assert.equal(first.mqa.indicators.find((i: { id: string }) => i.id === 'download_url').points, 0);

    const uploaded = await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads?file_name=municipios.csv&wait=true`, headers: { ...editor, 'content-type': 'text/csv' }, payload: CSV });
    const upload = uploaded.json();
    const fields = upload.schema.fields.map((f: Record<string, unknown>) => ({ ...f, description: `Descripción de ${f.name}` }));
    fields[0].constraints = { required: true, pattern: '[0-9]{5}' };
    fields[2].constraints = { required: true, minimum: 0 };
    const edited = await app.inject({ method: 'PUT', url: `/api/v1/datasets/${id}/uploads/${upload.id}/schema`, headers: editor, payload: { fields, foreignKeys: [{ fields: [fields[0].name], reference: { resource: 'divipola-municipios', fields: ['codigo'] } }] } });
    assert.equal(edited.statusCode, 200, edited.body);
    const published = await app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads/${upload.id}/publish?wait=true`, headers: editor });
    assert.equal(published.json().status, 'published', published.body);

    const body = await waitFor(async () => {
      const response = (await app.inject({ url: `/api/v1/datasets/${id}/quality`, headers: editor })).json();
      return response.report?.release === 1 && !response.pending ? response : undefined;
    });
    const report = body.report;
    // MQA: 23 indicators, 405 points, every link of the release answered over HTTP.
    assert.equal(report.mqa.indicators.length, 23);
    assert.equal(report.mqa.indicators.reduce((s: number, i: { max: number }) => s + i.max, 0), 405);
    assert.ok(report.links.length >= 4);
    assert.ok(report.links.every((l: { ok: boolean }) => l.ok), JSON.stringify(report.links));
    assert.equal(report.dcat_ap.conforms, true, JSON.stringify(report.dcat_ap.violations));
    assert.equal(report.mqa.indicators.find((i: { id: string }) => i.id === 'dcat_ap').points, 30);
    assert.equal(report.mqa.indicators.find((i: { id: string }) => i.id === 'access_url_reachable').points, 50);
    // XLSX is proprietary: 3 of 4 distributions earn the non-proprietary points.
    assert.equal(report.mqa.indicators.find((i: { id: string }) => i.id === 'non_proprietary').points, 15);
    assert.ok(report.mqa.score >= 351 && report.mqa.band === 'excellent', `${report.mqa.score}`);

    // Content: the unknown code is a foreign-key error at its row; the empty value a required-constraint error.
    assert.equal(report.content.source, 'original');
    assert.deepEqual(report.content.counts, { 'constraint-error': 1, 'foreign-key': 1 });
    const fk = report.content.errors.find((e: { type: string }) => e.type === 'foreign-key');
    assert.equal(fk.row, 5);
    assert.match(fk.message.es, /02999/);
    const required = report.content.errors.find((e: { type: string }) => e.type === 'constraint-error');
    assert.deepEqual([required.row, required.field], [4, fields[2].name]);

    // Criteria: each 0–100 with its evidence; accuracy 4 of 5 codes known, one duplicate row.
    const criterion = (name: string) => report.criteria.items.find((c: { id: string }) => c.id === name);
    assert.equal(report.criteria.items.length, 17);
    assert.equal(criterion('exactitud').score, 80);
    assert.match(criterion('exactitud').evidence.es, /02999/);
    assert.equal(criterion('unicidad').score, 80);
    assert.equal(criterion('completitud').score, 93);
    assert.equal(criterion('comprensibilidad').score, 100);
    assert.equal(criterion('actualidad').score, 100);
    assert.equal(criterion('disponibilidad').score, 100);
    // Seal: level 1 holds; one empty required value in five rows (consistency 80 < 95) is exactly what blocks level 2.
    assert.equal(criterion('consistencia').score, 80);
    assert.equal(report.seal.level, 1, JSON.stringify(report.seal.requirements.filter((r: { met: boolean }) => !r.met)));
    assert.deepEqual(report.seal.missing_for_next.map((r: { id: string }) => r.id), ['consistencia']);
    assert.deepEqual(report.seal.requirements.filter((r: { level: number; met: boolean }) => r.level === 3 && !r.met).map((r: { id: string }) => r.id).sort(), ['content_valid', 'exactitud', 'relevancia', 'unicidad']);

    // The Data Package carries the code list its foreign key points to, served as CSV, and meets the v2 profile.
    const pkg = (await app.inject({ url: `/api/v1/datasets/${id}/releases/1/datapackage.json`, headers: editor })).json();
    assert.deepEqual(pkg.resources[0].schema.foreignKeys, [{ fields: [fields[0].name], reference: { resource: 'divipola-municipios', fields: ['codigo'] } }]);
    const codeList = pkg.resources.find((r: { name: string }) => r.name === 'divipola-municipios');
    const profileFile = sharedFileOrNote(context, 'the Data Package v2 profile', 'conformance', 'frictionless', 'profiles', '2.0', 'datapackage.json');
    if (profileFile) {
      const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(profileFile, 'utf8')));
      assert.ok(validate(pkg), JSON.stringify(validate.errors));
    }
    const codes = await app.inject(new URL(codeList.path).pathname);
    assert.match(codes.headers['content-type'] as string, /text\/csv/);
    assert.match(codes.body, /^codigo,nombre,departamento\r\n/);
    assert.match(codes.body, /\r\n05001,Medellín,05\r\n/);
    assert.equal((await app.inject('/api/v1/code-lists/inventada.csv')).statusCode, 404);

    // W3C DQV in Turtle and JSON-LD, by content negotiation.
    const turtle = await app.inject({ url: `/api/v1/datasets/${id}/quality`, headers: { ...editor, accept: 'text/turtle' } });
    assert.match(turtle.headers['content-type'] as string, /text\/turtle/);
    const store = new Store(new Parser().parse(turtle.body));
    const measurements = store.getQuads(null, 'http://www.w3.org/ns/dqv#isMeasurementOf', null, null);
    assert.ok(measurements.length >= 23 + 15, `${measurements.length}`);
    assert.equal(store.getQuads(null, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://www.w3.org/ns/dqv#QualityCertificate', null).length, 1);
    const jsonld = await app.inject({ url: `/api/v1/datasets/${id}/quality?format=jsonld`, headers: editor });
    assert.match(jsonld.headers['content-type'] as string, /application\/ld\+json/);
    assert.ok(JSON.stringify(jsonld.json()).includes('dqv:QualityMeasurement'));

    // A metadata change makes a new report; the history keeps both and the national summary counts the dataset.
    const patched = await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${id}`, headers: editor, payload: { licence: 'restringida', version: created.json().version } });
    assert.equal(patched.statusCode, 200, patched.body);
    const after = await waitFor(async () => {
      const response = (await app.inject({ url: `/api/v1/datasets/${id}/quality`, headers: editor })).json();
      return response.report?.trigger === 'metadata' && response.history.length >= 3 && !response.pending ? response : undefined;
    });
    // A licence outside the vocabularies loses its 10 points and, not being open, the seal.
    assert.equal(after.report.mqa.score, report.mqa.score - 10);
    assert.equal(after.report.seal.level, 0);
    assert.ok(after.report.seal.missing_for_next.some((r: { id: string }) => r.id === 'open_licence'));
    assert.ok(after.history.at(-1).mqa_score < after.history.at(-2).mqa_score);
    const national = (await app.inject({ url: '/api/v1/quality' })).json();
    assert.equal(national.national.datasets, 1);
    assert.equal(national.entities[0].entity.nit, dane.nit);
  } finally {
    await app.close();
    await t.close();
  }
});

test('currency: a monthly dataset not updated in three months loses points, and the next seal says so', async () => {
  let now = new Date('2026-01-10T12:00:00Z');
  const t = await testPlatform({ clock: { now: () => new Date(now) } });
  const app = await testApp(t);
  try {
    t.platform.queue.start();
    const { dane } = await seedEntities(t.system);
    const asset = await createAsset(t.system, dane.nit, {
      title: 'Precios mensuales', description: 'Precios por mes.', language: 'es', medium: 'electronico', formats: ['CSV'], availability: 'publicada',
      link: 'https://www.dane.gov.co/precios', legal_class: 'publica', personal_data_class: 'ninguno', themes: ['ECON'], update_frequency: 'mensual',
    });
    const dataset = await createDataset(t.system, dane.nit, { title: 'Precios por mes', asset_id: asset.id });
    await startUpload(t.system, dataset.id, { fileName: 'precios.csv', stream: Readable.from(['mes,precio\n2025-12,100\n']) }, { publish: true });
    const reportAfter = async (moment: string) => {
      for (let i = 0; i < 600; i++) {
        const { report, pending } = await datasetQuality(t.system, dataset.id);
        if (report?.release === 1 && report.computed_at === moment && !pending) return report;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('timed out');
    };
    const fresh = await reportAfter(now.toISOString());
    const currency = (report: Awaited<ReturnType<typeof reportAfter>>) => report.criteria.items.find((c) => c.id === 'actualidad')!;
    assert.equal(currency(fresh).score, 100);

    now = new Date(now.getTime() + 91 * 86_400_000);
    await requestQualityReport(t.platform.queue, t.system.db, dataset.id, 'request');
    const late = await reportAfter(now.toISOString());
    assert.equal(currency(late).score, 34);
    assert.match(currency(late).evidence.es, /hace 91 días; frecuencia mensual/);
    assert.ok(late.seal.requirements.some((r) => r.id === 'actualidad' && !r.met && r.level === 2));
  } finally {
    await app.close();
    await t.close();
  }
});
