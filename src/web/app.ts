import { getEntity } from '../catalog/entities.ts';
import { systemActor } from '../core/actor.ts';
import { nitPath } from './format.ts';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import staticFiles from '@fastify/static';
import { PROJECT_ROOT } from '../core/config.ts';
import { catalogRoutes } from '../catalog/routes.ts';
import { publishRoutes } from '../publish/routes.ts';
import { qualityRoutes } from '../quality/routes.ts';
import { privacyRoutes } from '../privacy/routes.ts';
import { linkedRoutes } from '../linked/routes.ts';
import { sodaRoutes } from '../compat/soda.ts';
import { ckanRoutes } from '../compat/ckan/routes.ts';
import { harvestRoutes } from '../linked/harvest/routes.ts';
import { standardsRoutes } from '../quality/standards-routes.ts';
import { exchangeRoutes } from '../exchange/routes.ts';
import { ledgerApiRoutes, ledgerProtocolRoutes } from '../ledger/routes.ts';
import type { Platform } from '../platform.ts';
import { httpSession, pageContextOf, registerAuth } from './auth.ts';
import { errorBody, toAppError } from './http-errors.ts';
import { invalid } from '../core/errors.ts';
import { holdsNul } from './nul.ts';
import { sendPage } from './render.tsx';
import { ErrorPage } from './pages/error-page.tsx';
import { pageRoutes } from './pages/index.tsx';
import { docsRoutes } from './pages/docs.tsx';

const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function wantsJson(url: string, accept: string | undefined): boolean {
  // The ledger's protocol endpoints answer machines; its pages (/ledger, /ledger/entry/…) answer people.
  const ledgerProtocol = url.startsWith('/ledger/') && !url.startsWith('/ledger/entry/');
  // Linked-data endpoints answer programs too, unless a browser asks.
  const linkedData = /^\/(sparql|catalog\.|data\.json|dataset\/)/.test(url) && !accept?.includes('text/html');
  return url.startsWith('/api/') || ledgerProtocol || linkedData || url === '/healthz' || (!!accept && accept.includes('application/json') && !accept.includes('text/html'));
}

/** The HTTP application: the JSON API of every module, the pages, and the plumbing they share. */
export async function createHttpApp(platform: Platform, options: { loggerInstance?: FastifyServerOptions['loggerInstance'] } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: false }),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: 'array', allErrors: true, removeAdditional: false } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });

  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: platform.config.maxUploadBytes, files: 1, fields: 30, fieldSize: 256 * 1024 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'infradatos API',
        version: '1',
        description: 'API de infradatos: inventario de activos de información del Estado, búsqueda, entidades y cuentas. / The infradatos API: the State’s information-asset inventory, search, entities and accounts.',
      },
      servers: [{ url: platform.config.baseUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Token de API (idt_…) creado en /account. / API token (idt_…) created at /account.' },
          session: { type: 'apiKey', in: 'cookie', name: 'infradatos_session' },
        },
      },
    },
    hideUntagged: true,
  });
  await app.register(staticFiles, { root: path.join(PROJECT_ROOT, 'src/web/static'), prefix: '/static/', maxAge: '1h', index: false });

  // A NUL character cannot be stored (PostgreSQL text) nor mean anything in a URL or a form: refused at the door.
  app.addHook('preValidation', async (request) => {
    if (/%00|\u0000/i.test(request.url) || holdsNul(request.body)) {
      throw invalid({ es: 'La solicitud contiene un carácter nulo (NUL), que no se admite.', en: 'The request contains a null (NUL) character, which is not accepted.' });
    }
  });
  const cookies = registerAuth(app, platform);

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', CSP);
    return payload;
  });

  app.setErrorHandler((error, request, reply) => {
    const { appError, unexpected } = toAppError(error);
    if (unexpected) request.log.error({ err: error }, 'unexpected error');
    else request.log.info({ code: appError.code, msg: appError.message }, 'request refused');
    // Busy or out of memory: the same request may succeed in a moment.
    if (appError.code === 'unavailable' || appError.code === 'rate_limited') reply.header('retry-after', String((appError as { retryAfter?: number }).retryAfter ?? 5));
    if (wantsJson(request.url, request.headers.accept)) return reply.code(appError.status).send(errorBody(appError));
    return sendPage(reply, ErrorPage({ c: pageContextOf(request), error: appError }), appError.status);
  });

  app.setNotFoundHandler((request, reply) => {
    const error = toAppError(Object.assign(new Error('Not found'), { statusCode: 404 })).appError;
    const notFound = Object.assign(error, {
      messages: { es: `No existe la dirección ${request.url.split('?')[0]}.`, en: `There is nothing at ${request.url.split('?')[0]}.` },
    });
    if (wantsJson(request.url, request.headers.accept)) return reply.code(404).send(errorBody(notFound));
    return sendPage(reply, ErrorPage({ c: pageContextOf(request), error: notFound }), 404);
  });

  // Healthy means able to serve: the database answers.
  app.get('/healthz', async (request, reply) => {
    try {
      await sql`SELECT 1`.execute(platform.store.db);
      return { status: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'health check failed');
      return reply.code(503).send({ status: 'error', reason: 'database' });
    }
  });

  await app.register(catalogRoutes(platform, httpSession(platform, cookies)), { prefix: '/api/v1' });
  await app.register(publishRoutes(platform), { prefix: '/api/v1' });
  await app.register(qualityRoutes(platform), { prefix: '/api/v1' });
  await app.register(privacyRoutes(), { prefix: '/api/v1' });
  await app.register(harvestRoutes(), { prefix: '/api/v1' });
  await app.register(standardsRoutes(platform.config.baseUrl), { prefix: '/api/v1' });
  await app.register(exchangeRoutes(platform.signer), { prefix: '/api/v1' });
  await app.register(linkedRoutes(platform));
  await app.register(sodaRoutes(platform));
  await app.register(ckanRoutes(platform));
  const witnessNamespaces = async (entityId: string) => {
    const entity = await getEntity(platform.context(systemActor('ledger')), nitPath(entityId));
    return [...(entity.website ? [new URL(entity.website).hostname.replace(/^www\./, '')] : []), entity.nit];
  };
  await app.register(ledgerApiRoutes({ db: platform.store.db, signer: platform.signer, witnessNamespaces }), { prefix: '/api/v1' });
  await app.register(ledgerProtocolRoutes(platform.store.db, platform.signer), { prefix: '/ledger' });
  await app.register(docsRoutes, { prefix: '/api' });
  await app.register(pageRoutes(platform, cookies));
  return app;
}
