import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { autoHierarchy } from '../../src/privacy/auto-hierarchy.ts';
import type { Hierarchy } from '../../src/privacy/hierarchy.ts';
import { random } from '../../src/core/random.ts';
import { runCli } from '../support/processes.ts';

/** Every value at a level generalizes to one value at the next: the hierarchy is a tree ending in "*". */
function assertTree(h: Hierarchy) {
  for (const row of h.rows.values()) assert.equal(row.length, h.levels);
  for (let level = 0; level + 1 < h.levels; level++) {
    const parent = new Map<string, string>();
    for (const row of h.rows.values()) {
      const seen = parent.get(row[level]!);
      assert.ok(seen === undefined || seen === row[level + 1], `${row[level]} has two parents`);
      parent.set(row[level]!, row[level + 1]!);
    }
  }
  assert.ok([...h.rows.values()].every((row) => row[h.levels - 1] === '*'));
}

test('automatic hierarchies: numbers into doubling intervals, dates, DIVIPOLA codes up to the region, text masked', () => {
  const ages = autoHierarchy(Array.from({ length: 80 }, (_, i) => String(i + 10)));
  assert.equal(ages.kind, 'number');
  assertTree(ages.hierarchy);
  assert.deepEqual(ages.hierarchy.rows.get('37')!.slice(0, 3), ['37', '35-39', '30-39']);
  const dates = autoHierarchy(['2024-03-14', '2024-11-02', '2019-07-30']);
  assert.equal(dates.kind, 'date');
  assert.deepEqual(dates.hierarchy.rows.get('2024-03-14'), ['2024-03-14', '2024-03', '2024', '2020-2029', '*']);
  const places = autoHierarchy(['05001', '11001', '76001', '88001'], new Set(['05001', '11001', '76001', '88001']));
  assert.equal(places.kind, 'divipola');
  assert.deepEqual(places.hierarchy.rows.get('76001'), ['76001', '76', 'Pacífica', 'Colombia', '*']);
  assert.deepEqual(places.hierarchy.rows.get('88001')!.slice(1, 3), ['88', 'Insular']);
  const text = autoHierarchy(['Chapinero', 'Chía', 'Usme']);
  assert.equal(text.kind, 'mask');
  assertTree(text.hierarchy);
  assert.equal(text.hierarchy.rows.get('Chía')![2], 'Ch**');
});

test('anonymize without hierarchy files builds them and still meets k', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'infradatos-auto-'));
  try {
    const r = random(4);
    const lines = ['edad;municipio;fecha_atencion;valor'];
    for (let i = 0; i < 400; i++) lines.push(`${18 + Math.floor(r() * 60)};${['05001', '11001', '76001', '08001'][Math.floor(r() * 4)]};2024-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')};${i}`);
    const file = path.join(dir, 'atenciones.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const out = path.join(dir, 'anonimo.csv');
    const run = await runCli(['anonymize', file, '--qi', 'edad,municipio,fecha_atencion', '--k', '4', '--suppression', '0.02', '--out', out], { DATA_DIR: path.join(dir, 'sin-uso') });
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /Jerarquía automática para «municipio»: divipola/);
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => l.split(';'));
    assert.equal(rows.length, 400);
    const sizes = new Map<string, number>();
    for (const row of rows) if (row[0] !== '*') sizes.set(row.slice(0, 3).join('|'), (sizes.get(row.slice(0, 3).join('|')) ?? 0) + 1);
    assert.ok(Math.min(...sizes.values()) >= 4);
    assert.deepEqual(rows.map((row) => row[3]), lines.slice(1).map((l) => l.split(';')[3]), 'other columns and the row order are kept');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
