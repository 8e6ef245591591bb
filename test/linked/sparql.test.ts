import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Parser } from 'n3';
import { SparqlEngine } from '../../src/linked/sparql-engine.ts';
import type { SparqlBinding } from '../../src/linked/sparql-protocol.ts';
import oxigraph from 'oxigraph';
import { publishCsv, publishingApp } from '../support/datasets.ts';
import type { TestPlatform } from '../support/platform.ts';
import { all, bindingKey, CNT, entries, graphData, HT, list, localFile, MF, one, QT, readManifest, readSrx, SUITE, SUITE_BASE } from './sparql-w3c.ts';
import { needsShared } from '../support/shared.ts';
import { seedPerson, signInHeaders } from '../support/platform.ts';

let t: TestPlatform;
let app: FastifyInstance;
let editor: Record<string, string>;
let nit: string;

before(async () => {
  ({ t, app, editor, nit } = await publishingApp());
});
after(async () => {
  await app.close();
  await t.close();
});

const FORMATS: Record<string, string> = { '.ttl': 'text/turtle', '.nt': 'application/n-triples', '.rdf': 'application/rdf+xml' };
/** A test data file (Turtle, N-Triples or RDF/XML) as N-Triples, read by Oxigraph's parser against the suite's IRIs. */
const ntriplesOf = (file: string) => oxigraph.parse(readFileSync(file, 'utf8'), { format: FORMATS[path.extname(file)]!, base_iri: `${SUITE_BASE}${path.relative(SUITE, file)}` }).map((q) => `${q.toString()} .`).join('\n');

test('the W3C SPARQL 1.1 protocol tests that apply to a read-only endpoint pass', needsShared('the W3C SPARQL 1.1 tests', 'conformance', 'sparql11'), async () => {
  const { store } = readManifest('protocol');
  let passed = 0;
  const notApplicable: string[] = [];
  for (const entry of entries(store, `${MF}ProtocolTest`)) {
    const name = one(store, entry, `${MF}name`)!.value;
    const requests = list(store, one(store, one(store, entry, `${MF}action`)!, `${HT}requests`)).map((r) => {
      const body = one(store, r, `${HT}body`);
      const headers = Object.fromEntries(list(store, one(store, r, `${HT}headers`)).map((h) => [one(store, h, `${HT}fieldName`)!.value.toLowerCase(), one(store, h, `${HT}fieldValue`)!.value]));
      const response = one(store, r, `${HT}resp`)!;
      return {
        method: one(store, r, `${HT}methodName`)!.value,
        path: one(store, r, `${HT}absolutePath`)!.value.replace(/^\/sparql\//, '/sparql'),
        body: body ? { chars: one(store, body, `${CNT}chars`)!.value, encoding: one(store, body, `${CNT}characterEncoding`)?.value ?? 'UTF-8' } : null,
        headers,
        statuses: all(store, response, `${MF}expectedStatus`).map((s) => Number(/StatusCode(\d)xx$/.exec(s.value)![1])),
        format: one(store, response, `${MF}expectedFormat`)?.value ?? null,
        boolean: one(store, response, `${MF}expectedBoolean`)?.value ?? null,
      };
    });
    // Updates that should succeed do not apply to a read-only endpoint; updates that should fail still do.
    const isUpdate = requests.some((r) => r.headers['content-type']?.startsWith('application/sparql-update') || /(^|&|\?)(update|using-graph-uri|using-named-graph-uri)=/.test(`${r.path}&${r.body?.chars ?? ''}`));
    if (isUpdate && requests[0]!.statuses.includes(2)) {
      notApplicable.push(name);
      continue;
    }
    const graphs = graphData(store, entry);
    for (const g of graphs) t.platform.linked.engine.setGraph(g.iri, ntriplesOf(path.join(SUITE, 'protocol', path.basename(g.file))));
    for (const r of requests) {
      const payload = r.body ? (r.body.encoding === 'UTF-16' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(r.body.chars, 'utf16le')]) : Buffer.from(r.body.chars, 'utf8')) : undefined;
      const response = await app.inject({ method: r.method as 'GET', url: r.path, headers: r.headers, ...(payload ? { payload } : {}) });
      const status = Math.floor(response.statusCode / 100);
      assert.ok(r.statuses.includes(status), `${name}: status ${response.statusCode}, expected ${r.statuses.map((s) => `${s}xx`).join(' or ')}\n${response.body.slice(0, 300)}`);
      const type = String(response.headers['content-type'] ?? '');
      if (r.format === 'boolean') assert.equal(String(response.json().boolean), r.boolean ?? String(response.json().boolean), `${name}: a boolean`);
      if (r.format === 'tabular') assert.match(type, /^(application\/sparql-results\+(json|xml)|text\/csv|text\/tab-separated-values)/, name);
      if (r.format === 'RDF') assert.match(type, /^(text\/turtle|application\/rdf\+xml|application\/n-triples)/, name);
    }
    for (const g of graphs) t.platform.linked.engine.setGraph(g.iri, null);
    passed++;
  }
  console.log(`SPARQL 1.1 protocol: ${passed} tests pass; ${notApplicable.length} successful-update tests do not apply to a read-only endpoint`);
  assert.equal(passed, 27);
});

/** Evaluation folders run against the engine: every SELECT/ASK test with XML or JSON results and no blank nodes in them. */
const EVALUATION_FOLDERS = ['aggregates', 'bind', 'bindings', 'cast', 'exists', 'functions', 'grouping', 'negation', 'project-expression', 'property-path', 'subquery'];

/**
 * Where Oxigraph 0.5 answers differently from the SPARQL 1.1 tests. Checked to still differ, so an engine
 * upgrade that fixes one shows here. None touches what the catalog's queries need.
 */
const KNOWN_DEVIATIONS: Record<string, string> = {
  'aggregates/agg-groupconcat-4.rq': 'GROUP_CONCAT keeps a language tag shared by all values (as SPARQL 1.2 does)',
  'aggregates/agg-groupconcat-6.rq': 'same as agg-groupconcat-4',
  'negation/graph-minus.rq': 'MINUS inside GRAPH ?g treats ?g as shared between both sides',
  'property-path/zero_or_more_set_start.rq': 'a zero-length path from a constant on an empty dataset gives no row',
  'property-path/zero_or_more_set_end.rq': 'same as zero_or_more_set_start',
  'property-path/zero_or_one_set_start.rq': 'same as zero_or_more_set_start',
  'property-path/zero_or_one_set_end.rq': 'same as zero_or_more_set_start',
};

test('a selection of W3C SPARQL 1.1 query-evaluation tests gives the expected results on the engine', needsShared('the W3C SPARQL 1.1 tests', 'conformance', 'sparql11'), async () => {
  const engine = new SparqlEngine({ timeoutMs: 10_000, maxResults: 100_000 });
  const counts = { passed: 0, failed: [] as string[], skipped: 0 };
  try {
    for (const folder of EVALUATION_FOLDERS) {
      const { store } = readManifest(folder);
      for (const entry of entries(store, `${MF}QueryEvaluationTest`)) {
        const action = one(store, entry, `${MF}action`)!;
        const resultFile = localFile(one(store, entry, `${MF}result`)!.value);
        const queryIri = one(store, action, `${QT}query`)!.value;
        const query = readFileSync(localFile(queryIri), 'utf8');
        const expected = resultFile.endsWith('.srx') ? readSrx(readFileSync(resultFile, 'utf8')) : resultFile.endsWith('.srj') ? JSON.parse(readFileSync(resultFile, 'utf8')) : null;
        // Skipped: graph results, FROM clauses (the harness gives the dataset by protocol), blank nodes in results.
        if (!expected || /\bFROM\b/i.test(query) || (!('boolean' in expected) && JSON.stringify(expected).includes('"bnode"'))) {
          counts.skipped++;
          continue;
        }
        const data = all(store, action, `${QT}data`).map((d) => localFile(d.value));
        const named = all(store, action, `${QT}graphData`).map((g) => g.value);
        for (const name of engine.graphNames()) engine.setGraph(name, null);
        const defaults = data.map((file, i) => {
          engine.setGraph(`urn:x-default:${i}`, ntriplesOf(file));
          return `urn:x-default:${i}`;
        });
        for (const iri of named) engine.setGraph(iri, ntriplesOf(localFile(iri)));
        const name = `${folder}/${path.basename(queryIri)}`;
        try {
          const result = await engine.query(query, { defaultGraphs: defaults.length ? defaults : ['urn:x-empty'], namedGraphs: named }, queryIri);
          if ('boolean' in expected) assert.equal(result.kind === 'boolean' && result.value, expected.boolean);
          else {
            assert.equal(result.kind, 'bindings');
            const vars: string[] = expected.head?.vars ?? expected.vars;
            const rows: SparqlBinding[] = expected.results?.bindings ?? expected.bindings;
            const got = result.kind === 'bindings' ? result.bindings.map((b) => bindingKey(b, vars)).sort() : [];
            assert.deepEqual(got, rows.map((b) => bindingKey(b, vars)).sort());
          }
          counts.passed++;
        } catch (error) {
          counts.failed.push(name);
          if (!KNOWN_DEVIATIONS[name]) console.log(`${name}: ${(error as Error).message.split('\n').slice(0, 12).join(' ')}`);
        }
      }
    }
  } finally {
    await engine.close();
  }
  console.log(`SPARQL 1.1 query evaluation (${EVALUATION_FOLDERS.join(', ')}): ${counts.passed} pass, ${counts.failed.length} known engine deviations, ${counts.skipped} not run (graph results, FROM, blank nodes)`);
  assert.deepEqual(counts.failed.sort(), Object.keys(KNOWN_DEVIATIONS).sort());
  assert.ok(counts.passed >= 150, `${counts.passed} tests ran`);
});

test('the endpoint answers over the catalog kept in step with the database, in every result format, within its limits', async () => {
  const id = await publishCsv(app, editor, nit, 'Población por municipio', 'codigo,poblacion\n05001,2612958\n');
  const select = (query: string, accept = 'application/sparql-results+json') => app.inject({ url: `/sparql?query=${encodeURIComponent(query)}`, headers: { accept } });
  const titles = 'PREFIX dct: <http://purl.org/dc/terms/> PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT ?d ?title WHERE { ?d a dcat:Dataset ; dct:title ?title } ORDER BY ?title';
  let response = await select(titles);
  assert.equal(response.statusCode, 200);
  assert.deepEqual(response.json().results.bindings.map((b: SparqlBinding) => b.title!.value), ['Población por municipio']);
  assert.equal(response.json().results.bindings[0].d.value, `${t.config.baseUrl}/dataset/${id}`);

  // A change in the database shows in the next query, and a restricted dataset never does.
  await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${id}`, headers: editor, payload: { title: 'Población municipal', version: 1 } });
  await publishCsv(app, editor, nit, 'Historias clínicas', 'paciente\n1\n', 'datos.csv', 'restricted');
  response = await select(titles);
  assert.deepEqual(response.json().results.bindings.map((b: SparqlBinding) => b.title!.value), ['Población municipal']);

  // The default graph is the merge of the datasets' graphs: what two datasets share (their entity) is there once.
  const other = await publishCsv(app, editor, nit, 'Defunciones por municipio', 'codigo,defunciones\n05001,900\n');
  const publishers = await select('PREFIX dct: <http://purl.org/dc/terms/> PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?d ?name WHERE { ?d a dcat:Dataset ; dct:publisher/foaf:name ?name }');
  assert.equal(publishers.json().results.bindings.length, 2);
  const [dane] = await t.system.db.selectFrom('entities').select(['id']).where('nit', '=', nit).execute();
  await seedPerson(t.system, { id: dane!.id, nit }, ['steward'], 'responsable@dane.gov.co');
  const steward = await signInHeaders(app, 'responsable@dane.gov.co');
  assert.equal((await app.inject({ method: 'PATCH', url: `/api/v1/datasets/${other}`, headers: steward, payload: { access_level: 'restricted', version: 1 } })).statusCode, 200);
  const left = await select('PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?name WHERE { ?e foaf:name ?name FILTER(lang(?name) = "es" && CONTAINS(?name, "Estad")) }');
  assert.equal(left.json().results.bindings.length, 1, 'a shared triple stays while another dataset still holds it');

  // The same answer as XML, CSV and TSV.
  assert.match((await select(titles, 'application/sparql-results+xml')).body, /<binding name="title"><literal xml:lang="es">Población municipal<\/literal><\/binding>/);
  assert.equal((await select(titles, 'text/csv')).body, `d,title\r\n${t.config.baseUrl}/dataset/${id},Población municipal\r\n`);
  assert.equal((await select(titles, 'text/tab-separated-values')).body, `?d\t?title\n<${t.config.baseUrl}/dataset/${id}>\t"Población municipal"@es\n`);

  // CONSTRUCT and DESCRIBE in Turtle and JSON-LD; ASK by POST.
  const describe = await app.inject({ url: `/sparql?query=${encodeURIComponent(`DESCRIBE <${t.config.baseUrl}/dataset/${id}>`)}`, headers: { accept: 'application/ld+json' } });
  assert.match(describe.headers['content-type'] as string, /application\/ld\+json/);
  assert.ok(JSON.stringify(describe.json()).includes('Población municipal'));
  const construct = await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-query', accept: 'text/turtle' }, payload: 'CONSTRUCT { ?d <http://example.org/t> ?t } WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> ; <http://purl.org/dc/terms/title> ?t }' });
  assert.equal(new Parser().parse(construct.body).length, 1);
  const ask = await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `query=${encodeURIComponent('ASK { ?s <http://purl.org/dc/terms/title> "Historias clínicas"@es }')}` });
  assert.equal(ask.json().boolean, false, 'the restricted dataset is not in the graph');

  // Each dataset is a named graph; the protocol's dataset selects it.
  const inGraph = await app.inject({ url: `/sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) { ?s ?p ?o }')}&default-graph-uri=${encodeURIComponent(`${t.config.baseUrl}/dataset/${id}`)}` });
  assert.ok(Number(inGraph.json().results.bindings[0].n.value) > 20);

  // Read-only, limited in time and size, with errors in both languages.
  const update = await app.inject({ method: 'POST', url: '/sparql', headers: { 'content-type': 'application/sparql-update' }, payload: 'CLEAR ALL' });
  assert.equal(update.statusCode, 403);
  assert.match(update.json().error.message.es, /solo lectura/);
  const syntax = await select('SELECT ?x WHERE { ?x');
  assert.equal(syntax.statusCode, 400);
  assert.match(syntax.json().error.message.en, /Invalid SPARQL query/);
  const slow = new SparqlEngine({ timeoutMs: 300, maxResults: 10 });
  try {
    const triples = Array.from({ length: 300 }, (_, i) => `<urn:s${i}> <urn:p> "${i}" .`).join('\n');
    slow.setGraph('urn:g', triples);
    await assert.rejects(slow.query('SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }', { defaultGraphs: [], namedGraphs: [] }), /time limit/);
    // The engine comes back with its data after a stopped query.
    const after = await slow.query('SELECT ?s { ?s ?p ?o }', { defaultGraphs: [], namedGraphs: [] });
    assert.ok(after.kind === 'bindings' && after.bindings.length === 10 && after.truncated, 'ten rows, marked truncated');
  } finally {
    await slow.close();
  }

  // People get a page with a form, results as a table and links to every format.
  const page = await app.inject({ url: `/sparql?query=${encodeURIComponent(titles)}`, headers: { accept: 'text/html' } });
  assert.match(page.headers['content-type'] as string, /text\/html/);
  assert.match(page.body, /Población municipal/);
  assert.match(page.body, /format=csv/);
  const description = await app.inject({ url: '/sparql', headers: { accept: 'text/turtle' } });
  assert.match(description.body, /sparql-service-description#SPARQL11Query/);
});
