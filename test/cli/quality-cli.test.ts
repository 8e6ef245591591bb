import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { runCli } from '../support/processes.ts';
import { sharedFileOrNote } from '../support/shared.ts';

test('quality: validates a local CSV or XLSX without a server, readable or as JSON, exit 1 on errors', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'infradatos-quality-cli-'));
  try {
    const schema = path.join(dir, 'esquema.json');
    writeFileSync(schema, JSON.stringify({
      fields: [
        { name: 'codigo', type: 'string', constraints: { required: true, pattern: '[0-9]{5}' } },
        { name: 'municipio', type: 'string', constraints: { required: true } },
        { name: 'poblacion', type: 'integer', constraints: { minimum: 0 } },
      ],
      primaryKey: ['codigo'],
    }));
    const csv = path.join(dir, 'municipios.csv');
    writeFileSync(csv, iconv.encode('codigo;municipio;poblacion\n05001;Medellín;2612958\n5002;Abejorral;-3\n05001;Copia;x\n', 'win1252'));
    const env = { DATA_DIR: path.join(dir, 'sin-uso') };
    const bad = await runCli(['quality', csv, '--schema', schema], env);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stdout, /municipios\.csv: 3 filas, 3 campos/);
    assert.match(bad.stdout, /fila 3, campo 1 \(codigo\): Restricción incumplida: «5002» no cumple pattern/);
    assert.match(bad.stdout, /fila 3, campo 3 \(poblacion\): Restricción incumplida: «-3» no cumple minimum 0/);
    assert.match(bad.stdout, /fila 4, campo 3 \(poblacion\): Valor de otro tipo: «x» no es de tipo integer/);
    assert.match(bad.stdout, /fila 4: Llave primaria repetida o vacía: ya apareció/);

    const json = await runCli(['quality', csv, '--schema', schema, '--json'], { ...env, LANG: 'en_US.UTF-8' });
    const report = JSON.parse(json.stdout);
    assert.deepEqual(report.counts, { 'constraint-error': 2, 'type-error': 1, 'primary-key': 1 });
    assert.equal(report.errors[0].message.en, 'Constraint error: "5002" breaks pattern [0-9]{5}');

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Datos');
    sheet.addRow(['codigo', 'municipio', 'poblacion']);
    sheet.addRow(['05001', 'Medellín', 2612958]);
    const xlsx = path.join(dir, 'municipios.xlsx');
    await workbook.xlsx.writeFile(xlsx);
    const good = await runCli(['quality', xlsx, '--schema', schema], env);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /✓ Válido/);

    // A foreign key to DIVIPOLA, offline: without DANE's list, by form and department (02 is no department);
    // with DIVIPOLA_FILE, against the list itself: 5002 (Abejorral, written without its leading zero as DANE
    // itself does) is known, 99999 is not.
    const withCodes = path.join(dir, 'con-divipola.json');
    writeFileSync(withCodes, JSON.stringify({ fields: [{ name: 'codigo', type: 'string' }, { name: 'municipio', type: 'string' }], foreignKeys: [{ fields: ['codigo'], reference: { resource: 'divipola-municipios', fields: ['codigo'] } }] }));
    const places = path.join(dir, 'lugares.csv');
    writeFileSync(places, 'codigo,municipio\n05001,Medellín\n99999,Inventado\n5002,Abejorral\n02001,Sin departamento\n');
    const byForm = JSON.parse((await runCli(['quality', places, '--schema', withCodes, '--json'], env)).stdout);
    assert.deepEqual(byForm.counts, { 'foreign-key': 1 });
    assert.equal(byForm.errors[0].rowNumber, 5);
    const dane = sharedFileOrNote(t, "DANE's DIVIPOLA list", 'data', 'divipola', 'divipola.csv');
    if (dane) {
      const codes = await runCli(['quality', places, '--schema', withCodes, '--json'], { ...env, DIVIPOLA_FILE: dane });
      assert.equal(codes.code, 1, codes.stderr);
      const fk = JSON.parse(codes.stdout);
      assert.deepEqual(fk.counts, { 'foreign-key': 2 });
      assert.deepEqual(fk.errors.map((e: { rowNumber: number }) => e.rowNumber), [3, 5]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
