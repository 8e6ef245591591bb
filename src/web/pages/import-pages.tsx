import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { demand, policy } from '../../catalog/access.ts';
import { ASSET_FIELDS } from '../../catalog/asset-fields.ts';
import { getEntity } from '../../catalog/entities.ts';
import { getImport, rerunImport } from '../../catalog/imports.ts';
import { receiveImport } from '../../catalog/routes.ts';
import type { Platform } from '../../platform.ts';
import { httpSession, pageContextOf, type CookieNames } from '../auth.ts';
import { sendPage } from '../render.tsx';
import { ImportFormPage, ImportPage } from './imports.tsx';
import { seeOther, type Body } from './forms.ts';

/** Pages of the inventory import: upload, progress and report, applying. */
export function importPages(platform: Platform, cookies: CookieNames) {
  return async (app: FastifyInstance) => {
    const maxMb = Math.round(platform.config.maxUploadBytes / 1048576);

    // Import
    app.get('/entities/:nit/import', async (request, reply) => {
      const entity = await getEntity(request.ctx, (request.params as { nit: string }).nit);
      demand(policy.writeAssets(request.actor, entity.id), request.actor);
      return sendPage(reply, <ImportFormPage c={pageContextOf(request)} entity={entity} maxMb={maxMb} errors={[]} />);
    });

    app.post('/entities/:nit/import', { config: { csrfInHandler: true } }, async (request, reply) => {
      const { nit } = request.params as { nit: string };
      const entity = await getEntity(request.ctx, nit);
      demand(policy.writeAssets(request.actor, entity.id), request.actor);
      try {
        const id = await receiveImport(Object.assign(request, { params: { key: nit } }), platform, httpSession(platform, cookies));
        return seeOther(reply, `/imports/${id}`);
      } catch (error) {
        if (error instanceof AppError && ['validation', 'payload_too_large', 'unsupported_media_type'].includes(error.code)) {
          return sendPage(reply, <ImportFormPage c={pageContextOf(request)} entity={entity} maxMb={maxMb} errors={error.details.length ? error.details : [{ field: 'file', message: error.messages }]} />, error.status);
        }
        throw error;
      }
    });

    app.get('/imports/:id', async (request, reply) => {
      const view = await getImport(request.ctx, (request.params as { id: string }).id);
      const canApply = policy.writeAssets(request.actor, view.entity.id);
      return sendPage(reply, <ImportPage c={pageContextOf(request)} view={view} canApply={canApply} />);
    });

    app.post('/imports/:id/rerun', async (request, reply) => {
      const body = request.body as Body;
      const mapping: Record<string, string> = {};
      for (const [key, value] of Object.entries(body)) if (key.startsWith('map:')) mapping[key.slice(4)] = String(value ?? '');
      const id = await rerunImport(request.ctx, (request.params as { id: string }).id, { dryRun: body.dry_run !== 'false', mapping });
      return seeOther(reply, `/imports/${id}`);
    });

    app.get('/import-template.csv', async (request, reply) => {
      const header = ASSET_FIELDS.map((f) => `"${f.label[request.lang].replace(/"/g, '""')}"`).join(',');
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="plantilla-registro-activos.csv"').send(`\ufeff${header}\r\n`);
    });

  };
}
