import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { AppError, invalid, type ErrorDetail } from '../../core/errors.ts';
import { demand, policy } from '../../catalog/access.ts';
import { listEntityAssets } from '../../catalog/assets.ts';
import { getEntity } from '../../catalog/entities.ts';
import { assertRoomFor, createDataset, editUploadSchema, listDatasets, listReleases, publishUpload, requireDataset, requireRelease, requireUpload, startUpload } from '../../publish/datasets.ts';
import { diffReleases, previewRelease, summarizeRelease } from '../../publish/explore.ts';
import { previewOptions } from '../../publish/routes.ts';
import { openTables } from '../../publish/sql.ts';
import type { TableSchema } from '../../publish/table-schema.ts';
import { datasetView, datasetViews, releaseView, uploadView } from '../../publish/views.ts';
import type { Platform } from '../../platform.ts';
import { httpSession, pageContextOf, type CookieNames } from '../auth.ts';
import { sendPage } from '../render.tsx';
import { noteUse } from '../../quality/usage.ts';
import { datasetQuality } from '../../quality/service.ts';
import { decidePrivacy } from '../../privacy/decisions.ts';
import { datasetGraph } from '../../linked/catalog.ts';
import { negotiateRdf, sendRdf } from '../../linked/serialize.ts';
import { SqlPage, type SqlResult } from './sql.tsx';
import { DatasetFormPage, DatasetListPage, DatasetPage, DiffPage, UploadFormPage, UploadPage } from './datasets.tsx';
import { formErrors, seeOther, type Body } from './forms.ts';

/** Reads a dataset upload sent by the page's form: the CSRF field first, then the file streamed to disk. */
async function receiveUpload(request: FastifyRequest, platform: Platform, cookies: CookieNames, datasetId: string) {
  if (!request.isMultipart()) throw invalid({ es: 'Envíe el archivo con el formulario.', en: 'Send the file with the form.' });
  await assertRoomFor(request.ctx, Number(request.headers['content-length'] ?? 0), platform.config.maxDatasetBytes);
  const fields: Record<string, string> = {};
  let upload;
  for await (const part of request.parts({ limits: { fileSize: platform.config.maxDatasetBytes } })) {
    if (part.type === 'field') {
      fields[part.fieldname] = String(part.value);
      continue;
    }
    if (upload) {
      part.file.resume();
      continue;
    }
    httpSession(platform, cookies).assertCsrf(request, fields._csrf);
    upload = await startUpload(request.ctx, datasetId, { fileName: part.filename, stream: part.file as Readable, maxBytes: platform.config.maxDatasetBytes }, { publish: false, ...(fields.sheet ? { sheet: fields.sheet } : {}) });
  }
  if (!upload) throw invalid({ es: 'Elija un archivo.', en: 'Choose a file.' }, [{ field: 'file', message: { es: 'Elija un archivo.', en: 'Choose a file.' } }]);
  return upload;
}

/**
 * The editor's schema corrections as sent by the form: type.N, format.N, decimalChar.N, groupChar.N,
 * description.N, and the quality rules required.N, unique.N and codelist.N (a foreign key to a shared code list).
 */
function schemaFromForm(body: Body, current: TableSchema): TableSchema {
  const value = (key: string, i: number) => (typeof body[`${key}.${i}`] === 'string' ? String(body[`${key}.${i}`]).trim() : '');
  const foreignKeys = current.fields.flatMap((f, i) => (value('codelist', i) ? [{ fields: [f.name], reference: { resource: value('codelist', i), fields: ['codigo'] } }] : []));
  return {
    ...(current.primaryKey ? { primaryKey: current.primaryKey } : {}),
    ...(foreignKeys.length ? { foreignKeys } : {}),
    fields: current.fields.map((f, i) => {
      const { 'x-inferred': _x, format: _f, decimalChar: _d, groupChar: _g, description: _desc, constraints, ...rest } = f;
      const { required: _r, unique: _u, ...otherConstraints } = constraints ?? {};
      const rules = { ...otherConstraints, ...(value('required', i) ? { required: true } : {}), ...(value('unique', i) ? { unique: true } : {}) };
      return {
        ...rest,
        type: (value('type', i) || f.type) as typeof f.type,
        ...(value('format', i) ? { format: value('format', i) } : {}),
        ...(value('decimalChar', i) ? { decimalChar: value('decimalChar', i) } : {}),
        ...(value('groupChar', i) ? { groupChar: value('groupChar', i) } : {}),
        ...(value('description', i) ? { description: value('description', i) } : {}),
        ...(Object.keys(rules).length ? { constraints: rules } : {}),
      };
    }),
  };
}

/** Pages for datasets: list, dataset with preview and summary, creating, uploading and publishing, differences. */
export function datasetPages(platform: Platform, cookies: CookieNames) {
  return async (app: FastifyInstance) => {
    const base = platform.config.baseUrl;
    const maxMb = Math.round(platform.config.maxDatasetBytes / 1048576);

    app.get('/datasets', async (request, reply) => {
      const rows = await listDatasets(request.ctx);
      return sendPage(reply, <DatasetListPage c={pageContextOf(request)} datasets={await datasetViews(request.ctx, rows, base)} />);
    });

    app.get('/datasets/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      const query = request.query as Record<string, string>;
      // The filter form sends a field and a value; links carry them as f.<field>=<value>.
      if (query.filter_field) {
        const { filter_field: field, filter_value: value = '', ...rest } = query;
        return seeOther(reply, `/datasets/${id}?${new URLSearchParams({ ...rest, [`f.${field}`]: value })}#vista`);
      }
      const row = await requireDataset(request.ctx, id);
      // Linked data clients may ask the page itself for DCAT-AP (the dataset's URI is /dataset/{id}).
      const rdf = negotiateRdf(request);
      if (rdf) return sendRdf(reply, await datasetGraph(request.ctx, row.id, base), rdf);
      noteUse(request.ctx.db, row.id, 'views', request, request.ctx.clock.now());
      const dataset = await datasetView(request.ctx, row, base);
      const releases = row.current_release ? await listReleases(request.ctx, id) : [];
      const current = releases.find((r) => r.number === row.current_release);
      const [preview, summary] = current ? await Promise.all([previewRelease(request.ctx, current, previewOptions(query)), summarizeRelease(request.ctx, current)]) : [null, null];
      const quality = await datasetQuality(request.ctx, id);
      return sendPage(reply, <DatasetPage c={pageContextOf(request)} dataset={dataset} release={current ? releaseView(current, base) : null} releases={releases.map((r) => releaseView(r, base))} preview={preview} summary={summary} quality={quality} query={query} canEdit={policy.writeAssets(request.actor, row.entity_id)} baseUrl={base} />);
    });

    app.get('/sql', async (request, reply) => {
      const sql = String((request.query as { sql?: string }).sql ?? '').slice(0, 100_000);
      const tables = (await openTables(request.ctx)).map((t) => ({ id: t.name, title: t.title, fields: t.fields }));
      let result: SqlResult | null = null;
      let errors: ErrorDetail[] = [];
      if (sql.trim()) {
        const rows: Record<string, unknown>[] = [];
        try {
          const outcome = await (await platform.sql.sandbox(request.ctx)).query(sql, (_columns, batch) => {
            rows.push(...batch);
          });
          result = { columns: outcome.columns, rows, truncated: outcome.truncated };
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          errors = error.details.length ? error.details : [{ field: 'sql', message: error.messages }];
        }
      }
      return sendPage(reply, <SqlPage c={pageContextOf(request)} sql={sql} tables={tables} result={result} errors={errors} />, errors.length ? 400 : 200);
    });

    app.get('/datasets/:id/releases/:number/diff', async (request, reply) => {
      const { id, number } = request.params as { id: string; number: string };
      const from = Number((request.query as { from?: string }).from);
      const { dataset, release } = await requireRelease(request.ctx, id, Number(number));
      const { release: older } = await requireRelease(request.ctx, id, from);
      return sendPage(reply, <DiffPage c={pageContextOf(request)} dataset={await datasetView(request.ctx, dataset, base)} diff={await diffReleases(request.ctx, older, release)} />);
    });

    app.get('/entities/:nit/datasets/new', async (request, reply) => {
      const entity = await getEntity(request.ctx, (request.params as { nit: string }).nit);
      demand(policy.writeAssets(request.actor, entity.id), request.actor);
      const assets = await listEntityAssets(request.ctx, entity.nit, { perPage: 1000 });
      return sendPage(reply, <DatasetFormPage c={pageContextOf(request)} entity={entity} assets={assets.results} values={{}} errors={[]} />);
    });

    app.post('/entities/:nit/datasets/new', async (request, reply) => {
      const entity = await getEntity(request.ctx, (request.params as { nit: string }).nit);
      demand(policy.writeAssets(request.actor, entity.id), request.actor);
      const body = request.body as Record<string, string>;
      try {
        const row = await createDataset(request.ctx, entity.nit, { title: body.title, description: body.description, asset_id: body.asset_id || null, keywords: body.keywords, licence: body.licence, access_level: body.access_level });
        return seeOther(reply, `/datasets/${row.id}/upload`);
      } catch (error) {
        const assets = await listEntityAssets(request.ctx, entity.nit, { perPage: 1000 });
        return sendPage(reply, <DatasetFormPage c={pageContextOf(request)} entity={entity} assets={assets.results} values={body} errors={formErrors(error)} />, 400);
      }
    });

    app.get('/datasets/:id/upload', async (request, reply) => {
      const row = await requireDataset(request.ctx, (request.params as { id: string }).id);
      demand(policy.writeAssets(request.actor, row.entity_id), request.actor);
      return sendPage(reply, <UploadFormPage c={pageContextOf(request)} dataset={await datasetView(request.ctx, row, base)} maxMb={maxMb} errors={[]} />);
    });

    app.post('/datasets/:id/upload', { config: { csrfInHandler: true } }, async (request, reply) => {
      const row = await requireDataset(request.ctx, (request.params as { id: string }).id);
      demand(policy.writeAssets(request.actor, row.entity_id), request.actor);
      try {
        const upload = await receiveUpload(request, platform, cookies, row.id);
        return seeOther(reply, `/datasets/${row.id}/uploads/${upload.id}`);
      } catch (error) {
        if (error instanceof AppError && ['validation', 'payload_too_large', 'unsupported_media_type'].includes(error.code)) {
          const errors: ErrorDetail[] = error.details.length ? error.details : [{ field: 'file', message: error.messages }];
          return sendPage(reply, <UploadFormPage c={pageContextOf(request)} dataset={await datasetView(request.ctx, row, base)} maxMb={maxMb} errors={errors} />, error.status);
        }
        throw error;
      }
    });

    app.get('/datasets/:id/uploads/:upload', async (request, reply) => {
      const { id, upload: uploadId } = request.params as { id: string; upload: string };
      const { dataset, upload } = await requireUpload(request.ctx, id, uploadId);
      return sendPage(reply, <UploadPage c={pageContextOf(request)} dataset={await datasetView(request.ctx, dataset, base)} upload={await uploadView(request.ctx, upload)} errors={[]} />);
    });

    app.post('/datasets/:id/uploads/:upload/privacy', async (request, reply) => {
      const { id, upload: uploadId } = request.params as { id: string; upload: string };
      const body = request.body as Body;
      const columns = Object.keys(body).filter((k) => /^name\.\d+$/.test(k)).map((k) => {
        const i = k.slice(5);
        return { name: body[k], role: body[`role.${i}`], action: body[`action.${i}`], justification: body[`justification.${i}`] || undefined };
      });
      try {
        await decidePrivacy(request.ctx, id, uploadId, columns);
        return seeOther(reply, `/datasets/${id}/uploads/${uploadId}#datos-personales`);
      } catch (error) {
        const errors = formErrors(error);
        const { dataset, upload } = await requireUpload(request.ctx, id, uploadId);
        return sendPage(reply, <UploadPage c={pageContextOf(request)} dataset={await datasetView(request.ctx, dataset, base)} upload={await uploadView(request.ctx, upload)} errors={errors} />, error instanceof AppError && error.code === 'forbidden' ? 403 : 400);
      }
    });

    app.post('/datasets/:id/uploads/:upload', async (request, reply) => {
      const { id, upload: uploadId } = request.params as { id: string; upload: string };
      const body = request.body as Body;
      const { dataset, upload } = await requireUpload(request.ctx, id, uploadId);
      try {
        await editUploadSchema(request.ctx, id, uploadId, schemaFromForm(body, upload.schema as TableSchema));
        if (body.action === 'publish') await publishUpload(request.ctx, id, uploadId);
        return seeOther(reply, `/datasets/${id}/uploads/${uploadId}`);
      } catch (error) {
        const errors = formErrors(error);
        const fresh = (await requireUpload(request.ctx, id, uploadId)).upload;
        return sendPage(reply, <UploadPage c={pageContextOf(request)} dataset={await datasetView(request.ctx, dataset, base)} upload={await uploadView(request.ctx, fresh)} errors={errors} />, 400);
      }
    });
  };
}
