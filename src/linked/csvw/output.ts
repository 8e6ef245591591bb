import { DataFactory, type Quad, type Quad_Object, type Quad_Subject } from 'n3';
import type { TypedValue } from './datatypes.ts';
import type { CommonValue } from './metadata.ts';
import type { Cell, Group, Row, Table } from './table.ts';
import { compactIri, CSVW, datatypeIri, expandName, expandType, RDF, XSD } from './vocab.ts';

/** CSV → JSON (Generating JSON from Tabular Data on the Web) and CSV → RDF (Generating RDF from …), minimal and standard. */

const { namedNode, literal, blankNode, quad } = DataFactory;
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Notes and annotations as plain JSON: {"@value"} and {"@id"} objects become their value. */
function commonToJson(value: CommonValue): Json {
  if (Array.isArray(value)) return value.map(commonToJson);
  if (value === null || typeof value !== 'object') return value;
  if ('@value' in value) return value['@value'] as Json;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '@id') return value['@id'] as Json;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '@type' ? (Array.isArray(v) ? v.map((t) => compactIri(expandName(String(t)))) : compactIri(expandName(String(v)))) : commonToJson(v)]));
}

const isRdfType = (url: string | null) => url === `${RDF}type`;

/** The name a cell's property takes in JSON: its property URL compacted, or its column's name decoded. */
function jsonName(cell: Cell): string {
  if (cell.propertyUrl !== null) return isRdfType(cell.propertyUrl) ? '@type' : compactIri(cell.propertyUrl);
  return decodeURIComponent(cell.column.name);
}

const jsonValue = (value: TypedValue) => value.json;

interface Subject {
  id: string | null;
  object: Record<string, Json>;
  cells: Cell[];
}

/** The objects a row describes (one per about URL), nested where a value URL names another subject of the row. */
function rowObjects(row: Row): Json[] {
  const subjects = new Map<string, Subject>();
  for (const cell of row.cells) {
    if (cell.column.suppressOutput) continue;
    const key = cell.aboutUrl ?? '';
    if (!subjects.has(key)) subjects.set(key, { id: cell.aboutUrl, object: {}, cells: [] });
    subjects.get(key)!.cells.push(cell);
  }
  const out: Subject[] = [];
  for (const subject of subjects.values()) {
    if (!subject.cells.some((c) => c.value !== null && !(Array.isArray(c.value) && !c.value.length) || c.valueUrl !== null)) continue;
    if (subject.id !== null) subject.object['@id'] = subject.id;
    for (const cell of subject.cells) {
      const name = jsonName(cell);
      let value: Json | undefined;
      if (cell.valueUrl !== null) value = name === '@type' ? compactIri(cell.valueUrl) : cell.valueUrl;
      else if (Array.isArray(cell.value)) value = cell.value.length ? cell.value.map(jsonValue) : undefined;
      else if (cell.value !== null) value = jsonValue(cell.value);
      if (value === undefined) continue;
      const existing = subject.object[name];
      if (existing === undefined) subject.object[name] = value;
      else subject.object[name] = [...(Array.isArray(existing) ? existing : [existing]), ...(Array.isArray(value) ? value : [value])];
    }
    out.push(subject);
  }
  // Nesting: a value URL found once in the row that identifies another subject puts that subject inside.
  const counts = new Map<string, number>();
  for (const cell of row.cells) if (cell.valueUrl !== null) counts.set(cell.valueUrl, (counts.get(cell.valueUrl) ?? 0) + 1);
  const byId = new Map(out.filter((s) => s.id !== null).map((s) => [s.id!, s]));
  const parent = new Map<Subject, Subject>();
  const rootOf = (s: Subject): Subject => (parent.has(s) ? rootOf(parent.get(s)!) : s);
  for (const subject of out) {
    for (const cell of subject.cells) {
      if (cell.valueUrl === null || counts.get(cell.valueUrl) !== 1) continue;
      const child = byId.get(cell.valueUrl);
      if (!child || child === subject || rootOf(subject) === child || parent.has(child)) continue;
      parent.set(child, subject);
      const name = jsonName(cell);
      const current = subject.object[name];
      subject.object[name] = Array.isArray(current) ? current.map((v) => (v === cell.valueUrl ? child.object : v)) : child.object;
    }
  }
  return out.filter((s) => !parent.has(s)).map((s) => s.object);
}

export function toJson(group: Group, minimal: boolean): Json {
  const tables = group.tables.filter((t) => !t.suppressOutput);
  if (minimal) return tables.flatMap((t) => t.rows.flatMap(rowObjects));
  const out: Record<string, Json> = {};
  if (group.id) out['@id'] = group.id;
  if (group.notes.length) out.notes = group.notes.map(commonToJson);
  for (const [key, value] of group.annotations) out[key] = commonToJson(value);
  out.tables = tables.map((table) => {
    const t: Record<string, Json> = {};
    if (table.id) t['@id'] = table.id;
    t.url = table.url;
    if (table.notes.length) t.notes = table.notes.map(commonToJson);
    for (const [key, value] of table.annotations) t[key] = commonToJson(value);
    if (table.comments.length) t['rdfs:comment'] = table.comments;
    t.row = table.rows.map((row) => ({
      url: `${table.url}#row=${row.sourceNumber}`,
      rownum: row.number,
      ...(row.titles.length ? { titles: row.titles.length === 1 ? row.titles[0]!.json : row.titles.map((v) => v.json) } : {}),
      describes: rowObjects(row),
    }));
    return t;
  });
  return out;
}

/** A typed value as an RDF literal: strings plain (with their language), others with their datatype. */
function valueLiteral(value: TypedValue): Quad_Object {
  if (value.datatypeId) return literal(value.lexical, namedNode(value.datatypeId));
  if (value.base === 'string') return value.language ? literal(value.lexical, value.language) : literal(value.lexical);
  if (value.base === 'anyAtomicType') return literal(value.lexical);
  return literal(value.lexical, namedNode(datatypeIri(value.base)));
}

/** Notes and annotations as triples (the JSON-LD dialect of CSVW metadata, §6.x). */
function commonQuads(subject: Quad_Subject, property: string, value: CommonValue, out: Quad[]): void {
  const predicate = namedNode(expandName(property));
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) out.push(quad(subject, predicate, commonObject(v, out)));
}

function commonObject(value: CommonValue, out: Quad[]): Quad_Object {
  if (typeof value === 'number') return literal(String(value), namedNode(Number.isInteger(value) ? `${XSD}integer` : `${XSD}double`));
  if (typeof value === 'boolean') return literal(String(value), namedNode(`${XSD}boolean`));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return literal(String(value));
  if ('@value' in value) {
    const text = String(value['@value']);
    if (typeof value['@type'] === 'string') return literal(text, namedNode(expandType(value['@type'])));
    if (typeof value['@language'] === 'string') return literal(text, value['@language']);
    return literal(text);
  }
  const node = typeof value['@id'] === 'string' ? namedNode(value['@id']) : blankNode();
  for (const [key, v] of Object.entries(value)) {
    if (key === '@id') continue;
    if (key === '@type') for (const t of Array.isArray(v) ? v : [v]) out.push(quad(node, namedNode(`${RDF}type`), namedNode(expandType(String(t)))));
    else commonQuads(node, key, v, out);
  }
  return node;
}

function rowQuads(table: Table, row: Row, out: Quad[]): Quad_Subject[] {
  const subjects = new Map<string, Quad_Subject>();
  const subjectOf = (cell: Cell) => {
    const key = cell.aboutUrl ?? '';
    if (!subjects.has(key)) subjects.set(key, cell.aboutUrl ? namedNode(cell.aboutUrl) : blankNode());
    return subjects.get(key)!;
  };
  for (const cell of row.cells) {
    if (cell.column.suppressOutput) continue;
    const empty = cell.value === null || (Array.isArray(cell.value) && !cell.value.length);
    if (empty && cell.valueUrl === null) continue;
    const subject = subjectOf(cell);
    const predicate = namedNode(cell.propertyUrl ?? `${table.url}#${cell.column.name}`);
    if (cell.valueUrl !== null) out.push(quad(subject, predicate, namedNode(cell.valueUrl)));
    else if (Array.isArray(cell.value)) {
      if (cell.column.inherited.ordered) {
        let head: Quad_Object = namedNode(`${RDF}nil`);
        for (const v of [...cell.value].reverse()) {
          const node = blankNode();
          out.push(quad(node, namedNode(`${RDF}first`), valueLiteral(v)), quad(node, namedNode(`${RDF}rest`), head));
          head = node;
        }
        out.push(quad(subject, predicate, head));
      } else for (const v of cell.value) out.push(quad(subject, predicate, valueLiteral(v)));
    } else out.push(quad(subject, predicate, valueLiteral(cell.value!)));
  }
  // A row with no output still describes its (empty) default subject in standard mode.
  return [...subjects.values()];
}

export function toRdf(group: Group, minimal: boolean): Quad[] {
  const out: Quad[] = [];
  const type = (s: Quad_Subject, c: string) => out.push(quad(s, namedNode(`${RDF}type`), namedNode(CSVW + c)));
  const g = group.id ? namedNode(group.id) : blankNode();
  if (!minimal) {
    type(g, 'TableGroup');
    for (const [key, value] of group.annotations) commonQuads(g, key, value, out);
    for (const note of group.notes) commonQuads(g, `${CSVW}note`, note, out);
  }
  for (const table of group.tables) {
    if (table.suppressOutput) continue;
    const t = table.id ? namedNode(table.id) : blankNode();
    if (!minimal) {
      out.push(quad(g, namedNode(`${CSVW}table`), t));
      type(t, 'Table');
      out.push(quad(t, namedNode(`${CSVW}url`), namedNode(table.url)));
      for (const [key, value] of table.annotations) commonQuads(t, key, value, out);
      for (const note of table.notes) commonQuads(t, `${CSVW}note`, note, out);
      for (const comment of table.comments) out.push(quad(t, namedNode('http://www.w3.org/2000/01/rdf-schema#comment'), literal(comment)));
    }
    for (const row of table.rows) {
      const subjects = rowQuads(table, row, out);
      if (minimal) continue;
      const r = blankNode();
      out.push(quad(t, namedNode(`${CSVW}row`), r));
      type(r, 'Row');
      out.push(quad(r, namedNode(`${CSVW}rownum`), literal(String(row.number), namedNode(`${XSD}integer`))));
      out.push(quad(r, namedNode(`${CSVW}url`), namedNode(`${table.url}#row=${row.sourceNumber}`)));
      for (const title of row.titles) out.push(quad(r, namedNode(`${CSVW}title`), valueLiteral(title)));
      for (const subject of subjects) out.push(quad(r, namedNode(`${CSVW}describes`), subject));
    }
  }
  return out;
}
