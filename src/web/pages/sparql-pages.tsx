import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Parser } from 'n3';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import { readSparqlRequest, registerSparqlBodies, sendSparqlResult, serviceDescription, wantsHtml } from '../../linked/sparql-http.ts';
import type { WorkerResult } from '../../linked/sparql-protocol.ts';
import { negotiateRdf, sendRdf, toTurtle } from '../../linked/serialize.ts';
import type { Platform } from '../../platform.ts';
import { pageContextOf } from '../auth.ts';
import { sendPage } from '../render.tsx';
import { SparqlPage } from './sparql.tsx';

/** /sparql: the SPARQL 1.1 Protocol for programs, and a query page for people (same URL, by Accept). */
export function sparqlPages(platform: Platform) {
  const base = platform.config.baseUrl;
  const limits = platform.linked.engine.limits;
  return async (app: FastifyInstance) => {
    registerSparqlBodies(app);

    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const html = wantsHtml(request);
      let asked;
      try {
        asked = readSparqlRequest(request);
      } catch (error) {
        if (!html || !(error instanceof AppError)) throw error;
        return sendPage(reply, <SparqlPage c={pageContextOf(request)} query="" result={null} turtle={null} errors={[{ field: 'query', message: error.messages }]} maxResults={limits.maxResults} baseUrl={base} />, error.status);
      }
      if (asked.query === null) {
        if (html) return sendPage(reply, <SparqlPage c={pageContextOf(request)} query="" result={null} turtle={null} errors={[]} maxResults={limits.maxResults} baseUrl={base} />);
        return sendRdf(reply, new Parser().parse(serviceDescription(base)), negotiateRdf(request) ?? 'ttl');
      }
      if (!html) return sendSparqlResult(request, reply, await platform.linked.query(request.ctx, asked.query, asked.dataset, request.ip), limits.maxResults);
      let result: WorkerResult | null = null;
      let errors: ErrorDetail[] = [];
      try {
        result = await platform.linked.query(request.ctx, asked.query, asked.dataset, request.ip);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors = error.details.length ? error.details : [{ field: 'query', message: error.messages }];
      }
      const turtle = result?.kind === 'graph' ? await toTurtle(new Parser({ format: 'N-Triples' }).parse(result.ntriples)) : null;
      return sendPage(reply, <SparqlPage c={pageContextOf(request)} query={asked.query} result={result} turtle={turtle} errors={errors} maxResults={limits.maxResults} baseUrl={base} />, errors.length ? 400 : 200);
    };

    app.get('/sparql', handle);
    app.post('/sparql', { config: { readOnlyPost: true } }, handle);
    // The protocol allows GET and POST only.
    app.route({
      method: ['PUT', 'DELETE', 'PATCH'],
      url: '/sparql',
      handler: async (_request, reply) => {
        reply.header('allow', 'GET, POST');
        throw new AppError('method_not_allowed', { es: 'El punto SPARQL acepta GET y POST.', en: 'The SPARQL endpoint accepts GET and POST.' });
      },
    });
  };
}
