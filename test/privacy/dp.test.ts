import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discreteLaplace, parseEpsilon } from '../../src/privacy/dp-noise.ts';
import { publishCsv, publishingApp } from '../support/datasets.ts';
import { seedPerson, signInHeaders } from '../support/platform.ts';

test('discrete Laplace noise: integers with the variance its scale promises, symmetric around zero', () => {
  const n = 20_000;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = discreteLaplace({ n: 2n, d: 1n });
    assert.equal(typeof x, 'bigint');
    sum += Number(x);
    squares += Number(x) ** 2;
  }
  const q = Math.exp(-1 / 2);
  const variance = (2 * q) / (1 - q) ** 2;
  assert.ok(Math.abs(sum / n) < 0.1, `mean ${sum / n}`);
  assert.ok(Math.abs(squares / n - variance) / variance < 0.08, `variance ${squares / n} vs ${variance}`);
  assert.deepEqual(parseEpsilon('0.25'), { n: 25n, d: 100n });
  assert.throws(() => parseEpsilon('0'), /ε/);
  assert.throws(() => parseEpsilon('-1'), /ε/);
});

test('a restricted dataset answers differentially private aggregates from a budget the steward sets; spent is spent', async () => {
  const { t, app, editor, nit } = await publishingApp();
  try {
    const [dane] = await t.system.db.selectFrom('entities').select(['id']).where('nit', '=', nit).execute();
    await seedPerson(t.system, { id: dane!.id, nit }, ['steward'], 'responsable@dane.gov.co');
    const steward = await signInHeaders(app, 'responsable@dane.gov.co');
    const rows = ['diagnostico,municipio,edad'];
    for (let i = 0; i < 300; i++) rows.push(`${['J45', 'E11', 'I10'][i % 3]},${['05001', '11001'][i % 2]},${20 + (i % 50)}`);
    const id = await publishCsv(app, editor, nit, 'Atenciones en salud', rows.join('\n') + '\n', 'atenciones.csv', 'restricted');
    const url = `/api/v1/datasets/${id}`;
    // Nobody outside sees the data, nor a budget before the steward sets one.
    assert.equal((await app.inject(`${url}/releases/1/rows`)).statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: `${url}/dp-query`, payload: { aggregate: 'count', epsilon: '0.1' } })).statusCode, 404);
    assert.equal((await app.inject({ method: 'PUT', url: `${url}/dp-budget`, headers: editor, payload: { epsilon: '1' } })).statusCode, 403);
    const set = await app.inject({ method: 'PUT', url: `${url}/dp-budget`, headers: steward, payload: { epsilon: '1000.5' } });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.json(), { dataset_id: id, epsilon_total: 1000.5, epsilon_spent: 0, epsilon_remaining: 1000.5, delta: 0 });

    // A group asked twice would get two noises for one price: refused, nothing spent.
    const twice = await app.inject({ method: 'POST', url: `${url}/dp-query`, payload: { aggregate: 'count', group_by: 'diagnostico', groups: ['J45', 'J45'], epsilon: '1' } });
    assert.equal(twice.statusCode, 400);
    assert.match(twice.json().error.message.es, /repite el grupo «J45»/);
    // With a large ε the noise is almost always 0: the answers are the true counts; groups come from the request,
    // and each answered group is paid for: 4 × 75.
    const counts = (await app.inject({ method: 'POST', url: `${url}/dp-query`, payload: { aggregate: 'count', group_by: 'diagnostico', groups: ['J45', 'E11', 'I10', 'Z99'], epsilon: '75' } })).json();
    assert.deepEqual(counts.results.map((r: { value: number }) => Math.round(r.value / 5) * 5), [100, 100, 100, 0]);
    assert.equal(counts.mechanism, 'discrete Laplace');
    assert.deepEqual(counts.budget, { total: 1000.5, spent: 300, remaining: 700.5 });
    const mean = (await app.inject({ method: 'POST', url: `${url}/dp-query`, payload: { aggregate: 'mean', field: 'edad', bounds: [0, 120], epsilon: '400' } })).json();
    assert.ok(Math.abs(mean.results[0].value - 44.5) < 2, JSON.stringify(mean.results));
    const histogram = (await app.inject({ method: 'POST', url: `${url}/dp-query`, payload: { aggregate: 'histogram', field: 'edad', bounds: [0, 100], bins: 4, epsilon: '300' } })).json();
    // Ages 20–69, six records each: 30 in [0, 25), 150 in [25, 50), 120 in [50, 75), none above.
    assert.deepEqual(histogram.results.map((r: { value: number }) => Math.round(r.value / 10) * 10), [30, 150, 120, 0]);
    assert.deepEqual(histogram.results.map((r: { group: string }) => r.group), ['0–25', '25–50', '50–75', '75–100']);
    // The budget is exhausted: the next query is refused and nothing is answered.
    const refused = await app.inject({ method: 'POST', url: `${url}/dp-query`, payload: { aggregate: 'count', epsilon: '1' } });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().error.message.es, /quedan ε = 0\.5/);
    const budget = (await app.inject(`${url}/dp-budget`)).json();
    assert.equal(budget.epsilon_spent, 1000);
    const spent = await t.system.db.selectFrom('dp_queries').select('aggregate').where('dataset_id', '=', id).execute();
    assert.deepEqual(spent.map((q) => q.aggregate), ['count', 'mean', 'histogram']);
    assert.equal((await app.inject({ method: 'PUT', url: `${url}/dp-budget`, headers: steward, payload: { epsilon: '10' } })).statusCode, 400);
  } finally {
    await app.close();
    await t.close();
  }
});
