import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { invalid } from '../core/errors.ts';
import type { Platform } from '../platform.ts';
import { catalogPage } from './catalog.ts';
import { toJsonLd, toTurtle } from './dcat.ts';

const CatalogQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  modified_since: Type.Optional(Type.String({ description: 'Fecha u hora ISO 8601 / ISO 8601 date or time' })),
});

/** The catalog as linked data (DCAT-AP 3): Turtle and JSON-LD, paged with Hydra and filterable. */
export function linkedRoutes(platform: Platform): FastifyPluginAsync {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    for (const format of ['ttl', 'jsonld'] as const) {
      app.get(`/catalog.${format}`, {
        schema: { tags: ['datos enlazados'], summary: `Catálogo DCAT-AP 3 en ${format === 'ttl' ? 'Turtle' : 'JSON-LD'}, paginado (Hydra) y filtrable / DCAT-AP 3 catalog`, querystring: CatalogQuery },
      }, async (request, reply) => {
        const since = request.query.modified_since ? new Date(request.query.modified_since) : undefined;
        if (since && Number.isNaN(since.getTime())) throw invalid({ es: '«modified_since» debe ser una fecha ISO 8601.', en: '"modified_since" must be an ISO 8601 date.' }, [{ field: 'modified_since', message: { es: 'Fecha inválida.', en: 'Invalid date.' } }]);
        const page = await catalogPage(request.ctx, platform.config.baseUrl, { page: request.query.page ?? 1, perPage: request.query.per_page ?? 100, ...(request.query.q ? { q: request.query.q } : {}), ...(since ? { modifiedSince: since } : {}) });
        if (format === 'ttl') return reply.type('text/turtle; charset=utf-8').send(await toTurtle(page.quads));
        return reply.type('application/ld+json; charset=utf-8').send(JSON.stringify(await toJsonLd(page.quads)));
      });
    }
  };
}
