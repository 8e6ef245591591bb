import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { SANDBOX_LIMITS } from '../../src/publish/sandbox.ts';
import type { TestPlatform } from '../support/platform.ts';
import { publishCsv, publishingApp } from '../support/datasets.ts';

let t: TestPlatform;
let app: FastifyInstance;
let open: string;
let restricted: string;
let restrictedFile: string;

const sql = (query: string) => app.inject({ method: 'POST', url: '/api/v1/sql', payload: { sql: query } });

before(async () => {
  let editor: Record<string, string>;
  let nit: string;
  ({ t, app, editor, nit } = await publishingApp());
  open = await publishCsv(app, editor, nit, 'Municipios', 'codigo;municipio;poblacion\n05001;Medellín;2612958\n05002;Abejorral;20367\n11001;Bogotá;7968095\n');
  // Health data is never opened: the dataset is restricted from the start (the publication gate would refuse it open).
  restricted = await publishCsv(app, editor, nit, 'Historias clínicas', 'paciente;diagnostico\n1;reservado\n', 'datos.csv', 'restricted');
  const release = await t.platform.store.db.selectFrom('releases').select('parquet_key').where('dataset_id', '=', restricted).executeTakeFirstOrThrow();
  restrictedFile = t.platform.blobs.location(release.parquet_key);
});

after(async () => {
  await app.close();
  await t.close();
});

test('anyone can query open releases with SQL; each dataset is a table named by its id', async () => {
  const response = await sql(`SELECT municipio, poblacion FROM "${open}" WHERE poblacion > 1000000 ORDER BY poblacion DESC`);
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json();
  assert.deepEqual(body.columns, ['municipio', 'poblacion']);
  assert.deepEqual(body.rows, [{ municipio: 'Bogotá', poblacion: '7968095' }, { municipio: 'Medellín', poblacion: '2612958' }]);
  assert.equal(body.truncated, false);
  assert.equal(body.row_count, 2);
});

test('hostile queries are refused cleanly and the server keeps serving', async () => {
  const refusals: [string, number, RegExp][] = [
    // Functions that read files, settings or the environment never run, whatever they would have found.
    ["SELECT * FROM read_csv('/etc/passwd')", 403, /no está permitido aquí: la función «read_csv»/],
    ["SELECT * FROM read_text('/etc/passwd')", 403, /no está permitido aquí/],
    ['SELECT * FROM duckdb_settings()', 403, /la función «duckdb_settings»/],
    ["SELECT current_setting('temp_directory')", 403, /la función «current_setting»/],
    ["SELECT getenv('HOME')", 403, /la función «getenv»/],
    ['SELECT * FROM duckdb_views()', 403, /no está permitido aquí/],
    ['SELECT view_definition FROM information_schema.views', 403, /la tabla «information_schema.views»/],
    ["SELECT * FROM glob('/*')", 403, /no está permitido aquí/],
    // Refused twice over: binding it already meets the disabled file system, and it is not a SELECT.
    ["COPY (SELECT 1) TO '/tmp/infradatos-fuga.csv'", 400, /file system operations are disabled/],
    ["ATTACH '/tmp/otra.duckdb' AS otra", 403, /Solo se permiten/],
    ['INSTALL httpfs', 403, /Solo se permiten/],
    ['LOAD httpfs', 403, /Solo se permiten/],
    ["PRAGMA enable_profiling", 403, /Solo se permiten/],
    ["SET memory_limit = '20GB'", 403, /Solo se permiten/],
    ['SELECT 1; SELECT 2', 403, /exactamente una/],
    // A restricted dataset is a table like any unknown one: not there.
    [`SELECT * FROM "${restricted}"`, 403, /la tabla «/],
    [`SELECT * FROM read_parquet('${restrictedFile}')`, 403, /no está permitido aquí/],
    ["SELECT * FROM read_csv('https://example.com/x.csv')", 403, /no está permitido aquí/],
    ['SELEC nada', 400, /no es SQL válido/],
  ];
  for (const [query, status, message] of refusals) {
    const response = await sql(query);
    assert.equal(response.statusCode, status, `${query}: ${response.body}`);
    assert.match(response.json().error.message.es, message, query);
    assert.ok(!response.body.includes(t.dataDir), `${query}: no server path in the answer`);
  }
  assert.ok(!(await import('node:fs')).existsSync('/tmp/infradatos-fuga.csv'));
  assert.equal((await sql(`SELECT count(*) AS n FROM "${open}"`)).json().rows[0].n, '3');
});

test('a runaway cross join is interrupted at the time limit; results are capped', async () => {
  const limit = SANDBOX_LIMITS.timeoutMs;
  SANDBOX_LIMITS.timeoutMs = 1_500;
  try {
    const response = await sql('SELECT count(*) FROM range(100000000) a, range(100000000) b');
    assert.equal(response.statusCode, 400);
    assert.match(response.json().error.message.es, /tiempo máximo/);
  } finally {
    SANDBOX_LIMITS.timeoutMs = limit;
  }
  const rows = SANDBOX_LIMITS.maxRows;
  SANDBOX_LIMITS.maxRows = 1000;
  try {
    const big = (await sql('SELECT range AS n FROM range(5000)')).json();
    assert.equal(big.rows.length, 1000);
    assert.equal(big.truncated, true);
  } finally {
    SANDBOX_LIMITS.maxRows = rows;
  }
  assert.equal((await sql(`SELECT count(*) AS n FROM "${open}"`)).statusCode, 200);
});

test('no query takes the server down: a crash, a memory bomb, a runaway recursion and a burst of 50 hostile queries, each followed by normal queries', async () => {
  const normal = async () => {
    const response = await sql(`SELECT count(*) AS n FROM "${open}"`);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().rows[0].n, '3');
  };
  // A JSON type nested 20,000 deep ends DuckDB 1.5 with a segmentation fault.
  const nested = `SELECT from_json('${'['.repeat(20000)}1${']'.repeat(20000)}', '${'['.repeat(20000)}"JSON"${']'.repeat(20000)}')`;
  const limit = SANDBOX_LIMITS.timeoutMs;
  SANDBOX_LIMITS.timeoutMs = 8_000;
  try {
    const hostile: [string, string, number, RegExp][] = [
      ['nested JSON (a segmentation fault in DuckDB)', nested, 503, /se detuvo con esta consulta y se reinició/],
      ['a memory bomb', "SELECT list(repeat('x', 100000)) FROM range(1000000)", 503, /más memoria/],
      ['a string bomb', "SELECT length(string_agg(repeat('x', 100000), '')) FROM range(100000)", 503, /más memoria/],
      ['a runaway recursive CTE', 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r', 400, /tiempo máximo/],
    ];
    for (const [what, query, status, message] of hostile) {
      const response = await sql(query);
      assert.equal(response.statusCode, status, `${what}: ${response.body.slice(0, 300)}`);
      assert.match(response.json().error.message.es, message, what);
      if (status === 503) assert.equal(response.headers['retry-after'], '5', what);
      assert.ok(response.json().error.message.es && response.json().error.message.en, `${what}: a bilingual error`);
      assert.ok(!response.body.includes(t.dataDir), `${what}: no server path`);
      await normal();
    }
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => sql(i % 2 ? nested : 'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r')));
    for (const response of burst) assert.ok([400, 403, 503].includes(response.statusCode), `burst: ${response.statusCode} ${response.body.slice(0, 200)}`);
    await normal();
    assert.equal((await app.inject('/healthz')).statusCode, 200);
  } finally {
    SANDBOX_LIMITS.timeoutMs = limit;
  }
});

test('the query page runs a SELECT without JavaScript, shows errors in place, and links its JSON twin', async () => {
  const query = `SELECT municipio FROM "${open}" ORDER BY municipio`;
  const page = await app.inject(`/sql?sql=${encodeURIComponent(query)}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Resultado: 3 filas/);
  assert.match(page.body, /<td>Abejorral<\/td>/);
  assert.ok(!page.body.includes(restricted), 'restricted datasets are not offered as tables');
  const twin = /<link rel="alternate" type="application\/json" href="([^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
  assert.deepEqual((await app.inject(twin)).json().rows.map((r: { municipio: string }) => r.municipio), ['Abejorral', 'Bogotá', 'Medellín']);
  const refused = await app.inject(`/sql?sql=${encodeURIComponent('DROP TABLE x')}`);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /La consulta no se ejecutó/);
});

test('a withdrawn dataset is gone from SQL at once', async () => {
  const { t: own, app: ownApp, editor, nit } = await publishingApp();
  try {
    const id = await publishCsv(ownApp, editor, nit, 'Para retirar', 'a\n1\n');
    const query = (sql: string) => ownApp.inject({ method: 'POST', url: '/api/v1/sql', payload: { sql } });
    assert.equal((await query(`SELECT count(*) AS n FROM "${id}"`)).json().rows[0].n, '1');
    const token = (await ownApp.inject({ method: 'POST', url: '/api/v1/me/tokens', headers: editor, payload: { name: 'ckan' } })).json().token as string;
    const deleted = await ownApp.inject({ method: 'POST', url: '/api/3/action/package_delete', headers: { authorization: token, 'content-type': 'application/json' }, payload: JSON.stringify({ id }) });
    assert.equal(deleted.statusCode, 200, deleted.body);
    const gone = await query(`SELECT count(*) AS n FROM "${id}"`);
    assert.equal(gone.statusCode, 403);
    assert.match(gone.json().error.message.es, /la tabla «/);
  } finally {
    await ownApp.close();
    await own.close();
  }
});
