import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { AppError } from '../core/errors.ts';
import { fold } from '../core/text.ts';
import { noteUse } from '../quality/usage.ts';
import type { Platform } from '../platform.ts';
import { listDatasets, requireRelease } from '../publish/datasets.ts';
import type { TableSchema } from '../publish/table-schema.ts';
import type { Expr, SoqlQuery } from '../publish/soql/ast.ts';
import { compileSoql, sodaTypeOf, type CompiledQuery, type SodaType } from '../publish/soql/compile.ts';
import { SoqlError } from '../publish/soql/errors.ts';
import { parseParameters, parseQuery } from '../publish/soql/parse.ts';
import type { Context } from '../store/context.ts';

type Format = 'json' | 'csv' | 'geojson';

/** Longest a SODA request may run before it is interrupted (exports stream well within it). */
const QUERY_TIMEOUT_MS = 300_000;

/** Socrata writes numbers as strings and timestamps as floating ISO times with milliseconds. */
function sodaValue(value: unknown, type: SodaType): unknown {
  if (value === null || value === undefined) return undefined;
  if (type === 'number') return String(value);
  if (type === 'floating_timestamp') {
    const text = String(value);
    const [date, time = '00:00:00'] = text.split(/[ T]/);
    const [hms, fraction = ''] = time.split('.');
    return `${date}T${hms}.${(fraction + '000').slice(0, 3)}`;
  }
  return value;
}

const csvCell = (value: unknown) => {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

async function* render(batches: AsyncGenerator<Record<string, unknown>[]>, compiled: CompiledQuery, format: Format): AsyncGenerator<string> {
  {
    const names = compiled.columns.map((c) => c.name);
    const geometry = compiled.columns.find((c) => c.type === 'point')?.name;
    if (format === 'json') yield '[';
    if (format === 'csv') yield names.map(csvCell).join(',') + '\n';
    if (format === 'geojson') yield '{"type":"FeatureCollection","features":[';
    let first = true;
    for await (const rows of batches) {
      let out = '';
      for (const row of rows) {
        const values = compiled.columns.map((c) => sodaValue(row[c.name], c.type));
        if (format === 'csv') {
          out += values.map(csvCell).join(',') + '\n';
          continue;
        }
        const object: Record<string, unknown> = {};
        compiled.columns.forEach((c, i) => {
          if (values[i] !== undefined && c.name !== geometry) object[c.name] = values[i];
        });
        const item = format === 'json' ? object : { type: 'Feature', geometry: geometry && row[geometry] ? JSON.parse(String(row[geometry])) : null, properties: object };
        out += (first ? '\n' : ',\n') + JSON.stringify(item);
        first = false;
      }
      if (out) yield out;
    }
    if (format === 'json') yield '\n]\n';
    if (format === 'geojson') yield '\n]}\n';
  }
}

function socrataError(reply: FastifyReply, status: number, code: string, message: { es: string; en: string }) {
  return reply.code(status).send({ code, error: true, message: message.en, message_es: message.es, data: {} });
}

/** The query a SODA request asks for: $query, or $select/$where/… plus simple column=value filters. */
function soqlOf(query: Record<string, string>, schema: TableSchema): { soql: SoqlQuery; texts: Record<string, string> } {
  if (query.$query !== undefined) return { soql: parseQuery(query.$query), texts: { $select: query.$query, $where: query.$query, $group: query.$query, $having: query.$query, $order: query.$query } };
  const soql = parseParameters(query);
  const texts: Record<string, string> = { ...query };
  const filters: Expr[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('$')) continue;
    const field = schema.fields.find((f) => f.name === key);
    if (!field) throw new SoqlError('query.soql.no-such-column', { es: `No existe la columna «${key}»`, en: `No such column: ${key}` }, key, 0, key);
    filters.push({ kind: 'binary', op: '=', left: { kind: 'column', name: key, pos: 0 }, right: { kind: 'string', value, pos: 0 }, pos: 0 });
  }
  if (filters.length) {
    soql.where = [...(soql.where ? [soql.where] : []), ...filters].reduce((a, b) => ({ kind: 'binary', op: 'AND', left: a, right: b, pos: 0 }));
    texts.$where ??= '';
  }
  return { soql, texts };
}

async function resource(platform: Platform, request: FastifyRequest, reply: FastifyReply, ctx: Context, id: string, format: Format) {
  const { dataset, release } = await requireRelease(ctx, id, 'latest');
  const query = Object.fromEntries(Object.entries(request.query as Record<string, unknown>).filter(([k]) => k !== '$$app_token').map(([k, v]) => [k, String(v)]));
  const schema = release.schema as TableSchema;
  let compiled: CompiledQuery;
  try {
    const { soql, texts } = soqlOf(query, schema);
    compiled = compileSoql(soql, schema.fields, ctx.blobs.location(release.parquet_key), texts);
  } catch (error) {
    if (error instanceof SoqlError) return reply.code(400).send(error.body());
    throw error;
  }
  // The client went away: stop the query instead of computing rows nobody reads.
  const abort = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });
  let chunks: AsyncGenerator<string>;
  let first: IteratorResult<string>;
  try {
    const { batches } = await platform.soql.query({ sql: compiled.sql, params: compiled.params, untrusted: false, timeoutMs: QUERY_TIMEOUT_MS, signal: abort.signal });
    chunks = render(batches, compiled, format);
    first = await chunks.next();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'unavailable') {
      return socrataError(reply.header('retry-after', '5'), 503, 'service.unavailable', error.messages);
    }
    const cause = error.details[0]?.message ?? error.messages;
    const message = { es: cause.es.replaceAll(ctx.blobs.location(release.parquet_key), dataset.id), en: cause.en.replaceAll(ctx.blobs.location(release.parquet_key), dataset.id) };
    return socrataError(reply, 400, 'query.soql.type-mismatch', { es: `La consulta no es válida: ${message.es}`, en: `Invalid query: ${message.en}` });
  }
  reply
    .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : format === 'geojson' ? 'application/vnd.geo+json; charset=utf-8' : 'application/json; charset=utf-8')
    .header('x-soda2-fields', JSON.stringify(compiled.columns.map((c) => c.name)))
    .header('x-soda2-types', JSON.stringify(compiled.columns.map((c) => c.type)))
    .header('x-soda2-data-out-of-date', 'false')
    .header('last-modified', release.created_at.toUTCString())
    .header('access-control-allow-origin', '*');
  if (dataset.access_level !== 'public') reply.header('cache-control', 'private, no-store');
  return reply.send(Readable.from((async function* () {
    if (!first.done) yield first.value;
    yield* chunks;
  })()));
}

/** Socrata's column metadata for a release's schema. */
function sodaColumns(schema: TableSchema) {
  return schema.fields.map((f, i) => ({
    id: i + 1,
    name: f.title ?? f.name,
    fieldName: f.name,
    dataTypeName: sodaTypeOf(f),
    description: f.description ?? '',
    position: i + 1,
    renderTypeName: sodaTypeOf(f),
  }));
}

/** Socrata SODA 2.1: /resource, /api/views and /api/catalog/v1, so existing scripts keep working. */
export function sodaRoutes(platform: Platform): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const schema = { tags: ['socrata'], hide: false };
    app.get('/resource/:file', {
      schema: { ...schema, summary: 'Consulta SODA 2.1 con SoQL ($select, $where, $order, $group, $having, $limit, $offset, $q, $query) / SODA 2.1 query', description: 'Formatos .json, .csv y .geojson. Sin $limit devuelve 1.000 filas, como Socrata; cualquier $limit mayor se transmite completo. / Without $limit 1,000 rows, as Socrata; any larger $limit is streamed.' },
    }, async (request, reply) => {
      const file = (request.params as { file: string }).file;
      const match = /^([a-z0-9]{4}-[a-z0-9]{4})(?:\.(json|csv|geojson))?$/.exec(file);
      if (!match) return socrataError(reply, 404, 'not_found', { es: `No existe el recurso «${file}».`, en: `Resource "${file}" does not exist.` });
      const sent = await resource(platform, request, reply, request.ctx, match[1]!, (match[2] ?? 'json') as Format);
      if (reply.statusCode < 400) noteUse(request.ctx.db, match[1]!, 'api_calls', request, request.ctx.clock.now());
      return sent;
    });

    app.get('/api/views/:file', { schema: { ...schema, summary: 'Metadatos de un conjunto de datos al estilo Socrata / Socrata-style dataset metadata' } }, async (request) => {
      const id = (request.params as { file: string }).file.replace(/\.json$/, '');
      const { dataset, release } = await requireRelease(request.ctx, id, 'latest');
      const entity = await request.ctx.db.selectFrom('entities').select(['name']).where('id', '=', dataset.entity_id).executeTakeFirstOrThrow();
      return {
        id: dataset.id,
        name: dataset.title,
        description: dataset.description,
        attribution: entity.name,
        category: dataset.themes[0] ?? null,
        tags: dataset.keywords,
        license: dataset.licence ? { name: dataset.licence } : null,
        createdAt: Math.floor(dataset.created_at.getTime() / 1000),
        rowsUpdatedAt: Math.floor(release.created_at.getTime() / 1000),
        viewLastModified: Math.floor(dataset.updated_at.getTime() / 1000),
        displayType: 'table',
        viewType: 'tabular',
        columns: sodaColumns(release.schema as TableSchema),
        metadata: { rowCount: release.row_count, release: release.number },
      };
    });

    app.get('/api/catalog/v1', {
      schema: { ...schema, summary: 'Descubrimiento de conjuntos de datos al estilo Socrata / Socrata discovery API', querystring: { type: 'object', properties: { q: { type: 'string' }, limit: { type: 'integer', minimum: 0, maximum: 10000 }, offset: { type: 'integer', minimum: 0 }, ids: { type: 'string' } } } },
    }, async (request) => {
      const q = request.query as { q?: string; limit?: number; offset?: number; ids?: string };
      let rows = (await listDatasets(request.ctx)).filter((d) => d.current_release !== null);
      if (q.ids) rows = rows.filter((d) => q.ids!.split(',').includes(d.id));
      if (q.q) {
        const words = fold(q.q).split(/\s+/).filter(Boolean);
        rows = rows.filter((d) => {
          const text = fold(`${d.title} ${d.description} ${d.keywords.join(' ')}`);
          return words.every((w) => text.includes(w));
        });
      }
      const page = rows.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 100));
      const results = await Promise.all(page.map(async (d) => {
        const release = await request.ctx.db.selectFrom('releases').select(['schema', 'created_at']).where('dataset_id', '=', d.id).where('number', '=', d.current_release!).executeTakeFirstOrThrow();
        const fields = (release.schema as TableSchema).fields;
        return {
          resource: {
            id: d.id,
            name: d.title,
            description: d.description,
            type: 'dataset',
            updatedAt: release.created_at.toISOString(),
            createdAt: d.created_at.toISOString(),
            columns_name: fields.map((f) => f.title ?? f.name),
            columns_field_name: fields.map((f) => f.name),
            columns_datatype: fields.map(sodaTypeOf),
          },
          classification: { domain_category: d.themes[0] ?? null, domain_tags: d.keywords },
          metadata: { domain: new URL(platform.config.baseUrl).host, license: d.licence },
          permalink: `${platform.config.baseUrl}/datasets/${d.id}`,
          link: `${platform.config.baseUrl}/datasets/${d.id}`,
        };
      }));
      return { results, resultSetSize: rows.length, timings: {} };
    });
  };
}
