import type { FastifyInstance } from 'fastify';

/** A fetch that goes through the application's real routing without sockets (for clients under test). */
export function injectFetch(app: FastifyInstance, base = 'http://localhost:8080'): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.origin !== new URL(base).origin) throw new Error(`unexpected host ${url.origin}`);
    const response = await app.inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers: (init?.headers ?? {}) as Record<string, string>,
      ...(init?.body ? { payload: init.body as string } : {}),
    });
    return new Response(new Uint8Array(response.rawPayload), { status: response.statusCode, headers: response.headers as Record<string, string> });
  }) as typeof fetch;
}
