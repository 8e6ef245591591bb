/** Parsing tabular data by a CSVW dialect (Model for Tabular Data, §8: parsing tabular data). */

export interface Dialect {
  commentPrefix: string | null;
  delimiter: string;
  doubleQuote: boolean;
  encoding: string;
  header: boolean;
  headerRowCount: number;
  lineTerminators: string[];
  quoteChar: string | null;
  skipBlankRows: boolean;
  skipColumns: number;
  skipInitialSpace: boolean;
  skipRows: number;
  trim: boolean | 'start' | 'end';
}

export const DEFAULT_DIALECT: Dialect = {
  commentPrefix: '#', delimiter: ',', doubleQuote: true, encoding: 'utf-8', header: true, headerRowCount: 1,
  lineTerminators: ['\r\n', '\n'], quoteChar: '"', skipBlankRows: false, skipColumns: 0, skipInitialSpace: false, skipRows: 0, trim: true,
};

/** A dialect from metadata (or the defaults), with header and headerRowCount kept consistent. */
export function dialectOf(description: Record<string, unknown> | undefined): Dialect {
  const d = { ...DEFAULT_DIALECT };
  if (!description) return d;
  for (const key of Object.keys(DEFAULT_DIALECT) as (keyof Dialect)[]) if (description[key] !== undefined) (d as Record<string, unknown>)[key] = description[key];
  if (typeof description.lineTerminators === 'string') d.lineTerminators = [description.lineTerminators];
  if (description.header === false && description.headerRowCount === undefined) d.headerRowCount = 0;
  if (description.trim === 'true') d.trim = true;
  if (description.trim === 'false') d.trim = false;
  return d;
}

export interface ParsedTable {
  /** The header rows' cells, column by column. */
  headers: string[][];
  rows: { sourceNumber: number; cells: string[] }[];
  /** Comment lines and skipped rows, as the table's rdfs:comment notes. */
  comments: string[];
}

/** Splits the text into records of raw cells (quotes and escapes resolved), numbered from 1 (RFC 7111 rows). */
function* records(text: string, d: Dialect): Generator<{ line: number; cells: string[]; raw: string }> {
  const terminators = [...d.lineTerminators].sort((a, b) => b.length - a.length);
  const escape = d.doubleQuote ? d.quoteChar : '\\';
  let i = 0;
  let number = 0;
  while (i < text.length) {
    const start = i;
    number++;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    let wasQuoted = false;
    let atCellStart = true;
    for (;;) {
      if (i >= text.length) {
        cells.push(finish(cell, wasQuoted, d));
        break;
      }
      const c = text[i]!;
      if (quoted) {
        if (escape && c === escape && text[i + 1] === d.quoteChar) {
          cell += d.quoteChar;
          i += 2;
          continue;
        }
        if (c === d.quoteChar) {
          quoted = false;
          i++;
          continue;
        }
        cell += c;
        i++;
        continue;
      }
      if (atCellStart && d.skipInitialSpace && c === ' ') {
        i++;
        continue;
      }
      if (d.quoteChar && c === d.quoteChar) {
        quoted = true;
        wasQuoted = true;
        atCellStart = false;
        i++;
        continue;
      }
      if (text.startsWith(d.delimiter, i)) {
        cells.push(finish(cell, wasQuoted, d));
        cell = '';
        wasQuoted = false;
        atCellStart = true;
        i += d.delimiter.length;
        continue;
      }
      const terminator = terminators.find((t) => text.startsWith(t, i));
      if (terminator) {
        cells.push(finish(cell, wasQuoted, d));
        i += terminator.length;
        break;
      }
      cell += c;
      atCellStart = false;
      i++;
    }
    yield { line: number, cells, raw: text.slice(start, i).replace(/(\r\n|\n|\r)$/, '') };
  }
}

function finish(cell: string, quoted: boolean, d: Dialect): string {
  if (quoted) return cell;
  if (d.trim === true) return cell.trim();
  if (d.trim === 'start') return cell.trimStart();
  if (d.trim === 'end') return cell.trimEnd();
  return cell;
}

/** Rows after skipped rows, comments and header rows; skipped columns removed; blank rows kept or skipped. */
export function parseTabular(text: string, d: Dialect): ParsedTable {
  const body = text.replace(/^\uFEFF/, '');
  const out: ParsedTable = { headers: [], rows: [], comments: [] };
  let skipped = 0;
  let headerRows = 0;
  for (const record of records(body, d)) {
    if (skipped < d.skipRows) {
      skipped++;
      if (record.raw.trim()) out.comments.push(d.commentPrefix && record.raw.startsWith(d.commentPrefix) ? record.raw.slice(d.commentPrefix.length).trim() : record.raw);
      continue;
    }
    if (d.commentPrefix && record.raw.startsWith(d.commentPrefix)) {
      out.comments.push(record.raw.slice(d.commentPrefix.length).trim());
      continue;
    }
    const cells = record.cells.slice(d.skipColumns);
    if (headerRows < (d.header ? d.headerRowCount : 0)) {
      headerRows++;
      cells.forEach((value, index) => (out.headers[index] ??= []).push(value));
      continue;
    }
    if (d.skipBlankRows && cells.every((c) => c === '')) continue;
    out.rows.push({ sourceNumber: record.line, cells });
  }
  return out;
}
