import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/store/duckdb.ts';
import { inferSchema } from '../../src/publish/infer.ts';
import { openSource } from '../../src/publish/sources.ts';

test('inference reads numbers, dates, booleans and codes the way Colombian files write them', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'infradatos-infer-'));
  const engine = new Engine({ tempDir: path.join(dir, 'tmp') });
  try {
    const header = 'miles;decimal_punto;decimal_tres;coma;grupos;codigo;nit;fecha;fecha_iso;momento;si_no;vacia;texto';
    const rows = [
      '1.234;3.14;0.125;1,5;1.234.567,89;05001;899999027;31/12/2024;2024-12-31;31/12/2024 08:30;sí;;hola',
      '12.500;10.5;2.750;22;12,5;11001;800197268;01/02/2024;2024-02-01;01/02/2024 17:05;no;;mundo',
      '7;0.001;1.000;3,25;999;76001;890903938;9/3/2024;2024-03-09;09/03/2024 00:00;Si;;',
    ];
    const file = path.join(dir, 'tipos.csv');
    writeFileSync(file, [header, ...rows].join('\n') + '\n');
    const source = await openSource(engine, file, 'tipos.csv', dir);
    const { fields, rows: count } = await engine.use((c) => inferSchema(c, source, 'tipos.csv'));
    assert.equal(count, 3);
    const summary = Object.fromEntries(fields.map((f) => [f.name, [f.type, f.format ?? f.decimalChar ?? f.groupChar ?? '']]));
    assert.deepEqual(summary, {
      miles: ['integer', '.'],
      decimal_punto: ['number', '.'],
      decimal_tres: ['number', '.'],
      coma: ['number', ','],
      grupos: ['number', ','],
      codigo: ['string', ''],
      nit: ['string', ''],
      fecha: ['date', '%d/%m/%Y'],
      fecha_iso: ['date', ''],
      momento: ['datetime', '%d/%m/%Y %H:%M'],
      si_no: ['boolean', ''],
      vacia: ['string', ''],
      texto: ['string', ''],
    });
    assert.equal(fields.find((f) => f.name === 'grupos')!.groupChar, '.');
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
