import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser, Writer, type Quad } from 'n3';
import rdfCanonize from 'rdf-canonize';
import { toJson, toRdf } from '../../src/linked/csvw/output.ts';
import { processTabular } from '../../src/linked/csvw/process.ts';
import type { Fetcher } from '../../src/linked/csvw/metadata.ts';
import { needsShared } from '../support/shared.ts';

/** The W3C CSV on the Web test suite (positive CSV→JSON and CSV→RDF subset), run against the local copy. */
const SUITE = path.resolve(import.meta.dirname, '../../../shared/conformance/csvw');
const BASE = 'http://www.w3.org/2013/csvw/tests/';
/** What w3.org serves at /.well-known/csvm, which the suite relies on (tests 259 and 260). */
const W3C_WELL_KNOWN = '{+url}-metadata.json\ncsv-metadata.json\n{+url}.json\ncsvm.json\n';

interface Entry {
  id: string;
  type: string;
  name: string;
  action: string;
  result: string;
  option?: { minimal?: boolean; metadata?: string };
  httpLink?: string;
}

/** Maps w3.org test URLs to the local files (a query string is ignored, as a static web server does). */
function fetcherFor(entry: Entry): Fetcher {
  const action = BASE + entry.action;
  return async (url) => {
    if (url === 'http://www.w3.org/.well-known/csvm') return { status: 200, body: W3C_WELL_KNOWN, link: null, contentType: 'text/plain' };
    if (!url.startsWith(BASE)) return { status: 404, body: '', link: null, contentType: null };
    const file = path.join(SUITE, new URL(url).pathname.slice(new URL(BASE).pathname.length));
    if (!existsSync(file) || !file.startsWith(SUITE)) return { status: 404, body: '', link: null, contentType: null };
    return { status: 200, body: readFileSync(file, 'utf8'), link: url === action ? entry.httpLink ?? null : null, contentType: file.endsWith('.json') ? 'application/json' : 'text/csv' };
  };
}

const nquads = (quads: Quad[]) => new Promise<string>((resolve, reject) => {
  const writer = new Writer({ format: 'N-Quads' });
  writer.addQuads(quads);
  writer.end((error, result) => (error ? reject(error) : resolve(result)));
});
const canonical = async (quads: Quad[]) => rdfCanonize.canonize(await nquads(quads), { algorithm: 'RDFC-1.0', inputFormat: 'application/n-quads' });

async function run(entry: Entry): Promise<void> {
  const group = await processTabular(BASE + entry.action, { fetcher: fetcherFor(entry), ...(entry.option?.metadata ? { metadataUrl: BASE + entry.option.metadata } : {}) });
  const minimal = entry.option?.minimal === true;
  const expected = readFileSync(path.join(SUITE, entry.result), 'utf8');
  if (entry.type === 'csvt:ToJsonTest') {
    assert.deepEqual(JSON.parse(JSON.stringify(toJson(group, minimal))), JSON.parse(expected));
  } else {
    const want = new Parser({ baseIRI: BASE + entry.result }).parse(expected);
    assert.equal(await canonical(toRdf(group, minimal)), await canonical(want));
  }
}

test('the W3C CSVW tests pass: CSV → JSON and CSV → RDF, minimal and standard', needsShared('the W3C CSVW tests', 'conformance', 'csvw'), async () => {
  const failures: string[] = [];
  let total = 0;
  for (const manifest of ['manifest-json.jsonld', 'manifest-rdf.jsonld']) {
    const entries = (JSON.parse(readFileSync(path.join(SUITE, manifest), 'utf8')) as { entries: Entry[] }).entries;
    for (const entry of entries) {
      total++;
      try {
        await run(entry);
      } catch (error) {
        failures.push(`${entry.id} (${entry.name}): ${(error as Error).message.split('\n').slice(0, 8).join(' ')}`);
      }
    }
  }
  console.log(`CSVW: ${total - failures.length} of ${total} W3C tests pass`);
  assert.deepEqual(failures, []);
});

test('every release CSV announces CSVW metadata made from its Table Schema, and converts to JSON and RDF', async () => {
  const { publishCsv, publishingApp } = await import('../support/datasets.ts');
  const { t, app, editor, nit } = await publishingApp();
  try {
    const id = await publishCsv(app, editor, nit, 'Nacimientos por municipio', 'Código,Municipio,Nacimientos,Fecha de corte,Verificado\n05001,Medellín,24000,2024-12-31,true\n11001,Bogotá,80000,2024-12-31,false\n');
    const csv = await app.inject(`/api/v1/datasets/${id}/releases/1/data.csv`);
    const link = String(csv.headers.link);
    assert.match(link, /rel="describedby"; type="application\/csvm\+json"/);
    const metadataUrl = /<([^>]+)>/.exec(link)![1]!;
    assert.equal(metadataUrl, `${t.config.baseUrl}/api/v1/datasets/${id}/releases/1/data.csv-metadata.json`);
    const metadata = await app.inject(new URL(metadataUrl).pathname);
    assert.match(metadata.headers['content-type'] as string, /application\/csvm\+json/);
    assert.deepEqual(metadata.json().tableSchema.columns.map((c: { datatype: unknown }) => c.datatype), ['string', 'string', 'integer', 'date', 'boolean']);

    // A CSVW processor that knows nothing of the platform, following the Link header over HTTP.
    const fetcher: Fetcher = async (url) => {
      if (!url.startsWith(t.config.baseUrl)) return { status: 404, body: '', link: null, contentType: null };
      const response = await app.inject(url.slice(t.config.baseUrl.length));
      return { status: response.statusCode, body: response.body, link: (response.headers.link as string | undefined) ?? null, contentType: (response.headers['content-type'] as string | undefined) ?? null };
    };
    const group = await processTabular(`${t.config.baseUrl}/api/v1/datasets/${id}/releases/1/data.csv`, { fetcher });
    const rows = (toJson(group, true) as Record<string, unknown>[]);
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.nacimientos, 24000, 'typed by the metadata');
    assert.equal(rows[0]!.verificado, true);
    assert.equal(rows[0]!.fecha_de_corte, '2024-12-31');

    const json = await app.inject(`/dataset/${id}/csvw?format=json`);
    assert.equal(json.statusCode, 200);
    assert.equal(json.json().tables[0]['dc:title'], 'Nacimientos por municipio');
    assert.equal(json.json().tables[0].row.length, 2);
    const minimal = await app.inject(`/dataset/${id}/csvw?format=json&mode=minimal`);
    assert.deepEqual(minimal.json(), rows);
    const turtle = await app.inject({ url: `/dataset/${id}/csvw`, headers: { accept: 'text/turtle' } });
    assert.match(turtle.headers['content-type'] as string, /text\/turtle/);
    const quads = new Parser().parse(turtle.body);
    assert.ok(quads.some((q) => q.object.termType === 'Literal' && q.object.value === '24000' && q.object.datatype.value === 'http://www.w3.org/2001/XMLSchema#integer'));
    assert.ok(quads.some((q) => q.predicate.value === 'http://www.w3.org/ns/csvw#rownum'));
    assert.equal((await app.inject(`/dataset/${id}/csvw?format=xls`)).statusCode, 400);
    const page = await app.inject({ url: `/datasets/${id}`, headers: { accept: 'text/html' } });
    assert.match(page.body, /data\.csv-metadata\.json/);
  } finally {
    await app.close();
    await t.close();
  }
});
