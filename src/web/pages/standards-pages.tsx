import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse } from 'csv-parse/sync';
import { DataFactory } from 'n3';
import { SECTORS } from '../../catalog/vocabularies.ts';
import { divipolaStatus } from '../../catalog/divipola.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { NS, sectorUri } from '../../linked/dcat.ts';
import { codeListQuads } from '../../linked/skos.ts';
import { negotiateRdf, sendRdf } from '../../linked/serialize.ts';
import type { Platform } from '../../platform.ts';
import { createStandard, listStandards, publishStandardVersion, requireStandard, standardDatasets, standardVersion } from '../../quality/standards.ts';
import { readableBy, sendStandardVersion, standardFormat } from '../../quality/standards-routes.ts';
import { pageContextOf } from '../auth.ts';
import { sendPage } from '../render.tsx';
import { formErrors, seeOther, type Body } from './forms.ts';
import { StandardPage, StandardsPage } from './standards.tsx';

const { namedNode, literal, quad } = DataFactory;

const canPublish = (request: FastifyRequest) => request.actor.kind === 'person' && request.actor.roles.includes('data_office');
const valuesOf = (body: Body) => Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));

/** The codes a form sends as CSV text (codigo,nombre[,superior]), header optional. */
function rowsFromCsv(text: string) {
  const records = parse(text.trim(), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  const body = records[0]?.[0]?.toLowerCase() === 'codigo' ? records.slice(1) : records;
  return body.map(([codigo = '', nombre = '', superior]) => ({ codigo, nombre, ...(superior ? { superior } : {}) }));
}

/** /standards: the registry for people; each version's URI answers in JSON, CSV or SKOS too; DIVIPOLA and sector URIs dereference. */
export function standardsPages(platform: Platform) {
  const base = platform.config.baseUrl;
  return async (app: FastifyInstance) => {
    const detail = async (request: FastifyRequest, id: string, version: string | undefined, errors = [] as ReturnType<typeof formErrors>, values: Record<string, string> = {}) => {
      const standard = await requireStandard(request.ctx, id);
      const chosen = version ?? standard.latest;
      const shown = chosen ? await standardVersion(request.ctx, id, chosen) : null;
      return <StandardPage c={pageContextOf(request)} standard={standard} version={shown} datasets={await standardDatasets(request.ctx, id, readableBy(request.ctx))} canPublish={canPublish(request)} errors={errors} values={values} />;
    };

    app.get('/standards', async (request, reply) => sendPage(reply, <StandardsPage c={pageContextOf(request)} standards={await listStandards(request.ctx)} canPublish={canPublish(request)} errors={[]} values={{}} divipola={await divipolaStatus(platform.store.db)} />));

    app.post('/standards', async (request, reply) => {
      const body = request.body as Body;
      try {
        const standard = await createStandard(request.ctx, body);
        return seeOther(reply, `/standards/${standard.id}`);
      } catch (error) {
        return sendPage(reply, <StandardsPage c={pageContextOf(request)} standards={await listStandards(request.ctx)} canPublish={canPublish(request)} errors={formErrors(error)} values={valuesOf(body)} divipola={await divipolaStatus(platform.store.db)} />, 400);
      }
    });

    app.get('/standards/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      const { version } = request.query as { version?: string };
      return sendPage(reply, await detail(request, id, version));
    });

    app.post('/standards/:id/versions', async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = request.body as Body;
      try {
        const standard = await requireStandard(request.ctx, id);
        const content = String(body.content ?? '');
        let payload: { schema?: unknown; rows?: unknown };
        if (standard.kind === 'schema') {
          try {
            payload = { schema: JSON.parse(content) };
          } catch {
            throw invalid({ es: 'El esquema no es JSON válido.', en: 'The schema is not valid JSON.' }, [{ field: 'content', message: { es: 'JSON inválido.', en: 'Invalid JSON.' } }]);
          }
        } else payload = { rows: rowsFromCsv(content) };
        const published = await publishStandardVersion(request.ctx, id, { version: body.version, notes: body.notes, ...payload });
        return seeOther(reply, `/standards/${id}?version=${published.version}`);
      } catch (error) {
        return sendPage(reply, await detail(request, id, undefined, formErrors(error), valuesOf(body)), 400);
      }
    });

    // A version's URI: people go to its page; programs get JSON, CSV or SKOS.
    app.get('/standards/:id/:version', async (request, reply) => {
      const { id, version } = request.params as { id: string; version: string };
      const format = standardFormat(request);
      const accept = String(request.headers.accept ?? '');
      if (format === 'json' && !(request.query as { format?: string }).format && /text\/html/.test(accept)) return seeOther(reply, `/standards/${id}?version=${version}`);
      return sendStandardVersion(request.ctx, reply, base, id, version, format);
    });

    // DIVIPOLA places (the spatial coverage of datasets) as SKOS concepts.
    app.get('/divipola/:code', async (request, reply) => {
      const { code } = request.params as { code: string };
      const list = /^\d{2}$/.test(code) ? 'divipola-departamentos' : 'divipola-municipios';
      const version = await standardVersion(request.ctx, list, 'latest');
      const row = version.rows!.find((r) => r.codigo === code);
      if (!row) throw notFound({ es: `el código DIVIPOLA ${code}`, en: `DIVIPOLA code ${code}` });
      const rdf = negotiateRdf(request);
      if (!rdf) return seeOther(reply, `/standards/${list}`);
      return sendRdf(reply, codeListQuads(base, { id: list, title: version.standard.title, description: version.standard.description, version: version.version, rows: [row], broader: version.broader }), rdf);
    });

    // The Colombian administrative sectors, the second theme scheme of the catalog.
    app.get('/vocab/sector/:code?', async (request, reply) => {
      const { code } = request.params as { code?: string };
      const terms = code ? SECTORS.terms.filter((t) => t.code === code) : SECTORS.terms;
      if (!terms.length) throw notFound({ es: `el sector «${code}»`, en: `sector "${code}"` });
      const rdf = negotiateRdf(request);
      if (!rdf) return seeOther(reply, code ? `/entities?sector=${code}` : '/entities');
      const scheme = namedNode(`${base}/vocab/sector`);
      const quads = [quad(scheme, namedNode(`${NS.rdf}type`), namedNode(`${NS.skos}ConceptScheme`)), quad(scheme, namedNode(`${NS.dct}title`), literal('Sectores administrativos de Colombia', 'es'))];
      for (const t of terms) {
        const node = namedNode(sectorUri(base, t.code));
        quads.push(quad(node, namedNode(`${NS.rdf}type`), namedNode(`${NS.skos}Concept`)), quad(node, namedNode(`${NS.skos}inScheme`), scheme), quad(node, namedNode(`${NS.skos}notation`), literal(t.code)));
        for (const lang of ['es', 'en'] as const) quads.push(quad(node, namedNode(`${NS.skos}prefLabel`), literal(t.label[lang], lang)));
      }
      return sendRdf(reply, quads, rdf);
    });
  };
}
