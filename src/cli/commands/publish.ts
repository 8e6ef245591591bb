import { INGEST_JOB, PUBLISH_JOB } from '../../publish/job-kinds.ts';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { AppError, invalid, type Bilingual, type ErrorDetail } from '../../core/errors.ts';
import { loadConfig } from '../../core/config.ts';
import { startUpload } from '../../publish/datasets.ts';
import { uploadView } from '../../publish/views.ts';
import { readLock } from '../../store/lock.ts';
import { withPlatform } from '../open.ts';
import { print, progressLine, say } from '../output.ts';

const USAGE = {
  es: `Uso: infradatos publish ARCHIVO --dataset ID [--sheet HOJA] [--url URL --token TOKEN]
Publica el archivo (CSV, JSON, NDJSON, XLSX, GeoJSON o Parquet) como nueva versión del conjunto de datos, con el esquema inferido.
Con --url publica en ese servidor; si un servidor usa el directorio de datos, la orden trabaja a través de su API.
El token es --token o INFRADATOS_TOKEN. Sale con código 1 si el archivo tiene errores (y entonces no se publica nada).`,
  en: `Usage: infradatos publish FILE --dataset ID [--sheet SHEET] [--url URL --token TOKEN]
Publishes the file (CSV, JSON, NDJSON, XLSX, GeoJSON or Parquet) as a new release of the dataset, with the inferred schema.
With --url it publishes on that server; if a server uses the data directory, the command works through its API.
The token is --token or INFRADATOS_TOKEN. Exits with code 1 when the file has errors (nothing is published then).`,
};

interface UploadResult {
  status: string;
  release: number | null;
  rows: number | null;
  error: { message: Bilingual; details?: ErrorDetail[] } | null;
  progress: { percent: number | null } | null;
}

function report(result: UploadResult, file: string): number {
  if (result.status === 'published') {
    print({ es: 'Publicada la versión {n}: {rows} filas.', en: 'Release {n} published: {rows} rows.' }, { n: result.release ?? '?', rows: result.rows ?? 0 });
    return 0;
  }
  print({ es: 'No se publicó «{file}»: {why}', en: '"{file}" was not published: {why}' }, { file, why: result.error ? say(result.error.message) : result.status });
  for (const d of result.error?.details ?? []) {
    print(`  ${[d.row !== undefined ? `${say({ es: 'fila', en: 'row' })} ${d.row}` : '', d.column].filter(Boolean).join(', ')}${d.row !== undefined || d.column ? ': ' : ''}${say(d.message)}`);
  }
  return 1;
}

async function throughApi(url: string, token: string, file: string, dataset: string, sheet?: string): Promise<UploadResult> {
  const size = (await stat(file)).size;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-length': String(size) };
  const target = `${url}/api/v1/datasets/${encodeURIComponent(dataset)}/uploads?file_name=${encodeURIComponent(path.basename(file))}&publish=true${sheet ? `&sheet=${encodeURIComponent(sheet)}` : ''}`;
  const response = await fetch(target, { method: 'POST', headers, body: Readable.toWeb(createReadStream(file)) as ReadableStream, duplex: 'half' } as RequestInit);
  const body = (await response.json()) as UploadResult & { id: string; error?: { code: string; message: Bilingual; details?: ErrorDetail[] } };
  if (!response.ok) throw new AppError((body.error?.code ?? 'validation') as never, body.error?.message ?? { es: `HTTP ${response.status}`, en: `HTTP ${response.status}` }, body.error?.details ?? []);
  const progress = progressLine(say({ es: 'Publicando', en: 'Publishing' }));
  for (let view = body; ; ) {
    if (['published', 'failed', 'ready'].includes(view.status)) return view;
    progress(view.progress?.percent ?? 0, 100);
    await new Promise((resolve) => setTimeout(resolve, 500));
    view = (await (await fetch(`${url}/api/v1/datasets/${encodeURIComponent(dataset)}/uploads/${body.id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as typeof body;
  }
}

export async function publishCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { dataset: { type: 'string' }, sheet: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, help: { type: 'boolean' } } });
  const file = positionals[0];
  if (values.help || !file || !values.dataset) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  await stat(file).catch(() => {
    throw invalid({ es: `No se puede leer el archivo «${file}».`, en: `Cannot read file "${file}".` });
  });
  const token = values.token ?? process.env.INFRADATOS_TOKEN;
  const config = loadConfig();
  const server = values.url?.replace(/\/+$/, '') ?? (config.databaseUrl ? undefined : readLock(config.dataDir)?.url);
  if (server) {
    if (!token) throw invalid({ es: `Para publicar en ${server} hace falta un token (--token o INFRADATOS_TOKEN).`, en: `Publishing on ${server} needs a token (--token or INFRADATOS_TOKEN).` });
    print({ es: 'Publicando en {url} a través de su API.', en: 'Publishing on {url} through its API.' }, { url: server });
    return report(await throughApi(server, token, file, values.dataset, values.sheet), path.basename(file));
  }
  return withPlatform('publish', async (platform, ctx) => {
    const progress = progressLine(say({ es: 'Publicando', en: 'Publishing' }));
    const upload = await startUpload(ctx, values.dataset!, { fileName: path.basename(file), stream: createReadStream(file) }, { publish: true, ...(values.sheet ? { sheet: values.sheet } : {}) });
    const timer = setInterval(async () => {
      const job = upload.job_id ? await platform.queue.get(upload.job_id).catch(() => undefined) : undefined;
      if (job?.progress.percent !== null && job?.progress.percent !== undefined) progress(job.progress.percent, 100);
    }, 500);
    try {
      // The quality report runs when the server does: it checks the dataset's links over HTTP.
      await platform.queue.runUntilIdle([INGEST_JOB, PUBLISH_JOB]);
    } finally {
      clearInterval(timer);
    }
    const row = await ctx.db.selectFrom('dataset_uploads').selectAll().where('id', '=', upload.id).executeTakeFirstOrThrow();
    return report((await uploadView(ctx, row)) as UploadResult, path.basename(file));
  });
}
