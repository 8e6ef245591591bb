import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, type Actor } from '../core/actor.ts';
import { AppError } from '../core/errors.ts';
import { DEFAULT_LANG, isLang, langFromAcceptLanguage, type Lang } from '../core/i18n.ts';
import { actorFromSession, checkCsrf, csrfTokenFor, SESSION_HOURS } from '../catalog/sessions.ts';
import { actorFromApiToken } from '../catalog/tokens.ts';
import type { Context } from '../store/context.ts';
import type { Platform } from '../platform.ts';
import { pageContext, type PageContext } from './page-context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    lang: Lang;
    ctx: Context;
    sessionToken: string | null;
    csrfToken: string;
  }
  interface FastifyContextConfig {
    /** The handler checks the CSRF token itself (multipart forms, whose fields arrive with the file). */
    csrfInHandler?: boolean;
    /** A POST that only reads (SPARQL queries), open to other sites like a GET. */
    readOnlyPost?: boolean;
  }
}

export interface CookieNames {
  session: string;
  lang: string;
  secure: boolean;
}

export function cookieNames(baseUrl: string): CookieNames {
  const secure = baseUrl.startsWith('https:');
  // The __Host- prefix binds the cookie to this exact host over HTTPS.
  return { session: secure ? '__Host-infradatos_session' : 'infradatos_session', lang: 'infradatos_lang', secure };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function setSessionCookie(reply: FastifyReply, names: CookieNames, token: string): void {
  reply.setCookie(names.session, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: names.secure, maxAge: SESSION_HOURS * 3600 });
}

export function clearSessionCookie(reply: FastifyReply, names: CookieNames): void {
  reply.clearCookie(names.session, { path: '/', httpOnly: true, sameSite: 'lax', secure: names.secure });
}

/** The session helpers handed to the modules' JSON routes (they do not import the web layer). */
export function httpSession(platform: Platform, names: CookieNames) {
  return {
    setCookie: (reply: FastifyReply, token: string) => setSessionCookie(reply, names, token),
    clearCookie: (reply: FastifyReply) => clearSessionCookie(reply, names),
    assertCsrf: (request: FastifyRequest, given: string | undefined) => assertCsrf(request, platform, given),
  };
}

export function pageContextOf(request: FastifyRequest): PageContext {
  return pageContext(request.lang, request.actor, request.csrfToken, request.url);
}

function csrfError(): AppError {
  return new AppError('forbidden', {
    es: 'La solicitud no trae un código de seguridad (CSRF) válido. Recargue la página e intente de nuevo.',
    en: 'The request does not carry a valid security (CSRF) token. Reload the page and try again.',
  });
}

/** Rejects a session-authenticated write without the session's CSRF token. */
export function assertCsrf(request: FastifyRequest, platform: Platform, given: string | undefined): void {
  if (request.actor.kind !== 'person' || request.actor.via !== 'session' || !request.sessionToken) return;
  if (!checkCsrf(platform.config.secret, request.sessionToken, given)) throw csrfError();
}

/**
 * Works out who is asking (API token, session cookie or nobody) and in which language, and guards
 * writes against cross-site requests: same-origin check for everyone, CSRF token for cookie sessions.
 */
export function registerAuth(app: FastifyInstance, platform: Platform): CookieNames {
  const names = cookieNames(platform.config.baseUrl);
  const ownOrigin = new URL(platform.config.baseUrl).origin;
  app.decorateRequest('actor', null as never);
  app.decorateRequest('lang', 'es');
  app.decorateRequest('ctx', null as unknown as Context);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', '');

  app.addHook('onRequest', async (request) => {
    const query = request.query as Record<string, unknown>;
    const cookieLang = request.cookies[names.lang];
    // Pages are Spanish unless the visitor chose English; API clients may also ask with Accept-Language.
    const negotiated = request.url.startsWith('/api/') ? langFromAcceptLanguage(request.headers['accept-language']) : DEFAULT_LANG;
    request.lang = isLang(query.lang) ? query.lang : isLang(cookieLang) ? cookieLang : negotiated;

    const now = platform.clock.now();
    // Bearer tokens; CKAN clients send the bare token in Authorization or in X-CKAN-API-Key.
    const authorization = request.headers.authorization ?? (request.headers['x-ckan-api-key'] as string | undefined);
    let actor: Actor = ANONYMOUS;
    if (authorization) {
      const parts = authorization.trim().split(/\s+/, 2);
      const token = parts.length === 1 ? parts[0] : parts[0]!.toLowerCase() === 'bearer' ? parts[1] : undefined;
      const found = token ? await actorFromApiToken(platform.store.db, token, now) : undefined;
      if (!found) {
        throw new AppError('unauthorized', {
          es: 'El token de la API no es válido, expiró o fue revocado.',
          en: 'The API token is invalid, expired or revoked.',
        });
      }
      actor = found;
    } else {
      const token = request.cookies[names.session];
      if (token) {
        const found = await actorFromSession(platform.store.db, token, now);
        if (found) {
          actor = found;
          request.sessionToken = token;
          request.csrfToken = csrfTokenFor(platform.config.secret, token);
        }
      }
    }
    request.actor = actor;
    request.ctx = platform.context(actor);
  });

  app.addHook('preHandler', async (request) => {
    if (!UNSAFE.has(request.method) || request.routeOptions.config?.readOnlyPost) return;
    const origin = request.headers.origin;
    const fetchSite = request.headers['sec-fetch-site'];
    const requestOrigin = `${request.protocol}://${request.host}`;
    if ((origin && origin !== 'null' && origin !== ownOrigin && origin !== requestOrigin) || fetchSite === 'cross-site') {
      throw new AppError('forbidden', {
        es: 'Se rechazó una solicitud enviada desde otro sitio web.',
        en: 'A request sent from another website was rejected.',
      });
    }
    if (request.routeOptions.config?.csrfInHandler) return;
    const body = request.body as Record<string, unknown> | undefined;
    const given = (request.headers['x-csrf-token'] as string | undefined) ?? (typeof body?._csrf === 'string' ? body._csrf : undefined);
    assertCsrf(request, platform, given);
  });
  return names;
}
