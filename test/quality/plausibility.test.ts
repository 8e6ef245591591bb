import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/store/duckdb.ts';
import { plausibilityChecks } from '../../src/quality/plausibility.ts';
import type { Field } from '../../src/publish/table-schema.ts';

test('implausible values are found by what the column is called: coordinates outside Colombia, negative counts, percentages over 100', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'infradatos-plausible-'));
  const engine = new Engine({ tempDir: dir });
  try {
    const from = `(SELECT * FROM (VALUES (4.586, -74.1, 10, 55.5, 7), (4586, -74.2, -3, 120, -1), (40.4, 3.7, 0, 100, 2)) t(latitud, longitud, casos, porcentaje_cobertura, temperatura))`;
    const fields: Field[] = [
      { name: 'latitud', title: 'Latitud', type: 'number' },
      { name: 'longitud', title: 'Longitud', type: 'number' },
      { name: 'casos', title: 'Casos', type: 'integer' },
      { name: 'porcentaje_cobertura', title: 'Porcentaje de cobertura', type: 'number' },
      { name: 'temperatura', title: 'Temperatura', type: 'number' },
    ];
    const checks = await engine.use((c) => plausibilityChecks(c, from, fields, true));
    assert.deepEqual(checks.map((p) => [p.field, p.rule, p.values, p.implausible, p.examples]), [
      // 4586 is off the globe; 40.4 is on it, but in Madrid, not in Colombia.
      ['latitud', 'latitude', 3, 2, [40.4, 4586]],
      ['longitud', 'longitude', 3, 1, [3.7]],
      ['casos', 'count', 3, 1, [-3]],
      ['porcentaje_cobertura', 'percentage', 3, 1, [120]],
    ]);
    const anywhere = await engine.use((c) => plausibilityChecks(c, from, fields.slice(0, 1), false));
    assert.deepEqual(anywhere.map((p) => p.examples), [[4586]], 'outside Colombia is checked only for Colombian data');
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
