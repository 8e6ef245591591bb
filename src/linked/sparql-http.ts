import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Parser } from 'n3';
import { AppError, invalid } from '../core/errors.ts';
import type { SparqlDataset } from './sparql-engine.ts';
import type { WorkerResult } from './sparql-protocol.ts';
import { RESULT_FORMATS, serializeBindings, serializeBoolean, type ResultFormat } from './sparql-results.ts';
import { acceptedTypes, negotiateRdf, RDF_FORMATS, sendRdf, type RdfFormat } from './serialize.ts';

const QUERY_TYPE = 'application/sparql-query';
const UPDATE_TYPE = 'application/sparql-update';
const FORM_TYPE = 'application/x-www-form-urlencoded';
export const SPARQL_BODY_LIMIT = 1024 * 1024;

/** What a SPARQL protocol request asks: the query (none means the service description) and its dataset. */
export interface SparqlRequest {
  query: string | null;
  dataset: SparqlDataset;
}

const readOnly = () => new AppError('forbidden', {
  es: 'Este punto SPARQL es de solo lectura: no acepta operaciones de actualización (update).',
  en: 'This SPARQL endpoint is read-only: update operations are not accepted.',
});

const values = (raw: unknown): string[] => (raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)]);

/** Direct POST bodies (application/sparql-query and -update) arrive as bytes, checked for UTF-8 in the handler. */
export function registerSparqlBodies(app: FastifyInstance) {
  app.addContentTypeParser([QUERY_TYPE, UPDATE_TYPE], { parseAs: 'buffer', bodyLimit: SPARQL_BODY_LIMIT }, (_request, body, done) => done(null, body));
}

function mediaType(request: FastifyRequest): { type: string; charset: string | null } {
  const [type = '', ...params] = String(request.headers['content-type'] ?? '').toLowerCase().split(';').map((p) => p.trim());
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '') ?? null;
  return { type, charset };
}

/**
 * Reads a request as the SPARQL 1.1 Protocol defines it: GET with `query`, POST as a URL-encoded form or
 * directly as application/sparql-query in UTF-8; the dataset from default-graph-uri / named-graph-uri.
 * Whatever else is a client error: several queries, updates (read-only), other media types or charsets.
 */
export function readSparqlRequest(request: FastifyRequest): SparqlRequest {
  const url = (request.query ?? {}) as Record<string, unknown>;
  let params: Record<string, unknown> = url;
  let direct: string | null = null;
  if (request.method === 'POST') {
    const { type, charset } = mediaType(request);
    if (type === FORM_TYPE) params = { ...url, ...(request.body as Record<string, unknown>) };
    else if (type === QUERY_TYPE || type === UPDATE_TYPE) {
      if (charset && charset !== 'utf-8' && charset !== 'utf8') {
        throw new AppError('unsupported_media_type', { es: `El cuerpo debe estar en UTF-8; se declaró ${charset}.`, en: `The body must be UTF-8; ${charset} was declared.` });
      }
      if (type === UPDATE_TYPE) throw readOnly();
      try {
        direct = new TextDecoder('utf-8', { fatal: true }).decode(request.body as Buffer);
      } catch {
        throw invalid({ es: 'El cuerpo no es UTF-8 válido.', en: 'The body is not valid UTF-8.' });
      }
    } else {
      throw new AppError('unsupported_media_type', {
        es: `Una consulta por POST se envía como ${FORM_TYPE} o ${QUERY_TYPE}; se recibió «${type || 'sin tipo'}».`,
        en: `A POST query is sent as ${FORM_TYPE} or ${QUERY_TYPE}; got "${type || 'no type'}".`,
      });
    }
  }
  if (params.update !== undefined) throw readOnly();
  const queries = values(params.query);
  if (direct !== null && queries.length) throw invalid({ es: 'La consulta va en el cuerpo o en «query», no en ambos.', en: 'The query goes in the body or in "query", not both.' });
  if (queries.length > 1) throw invalid({ es: 'Se recibió más de una consulta («query» repetido).', en: 'More than one query was sent ("query" repeated).' }, [{ field: 'query', message: { es: 'Una sola consulta por solicitud.', en: 'One query per request.' } }]);
  const query = direct ?? queries[0] ?? null;
  if (query !== null && Buffer.byteLength(query) > SPARQL_BODY_LIMIT) throw new AppError('payload_too_large', { es: 'La consulta supera 1 MB.', en: 'The query exceeds 1 MB.' });
  return { query, dataset: { defaultGraphs: values(params['default-graph-uri']), namedGraphs: values(params['named-graph-uri']) } };
}

const TABULAR_TYPES: Record<string, ResultFormat> = {
  'application/sparql-results+json': 'json', 'application/json': 'json', 'application/sparql-results+xml': 'xml',
  'application/xml': 'xml', 'text/xml': 'xml', 'text/csv': 'csv', 'text/tab-separated-values': 'tsv',
};

/** Whether a person (a browser) asked: HTML before any result format in Accept, and no ?format=. */
export function wantsHtml(request: FastifyRequest): boolean {
  if ((request.query as { format?: string }).format) return false;
  for (const type of acceptedTypes(String(request.headers.accept ?? ''))) {
    if (type === 'text/html' || type === 'application/xhtml+xml') return true;
    if (TABULAR_TYPES[type] || Object.values(RDF_FORMATS).includes(type as never)) return false;
  }
  return false;
}

/** The result format for SELECT/ASK: ?format= first, then Accept; JSON by default. */
function tabularFormat(request: FastifyRequest): ResultFormat {
  const format = String((request.query as { format?: string }).format ?? '').toLowerCase();
  if (format in RESULT_FORMATS) return format as ResultFormat;
  for (const type of acceptedTypes(String(request.headers.accept ?? ''))) if (TABULAR_TYPES[type]) return TABULAR_TYPES[type];
  return 'json';
}

/** Writes a result in the negotiated format; a truncated result says so in a header. */
export async function sendSparqlResult(request: FastifyRequest, reply: FastifyReply, result: WorkerResult, maxResults: number) {
  reply.header('vary', 'accept');
  if (result.kind !== 'boolean' && result.truncated) reply.header('x-sparql-truncated', String(maxResults));
  if (result.kind === 'graph') {
    const format: RdfFormat = negotiateRdf(request) ?? 'ttl';
    return sendRdf(reply, new Parser({ format: 'N-Triples' }).parse(result.ntriples), format);
  }
  const format = tabularFormat(request);
  if (result.kind === 'boolean') {
    const booleanFormat = format === 'xml' ? 'xml' : 'json';
    return reply.type(`${RESULT_FORMATS[booleanFormat]}; charset=utf-8`).send(serializeBoolean(result.value, booleanFormat));
  }
  return reply.type(`${RESULT_FORMATS[format]}; charset=utf-8`).send(serializeBindings(result.vars, result.bindings, format));
}

const SD = 'http://www.w3.org/ns/sparql-service-description#';

/** The SPARQL 1.1 Service Description, returned for a GET without a query. */
export function serviceDescription(baseUrl: string): string {
  const endpoint = `<${baseUrl}/sparql>`;
  const formats = ['SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV', 'Turtle', 'RDF_XML', 'N-Triples', 'JSON-LD']
    .map((f) => `<http://www.w3.org/ns/formats/${f}>`).join(', ');
  return `@prefix sd: <${SD}> .
@prefix dct: <http://purl.org/dc/terms/> .
${endpoint} a sd:Service ;
  sd:endpoint ${endpoint} ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:resultFormat ${formats} ;
  sd:defaultDataset [ a sd:Dataset ; dct:description "La fusión (merge RDF) de los grafos: el catálogo (<${baseUrl}/catalog>) y un grafo por conjunto abierto, nombrado con su URI (DCAT-AP 3 y su informe de calidad en DQV)."@es, "The RDF merge of the graphs: the catalogue and one graph per open dataset, named by its URI (DCAT-AP 3 and its quality report in DQV)."@en ] .
`;
}
