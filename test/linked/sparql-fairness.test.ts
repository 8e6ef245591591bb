import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../src/core/errors.ts';
import { SparqlEngine } from '../../src/linked/sparql-engine.ts';

test('five heavy SPARQL queries from one client do not starve a trivial one from another', async () => {
  const engine = new SparqlEngine({ timeoutMs: 4000, maxResults: 100 });
  try {
    engine.setGraph('urn:g', Array.from({ length: 3000 }, (_, i) => `<urn:s${i}> <urn:p> "${i}" .`).join('\n'));
    const dataset = { defaultGraphs: [], namedGraphs: [] };
    const heavy = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
    const outcomes = Array.from({ length: 5 }, () => engine.query(heavy, dataset, null, '203.0.113.9').then(() => 'answered', (e: AppError) => e.code));
    // One runs, two wait their turn, two more are refused at once.
    const settledEarly = await Promise.race([Promise.all(outcomes.slice(3)), new Promise((r) => setTimeout(() => r('pending'), 2000))]);
    assert.deepEqual(settledEarly, ['rate_limited', 'rate_limited']);
    let heavyDone = false;
    void outcomes[0]!.then(() => (heavyDone = true));
    const trivial = await engine.query('ASK { <urn:s1> <urn:p> "1" }', dataset, null, '198.51.100.20');
    assert.equal(heavyDone, false, 'answered while the heavy query still runs');
    assert.deepEqual(trivial, { kind: 'boolean', value: true });
    assert.deepEqual(await Promise.all(outcomes.slice(0, 3)), ['validation', 'validation', 'validation'], 'the heavy ones stop at the time limit');
  } finally {
    await engine.close();
  }
});
