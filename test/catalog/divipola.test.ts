import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDivipolaCsv } from '../../src/catalog/divipola.ts';
import { DIVIPOLA_FILE } from '../support/template.ts';

test("DANE's DIVIPOLA file: 1,121 municipalities in 33 departments, codes zero-padded", () => {
  const entries = readDivipolaCsv(DIVIPOLA_FILE);
  const municipalities = entries.filter((e) => e.kind === 'municipality');
  const departments = entries.filter((e) => e.kind === 'department');
  assert.equal(municipalities.length, 1121);
  assert.equal(departments.length, 33);
  for (const m of municipalities) {
    assert.match(m.code, /^\d{5}$/);
    assert.ok(m.code.startsWith(m.department_code));
  }
  const medellin = municipalities.find((m) => m.code === '05001');
  assert.equal(medellin?.name, 'Medellín');
  assert.equal(departments.find((d) => d.code === '05')?.name, 'Antioquia');
  assert.equal(municipalities.find((m) => m.code === '11001')?.name, 'Bogotá, D.C.');
  assert.equal(municipalities.find((m) => m.code === '88001')?.municipality_type, 'Isla');
});

test('a missing code list file is reported with its path', () => {
  assert.throws(() => readDivipolaCsv('/no/such/divipola.csv'), /DIVIPOLA_FILE/);
});
