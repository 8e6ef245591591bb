import { test } from 'node:test';
import assert from 'node:assert/strict';
import { riskOf } from '../../src/privacy/risk.ts';

test('risk from class sizes: prosecutor, marketer, records above the threshold, sample and population uniques', () => {
  // Classes of 1, 1, 2, 2, 4 and 10 records: 20 records, 6 classes.
  const r = riskOf([1, 1, 2, 2, 4, 10], { threshold: 0.3 });
  assert.equal(r.records, 20);
  assert.equal(r.prosecutor.highest, 1);
  assert.equal(r.prosecutor.average, 0.3);
  assert.equal(r.marketer, 0.3);
  // Risk above 0.3: classes of 1 and 2 (1/4 = 0.25 is not).
  assert.equal(r.prosecutor.recordsAbove, 6);
  assert.deepEqual(r.sampleUniques, { records: 2, share: 0.1 });
  assert.deepEqual(r.populationUniques, { estimate: 2, share: 0.1 });
  // A 10% sample: Skinner–Elliot, 0.1·2 / (0.1·2 + 2·0.9·2) = 0.0526 of the uniques are population uniques.
  const sample = riskOf([1, 1, 2, 2, 4, 10], { samplingFraction: 0.1 });
  assert.equal(sample.populationUniques.estimate, 0);
  assert.equal(sample.populationUniques.share, Number(((2 * 0.2 / 3.8) * 0.1 / 20).toFixed(6)));
  assert.deepEqual(riskOf([]).records, 0);
});
