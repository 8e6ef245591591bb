import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Platform } from '../platform.ts';
import { negotiateRdf, sendRdf, type RdfFormat } from '../linked/serialize.ts';
import { reportQuads } from './dqv.ts';
import { CODE_LISTS, codeListCsv, codeListResource, codeListUrl } from './code-lists.ts';
import { notFound } from '../core/errors.ts';
import { QUALITY_REFRESH_JOB } from './job-kinds.ts';
import { RULES as CRITERION_RULES } from './criteria.ts';
import { DEFAULT_RULES, loadRules, saveRules } from './rules.ts';
import { datasetQuality, qualitySummary, requestReport } from './service.ts';

const DatasetId = Type.Object({ id: Type.String({ description: 'Identificador de cuatro por cuatro / four-by-four id' }) });

async function sendDqv(platform: Platform, request: FastifyRequest, reply: FastifyReply, datasetId: string, format: RdfFormat) {
  const { report, history } = await datasetQuality(request.ctx, datasetId);
  return sendRdf(reply, report ? reportQuads(report, platform.config.baseUrl, history.at(-1)!.id) : [], format);
}

/** Quality's JSON API: each dataset's report (also as W3C DQV), national and entity summaries, and the rules. */
export function qualityRoutes(platform: Platform): FastifyPluginAsync {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    const base = platform.config.baseUrl;

    app.get('/datasets/:id/quality', {
      schema: { tags: ['calidad'], summary: 'Informe de calidad vigente e historia; text/turtle o application/ld+json dan W3C DQV / Current quality report and history; DQV in RDF by content negotiation', params: DatasetId, querystring: Type.Object({ format: Type.Optional(Type.String({ description: 'json (por defecto), ttl, jsonld, rdf o nt' })) }) },
    }, async (request, reply) => {
      const format = negotiateRdf(request);
      if (format) return sendDqv(platform, request, reply, request.params.id, format);
      reply.header('vary', 'accept');
      const { report, history, pending } = await datasetQuality(request.ctx, request.params.id);
      const api = `${base}/api/v1/datasets/${request.params.id}/quality`;
      return { dataset_id: request.params.id, pending, report, history, links: { page: `${base}/datasets/${request.params.id}/quality`, dqv_turtle: `${api}?format=ttl`, dqv_jsonld: `${api}?format=jsonld`, rules: `${base}/api/v1/quality/rules` } };
    });

    app.post('/datasets/:id/quality', {
      schema: { tags: ['calidad'], summary: 'Recalcular el informe ahora, verificando de nuevo los enlaces / Recompute the report now, checking links again', params: DatasetId },
    }, async (request, reply) => {
      await requestReport(request.ctx, request.params.id);
      return reply.code(202).send({ dataset_id: request.params.id, pending: true });
    });

    app.get('/code-lists', {
      schema: { tags: ['calidad'], summary: 'Listas de códigos compartidas a las que pueden apuntar las llaves foráneas / Shared code lists foreign keys may point to' },
    }, async () => ({ results: Object.entries(CODE_LISTS).map(([name, list]) => ({ name, title: list.label, field: list.field, csv: codeListUrl(base, name), resource: codeListResource(name, base) })) }));

    app.get('/code-lists/:file', {
      schema: { tags: ['calidad'], summary: 'Una lista de códigos en CSV / A code list as CSV', params: Type.Object({ file: Type.String() }) },
    }, async (request, reply) => {
      const name = request.params.file.replace(/\.csv$/, '');
      if (!CODE_LISTS[name]) throw notFound({ es: `la lista de códigos «${name}»`, en: `code list "${name}"` });
      return reply.type('text/csv; charset=utf-8').header('cache-control', 'public, max-age=3600').send(await codeListCsv(platform.store.db, name));
    });

    app.get('/quality', {
      schema: { tags: ['calidad'], summary: 'Calidad nacional y por entidad (promedios, bandas MQA, sellos) / National and per-entity quality' },
    }, async (request) => qualitySummary(request.ctx));

    app.get('/entities/:nit/quality', {
      schema: { tags: ['calidad'], summary: 'Calidad de los conjuntos de una entidad / Quality of an entity’s datasets', params: Type.Object({ nit: Type.String() }) },
    }, async (request) => {
      const summary = await qualitySummary(request.ctx, { entity: request.params.nit });
      return summary.entities[0] ?? { entity: null, ...summary.national };
    });

    app.get('/quality/rules', {
      schema: { tags: ['calidad'], summary: 'Reglas de puntajes y sellos vigentes, con las fórmulas / Scoring and seal rules in force, with the formulas' },
    }, async () => {
      const stored = await loadRules(platform.store.db);
      return { ...stored, defaults: DEFAULT_RULES, formulas: CRITERION_RULES };
    });

    app.put('/quality/rules', {
      schema: {
        tags: ['calidad'],
        summary: 'Cambiar las reglas (oficina nacional de datos); todos los conjuntos se recalculan / Change the rules (national data office); every dataset is recomputed',
        body: Type.Object({ version: Type.Integer({ minimum: 0 }), rules: Type.Record(Type.String(), Type.Unknown()) }),
      },
    }, async (request) => {
      const saved = await saveRules(request.ctx, request.body.rules, request.body.version);
      await platform.queue.enqueue({ kind: QUALITY_REFRESH_JOB, payload: { trigger: 'rules' } });
      return saved;
    });
  };
}
