import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { AppError, invalid } from '../../core/errors.ts';

/** A cell as read from a file: plain value, or a link with its visible text. */
export type Cell = string | number | boolean | Date | { text: string; url: string } | null;

export interface TableRow {
  /** Row number as the user sees it in the file (1-based line or sheet row). */
  number: number;
  cells: Cell[];
}

export interface Table {
  format: 'csv' | 'xlsx';
  sheet: string | null;
  sheets: string[];
  encoding: string | null;
  delimiter: string | null;
  rows: TableRow[];
}

export const MAX_ROWS = 50_000;

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export function detectFormat(fileName: string, data: Buffer): 'csv' | 'xlsx' {
  if (data.subarray(0, 4).equals(XLSX_MAGIC)) return 'xlsx';
  if (/\.xls$/i.test(fileName) || data.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw new AppError('unsupported_media_type', {
      es: `«${fileName}» es un libro de Excel 97-2003 (.xls). Ábralo en Excel o LibreOffice y guárdelo como .xlsx o .csv.`,
      en: `"${fileName}" is an Excel 97-2003 workbook (.xls). Open it in Excel or LibreOffice and save it as .xlsx or .csv.`,
    });
  }
  if (/\.(xlsx|xlsm)$/i.test(fileName)) {
    throw invalid({ es: `«${fileName}» no es un archivo XLSX válido (puede estar dañado).`, en: `"${fileName}" is not a valid XLSX file (it may be damaged).` });
  }
  if (data.includes(0) && !hasUtf16Bom(data)) {
    throw new AppError('unsupported_media_type', {
      es: `«${fileName}» no parece un archivo de texto CSV ni un libro XLSX.`,
      en: `"${fileName}" does not look like a CSV text file or an XLSX workbook.`,
    });
  }
  return 'csv';
}

const hasUtf16Bom = (data: Buffer) => (data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff);

/**
 * Decodes text the way spreadsheets export it in Colombia: UTF-8 (with or without BOM), UTF-16 from
 * "Unicode text", or Windows-1252 (a superset of Latin-1) from older Excel "CSV" exports.
 */
export function decodeText(data: Buffer): { text: string; encoding: string } {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return { text: data.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  if (data[0] === 0xff && data[1] === 0xfe) return { text: iconv.decode(data.subarray(2), 'utf16le'), encoding: 'utf-16le' };
  if (data[0] === 0xfe && data[1] === 0xff) return { text: iconv.decode(data.subarray(2), 'utf16be'), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(data), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(data, 'win1252'), encoding: 'windows-1252' };
  }
}

/** The delimiter that splits the first lines into the most consistent, widest rows. */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.trim()).slice(0, 30);
  let best = ',';
  let bestScore = -1;
  for (const candidate of [';', ',', '\t', '|']) {
    const counts = lines.map((line) => countOutsideQuotes(line, candidate));
    const widths = counts.filter((c) => c > 0);
    if (widths.length === 0) continue;
    const mode = [...widths].sort((a, b) => widths.filter((x) => x === b).length - widths.filter((x) => x === a).length)[0]!;
    const score = widths.filter((c) => c === mode).length * 100 + mode;
    if (score > bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, char: string): number {
  let inside = false;
  let n = 0;
  for (const c of line) {
    if (c === '"') inside = !inside;
    else if (c === char && !inside) n++;
  }
  return n;
}

export function readCsv(data: Buffer, fileName: string): Table {
  const { text, encoding } = decodeText(data);
  const delimiter = detectDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true, trim: false }) as never;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw invalid({
      es: `No se pudo leer «${fileName}» como CSV${line ? ` (línea ${line})` : ''}: ${(error as Error).message}`,
      en: `Could not read "${fileName}" as CSV${line ? ` (line ${line})` : ''}: ${(error as Error).message}`,
    }, [{ file: fileName, ...(line ? { row: line } : {}), message: { es: 'CSV mal formado.', en: 'Malformed CSV.' } }]);
  }
  if (records.length > MAX_ROWS) throw tooManyRows(fileName);
  // info.lines is the line where the record ends; quoted newlines make records span several lines.
  let nextLine = 1;
  const rows = records.map(({ record, info }) => {
    const row = { number: nextLine, cells: record.map((v) => (v.trim() === '' ? null : v.trim())) };
    nextLine = info.lines + 1;
    return row;
  });
  return { format: 'csv', sheet: null, sheets: [], encoding, delimiter, rows };
}

function tooManyRows(fileName: string) {
  return invalid({
    es: `«${fileName}» tiene más de ${MAX_ROWS.toLocaleString('es-CO')} filas; divídalo en varios archivos.`,
    en: `"${fileName}" has more than ${MAX_ROWS.toLocaleString('en-US')} rows; split it into several files.`,
  });
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim() || null;
    if ('hyperlink' in value) {
      const text = typeof value.text === 'string' ? value.text : cellValue(value.text as ExcelJS.CellValue);
      return { text: String(text ?? value.hyperlink).trim(), url: String(value.hyperlink).replace(/^mailto:/, '') };
    }
    if ('formula' in value || 'sharedFormula' in value) return cellValue((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('error' in value) return null;
  }
  return String(value);
}

/** Rates how likely a sheet's first rows are the table wanted (used when the user names no sheet). */
export type SheetScorer = (firstRows: TableRow[]) => number;

function rowsOf(sheet: ExcelJS.Worksheet, limit = Number.POSITIVE_INFINITY): TableRow[] {
  const rows: TableRow[] = [];
  const width = sheet.columnCount;
  // Merged cells read as their top-left value, so a merged "Proceso" cell fills every row it spans.
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (rows.length >= limit) return;
    const cells: Cell[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellValue(row.getCell(c).value));
    rows.push({ number, cells });
  });
  return rows;
}

export async function readXlsx(data: Buffer, fileName: string, sheetName?: string, score?: SheetScorer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as never);
  } catch (error) {
    throw invalid({
      es: `No se pudo abrir «${fileName}» como libro XLSX: ${(error as Error).message}`,
      en: `Could not open "${fileName}" as an XLSX workbook: ${(error as Error).message}`,
    });
  }
  const sheets = workbook.worksheets.map((w) => w.name);
  const visible = workbook.worksheets.filter((w) => w.state === 'visible' && w.actualRowCount > 0);
  // Without a named sheet, the visible sheet that looks most like the table (instructions sheets come first in many templates).
  const best = score && visible.length > 1 ? visible.map((w) => ({ w, s: score(rowsOf(w, 30)) })).reduce((a, b) => (b.s > a.s ? b : a)).w : visible[0];
  const sheet = sheetName ? workbook.getWorksheet(sheetName) : best ?? workbook.worksheets[0];
  if (!sheet) {
    throw invalid({
      es: sheetName ? `El libro no tiene una hoja llamada «${sheetName}». Hojas: ${sheets.join(', ')}.` : 'El libro no tiene hojas con datos.',
      en: sheetName ? `The workbook has no sheet named "${sheetName}". Sheets: ${sheets.join(', ')}.` : 'The workbook has no sheets with data.',
    });
  }
  if (sheet.rowCount > MAX_ROWS) throw tooManyRows(fileName);
  return { format: 'xlsx', sheet: sheet.name, sheets, encoding: null, delimiter: null, rows: rowsOf(sheet) };
}

export async function readTable(data: Buffer, fileName: string, sheet?: string, score?: SheetScorer): Promise<Table> {
  if (data.length === 0) throw invalid({ es: `«${fileName}» está vacío.`, en: `"${fileName}" is empty.` });
  return detectFormat(fileName, data) === 'xlsx' ? readXlsx(data, fileName, sheet, score) : readCsv(data, fileName);
}

/** "A", "B", …, "AA" for column 0, 1, …, 26. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'object') return cell.text;
  return String(cell);
}
