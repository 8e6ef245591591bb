/**
 * Publishing benchmarks on a generated CSV of 1,000,000 rows (~150 MB): Spanish text, dd/mm/yyyy dates,
 * DIVIPOLA codes with leading zeros, decimal commas, ";" as delimiter, as public servants export them.
 * `ingest`: upload-to-queryable time, MB/s, rows/s and the process's peak RSS (DuckDB included).
 * `soql`: p50/p95 of SODA queries through the HTTP app: a filter, a group-by month, a top-N, a full-text
 * $q and a page at offset 900,000.
 */
import { INGEST_JOB, PUBLISH_JOB } from '../src/publish/job-kinds.ts';
import { createReadStream, createWriteStream, existsSync, renameSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { systemActor } from '../src/core/actor.ts';
import { createDataset, startUpload } from '../src/publish/datasets.ts';
import { createEntity } from '../src/catalog/entities.ts';
import type { Platform } from '../src/platform.ts';
import { createHttpApp } from '../src/web/app.ts';
import { figure, note, peakRssMb, percentile, random, resetPeakRss } from './report.ts';
import { onEveryStore } from './store.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 25);

const OBJECTS = ['Prestación de servicios profesionales para el apoyo a la gestión de la Secretaría de Educación', 'Mantenimiento preventivo y correctivo de la red vial terciaria del municipio', 'Suministro de raciones para el Programa de Alimentación Escolar en sedes rurales', 'Adquisición de equipos de cómputo y licencias para las instituciones educativas', 'Interventoría técnica, administrativa y financiera del contrato de obra pública', 'Construcción de la placa huella en la vereda El Carmen', 'Servicio de vigilancia y seguridad privada para las sedes de la entidad'];
const ENTITIES = ['Alcaldía de Medellín', 'Gobernación de Antioquia', 'Ministerio de Educación Nacional', 'Instituto Nacional de Vías', 'Alcaldía Mayor de Bogotá', 'Servicio Nacional de Aprendizaje', 'Gobernación del Valle del Cauca'];
const PLACES = [['05001', 'Medellín', 'Antioquia'], ['05002', 'Abejorral', 'Antioquia'], ['08001', 'Barranquilla', 'Atlántico'], ['11001', 'Bogotá, D.C.', 'Bogotá, D.C.'], ['76001', 'Cali', 'Valle del Cauca'], ['68001', 'Bucaramanga', 'Santander'], ['52001', 'Pasto', 'Nariño'], ['91001', 'Leticia', 'Amazonas']];

/** The generated file, made once and kept in the system's temporary directory. */
export async function csvFile(): Promise<string> {
  const file = path.join(os.tmpdir(), `infradatos-bench-contratos-10f-${ROWS}.csv`);
  if (existsSync(file)) return file;
  note(`Generating ${ROWS.toLocaleString('en-US')} rows into ${file}…`);
  const r = random(7);
  const out = createWriteStream(`${file}.part`);
  out.write('ID del contrato;Fecha de firma;Código municipio;Municipio;Departamento;Entidad;Objeto;Valor;Adición;Plazo en días\n');
  for (let i = 0; i < ROWS; i += 10_000) {
    let chunk = '';
    for (let j = i; j < Math.min(ROWS, i + 10_000); j++) {
      const [code, town, dept] = PLACES[Math.floor(r() * PLACES.length)]!;
      const value = Math.floor(r() * 900_000_000) + 1_000_000;
      const cents = String(Math.floor(r() * 100)).padStart(2, '0');
      chunk += `CO1.PCCNTR.${1_000_000 + j};${String(1 + Math.floor(r() * 28)).padStart(2, '0')}/${String(1 + Math.floor(r() * 12)).padStart(2, '0')}/${2019 + Math.floor(r() * 6)};${code};${town};${dept};${ENTITIES[Math.floor(r() * ENTITIES.length)]};${OBJECTS[Math.floor(r() * OBJECTS.length)]};${value.toLocaleString('es-CO').replace(/\u00a0/g, '.')},${cents};${r() < 0.15 ? 'Sí' : 'No'};${30 + Math.floor(r() * 700)}\n`;
    }
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
  renameSync(`${file}.part`, file);
  return file;
}

export async function ingest(platform: Platform, file: string, accessLevel: 'public' | 'restricted' = 'public'): Promise<{ id: string; seconds: number }> {
  const ctx = platform.context(systemActor('benchmark'));
  await createEntity(ctx, { nit: '900514813', name: 'Agencia Nacional de Contratación Pública', sector: 'planeacion', orden: 'nacional', department_code: '11', municipality_code: '11001' });
  const dataset = await createDataset(ctx, '900514813', { title: 'Contratos (benchmark)', access_level: accessLevel });
  const started = performance.now();
  await startUpload(ctx, dataset.id, { fileName: 'contratos.csv', stream: createReadStream(file, { highWaterMark: 1 << 20 }) }, { publish: true });
  await platform.queue.runUntilIdle([INGEST_JOB, PUBLISH_JOB]);
  const row = await ctx.db.selectFrom('datasets').select('current_release').where('id', '=', dataset.id).executeTakeFirstOrThrow();
  if (row.current_release !== 1) throw new Error('the benchmark file was not published');
  return { id: dataset.id, seconds: (performance.now() - started) / 1000 };
}

export async function runIngest(): Promise<void> {
  const file = await csvFile();
  const mb = statSync(file).size / 1048576;
  await onEveryStore('ingest', async (platform) => {
    const store = platform.store.kind;
    resetPeakRss();
    const { seconds } = await ingest(platform, file);
    figure('ingest', `${store}_peak_rss_mb`, peakRssMb(), 'MB');
    note(`${store}: ${mb.toFixed(0)} MB, ${ROWS.toLocaleString('en-US')} rows, upload to queryable in ${seconds.toFixed(2)} s`);
    figure('ingest', `${store}_upload_to_queryable_s`, seconds, 's');
    figure('ingest', `${store}_mb_per_s`, mb / seconds, 'MB/s');
    figure('ingest', `${store}_rows_per_s`, ROWS / seconds, 'rows/s');
    figure('ingest', 'file_mb', mb, 'MB');
  });
}

export async function runSoql(): Promise<void> {
  const file = await csvFile();
  await onEveryStore('soql', async (platform) => {
    const { id } = await ingest(platform, file);
    const app = await createHttpApp(platform);
    await app.ready();
    const queries: Record<string, string> = {
      filter: `$where=${encodeURIComponent("departamento = 'Antioquia' AND valor > 500000000 AND adicion = true")}&$limit=100`,
      group_by_month: `$select=${encodeURIComponent('date_trunc_ym(fecha_de_firma) AS mes, count(*) AS contratos, sum(valor) AS total')}&$group=mes&$order=mes&$limit=100`,
      top_n: `$select=${encodeURIComponent('entidad, municipio, valor')}&$order=valor DESC&$limit=10`,
      full_text: `$q=${encodeURIComponent('alimentacion escolar rurales')}&$limit=100`,
      offset_900k: `$limit=100&$offset=900000`,
    };
    for (const [name, query] of Object.entries(queries)) {
      const times: number[] = [];
      for (let i = 0; i < RUNS + 2; i++) {
        const started = performance.now();
        const response = await app.inject(`/resource/${id}.json?${query}`);
        if (response.statusCode !== 200) throw new Error(`${name}: ${response.body}`);
        if (i >= 2) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      note(`${platform.store.kind} ${name}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`);
      figure('soql', `${name}_p50`, percentile(times, 50), 'ms');
      figure('soql', `${name}_p95`, percentile(times, 95), 'ms');
    }
    await app.close();
  });
}
