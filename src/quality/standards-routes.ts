import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { policy } from '../catalog/access.ts';
import { invalid } from '../core/errors.ts';
import { isPublished } from '../publish/datasets.ts';
import { codeListQuads, schemaStandardQuads } from '../linked/skos.ts';
import { negotiateRdf, sendRdf } from '../linked/serialize.ts';
import type { Context } from '../store/context.ts';
import type { DatasetRow } from '../store/schema.ts';
import { createStandard, listStandards, publishStandardVersion, requireStandard, standardDatasets, standardVersion } from './standards.ts';

const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** Whoever may read a dataset sees its conformance: open published datasets, and the entity's own. */
export const readableBy = (ctx: Context) => (d: DatasetRow) => (d.access_level === 'public' && isPublished(d)) || policy.readNonPublic(ctx.actor, d.entity_id);

/** Which form a standard version is asked in: ?format= (json, csv, ttl, jsonld, rdf) or Accept; JSON by default. */
export function standardFormat(request: FastifyRequest): 'json' | 'csv' | ReturnType<typeof negotiateRdf> {
  const format = String((request.query as { format?: string }).format ?? '').toLowerCase();
  if (format === 'csv' || (!format && /text\/csv/.test(String(request.headers.accept ?? '')))) return 'csv';
  if (format === 'json') return 'json';
  const rdf = negotiateRdf(request);
  if (format && !rdf) throw invalid({ es: 'Formato desconocido: json, csv, ttl, jsonld o rdf.', en: 'Unknown format: json, csv, ttl, jsonld or rdf.' });
  return rdf ?? 'json';
}

/** A standard's version in JSON (the Table Schema, or the code list's rows), CSV (code lists) or RDF (SKOS / dct:Standard). */
export async function sendStandardVersion(ctx: Context, reply: FastifyReply, baseUrl: string, id: string, version: string, format: ReturnType<typeof standardFormat>) {
  const v = await standardVersion(ctx, id, version);
  reply.header('vary', 'accept').header('access-control-allow-origin', '*');
  if (format === 'csv') {
    if (!v.rows) throw invalid({ es: 'Solo las listas de códigos se sirven en CSV; el esquema está en JSON.', en: 'Only code lists are served as CSV; the schema is JSON.' });
    const header = v.broader ? 'codigo,nombre,superior' : 'codigo,nombre';
    return reply.type('text/csv; charset=utf-8').send([header, ...v.rows.map((r) => [r.codigo, r.nombre, ...(v.broader ? [r.superior ?? ''] : [])].map(csvCell).join(','))].join('\r\n') + '\r\n');
  }
  if (format && format !== 'json') {
    const meta = { id, title: v.standard.title, description: v.standard.description, version: v.version };
    return sendRdf(reply, v.rows ? codeListQuads(baseUrl, { ...meta, rows: v.rows, broader: v.broader }) : schemaStandardQuads(baseUrl, meta), format);
  }
  if (v.schema) return reply.send(v.schema);
  return reply.send({ id, version: v.version, title: v.standard.title, broader: v.broader, rows: v.rows });
}

const StandardParams = Type.Object({ id: Type.String() });

/** The registry's JSON API: list, read (any format), and for the national data office create and publish versions. */
export function standardsRoutes(baseUrl: string): FastifyPluginAsync {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/standards', { schema: { tags: ['estándares'], summary: 'Estándares de registros administrativos: esquemas y listas de códigos / Standards for administrative records' } }, async (request) => {
      return { results: (await listStandards(request.ctx)).map((s) => ({ ...s, links: { page: `${baseUrl}/standards/${s.id}`, latest: s.latest ? `${baseUrl}/api/v1/standards/${s.id}/${s.latest}` : null } })) };
    });
    app.post('/standards', {
      schema: { tags: ['estándares'], summary: 'Crear un estándar (oficina nacional de datos) / Create a standard (national data office)', body: Type.Object({ id: Type.String(), kind: Type.String(), title: Type.String(), description: Type.Optional(Type.String()) }) },
    }, async (request, reply) => reply.code(201).header('location', `/api/v1/standards/${request.body.id}`).send(await createStandard(request.ctx, request.body)));
    app.get('/standards/:id', { schema: { tags: ['estándares'], summary: 'Un estándar, sus versiones y los conjuntos que declaran seguirlo / A standard, its versions and the datasets declaring it', params: StandardParams } }, async (request) => {
      const standard = await requireStandard(request.ctx, request.params.id);
      return { ...standard, datasets: await standardDatasets(request.ctx, standard.id, readableBy(request.ctx)) };
    });
    app.post('/standards/:id/versions', {
      schema: { tags: ['estándares'], summary: 'Publicar una versión (Table Schema o filas de la lista) / Publish a version', params: StandardParams, body: Type.Object({ version: Type.String(), schema: Type.Optional(Type.Unknown()), rows: Type.Optional(Type.Array(Type.Unknown())), notes: Type.Optional(Type.String()) }) },
    }, async (request, reply) => {
      const published = await publishStandardVersion(request.ctx, request.params.id, request.body);
      return reply.code(201).header('location', `/api/v1/standards/${request.params.id}/${published.version}`).send(published);
    });
    app.get('/standards/:id/:version', {
      schema: { tags: ['estándares'], summary: 'Una versión: JSON, CSV (listas) o SKOS en RDF (?format= o Accept) / A version as JSON, CSV or SKOS', params: Type.Object({ id: Type.String(), version: Type.String() }), querystring: Type.Object({ format: Type.Optional(Type.String()) }) },
    }, async (request, reply) => sendStandardVersion(request.ctx, reply, baseUrl, request.params.id, request.params.version, standardFormat(request)));
  };
}
