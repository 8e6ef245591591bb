import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createAsset } from '../../src/catalog/assets.ts';
import { buildInstrument } from '../../src/catalog/instruments.ts';
import { instrumentCsv, instrumentXlsx } from '../../src/catalog/instrument-export.ts';
import { assetInput, reservedInput, seedEntities, testPlatform } from '../support/platform.ts';

test('the three legal instruments are views of the inventory; the Índice is public by law', async () => {
  const t = await testPlatform();
  try {
    const { dane } = await seedEntities(t.system);
    await createAsset(t.system, dane.nit, assetInput({ title: 'Censo nacional', update_frequency: 'no_aplica', producer: 'Dirección de Censos', owner: 'Dirección de Censos' }));
    await createAsset(t.system, dane.nit, assetInput({ title: 'Directorio de empresas', availability: 'disponible', link: '', published_where: 'Oficina de Geoestadística' }));
    await createAsset(t.system, dane.nit, reservedInput({ title: 'Microdatos con identificación', legal_class: 'clasificada', exception_ground: '18a', exception_until: '', personal_data_class: 'sensible', exception_norm: 'Ley 79 de 1993, art. 5' }));
    await createAsset(t.system, dane.nit, reservedInput({ producer: 'Despacho', owner: 'Director' }));

    const anonymous = t.as({ kind: 'anonymous' });
    const registro = await buildInstrument(anonymous, dane.nit, 'registro-activos', 'es');
    assert.deepEqual(registro.rows.map((r) => r.title), ['Censo nacional', 'Directorio de empresas']);
    assert.equal(registro.hidden, 2);
    assert.equal((await buildInstrument(t.system, dane.nit, 'registro-activos', 'es')).rows.length, 4);

    const indice = await buildInstrument(anonymous, dane.nit, 'indice-clasificada', 'es');
    assert.deepEqual(indice.rows.map((r) => [r.title, r.aim, r.norm, r.ground, r.scope, r.term]), [
      ['Informes de inteligencia', 'La defensa y seguridad nacional', 'Ley 1712 de 2014, art. 19', 'Ley 1712 de 2014, Art. 19 a)', 'Total', '2034-01-10'],
      ['Microdatos con identificación', 'El derecho de toda persona a la intimidad', 'Ley 79 de 1993, art. 5', 'Ley 1712 de 2014, Art. 18 a)', 'Total', 'Ilimitado'],
    ]);
    // The legal columns only: no description, and no link to the restricted asset pages.
    assert.ok(!indice.columns.some((c) => c.key === 'description'));
    assert.deepEqual(indice.asset_ids, [null, null]);
    assert.equal(indice.hidden, 0);

    const esquema = await buildInstrument(anonymous, dane.nit, 'esquema-publicacion', 'en');
    assert.deepEqual(esquema.rows.map((r) => [r.title, r.frequency]), [['Censo nacional', 'Not updated']]);
    assert.equal(esquema.columns[0]!.header, 'Name or title of the information');

    const csv = parse(instrumentCsv(registro), { bom: true, columns: true }) as Record<string, string>[];
    assert.equal(csv.length, 2);
    assert.equal(csv[0]!['Nombre o título de la categoría de información'], 'Censo nacional');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await instrumentXlsx(indice)) as never);
    const sheet = workbook.worksheets[0]!;
    assert.equal(sheet.getCell('A1').value, 'Índice de Información Clasificada y Reservada');
    assert.equal(sheet.getRow(4).getCell(1).value, 'Nombre o título de la categoría de información');
    assert.equal(sheet.getRow(5).getCell(1).value, 'Informes de inteligencia');
    assert.equal(sheet.rowCount, 6);
  } finally {
    await t.close();
  }
});

test('spreadsheet formulas in values are neutralised in CSV exports', async () => {
  const t = await testPlatform();
  try {
    const { dane } = await seedEntities(t.system);
    await createAsset(t.system, dane.nit, assetInput({ title: '=HYPERLINK("http://x")', description: '+cmd|calc' }));
    const csv = instrumentCsv(await buildInstrument(t.system, dane.nit, 'registro-activos', 'es')).toString('utf8');
    assert.match(csv, /'=HYPERLINK/);
    assert.match(csv, /'\+cmd\|calc/);
  } finally {
    await t.close();
  }
});
