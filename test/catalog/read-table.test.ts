import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import type { AppError } from '../../src/core/errors.ts';
import { cellText, decodeText, detectDelimiter, readCsv, readTable } from '../../src/catalog/import/read-table.ts';
import { latin1Csv, registroRow, registroXlsx, REGISTRO_HEADER } from '../support/files.ts';

test('text encodings: UTF-8 with and without BOM, Windows-1252, UTF-16', () => {
  assert.deepEqual(decodeText(Buffer.from('\ufeffCategoría', 'utf8')), { text: 'Categoría', encoding: 'utf-8-bom' });
  assert.deepEqual(decodeText(Buffer.from('Categoría', 'utf8')), { text: 'Categoría', encoding: 'utf-8' });
  assert.deepEqual(decodeText(iconv.encode('Categoría “Año”', 'win1252')), { text: 'Categoría “Año”', encoding: 'windows-1252' });
  assert.equal(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Año', 'utf16le')])).text, 'Año');
});

test('delimiter detection', () => {
  assert.equal(detectDelimiter('a;b;c\n1;2,5;3\n'), ';');
  assert.equal(detectDelimiter('a,b,c\n1,"2;5",3\n'), ',');
  assert.equal(detectDelimiter('a\tb\tc\n1\t2\t3\n'), '\t');
});

test('a Latin-1 ";" CSV with quoted newlines keeps the line numbers a user sees', () => {
  const data = latin1Csv([REGISTRO_HEADER, registroRow('Actas', { description: 'Primera línea\nsegunda línea' }), registroRow('Nómina')]);
  const table = readCsv(data, 'registro.csv');
  assert.equal(table.encoding, 'windows-1252');
  assert.equal(table.delimiter, ';');
  assert.equal(table.rows[1]!.number, 2);
  assert.equal(cellText(table.rows[1]!.cells[1]), 'Primera línea\nsegunda línea');
  assert.equal(table.rows[2]!.number, 4);
  assert.equal(cellText(table.rows[2]!.cells[0]), 'Nómina');
});

test('XLSX: the first sheet with data is chosen unless named, merged cells repeat their value', async () => {
  const data = await registroXlsx([registroRow('Actas'), registroRow('Contratos')], { mergeColumn: 2 });
  const table = await readTable(data, 'registro.xlsx', 'Registro');
  assert.equal(table.format, 'xlsx');
  assert.deepEqual(table.sheets, ['Instrucciones', 'Registro']);
  const header = table.rows.find((r) => cellText(r.cells[0]) === REGISTRO_HEADER[0])!;
  assert.equal(header.number, 4);
  const rows = table.rows.filter((r) => r.number > 4);
  assert.deepEqual(rows.map((r) => cellText(r.cells[2])), ['Español', 'Español']);
  await assert.rejects(readTable(data, 'registro.xlsx', 'Hoja9'), /Hoja9/);
});

test('files that are not spreadsheets are refused with a clear reason', async () => {
  const spanish = (pattern: RegExp) => (error: AppError) => pattern.test(error.messages.es) && error.messages.en.length > 0;
  await assert.rejects(readTable(Buffer.alloc(0), 'vacio.csv'), spanish(/«vacio.csv» está vacío/));
  await assert.rejects(readTable(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), 'viejo.xls'), spanish(/Excel 97-2003/));
  await assert.rejects(readTable(Buffer.from('not a zip'), 'roto.xlsx'), spanish(/no es un archivo XLSX válido/));
});
