import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { AppError, invalid } from '../core/errors.ts';
import { detectDelimiter } from '../catalog/import/read-table.ts';
import { ident, literal, type Engine } from '../store/duckdb.ts';
import { apiFieldNames, type FieldType } from './table-schema.ts';
import { checkZip, xlsxToCsv } from './xlsx.ts';
import { stat } from 'node:fs/promises';

export type SourceFormat = 'csv' | 'json' | 'geojson' | 'parquet' | 'xlsx';

export interface SourceColumn {
  /** API name, the column's name in the relation. */
  name: string;
  /** The header as the file had it. */
  title: string;
  /** DuckDB type of the column as read; VARCHAR for text formats, which inference then types. */
  sourceType: string;
  /** A type the format itself says (a GeoJSON geometry), taking precedence over inference. */
  fieldType?: FieldType;
}

/** A file made readable by DuckDB: a relation (a table function call) with named columns. */
export interface Source {
  format: SourceFormat;
  encoding: string | null;
  delimiter: string | null;
  sheet?: string;
  relation: string;
  columns: SourceColumn[];
}

export const MAX_COLUMNS = 2_000;
const SAMPLE_BYTES = 256 * 1024;

const PARQUET_MAGIC = Buffer.from('PAR1');

/** The first bytes of a file (a sample to detect its format, encoding and delimiter). */
export async function fileHead(file: string, bytes = SAMPLE_BYTES): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function formatOf(fileName: string, start: Buffer): SourceFormat {
  if (start.subarray(0, 4).equals(PARQUET_MAGIC)) return 'parquet';
  if (start[0] === 0x50 && start[1] === 0x4b) return 'xlsx';
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.geojson' || /"type"\s*:\s*"FeatureCollection"/.test(start.toString('utf8', 0, 256))) return 'geojson';
  if (['.json', '.ndjson', '.jsonl'].includes(ext)) return 'json';
  const firstChar = start.toString('utf8', 0, 64).replace(/^\uFEFF/, '').trimStart()[0];
  if (ext === '' && (firstChar === '{' || firstChar === '[')) return 'json';
  if (start.includes(0) && !(start[0] === 0xff && start[1] === 0xfe) && !(start[0] === 0xfe && start[1] === 0xff)) {
    throw new AppError('unsupported_media_type', {
      es: `«${fileName}» no es un archivo CSV, JSON, XLSX ni Parquet.`,
      en: `"${fileName}" is not a CSV, JSON, XLSX or Parquet file.`,
    });
  }
  return 'csv';
}

/** Whole-file UTF-8 check, streamed: Windows-1252 bytes may first appear far into a large file. */
async function isUtf8(file: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/** Returns a UTF-8 copy of a text file (or the file itself) and the encoding it was in. */
export async function asUtf8(file: string, workDir: string): Promise<{ file: string; encoding: string }> {
  const start = await fileHead(file, 4);
  let encoding: string;
  if (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) return { file, encoding: 'utf-8-bom' };
  if (start[0] === 0xff && start[1] === 0xfe) encoding = 'utf-16le';
  else if (start[0] === 0xfe && start[1] === 0xff) encoding = 'utf-16be';
  else if (await isUtf8(file)) return { file, encoding: 'utf-8' };
  else encoding = 'windows-1252';
  const target = path.join(workDir, 'utf8.csv');
  await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), iconv.decodeStream(encoding, { stripBOM: true }), iconv.encodeStream('utf8'), createWriteStream(target));
  return { file: target, encoding };
}

function tooManyColumns(fileName: string, count: number): AppError {
  return invalid({
    es: `«${fileName}» tiene ${count.toLocaleString('es-CO')} columnas; el máximo es ${MAX_COLUMNS.toLocaleString('es-CO')}. ¿Es la primera fila el encabezado?`,
    en: `"${fileName}" has ${count.toLocaleString('en-US')} columns; the maximum is ${MAX_COLUMNS.toLocaleString('en-US')}. Is the first row the header?`,
  }, [{ file: fileName, row: 1, message: { es: 'Demasiadas columnas.', en: 'Too many columns.' } }]);
}

async function csvSource(file: string, fileName: string, workDir: string): Promise<Source> {
  const utf8 = await asUtf8(file, workDir);
  let sample = (await fileHead(utf8.file)).toString('utf8').replace(/^\uFEFF/, '');
  // A very wide header may be longer than the sample: read on until its line ends.
  if (!/[\r\n]/.test(sample) && sample.length >= SAMPLE_BYTES - 4) sample = (await fileHead(utf8.file, 64 * 1024 * 1024)).toString('utf8').replace(/^\uFEFF/, '');
  if (sample.trim() === '') throw invalid({ es: `«${fileName}» está vacío.`, en: `"${fileName}" is empty.` }, [{ file: fileName, message: { es: 'Archivo vacío.', en: 'Empty file.' } }]);
  const delimiter = detectDelimiter(sample);
  let header: string[];
  try {
    header = (parse(sample, { delimiter, to_line: 1, relax_column_count: true, relax_quotes: true }) as string[][])[0] ?? [];
  } catch (error) {
    throw invalid({ es: `No se pudo leer el encabezado de «${fileName}»: ${(error as Error).message}`, en: `Could not read the header of "${fileName}": ${(error as Error).message}` }, [{ file: fileName, row: 1, message: { es: 'Encabezado ilegible.', en: 'Unreadable header.' } }]);
  }
  if (header.length > MAX_COLUMNS) throw tooManyColumns(fileName, header.length);
  const titles = header.map((h) => h.trim());
  const names = apiFieldNames(titles);
  const columns = names.map((name, i) => ({ name, title: titles[i] || name, sourceType: 'VARCHAR' }));
  const spec = `{${columns.map((c) => `${literal(c.name)}: 'VARCHAR'`).join(', ')}}`;
  const relation = `read_csv(${literal(utf8.file)}, delim=${literal(delimiter)}, quote='"', escape='"', header=true, auto_detect=false, columns=${spec}, store_rejects=true, max_line_size=2097152, buffer_size=16777216)`;
  return { format: 'csv', encoding: utf8.encoding, delimiter, relation, columns };
}

async function describedSource(engine: Engine, format: 'json' | 'geojson' | 'parquet', reader: string, fileName: string): Promise<Source> {
  const described = await engine.use(async (c) => {
    try {
      return (await c.runAndReadAll(`DESCRIBE SELECT * FROM ${reader}`)).getRowObjectsJson() as { column_name: string; column_type: string }[];
    } catch (error) {
      throw invalid({
        es: `No se pudo leer «${fileName}» como ${format.toUpperCase()}: ${(error as Error).message.split('\n')[0]}`,
        en: `Could not read "${fileName}" as ${format.toUpperCase()}: ${(error as Error).message.split('\n')[0]}`,
      }, [{ file: fileName, message: { es: 'Archivo ilegible.', en: 'Unreadable file.' } }]);
    }
  });
  if (described.length > MAX_COLUMNS) throw tooManyColumns(fileName, described.length);
  const names = apiFieldNames(described.map((d) => d.column_name));
  const columns: SourceColumn[] = described.map((d, i) => ({ name: names[i]!, title: d.column_name, sourceType: d.column_type }));
  if (format === 'geojson') columns[0]!.fieldType = 'geojson';
  const relation = `(SELECT ${described.map((d, i) => `${ident(d.column_name)} AS ${ident(names[i]!)}`).join(', ')} FROM ${reader})`;
  return { format, encoding: format === 'parquet' ? null : 'utf-8', delimiter: null, relation, columns };
}

/** Deeper than any real record or geometry (a GeoJSON MultiPolygon in a FeatureCollection nests about 8). */
export const MAX_JSON_DEPTH = 64;

/**
 * JSON nested thousands deep ends DuckDB's reader with a segmentation fault: the file is scanned first, in one
 * streaming pass outside strings, and refused with the line and column where it goes too deep.
 */
export async function assertShallowJson(file: string, fileName: string): Promise<void> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let column = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      column++;
      if (byte === 0x0a) {
        line++;
        column = 0;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === 0x5c) escaped = true;
        else if (byte === 0x22) inString = false;
        continue;
      }
      if (byte === 0x22) inString = true;
      else if (byte === 0x5b || byte === 0x7b) {
        if (++depth > MAX_JSON_DEPTH) {
          throw invalid(
            { es: `«${fileName}» anida objetos o listas a más de ${MAX_JSON_DEPTH} niveles (línea ${line}, columna ${column}); ningún dato tabular lo necesita. No se publicó nada.`, en: `"${fileName}" nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep (line ${line}, column ${column}); no tabular data needs that. Nothing was published.` },
            [{ file: fileName, row: line, column: String(column), message: { es: `Anidamiento de más de ${MAX_JSON_DEPTH} niveles.`, en: `Nesting deeper than ${MAX_JSON_DEPTH} levels.` } }],
          );
        }
      } else if (byte === 0x5d || byte === 0x7d) depth = Math.max(0, depth - 1);
    }
  }
}

/** Makes an uploaded file readable by DuckDB; text formats become UTF-8 first, a workbook's sheet becomes CSV. */
export async function openSource(engine: Engine, file: string, fileName: string, workDir: string, options: { sheet?: string | null } = {}): Promise<Source> {
  const start = await fileHead(file, 256);
  if (start.length === 0) throw invalid({ es: `«${fileName}» está vacío.`, en: `"${fileName}" is empty.` }, [{ file: fileName, message: { es: 'Archivo vacío.', en: 'Empty file.' } }]);
  const format = formatOf(fileName, start);
  if (format === 'parquet') return describedSource(engine, 'parquet', `read_parquet(${literal(file)})`, fileName);
  if (format === 'json') {
    const utf8 = await asUtf8(file, workDir);
    await assertShallowJson(utf8.file, fileName);
    return describedSource(engine, 'json', `read_json(${literal(utf8.file)}, format='auto', records=true, maximum_object_size=16777216)`, fileName);
  }
  if (format === 'geojson') {
    // A FeatureCollection is one JSON object: its features become rows, the geometry a GeoJSON column.
    const utf8 = await asUtf8(file, workDir);
    await assertShallowJson(utf8.file, fileName);
    const objectSize = Math.max(16 * 1024 * 1024, (await stat(utf8.file)).size + 1024);
    const features = `(SELECT CAST(to_json(f.geometry) AS VARCHAR) AS geometry, unnest(f.properties) FROM (SELECT unnest(features) AS f FROM read_json(${literal(utf8.file)}, maximum_object_size=${objectSize})))`;
    return describedSource(engine, 'geojson', features, fileName);
  }
  if (format === 'xlsx') {
    await checkZip(file, fileName, (await stat(file)).size);
    const sheet = await xlsxToCsv(file, fileName, workDir, options.sheet ?? undefined);
    return { ...(await csvSource(sheet.file, fileName, workDir)), format: 'xlsx', encoding: null, sheet: sheet.sheet };
  }
  return csvSource(file, fileName, workDir);
}
