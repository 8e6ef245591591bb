import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { AppError, invalid } from '../core/errors.ts';
import { fold } from '../core/text.ts';

/** An XLSX may expand to this many times its size, and never beyond MAX_EXPANDED_BYTES: more is a zip bomb. */
export const XLSX_LIMITS = { ratio: 100, floorBytes: 200 * 1024 * 1024, maxExpandedBytes: 8 * 1024 ** 3, maxEntries: 10_000 };

const zipBomb = (fileName: string) => invalid({
  es: `«${fileName}» se expande a un tamaño desproporcionado al descomprimirlo (posible «bomba zip»); no se procesó.`,
  en: `"${fileName}" expands to a disproportionate size when unzipped (a possible "zip bomb"); it was not processed.`,
}, [{ file: fileName, message: { es: 'Archivo comprimido sospechoso.', en: 'Suspicious compressed file.' } }]);

/** Decompresses every entry once, counting real bytes (declared sizes can lie), and stops at the limit. */
export async function checkZip(file: string, fileName: string, compressedSize: number): Promise<void> {
  const limit = Math.min(XLSX_LIMITS.maxExpandedBytes, Math.max(XLSX_LIMITS.floorBytes, compressedSize * XLSX_LIMITS.ratio));
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true, validateEntrySizes: true }, (error, z) => (error ? reject(invalid({ es: `«${fileName}» no es un XLSX válido: ${error.message}`, en: `"${fileName}" is not a valid XLSX: ${error.message}` })) : resolve(z))));
  let total = 0;
  let entries = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        if (++entries > XLSX_LIMITS.maxEntries || total + entry.uncompressedSize > limit) return reject(zipBomb(fileName));
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          stream.on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (total > limit) {
              stream.destroy();
              reject(zipBomb(fileName));
            }
          });
          stream.on('error', reject);
          stream.on('end', () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as ExcelJS.CellValue);
    if ('result' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/**
 * Streams one sheet of a workbook (the named one, or the first with data) into a UTF-8 CSV: dates as ISO
 * text, formulas as their results, rows padded to the header's width.
 */
export async function xlsxToCsv(file: string, fileName: string, workDir: string, sheet?: string): Promise<{ file: string; sheet: string }> {
  const target = path.join(workDir, 'sheet.csv');
  const out = createWriteStream(target);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' });
  const seen: string[] = [];
  let chosen: string | undefined;
  try {
    for await (const worksheet of reader) {
      const name = String((worksheet as unknown as { name: string }).name ?? '');
      seen.push(name);
      if (chosen || (sheet && fold(name) !== fold(sheet))) {
        for await (const _row of worksheet) { /* drain */ }
        continue;
      }
      // A sheet is data when it has a header and at least one row under it (a cover page has a title only).
      let width = 0;
      let header: string[] | undefined;
      let rows = 0;
      for await (const row of worksheet) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (!header) {
          if (values.every((v) => v.trim() === '')) continue;
          header = values;
          width = values.length;
          continue;
        }
        while (values.length > width && values[values.length - 1] === '') values.pop();
        while (values.length < width) values.push('');
        if (rows++ === 0) out.write(header.map(csvCell).join(',') + '\n');
        if (!out.write(values.map(csvCell).join(',') + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
      if (rows > 0) chosen = name;
    }
  } catch (error) {
    out.destroy();
    if (error instanceof AppError) throw error;
    throw invalid({ es: `No se pudo leer «${fileName}» como XLSX: ${(error as Error).message}`, en: `Could not read "${fileName}" as XLSX: ${(error as Error).message}` }, [{ file: fileName, message: { es: 'Libro ilegible.', en: 'Unreadable workbook.' } }]);
  }
  out.end();
  await finished(out);
  if (!chosen) {
    throw invalid(sheet
      ? { es: `«${fileName}» no tiene una hoja «${sheet}» con datos. Hojas: ${seen.join(', ')}.`, en: `"${fileName}" has no sheet "${sheet}" with data. Sheets: ${seen.join(', ')}.` }
      : { es: `«${fileName}» no tiene hojas con datos.`, en: `"${fileName}" has no sheets with data.` }, [{ file: fileName, message: { es: 'Hoja sin datos.', en: 'Sheet without data.' } }]);
  }
  return { file: target, sheet: chosen };
}
