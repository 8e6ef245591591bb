import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { random } from '../../src/core/random.ts';
import { validateResource } from '../../src/quality/resource.ts';

// A file with every kind of problem the DuckDB path handles, scattered: both validators must agree exactly.
const schema = {
  fields: [
    { name: 'codigo', type: 'string', constraints: { required: true, unique: true, pattern: '[0-9]{5}' } },
    { name: 'fecha', type: 'date', format: '%d/%m/%Y' },
    { name: 'valor', type: 'number', decimalChar: ',', groupChar: '.', constraints: { minimum: 0, maximum: 1000000 } },
    { name: 'cantidad', type: 'integer', constraints: { exclusiveMinimum: 0 } },
    { name: 'activo', type: 'boolean', trueValues: ['sí'], falseValues: ['no'] },
    { name: 'nivel', type: 'string', constraints: { enum: ['alto', 'medio', 'bajo'], minLength: 4, maxLength: 5 } },
    { name: 'dia', type: 'date' },
  ],
  primaryKey: ['codigo', 'fecha'],
};

function generate(rows: number): string {
  const r = random(11);
  const pick = <T,>(list: T[]) => list[Math.floor(r() * list.length)]!;
  const lines = ['codigo,fecha,valor,cantidad,activo,nivel,dia'];
  for (let i = 0; i < rows; i++) {
    const roll = r();
    if (roll < 0.01) { lines.push(''); continue; }
    if (roll < 0.02) { lines.push(',,,,,,'); continue; }
    const cells = [
      pick([String(10000 + (i % 900)).padStart(5, '0'), '', 'ABC12', String(10000 + i)]),
      pick(['31/12/2024', '1/2/2024', '30/02/2024', 'ayer', '']),
      pick(['1.234,5', '12', '-3', '2.000.000', 'x', '']),
      pick(['1', '0', '7', 'dos', '']),
      pick(['sí', 'no', 'quizá', '']),
      pick(['alto', 'medio', 'bajo', 'bajísimo', 'muy alto', '']),
      pick(['2024-02-29', '2023-02-29', '', '2024-1-1']),
    ];
    const cut = r() < 0.03 ? Math.floor(r() * 7) : 7;
    const extra = r() < 0.03 ? ['x', 'y'] : [];
    lines.push([...cells.slice(0, cut), ...extra].map((c) => (r() < 0.02 ? `"${c}\n${c}"` : c)).join(','));
  }
  return lines.join('\n') + '\n';
}

test('DuckDB validation gives exactly the errors, messages and counts of the reference validator', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'infradatos-equivalence-'));
  try {
    const file = path.join(dir, 'mezcla.csv');
    writeFileSync(file, generate(3000));
    for (const options of [{ limitErrors: 100_000 }, { limitErrors: 25 }]) {
      const fast = await validateResource({ path: file, schema, options });
      const slow = await validateResource({ path: file, schema, options, fast: false });
      assert.equal(fast.rows, slow.rows);
      assert.deepEqual(fast.counts, slow.counts);
      assert.deepEqual(fast.errors.map((e) => [e.rowNumber, e.fieldNumber, e.type, e.message.es]), slow.errors.map((e) => [e.rowNumber, e.fieldNumber, e.type, e.message.es]));
      assert.ok(Object.keys(slow.counts).length >= 7, JSON.stringify(slow.counts));
    }
    // Without a schema both infer the same one and agree too.
    const inferredFast = await validateResource({ path: file });
    const inferredSlow = await validateResource({ path: file, fast: false });
    assert.deepEqual(inferredFast.fields, inferredSlow.fields);
    assert.deepEqual(inferredFast.errors.map((e) => [e.rowNumber, e.fieldNumber, e.type]), inferredSlow.errors.map((e) => [e.rowNumber, e.fieldNumber, e.type]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('foreign keys to a code list are checked in DuckDB exactly as by the reference validator', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'infradatos-equivalence-'));
  try {
    const r = random(5);
    const known = ['05001', '11001', '76001', '08001'];
    const lines = ['municipio,departamento,valor'];
    for (let i = 0; i < 2000; i++) {
      const roll = r();
      if (roll < 0.01) lines.push('');
      else lines.push([known[i % 4]!, '', '99999', '5001'][Math.floor(r() * 4)] + ',' + ['5', '11', '76', '99', ''][Math.floor(r() * 5)] + ',' + i);
    }
    const file = path.join(dir, 'fk.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const municipios = new Set([...known, '5001']);
    const departamentos = new Set(['5', '05', '11', '76']);
    const references = new Map([['divipola-municipios|codigo', municipios], ['divipola-departamentos|codigo', departamentos]]);
    const schema = {
      fields: [{ name: 'municipio', type: 'string' }, { name: 'departamento', type: 'integer' }, { name: 'valor', type: 'integer' }],
      foreignKeys: [
        { fields: ['municipio'], reference: { resource: 'divipola-municipios', fields: ['codigo'] } },
        { fields: 'departamento', reference: { resource: 'divipola-departamentos', fields: 'codigo' } },
      ],
    };
    const fast = await validateResource({ path: file, schema, options: { references, limitErrors: 100_000 } });
    const slow = await validateResource({ path: file, schema, options: { references, limitErrors: 100_000 }, fast: false });
    assert.ok((slow.counts['foreign-key'] ?? 0) > 400, JSON.stringify(slow.counts));
    assert.deepEqual(fast.counts, slow.counts);
    assert.deepEqual(fast.errors.map((e) => [e.rowNumber, e.type, e.message.es]), slow.errors.map((e) => [e.rowNumber, e.type, e.message.es]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
