import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import { invalid, type AppError } from '../core/errors.ts';
import { expectedVersion } from '../catalog/routes.ts';
import { waitForJob } from '../catalog/imports.ts';
import * as S from '../catalog/schemas.ts';
import type { Platform } from '../platform.ts';
import type { Context } from '../store/context.ts';
import {
  assertRoomFor, createDataset, editUploadSchema, listDatasets, listReleases, publishUpload, requireDataset, requireRelease, requireUpload, startUpload, updateDataset,
} from './datasets.ts';
import { dataPackage, DOWNLOAD_FORMATS, releaseFile, type DownloadFormat } from './downloads.ts';
import { datasetView, datasetViews, releaseView, uploadView } from './views.ts';
import { diffReleases, previewRelease, summarizeRelease, type PreviewOptions } from './explore.ts';
import { SANDBOX_LIMITS } from './sandbox.ts';
import { PassThrough } from 'node:stream';
import { noteUse } from '../quality/usage.ts';
import { decidePrivacy } from '../privacy/decisions.ts';

/**
 * Streams a sandboxed query's rows as JSON: {"columns": […], "rows": [{…}, …], "truncated": false}. Errors
 * before the first row get the normal error envelope; the query stops when the client goes away.
 */
export async function sendSql(platform: Platform, request: FastifyRequest, reply: FastifyReply, sql: string) {
  const sandbox = await platform.sql.sandbox(request.ctx);
  const abort = new AbortController();
  reply.raw.on('close', () => abort.abort());
  const body = new PassThrough();
  let started = false;
  let bytes = 0;
  let first = true;
  let start!: () => void;
  const ready = new Promise<void>((resolve) => (start = resolve));
  const write = (text: string) => {
    bytes += Buffer.byteLength(text);
    body.write(text);
  };
  const running = sandbox.query(sql, (columns, rows) => {
    if (!started) {
      started = true;
      write(`{"columns":${JSON.stringify(columns)},"rows":[`);
      start();
    }
    for (const row of rows) {
      write((first ? '\n' : ',\n') + JSON.stringify(row));
      first = false;
      if (bytes > SANDBOX_LIMITS.maxBytes) return false;
    }
    return true;
  }, abort.signal);
  const outcome = await Promise.race([ready.then(() => 'streaming' as const), running.then(() => 'done' as const)]);
  if (outcome === 'done' && !started) {
    const result = await running;
    return reply.send({ columns: result.columns, rows: [], truncated: false, row_count: 0 });
  }
  void running.then(
    (result) => body.end(`\n],"truncated":${result.truncated},"row_count":${result.rows}}\n`),
    (error: Error) => body.end(`\n],"truncated":true,"error":${JSON.stringify((error as AppError).messages ?? { es: error.message, en: error.message })}}\n`),
  );
  return reply.type('application/json; charset=utf-8').send(body);
}

const DatasetId = Type.Object({ id: Type.String({ description: 'Identificador de cuatro por cuatro, ej. x7kq-92mf / four-by-four id' }) });
const UploadParams = Type.Object({ id: Type.String(), upload: Type.String() });
const ReleaseParams = Type.Object({ id: Type.String(), number: Type.String({ description: 'Número de versión o «latest» / release number or "latest"' }) });
const DatasetBody = Type.Object({
  title: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  asset_id: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  keywords: Type.Optional(Type.Union([Type.Array(Type.String()), Type.String()])),
  themes: Type.Optional(Type.Union([Type.Array(Type.String()), Type.String()])),
  licence: Type.Optional(Type.String()),
  access_level: Type.Optional(Type.String()),
  conforms_to: Type.Optional(Type.Union([Type.String({ description: 'Estándar y versión: id@versión / Standard and version: id@version' }), Type.Null()])),
  reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Por qué cambia el acceso o la clasificación (queda en el registro) / Why access or classification changes (recorded)' })),
  version: Type.Optional(Type.Integer()),
});

/** Preview options from plain-link parameters: page, per_page, sort, desc and f.<field>=value. */
export function previewOptions(query: Record<string, string | undefined>): PreviewOptions {
  const page = Math.max(1, Math.floor(Number(query.page) || 1));
  const perPage = Math.min(100, Math.max(1, Math.floor(Number(query.per_page) || 25)));
  const filters = Object.fromEntries(Object.entries(query).filter(([k, v]) => k.startsWith('f.') && v !== undefined && v !== '').map(([k, v]) => [k.slice(2), String(v)]));
  return { page, perPage, filters, ...(query.sort ? { sort: query.sort, descending: query.desc === '1' || query.desc === 'true' } : {}) };
}

function releaseNumber(raw: string): number | 'latest' {
  if (raw === 'latest') return 'latest';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw invalid({ es: `«${raw}» no es un número de versión.`, en: `"${raw}" is not a release number.` }, [{ field: 'number', message: { es: 'Número de versión inválido.', en: 'Invalid release number.' } }]);
  return n;
}

/**
 * Sends an immutable file with its ETag, answering conditional and single-range requests. Open data may be
 * cached anywhere; a restricted file never by a shared cache, nor kept on the reader's disk.
 */
export async function sendImmutable(ctx: Context, request: FastifyRequest, reply: FastifyReply, file: { key: string; size: number; etag: string; contentType: string; fileName: string }, open = true) {
  reply.header('etag', file.etag).header('accept-ranges', 'bytes').header('cache-control', open ? 'public, max-age=31536000, immutable' : 'private, no-store')
    .header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`);
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(request.headers.range ?? ''));
  if (range && (range[1] || range[2]) && (!request.headers['if-range'] || request.headers['if-range'] === file.etag)) {
    let start = range[1] ? Number(range[1]) : Math.max(0, file.size - Number(range[2]));
    let end = range[1] && range[2] ? Math.min(Number(range[2]), file.size - 1) : file.size - 1;
    if (start > end || start >= file.size) return reply.code(416).header('content-range', `bytes */${file.size}`).send();
    if (!range[1]) end = file.size - 1;
    start = Math.max(0, start);
    return reply.code(206).header('content-range', `bytes ${start}-${end}/${file.size}`).header('content-length', end - start + 1).send(ctx.blobs.read(file.key, { start, end }));
  }
  return reply.header('content-length', file.size).send(ctx.blobs.read(file.key));
}

/** Publishing's JSON API: datasets, uploads with their inferred schema, releases and downloads. */
export function publishRoutes(platform: Platform): FastifyPluginAsync {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    // Files are streamed to disk as they arrive, never buffered: any body that is not JSON or a form.
    for (const type of ['application/octet-stream', 'text/csv', 'text/plain', 'text/tab-separated-values', 'application/x-ndjson', 'application/geo+json', 'application/vnd.apache.parquet', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']) {
      app.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
    }

    app.get('/datasets', {
      schema: { tags: ['datos'], summary: 'Conjuntos de datos / Datasets', querystring: Type.Object({ entity: Type.Optional(Type.String()) }) },
    }, async (request) => {
      const rows = await listDatasets(request.ctx, request.query.entity ? { entity: request.query.entity } : {});
      return { count: rows.length, results: await datasetViews(request.ctx, rows, platform.config.baseUrl) };
    });

    app.post('/entities/:key/datasets', {
      schema: { tags: ['datos'], summary: 'Crear un conjunto de datos / Create a dataset', params: S.EntityKey, body: DatasetBody, response: { 201: Type.Unknown(), ...S.errors(400, 401, 403, 404) } },
    }, async (request, reply) => {
      const row = await createDataset(request.ctx, request.params.key, request.body);
      return reply.code(201).header('location', `/api/v1/datasets/${row.id}`).header('etag', `"${row.version}"`).send(await datasetView(request.ctx, row, platform.config.baseUrl));
    });

    app.get('/datasets/:id', { schema: { tags: ['datos'], summary: 'Un conjunto de datos / One dataset', params: DatasetId } }, async (request, reply) => {
      const row = await requireDataset(request.ctx, request.params.id);
      return reply.header('etag', `"${row.version}"`).send(await datasetView(request.ctx, row, platform.config.baseUrl));
    });

    app.patch('/datasets/:id', {
      schema: { tags: ['datos'], summary: 'Editar un conjunto de datos (If-Match o version) / Edit a dataset', params: DatasetId, body: DatasetBody, response: { 200: Type.Unknown(), ...S.errors(400, 401, 403, 404, 409) } },
    }, async (request, reply) => {
      const row = await updateDataset(request.ctx, request.params.id, request.body, expectedVersion(request, request.body.version));
      return reply.header('etag', `"${row.version}"`).send(await datasetView(request.ctx, row, platform.config.baseUrl));
    });

    app.post('/datasets/:id/uploads', {
      config: { csrfInHandler: false },
      schema: {
        tags: ['datos'],
        summary: 'Cargar un archivo (cuerpo binario; file_name, publish) / Upload a file',
        description: 'El archivo es el cuerpo de la solicitud (text/csv, application/octet-stream…), transmitido al disco sin límite de memoria. Se infiere su esquema; con publish=true se publica enseguida con ese esquema; con wait=true responde al terminar. / The body is the file, streamed to disk.',
        params: DatasetId,
        querystring: Type.Object({ file_name: Type.String({ minLength: 1 }), sheet: Type.Optional(Type.String({ description: 'Hoja de un libro XLSX / XLSX sheet' })), publish: Type.Optional(Type.Boolean()), wait: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Unknown(), 202: Type.Unknown(), ...S.errors(400, 401, 403, 404, 413, 415) },
      },
    }, async (request, reply) => {
      try {
        await assertRoomFor(request.ctx, Number(request.headers['content-length'] ?? 0), platform.config.maxDatasetBytes);
      } catch (error) {
        (request.body as Readable | undefined)?.resume();
        throw error;
      }
      const stream = request.body as Readable | undefined;
      if (!stream || typeof (stream as Readable).pipe !== 'function') {
        throw invalid({ es: 'Envíe el archivo como cuerpo de la solicitud (por ejemplo Content-Type: text/csv).', en: 'Send the file as the request body (for example Content-Type: text/csv).' });
      }
      let upload = await startUpload(request.ctx, request.params.id, { fileName: request.query.file_name, stream, maxBytes: platform.config.maxDatasetBytes }, { publish: request.query.publish ?? false, ...(request.query.sheet ? { sheet: request.query.sheet } : {}) });
      if (request.query.wait && upload.job_id) {
        await waitForJob(request.ctx, upload.job_id, 600_000);
        upload = (await requireUpload(request.ctx, request.params.id, upload.id)).upload;
      }
      const view = await uploadView(request.ctx, upload);
      return reply.code(view.done ? 200 : 202).header('location', `/api/v1/datasets/${upload.dataset_id}/uploads/${upload.id}`).send(view);
    });

    app.get('/datasets/:id/uploads/:upload', { schema: { tags: ['datos'], summary: 'Estado, progreso y esquema inferido de una carga / Upload status, progress and inferred schema', params: UploadParams } }, async (request) => {
      const { upload } = await requireUpload(request.ctx, request.params.id, request.params.upload);
      return uploadView(request.ctx, upload);
    });

    app.put('/datasets/:id/uploads/:upload/schema', {
      schema: { tags: ['datos'], summary: 'Corregir el esquema antes de publicar / Correct the schema before publishing', params: UploadParams, body: Type.Object({ fields: Type.Array(Type.Record(Type.String(), Type.Unknown())) }, { additionalProperties: true }) },
    }, async (request) => uploadView(request.ctx, await editUploadSchema(request.ctx, request.params.id, request.params.upload, request.body)));

    app.put('/datasets/:id/uploads/:upload/privacy', {
      schema: {
        tags: ['datos'],
        summary: 'Decidir sobre los datos personales hallados: papel de cada columna, quitarla o mantenerla con justificación legal / Decide on the personal data found',
        params: UploadParams,
        body: Type.Object({ columns: Type.Array(Type.Object({ name: Type.String(), role: Type.Optional(Type.String()), action: Type.Optional(Type.String()), justification: Type.Optional(Type.String()) })) }),
      },
    }, async (request) => uploadView(request.ctx, await decidePrivacy(request.ctx, request.params.id, request.params.upload, request.body.columns)));

    app.post('/datasets/:id/uploads/:upload/publish', {
      schema: { tags: ['datos'], summary: 'Publicar una carga como nueva versión / Publish an upload as a new release', params: UploadParams, querystring: Type.Object({ wait: Type.Optional(Type.Boolean()) }) },
    }, async (request, reply) => {
      let upload = await publishUpload(request.ctx, request.params.id, request.params.upload);
      if (request.query.wait && upload.job_id) {
        await waitForJob(request.ctx, upload.job_id, 600_000);
        upload = (await requireUpload(request.ctx, request.params.id, upload.id)).upload;
      }
      const view = await uploadView(request.ctx, upload);
      return reply.code(view.done ? 200 : 202).send(view);
    });

    app.post('/sql', {
      schema: {
        tags: ['datos'],
        summary: 'SQL de solo lectura sobre las versiones abiertas / Read-only SQL over open releases',
        description: `Una consulta SELECT de DuckDB; cada conjunto de datos abierto es una tabla con su identificador ("x7kq-92mf"). Límites: ${SANDBOX_LIMITS.timeoutMs / 1000} s, ${SANDBOX_LIMITS.maxRows.toLocaleString('es-CO')} filas, ${SANDBOX_LIMITS.maxBytes / 1048576} MB. / One DuckDB SELECT; each open dataset is a table named by its id.`,
        body: Type.Object({ sql: Type.String({ minLength: 1, maxLength: 100_000 }) }),
      },
    }, async (request, reply) => sendSql(platform, request, reply, request.body.sql));

    app.get('/sql', {
      schema: { tags: ['datos'], summary: 'SQL de solo lectura por GET (la página /sql) / Read-only SQL by GET', querystring: Type.Object({ sql: Type.String({ minLength: 1, maxLength: 100_000 }) }) },
    }, async (request, reply) => sendSql(platform, request, reply, request.query.sql));

    app.get('/datasets/:id/releases', { schema: { tags: ['datos'], summary: 'Versiones de un conjunto de datos / Releases', params: DatasetId } }, async (request) => {
      const releases = await listReleases(request.ctx, request.params.id);
      return { count: releases.length, results: releases.map((r) => releaseView(r, platform.config.baseUrl)) };
    });

    app.get('/datasets/:id/releases/:number', { schema: { tags: ['datos'], summary: 'Una versión, con su esquema / One release with its schema', params: ReleaseParams } }, async (request) => {
      const { release } = await requireRelease(request.ctx, request.params.id, releaseNumber(request.params.number));
      return releaseView(release, platform.config.baseUrl);
    });

    app.get('/datasets/:id/releases/:number/summary', { schema: { tags: ['datos'], summary: 'Resumen por columna: vacíos, distintos, mínimo, máximo, más frecuentes, histograma / Column summary', params: ReleaseParams } }, async (request) => {
      const { release } = await requireRelease(request.ctx, request.params.id, releaseNumber(request.params.number));
      return { dataset_id: release.dataset_id, release: release.number, rows: release.row_count, columns: await summarizeRelease(request.ctx, release) };
    });

    app.get('/datasets/:id/releases/:number/rows', {
      schema: { tags: ['datos'], summary: 'Filas de una versión, paginadas, ordenables y filtrables (f.campo=valor) / Rows, paged, sortable, filterable', params: ReleaseParams },
    }, async (request) => {
      const { release } = await requireRelease(request.ctx, request.params.id, releaseNumber(request.params.number));
      return { dataset_id: release.dataset_id, release: release.number, ...(await previewRelease(request.ctx, release, previewOptions(request.query as Record<string, string>))) };
    });

    app.get('/datasets/:id/releases/:number/diff', {
      schema: { tags: ['datos'], summary: 'Diferencias con otra versión (from): filas añadidas y quitadas, cambios de esquema / Difference from another release', params: ReleaseParams, querystring: Type.Object({ from: Type.Integer({ minimum: 1 }) }) },
    }, async (request) => {
      const { release } = await requireRelease(request.ctx, request.params.id, releaseNumber(request.params.number));
      const { release: older } = await requireRelease(request.ctx, request.params.id, request.query.from);
      return diffReleases(request.ctx, older, release);
    });

    app.get('/datasets/:id/releases/:number/datapackage.json', { schema: { tags: ['datos'], summary: 'Data Package de Frictionless / Frictionless Data Package', params: ReleaseParams } }, async (request) => {
      const { dataset, release } = await requireRelease(request.ctx, request.params.id, releaseNumber(request.params.number));
      return dataPackage(dataset, release, platform.config.baseUrl);
    });

    app.get('/datasets/:id/releases/:number/data.:format', {
      schema: { tags: ['datos'], summary: 'Descargar una versión: csv, json, parquet u original / Download a release', params: Type.Object({ id: Type.String(), number: Type.String(), format: Type.String() }) },
    }, async (request, reply) => {
      const format = request.params.format as DownloadFormat;
      if (!DOWNLOAD_FORMATS.includes(format)) throw invalid({ es: `Formato desconocido; use ${DOWNLOAD_FORMATS.join(', ')}.`, en: `Unknown format; use ${DOWNLOAD_FORMATS.join(', ')}.` }, [{ field: 'format', message: { es: 'Formato desconocido.', en: 'Unknown format.' }, value: format }]);
      const { dataset, release } = await requireRelease(request.ctx, request.params.id, releaseNumber(request.params.number));
      noteUse(request.ctx.db, release.dataset_id, 'downloads', request, request.ctx.clock.now());
      // CSV on the Web: the CSV's metadata, for any CSVW processor.
      if (format === 'csv') reply.header('link', `<${platform.config.baseUrl}/api/v1/datasets/${release.dataset_id}/releases/${release.number}/data.csv-metadata.json>; rel="describedby"; type="application/csvm+json"`);
      return sendImmutable(request.ctx, request, reply, await releaseFile(request.ctx, release, format), dataset.access_level === 'public');
    });
  };
}
