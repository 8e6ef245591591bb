import { BUILTIN_DATATYPES, expandName } from './vocab.ts';
import type { DatatypeDescription } from './datatypes.ts';
import { encodeName } from './names.ts';

/** Metadata as the Metadata Vocabulary for Tabular Data normalizes it (§6): URLs resolved, titles by language. */

/** Properties a group, table, schema or column passes down to its columns (§5.7). */
export interface Inherited {
  aboutUrl?: string;
  datatype?: DatatypeDescription;
  default?: string;
  lang?: string;
  null?: string[];
  ordered?: boolean;
  propertyUrl?: string;
  required?: boolean;
  separator?: string | null;
  textDirection?: string;
  valueUrl?: string;
}

export interface ColumnMeta {
  name: string | null;
  titles: Record<string, string[]>;
  virtual: boolean;
  suppressOutput: boolean;
  inherited: Inherited;
}

export interface SchemaMeta {
  id: string | null;
  columns: ColumnMeta[];
  primaryKey: string[];
  rowTitles: string[];
  inherited: Inherited;
}

/** A common property (dc:title…) or note after normalization: JSON-LD values with resolved @id. */
export type CommonValue = string | number | boolean | null | CommonValue[] | { [key: string]: CommonValue };

export interface TableMeta {
  url: string;
  id: string | null;
  schema: SchemaMeta | null;
  dialect: Record<string, unknown> | undefined;
  suppressOutput: boolean;
  notes: CommonValue[];
  annotations: [string, CommonValue][];
  inherited: Inherited;
}

export interface GroupMeta {
  id: string | null;
  tables: TableMeta[];
  notes: CommonValue[];
  annotations: [string, CommonValue][];
}

export type Fetcher = (url: string) => Promise<{ status: number; body: string; link: string | null; contentType: string | null }>;

interface Scope {
  base: string;
  language: string | null;
}

const INHERITED = ['aboutUrl', 'datatype', 'default', 'lang', 'null', 'ordered', 'propertyUrl', 'required', 'separator', 'textDirection', 'valueUrl'] as const;
const CORE = new Set(['@context', '@id', '@type', 'url', 'tables', 'tableSchema', 'dialect', 'notes', 'transformations', 'tableDirection', 'suppressOutput', 'columns',
  'primaryKey', 'rowTitles', 'foreignKeys', 'name', 'titles', 'virtual', ...INHERITED]);

export class MetadataError extends Error {}

/** RFC 3986 resolution; an absolute URL stays exactly as written (no trailing slash added). */
export const resolveUrl = (url: string, base: string) => (/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : new URL(url, base).href);

function scopeOf(json: Record<string, unknown>, documentUrl: string, outer?: Scope): Scope {
  const context = json['@context'];
  const local = Array.isArray(context) ? (context[1] as Record<string, unknown> | undefined) : undefined;
  const base = typeof local?.['@base'] === 'string' ? resolveUrl(local['@base'], documentUrl) : (outer && !context ? outer.base : documentUrl);
  const language = typeof local?.['@language'] === 'string' ? local['@language'] : outer?.language ?? null;
  return { base, language };
}

/** A common property's value, normalized (§6.x): strings with the default language, @id resolved, nested objects too. */
export function normalizeCommon(value: unknown, scope: Scope): CommonValue {
  if (Array.isArray(value)) return value.map((v) => normalizeCommon(v, scope));
  if (typeof value === 'string') return scope.language ? { '@value': value, '@language': scope.language } : { '@value': value };
  if (value === null || typeof value !== 'object') return value as CommonValue;
  const object = value as Record<string, unknown>;
  if ('@value' in object) return object as CommonValue;
  const out: Record<string, CommonValue> = {};
  for (const [key, v] of Object.entries(object)) {
    if (key === '@id') out[key] = resolveUrl(expandName(String(v)), scope.base);
    else if (key === '@type') out[key] = v as CommonValue;
    else out[key] = normalizeCommon(v, scope);
  }
  return out;
}

function naturalLanguage(value: unknown, scope: Scope): Record<string, string[]> {
  const lang = scope.language ?? 'und';
  if (typeof value === 'string') return { [lang]: [value] };
  if (Array.isArray(value)) return { [lang]: value.filter((v): v is string => typeof v === 'string') };
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : [String(v)]]));
  return {};
}

function datatypeOf(value: unknown, scope: Scope): DatatypeDescription | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    if (BUILTIN_DATATYPES.has(value)) return { base: value };
    return { base: 'string', '@id': resolveUrl(expandName(value), scope.base) };
  }
  const object = value as Record<string, unknown>;
  const description = { ...object, base: typeof object.base === 'string' && BUILTIN_DATATYPES.has(object.base) ? object.base : 'string' } as DatatypeDescription;
  if (typeof object['@id'] === 'string') description['@id'] = resolveUrl(expandName(object['@id']), scope.base);
  return description;
}

function inheritedOf(json: Record<string, unknown>, scope: Scope): Inherited {
  const out: Inherited = {};
  for (const key of INHERITED) {
    const value = json[key];
    if (value === undefined) continue;
    if (key === 'datatype') out.datatype = datatypeOf(value, scope);
    else if (key === 'null') out.null = Array.isArray(value) ? value.map(String) : [String(value)];
    else (out as Record<string, unknown>)[key] = value;
  }
  return out;
}

function annotationsOf(json: Record<string, unknown>, scope: Scope): [string, CommonValue][] {
  return Object.entries(json).filter(([key]) => !CORE.has(key) && (key.includes(':'))).map(([key, value]) => [key, normalizeCommon(value, scope)]);
}

async function loadJson(url: string, fetcher: Fetcher): Promise<Record<string, unknown>> {
  const response = await fetcher(url);
  if (response.status !== 200) throw new MetadataError(`${url}: HTTP ${response.status}`);
  try {
    const json = JSON.parse(response.body);
    if (json && typeof json === 'object' && !Array.isArray(json)) return json;
  } catch {
    // below
  }
  throw new MetadataError(`${url}: not a JSON object`);
}

async function schemaOf(value: unknown, scope: Scope, fetcher: Fetcher): Promise<SchemaMeta | null> {
  if (value === undefined) return null;
  let json = value as Record<string, unknown>;
  let schemaScope = scope;
  if (typeof value === 'string') {
    const url = resolveUrl(value, scope.base);
    json = await loadJson(url, fetcher);
    schemaScope = scopeOf(json, url);
  }
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
  const columns = (Array.isArray(json.columns) ? json.columns : []).map((c: Record<string, unknown>) => {
    const titles = c.titles === undefined ? {} : naturalLanguage(c.titles, schemaScope);
    // Without a name, the first title in the default language (or und) gives it (§5.6).
    const title = titles[schemaScope.language ?? 'und']?.[0];
    return {
    name: typeof c.name === 'string' ? c.name : title !== undefined ? encodeName(title) : null,
    titles,
    virtual: c.virtual === true,
    suppressOutput: c.suppressOutput === true,
    inherited: inheritedOf(c, schemaScope),
    };
  });
  return { id: typeof json['@id'] === 'string' ? resolveUrl(json['@id'], schemaScope.base) : null, columns, primaryKey: list(json.primaryKey), rowTitles: list(json.rowTitles), inherited: inheritedOf(json, schemaScope) };
}

async function tableOf(json: Record<string, unknown>, scope: Scope, fetcher: Fetcher, group: { dialect?: Record<string, unknown>; schema?: unknown }): Promise<TableMeta> {
  if (typeof json.url !== 'string') throw new MetadataError('a table has no url');
  let dialect = (json.dialect ?? group.dialect) as Record<string, unknown> | string | undefined;
  if (typeof dialect === 'string') dialect = await loadJson(resolveUrl(dialect, scope.base), fetcher);
  return {
    url: resolveUrl(json.url, scope.base),
    id: typeof json['@id'] === 'string' ? resolveUrl(json['@id'], scope.base) : null,
    schema: await schemaOf(json.tableSchema ?? group.schema, scope, fetcher),
    dialect,
    suppressOutput: json.suppressOutput === true,
    notes: Array.isArray(json.notes) ? json.notes.map((n) => normalizeCommon(n, scope)) : [],
    annotations: annotationsOf(json, scope),
    inherited: inheritedOf(json, scope),
  };
}

/** A metadata document (a table group or a single table) normalized; referenced schemas and dialects fetched. */
export async function normalizeMetadata(json: Record<string, unknown>, documentUrl: string, fetcher: Fetcher): Promise<GroupMeta & { inherited: Inherited }> {
  const scope = scopeOf(json, documentUrl);
  if (Array.isArray(json.tables)) {
    const group = { ...(json.dialect ? { dialect: json.dialect as Record<string, unknown> } : {}), ...(json.tableSchema !== undefined ? { schema: json.tableSchema } : {}) };
    const tables = [];
    for (const t of json.tables) tables.push(await tableOf(t as Record<string, unknown>, scope, fetcher, group));
    return { id: typeof json['@id'] === 'string' ? resolveUrl(json['@id'], scope.base) : null, tables, notes: Array.isArray(json.notes) ? json.notes.map((n) => normalizeCommon(n, scope)) : [], annotations: annotationsOf(json, scope), inherited: inheritedOf(json, scope) };
  }
  return { id: null, tables: [await tableOf(json, scope, fetcher, {})], notes: [], annotations: [], inherited: {} };
}

export async function fetchMetadata(url: string, fetcher: Fetcher) {
  return normalizeMetadata(await loadJson(url, fetcher), url, fetcher);
}
