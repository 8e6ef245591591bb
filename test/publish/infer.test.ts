import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/store/duckdb.ts';
import { inferSchema } from '../../src/publish/infer.ts';
import { openSource } from '../../src/publish/sources.ts';
import { readNumber } from '../../src/publish/table-schema.ts';

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

/** Infers one file and returns each column as [type, decimalChar, groupChar]. */
async function marksOf(lines: string[]): Promise<Record<string, [string, string, string]>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'infradatos-marks-'));
  const engine = new Engine({ tempDir: path.join(dir, 'tmp') });
  try {
    const file = path.join(dir, 'marcas.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const source = await openSource(engine, file, 'marcas.csv', dir);
    const { fields } = await engine.use((c) => inferSchema(c, source, 'marcas.csv'));
    return Object.fromEntries(fields.map((f) => [f.title ?? f.name, [f.type, f.decimalChar ?? '', f.groupChar ?? '']]));
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a dot followed by three digits is a decimal unless the column or the file shows grouping; coordinates and rates never grow', async () => {
  // No comma decimal anywhere in this file.
  assert.deepEqual(await marksOf([
    'Latitud;Longitud;solo_miles;varios_grupos;con_enteros;entero_largo;tasa_pct',
    '4.586;-74.123;1.234;1.234.567;1.234;1.234;12.500',
    '4.612;-74.201;12.500;12.500;7;2500;45.000',
    '4.701;-74.050;45.000;3;250;4.586;99.125',
  ]), {
    Latitud: ['number', '.', ''],
    Longitud: ['number', '.', ''],
    // 1.234, 12.500 and 45.000 alone: nothing says the dot groups, so it is a decimal point.
    solo_miles: ['number', '.', ''],
    // Several groups (1.234.567) say the dot groups thousands.
    varios_grupos: ['integer', '', '.'],
    // Small integers written plainly beside 1.234: grouping.
    con_enteros: ['integer', '', '.'],
    // 2500 written without a mark: the dot in 1.234 is not grouping.
    entero_largo: ['number', '.', ''],
    tasa_pct: ['number', '.', ''],
  });
  // Comma decimals elsewhere in the file: the dot groups, except in coordinates.
  assert.deepEqual(await marksOf([
    'Accesos;Tasa de cobertura;Latitud',
    '1.234;95,23;4.586',
    '12.500;87,5;4.612',
  ]), {
    Accesos: ['integer', '', '.'],
    'Tasa de cobertura': ['number', ',', ''],
    Latitud: ['number', '.', ''],
  });
  // The editor is shown a few values as the file writes them, those with marks first.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'infradatos-samples-'));
  const engine = new Engine({ tempDir: path.join(dir, 'tmp') });
  try {
    writeFileSync(path.join(dir, 'm.csv'), 'Latitud;Accesos\n4.586;7\n4.612;1.234\n4.7;12.500\n4.612;3\n');
    const source = await openSource(engine, path.join(dir, 'm.csv'), 'm.csv', dir);
    const { fields } = await engine.use((c) => inferSchema(c, source, 'm.csv'));
    assert.deepEqual(fields.map((f) => f['x-samples']), [['4.586', '4.612', '4.7'], ['12.500', '1.234', '3']]);
    assert.deepEqual(fields[0]!['x-samples']!.map((v) => readNumber(v, fields[0]!)), [4.586, 4.612, 4.7]);
    assert.deepEqual(fields[1]!['x-samples']!.map((v) => readNumber(v, fields[1]!)), [12500, 1234, 3]);
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
  // 1.234,5 is Colombian: dot groups, comma decimal; 0.125 is a decimal.
  assert.deepEqual(await marksOf(['a;b', '1.234,5;0.125', '12,75;2.5']), { a: ['number', ',', '.'], b: ['number', '.', ''] });
});
