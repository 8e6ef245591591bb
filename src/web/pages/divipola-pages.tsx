import type { FastifyInstance, FastifyRequest } from 'fastify';
import { policy } from '../../catalog/access.ts';
import { divipolaStatus, type DivipolaLoad } from '../../catalog/divipola.ts';
import { loadDivipolaUpload } from '../../catalog/routes.ts';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import type { Platform } from '../../platform.ts';
import { httpSession, pageContextOf, type CookieNames } from '../auth.ts';
import { sendPage } from '../render.tsx';
import { DivipolaPage } from './divipola.tsx';

/** /standards/divipola: the municipality list's state, and its loading by the national data office. */
export function divipolaPages(platform: Platform, cookies: CookieNames) {
  return async (app: FastifyInstance) => {
    const page = async (request: FastifyRequest, loaded: DivipolaLoad | null, errors: ErrorDetail[]) =>
      <DivipolaPage c={pageContextOf(request)} status={await divipolaStatus(platform.store.db)} canLoad={policy.loadCodeLists(request.actor)} loaded={loaded} errors={errors} />;

    app.get('/standards/divipola', async (request, reply) => sendPage(reply, await page(request, null, [])));

    app.post('/standards/divipola', { config: { csrfInHandler: true } }, async (request, reply) => {
      try {
        const loaded = await loadDivipolaUpload(request, httpSession(platform, cookies));
        return sendPage(reply, await page(request, loaded, []));
      } catch (error) {
        if (error instanceof AppError && ['validation', 'payload_too_large'].includes(error.code)) {
          return sendPage(reply, await page(request, null, error.details.length ? error.details : [{ field: 'file', message: error.messages }]), error.status);
        }
        throw error;
      }
    });
  };
}
