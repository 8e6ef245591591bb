import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Quad } from 'n3';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { invalid } from '../core/errors.ts';
import type { Platform } from '../platform.ts';
import { requireDataset, requireRelease } from '../publish/datasets.ts';
import { convertRelease, csvwMetadata } from './csvw/release.ts';
import { catalogPage, datasetGraph } from './catalog.ts';
import { dataJson } from './datajson.ts';
import { negotiateRdf, RDF_FORMATS, sendRdf, type RdfFormat } from './serialize.ts';

const CatalogQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  modified_since: Type.Optional(Type.String({ description: 'Fecha u hora ISO 8601 / ISO 8601 date or time' })),
});

const CATALOG_FORMATS: Record<string, RdfFormat> = { ttl: 'ttl', jsonld: 'jsonld', rdf: 'rdf' };
const FORMAT_NAMES: Record<RdfFormat, string> = { ttl: 'Turtle', jsonld: 'JSON-LD', rdf: 'RDF/XML', nt: 'N-Triples' };

/** The catalog as linked data (DCAT-AP 3), paged with Hydra and filterable, and each dataset's stable URI. */
export function linkedRoutes(platform: Platform): FastifyPluginAsync {
  const base = platform.config.baseUrl;
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    for (const [extension, format] of Object.entries(CATALOG_FORMATS)) {
      app.get(`/catalog.${extension}`, {
        schema: { tags: ['datos enlazados'], summary: `Catálogo DCAT-AP 3 en ${FORMAT_NAMES[format]}, paginado (Hydra) y filtrable / DCAT-AP 3 catalog in ${FORMAT_NAMES[format]}`, querystring: CatalogQuery },
      }, async (request, reply) => {
        const since = request.query.modified_since ? new Date(request.query.modified_since) : undefined;
        if (since && Number.isNaN(since.getTime())) throw invalid({ es: '«modified_since» debe ser una fecha ISO 8601.', en: '"modified_since" must be an ISO 8601 date.' }, [{ field: 'modified_since', message: { es: 'Fecha inválida.', en: 'Invalid date.' } }]);
        const page = await catalogPage(request.ctx, base, { page: request.query.page ?? 1, perPage: request.query.per_page ?? 100, format: extension, ...(request.query.q ? { q: request.query.q } : {}), ...(since ? { modifiedSince: since } : {}) });
        return sendRdf(reply, page.quads, format);
      });
    }

    // The catalog's URI: RDF to programs, the dataset list to people.
    app.get('/catalog', { schema: { tags: ['datos enlazados'], summary: 'URI del catálogo (redirige a /catalog.ttl, .jsonld, .rdf o a /datasets) / Catalog URI' } }, async (request, reply) => {
      const format = negotiateRdf(request);
      reply.header('vary', 'accept');
      return reply.code(303).redirect(format === 'jsonld' ? '/catalog.jsonld' : format === 'rdf' ? '/catalog.rdf' : format ? '/catalog.ttl' : '/datasets');
    });

    app.get('/data.json', {
      schema: { tags: ['datos enlazados'], summary: 'Catálogo en DCAT-US 1.1 (data.json de Project Open Data) / The catalog as DCAT-US 1.1 data.json' },
    }, async (request, reply) => reply.type('application/json; charset=utf-8').send(JSON.stringify(await dataJson(request.ctx, base))));

    const releaseOf = async (request: FastifyRequest, id: string, number: string | undefined) => {
      const { dataset, release } = await requireRelease(request.ctx, id, number === undefined || number === 'latest' ? 'latest' : Number(number));
      const entity = await request.ctx.db.selectFrom('entities').select(['nit', 'name']).where('id', '=', dataset.entity_id).executeTakeFirstOrThrow();
      return { dataset, release, entity };
    };

    // CSV on the Web: each release's CSV has its metadata beside it ({+url}-metadata.json, and the Link header).
    app.get('/api/v1/datasets/:id/releases/:number/data.csv-metadata.json', {
      schema: { tags: ['datos enlazados'], summary: 'Metadatos CSVW del CSV de una versión (desde su Table Schema) / CSVW metadata of a release CSV', params: Type.Object({ id: Type.String(), number: Type.String() }) },
    }, async (request, reply) => {
      const { dataset, release, entity } = await releaseOf(request, request.params.id, request.params.number);
      return reply.type('application/csvm+json; charset=utf-8').header('access-control-allow-origin', '*').send(JSON.stringify(csvwMetadata(dataset, entity, release, base), null, 2));
    });

    app.get('/dataset/:id/csvw', {
      schema: {
        tags: ['datos enlazados'],
        summary: 'CSV → JSON o RDF según CSV on the Web (modo standard o minimal) / CSV to JSON or RDF by CSVW',
        params: Type.Object({ id: Type.String() }),
        querystring: Type.Object({ format: Type.Optional(Type.String({ description: 'json (por defecto), ttl, jsonld, rdf o nt' })), mode: Type.Optional(Type.Union([Type.Literal('standard'), Type.Literal('minimal')])), release: Type.Optional(Type.String()) }),
      },
    }, async (request, reply) => {
      const { dataset, release, entity } = await releaseOf(request, request.params.id, request.query.release);
      const minimal = request.query.mode === 'minimal';
      const rdf = request.query.format === 'json' ? null : negotiateRdf(request);
      if (request.query.format && request.query.format !== 'json' && !rdf) throw invalid({ es: 'Formato desconocido: json, ttl, jsonld, rdf o nt.', en: 'Unknown format: json, ttl, jsonld, rdf or nt.' }, [{ field: 'format', message: { es: 'Formato desconocido.', en: 'Unknown format.' } }]);
      reply.header('vary', 'accept').header('link', `<${base}/api/v1/datasets/${dataset.id}/releases/${release.number}/data.csv-metadata.json>; rel="describedby"; type="application/csvm+json"`);
      if (rdf) return sendRdf(reply, (await convertRelease(request.ctx, dataset, entity, release, base, 'rdf', minimal)) as Quad[], rdf);
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(await convertRelease(request.ctx, dataset, entity, release, base, 'json', minimal)));
    });

    // The dataset's URI: RDF for linked-data clients, and people (HTML) are sent to its page.
    app.get('/dataset/:id', {
      schema: {
        tags: ['datos enlazados'],
        summary: `URI del conjunto: DCAT-AP 3 (${Object.values(RDF_FORMATS).join(', ')}) por negociación de contenido o ?format=; HTML redirige a la página / Dataset URI with content negotiation`,
        params: Type.Object({ id: Type.String() }),
        querystring: Type.Object({ format: Type.Optional(Type.String()) }),
      },
    }, async (request, reply) => {
      const dataset = await requireDataset(request.ctx, request.params.id);
      const format = negotiateRdf(request);
      if (format) return sendRdf(reply, await datasetGraph(request.ctx, dataset.id, base), format);
      reply.header('vary', 'accept');
      return reply.code(303).redirect(`/datasets/${dataset.id}`);
    });
  };
}
