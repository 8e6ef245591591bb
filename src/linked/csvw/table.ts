import { parseTemplate } from 'url-template';
import { CellError, normalizeWhitespace, parseValue, type DatatypeDescription, type TypedValue } from './datatypes.ts';
import { dialectOf, parseTabular } from './dialect.ts';
import { resolveUrl, type ColumnMeta, type CommonValue, type Inherited, type TableMeta } from './metadata.ts';
import { encodeName } from './names.ts';
import { expandName } from './vocab.ts';

/** The annotated tabular data model (§4): tables, columns, rows and cells with their annotations. */

export interface Column {
  number: number;
  name: string;
  titles: Record<string, string[]>;
  virtual: boolean;
  suppressOutput: boolean;
  inherited: Required<Pick<Inherited, 'default' | 'lang' | 'null' | 'ordered' | 'required'>> & Inherited & { datatype: DatatypeDescription };
}

export interface Cell {
  column: Column;
  value: TypedValue | TypedValue[] | null;
  aboutUrl: string | null;
  propertyUrl: string | null;
  valueUrl: string | null;
  errors: string[];
}

export interface Row {
  number: number;
  sourceNumber: number;
  titles: TypedValue[];
  cells: Cell[];
}

export interface Table {
  url: string;
  id: string | null;
  suppressOutput: boolean;
  notes: CommonValue[];
  annotations: [string, CommonValue][];
  comments: string[];
  columns: Column[];
  rows: Row[];
}

export interface Group {
  id: string | null;
  notes: CommonValue[];
  annotations: [string, CommonValue][];
  tables: Table[];
}

function columnsOf(table: TableMeta, groupInherited: Inherited, headers: string[][], width: number, lang: string | null): Column[] {
  const schema = table.schema;
  const described = schema?.columns ?? [];
  const count = Math.max(described.filter((c) => !c.virtual).length, headers.length, width);
  const metas: ColumnMeta[] = [...described];
  // Columns the metadata does not describe take their titles from the header (embedded metadata).
  for (let i = described.filter((c) => !c.virtual).length; i < count; i++) {
    const title = headers[i]?.find(Boolean);
    metas.splice(i, 0, { name: title ? encodeName(title) : null, titles: title ? { [lang ?? 'und']: [title] } : {}, virtual: false, suppressOutput: false, inherited: {} });
  }
  return metas.map((meta, index) => {
    const titles = meta.titles;
    const inherited = { ...groupInherited, ...table.inherited, ...(schema?.inherited ?? {}), ...meta.inherited };
    return {
      number: index + 1,
      name: meta.name ?? `_col.${index + 1}`,
      titles,
      virtual: meta.virtual,
      suppressOutput: meta.suppressOutput,
      inherited: { default: '', lang: 'und', null: [''], ordered: false, required: false, ...inherited, datatype: inherited.datatype ?? { base: 'string' } },
    };
  });
}

/** A cell string parsed into its value (§6.4): whitespace, default, null, separator, datatype. */
function parseCell(raw: string, column: Column): { value: TypedValue | TypedValue[] | null; errors: string[] } {
  const { datatype, separator, lang } = column.inherited;
  const errors: string[] = [];
  let text = normalizeWhitespace(raw, datatype.base);
  if (text === '') text = column.inherited.default;
  if (column.inherited.null.includes(text)) {
    if (column.inherited.required) errors.push(`column ${column.name} is required`);
    return { value: null, errors };
  }
  const language = lang === 'und' ? null : lang;
  const one = (item: string): TypedValue => {
    try {
      return parseValue(item, datatype, language);
    } catch (error) {
      if (!(error instanceof CellError)) throw error;
      errors.push(error.message);
      return { lexical: item, base: 'string', datatypeId: null, json: item, language };
    }
  };
  if (separator !== undefined && separator !== null) {
    if (text === '') return { value: [], errors };
    const items = text.split(separator).map((item) => (datatype.base === 'string' || datatype.base === 'anyAtomicType' ? item : item.trim()));
    return { value: items.filter((item) => !column.inherited.null.includes(item)).map(one), errors };
  }
  return { value: one(text), errors };
}

/** The string a URI template variable takes from a cell: values by their lexical form, lists as lists. */
function templateValue(value: TypedValue | TypedValue[] | null): string | string[] | undefined {
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => v.lexical);
  return value.lexical;
}

/** Expands a URI template property for a cell and makes the result absolute (a prefixed name, or against the table's URL). */
function expand(template: string | undefined, variables: Record<string, unknown>, base: string): string | null {
  if (template === undefined) return null;
  const expanded = parseTemplate(template).expand(variables as Record<string, string>);
  const prefixed = expandName(expanded);
  return prefixed !== expanded ? prefixed : resolveUrl(expanded, base);
}

/** One table of the group: its CSV read by its dialect, each cell parsed and given its URLs. */
export function annotateTable(meta: TableMeta, groupInherited: Inherited, csv: string): Table {
  const dialect = dialectOf(meta.dialect);
  const parsed = parseTabular(csv, dialect);
  const columns = columnsOf(meta, groupInherited, parsed.headers, parsed.rows[0]?.cells.length ?? 0, null);
  const rowTitles = meta.schema?.rowTitles ?? [];
  const rows: Row[] = parsed.rows.map((source, index) => {
    const number = index + 1;
    const cells = columns.map((column) => ({ column, ...(column.virtual ? { value: null, errors: [] } : parseCell(source.cells[column.number - 1] ?? '', column)) }));
    const variables: Record<string, unknown> = { _row: String(number), _sourceRow: String(source.sourceNumber) };
    for (const cell of cells) variables[cell.column.name] = templateValue(cell.value);
    const annotated: Cell[] = cells.map((cell) => {
      const vars = { ...variables, _column: String(cell.column.number), _sourceColumn: String(cell.column.number + dialect.skipColumns), _name: cell.column.name };
      const { aboutUrl, propertyUrl, valueUrl } = cell.column.inherited;
      return {
        ...cell,
        aboutUrl: expand(aboutUrl, vars, meta.url),
        propertyUrl: expand(propertyUrl, vars, meta.url),
        valueUrl: cell.value === null && !cell.column.virtual ? null : expand(valueUrl, vars, meta.url),
      };
    });
    const titles = rowTitles.flatMap((name) => {
      const cell = annotated.find((c) => c.column.name === name);
      return cell?.value ? (Array.isArray(cell.value) ? cell.value : [cell.value]).map((v) => ({ ...v, language: cell.column.inherited.lang === 'und' ? null : cell.column.inherited.lang })) : [];
    });
    return { number, sourceNumber: source.sourceNumber, titles, cells: annotated };
  });
  return { url: meta.url, id: meta.id, suppressOutput: meta.suppressOutput, notes: meta.notes, annotations: meta.annotations, comments: parsed.comments, columns, rows };
}
