import ExcelJS from 'exceljs';
import type { InstrumentTable } from './instruments.ts';

export type ExportFormat = 'csv' | 'xlsx' | 'json';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

function csvCell(value: string): string {
  // A leading =, +, - or @ would run as a formula when the file is opened in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a UTF-8 byte-order mark, so Excel shows accents correctly. */
export function instrumentCsv(table: InstrumentTable): Buffer {
  const lines = [table.columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(row[c.key] ?? '')).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export async function instrumentXlsx(table: InstrumentTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'infradatos';
  workbook.created = new Date(table.generated_at);
  const sheet = workbook.addWorksheet(table.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 4 }] });
  sheet.addRow([table.title]).font = { bold: true, size: 14 };
  sheet.addRow([`${table.entity.name} — NIT ${table.entity.nit}`]);
  sheet.addRow([`${table.basis} ${table.generated_at.slice(0, 10)}`]);
  const header = sheet.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'top' };
  for (const row of table.rows) sheet.addRow(table.columns.map((c) => row[c.key] ?? ''));
  sheet.columns.forEach((column, i) => {
    const key = table.columns[i]?.key;
    column.width = key === 'description' ? 60 : key === 'title' || key === 'information' ? 40 : 22;
  });
  sheet.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: table.columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function instrumentJson(table: InstrumentTable): Buffer {
  const { asset_ids: _ids, ...rest } = table;
  return Buffer.from(JSON.stringify(rest, null, 2));
}

/** A file to download: its bytes, media type and a name that says what, whose and when. */
export async function instrumentFile(table: InstrumentTable, format: ExportFormat): Promise<{ body: Buffer; contentType: string; disposition: string }> {
  const body = format === 'csv' ? instrumentCsv(table) : format === 'xlsx' ? await instrumentXlsx(table) : instrumentJson(table);
  const name = `${table.instrument}-${table.entity.nit}-${table.generated_at.slice(0, 10)}.${format}`;
  return { body, contentType: CONTENT_TYPES[format], disposition: `attachment; filename="${name}"` };
}
