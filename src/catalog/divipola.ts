import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { AppError, invalid, type Bilingual } from '../core/errors.ts';
import { fold } from '../core/text.ts';
import type { Context } from '../store/context.ts';
import type { Db } from '../store/database.ts';
import type { DivipolaTable } from '../store/schema.ts';
import { withLedger } from '../ledger/log.ts';
import { demand, policy } from './access.ts';
import { BUILTIN_DEPARTMENTS, builtinDivipola } from './divipola-builtin.ts';
import { decodeText, detectDelimiter } from './import/read-table.ts';
import { ledgerActor } from './ledger-events.ts';

export type DivipolaEntry = DivipolaTable;

/** DANE's file is about 110 KB; anything far larger is not it. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** The columns of DANE's DIVIPOLA exports under their usual spellings (folded, words joined by "_"). */
const COLUMNS: Record<'department' | 'department_name' | 'municipality' | 'name' | 'type' | 'latitude' | 'longitude', RegExp> = {
  department: /^(cod(igo)?_(del_)?(dpto|depto|departamento)|departamento_codigo|codigo_dane_departamento)$/,
  department_name: /^(nom(bre)?_(del_)?(dpto|depto|departamento)|departamento)$/,
  municipality: /^(cod(igo)?_(del_)?(mpio|municipio)|codigo_dane(_municipio)?|divipola|municipio_codigo)$/,
  name: /^(nom(bre)?_(del_)?(mpio|municipio)|municipio)$/,
  type: /^tipo(_|$)/,
  latitude: /^lat(itud)?$/,
  longitude: /^lon(g|gitud)?$|^lng$/,
};

interface Problem {
  row: number;
  column?: string;
  message: Bilingual;
}

const headerKey = (header: string) => fold(header).replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');

/** "5,001", "5.001", "5001", "05001" and Excel's "5001.0" are all 05001. */
function code(raw: string | undefined, width: number): string | undefined {
  const text = (raw ?? '').trim().replace(/[.,]0+$/, '');
  const digits = text.replace(/[\s.,]/g, '');
  if (!/^\d+$/.test(digits) || digits.length > width) return undefined;
  return digits.padStart(width, '0');
}

/** A coordinate with a decimal point or comma; blank is allowed. */
function coordinate(raw: string | undefined): number | null | undefined {
  const text = (raw ?? '').trim();
  if (!text) return null;
  const n = Number(text.includes(',') && !text.includes('.') ? text.replace(',', '.') : text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Reads DANE's DIVIPOLA list as DANE and datos.gov.co publish it: CSV with `,`, `;` or tabs, UTF-8 (BOM or not)
 * or Windows-1252, codes with or without zero padding and with thousands marks ("5,001"). Every problem is
 * reported with its row and column; nothing is returned unless the whole file is right.
 */
export function readDivipolaCsv(data: Buffer, fileName = 'DIVIPOLA'): DivipolaEntry[] {
  const fail = (message: Bilingual, details: Problem[] = []) =>
    invalid(message, details.slice(0, 50).map((d) => ({ file: fileName, row: d.row, ...(d.column ? { column: d.column } : {}), message: d.message })));
  if (data.length > MAX_FILE_BYTES) throw fail({ es: `«${fileName}» pesa más de 10 MB: no es la lista DIVIPOLA.`, en: `"${fileName}" is larger than 10 MB: it is not the DIVIPOLA list.` });
  const { text } = decodeText(data);
  let rows: string[][];
  try {
    rows = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw fail({ es: `«${fileName}» no es un CSV legible: ${(error as Error).message}`, en: `"${fileName}" is not a readable CSV: ${(error as Error).message}` });
  }
  const headers = (rows[0] ?? []).map((h) => headerKey(h));
  const column = (key: keyof typeof COLUMNS) => headers.findIndex((h) => COLUMNS[key].test(h));
  const at = Object.fromEntries(Object.keys(COLUMNS).map((k) => [k, column(k as keyof typeof COLUMNS)])) as Record<keyof typeof COLUMNS, number>;
  if (at.municipality < 0 || at.name < 0) {
    throw fail(
      { es: `«${fileName}» no tiene las columnas de la DIVIPOLA del DANE: se esperan al menos COD_MPIO y NOM_MPIO (o «Código Municipio» y «Nombre Municipio»).`, en: `"${fileName}" lacks DANE's DIVIPOLA columns: at least COD_MPIO and NOM_MPIO (or "Código Municipio" and "Nombre Municipio") are expected.` },
      [{ row: 1, message: { es: `Encabezados hallados: ${(rows[0] ?? []).join(', ') || '(ninguno)'}.`, en: `Headers found: ${(rows[0] ?? []).join(', ') || '(none)'}.` } }],
    );
  }
  const headerOf = (i: number) => rows[0]![i]!.trim();
  const builtinNames = new Map(BUILTIN_DEPARTMENTS.map(([c, n]) => [c, n]));
  const departments = new Map<string, DivipolaEntry>();
  const municipalities = new Map<string, DivipolaEntry>();
  const problems: Problem[] = [];
  rows.slice(1).forEach((cells, index) => {
    const row = index + 2;
    const cell = (i: number) => (i >= 0 ? cells[i]?.trim() : undefined);
    const mpio = code(cell(at.municipality), 5);
    if (!mpio) return problems.push({ row, column: headerOf(at.municipality), message: { es: `«${cell(at.municipality) ?? ''}» no es un código de municipio (hasta 5 dígitos).`, en: `"${cell(at.municipality) ?? ''}" is not a municipality code (up to 5 digits).` } });
    const dept = at.department >= 0 ? code(cell(at.department), 2) : mpio.slice(0, 2);
    if (!dept || !builtinNames.has(dept)) return problems.push({ row, column: at.department >= 0 ? headerOf(at.department) : headerOf(at.municipality), message: { es: `«${cell(at.department) ?? dept}» no es un departamento de Colombia.`, en: `"${cell(at.department) ?? dept}" is not a department of Colombia.` } });
    if (!mpio.startsWith(dept)) return problems.push({ row, column: headerOf(at.municipality), message: { es: `El municipio ${mpio} no pertenece al departamento ${dept}.`, en: `Municipality ${mpio} is not in department ${dept}.` } });
    if (municipalities.has(mpio)) return problems.push({ row, column: headerOf(at.municipality), message: { es: `El código ${mpio} está repetido.`, en: `Code ${mpio} is repeated.` } });
    const name = cell(at.name);
    if (!name) return problems.push({ row, column: headerOf(at.name), message: { es: 'Falta el nombre del municipio.', en: 'The municipality name is missing.' } });
    const latitude = coordinate(cell(at.latitude));
    const longitude = coordinate(cell(at.longitude));
    for (const [value, i] of [[latitude, at.latitude], [longitude, at.longitude]] as const) {
      if (value === undefined) problems.push({ row, column: headerOf(i), message: { es: `«${cell(i)}» no es un número.`, en: `"${cell(i)}" is not a number.` } });
    }
    if (!departments.has(dept)) {
      const departmentName = cell(at.department_name);
      departments.set(dept, { code: dept, kind: 'department', name: departmentName ? titleCase(departmentName) : builtinNames.get(dept)!, department_code: dept, municipality_type: null, latitude: null, longitude: null });
    }
    municipalities.set(mpio, { code: mpio, kind: 'municipality', name: titleCase(name), department_code: dept, municipality_type: cell(at.type) || null, latitude: latitude ?? null, longitude: longitude ?? null });
  });
  if (problems.length) {
    throw fail({ es: `«${fileName}» tiene ${problems.length} filas con errores; no se cargó nada.`, en: `"${fileName}" has ${problems.length} rows with errors; nothing was loaded.` }, problems);
  }
  const missing = [...builtinNames.keys()].filter((d) => !departments.has(d));
  if (missing.length) {
    throw fail({
      es: `«${fileName}» no es la lista completa: no tiene municipios de ${missing.map((d) => `${builtinNames.get(d)} (${d})`).join(', ')}.`,
      en: `"${fileName}" is not the full list: it has no municipality of ${missing.map((d) => `${builtinNames.get(d)} (${d})`).join(', ')}.`,
    });
  }
  return [...departments.values(), ...municipalities.values()];
}

const LOWER_WORDS = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'el', 'en']);

/** "SAN JOSÉ DEL GUAVIARE" → "San José del Guaviare"; "BOGOTÁ, D.C." → "Bogotá, D.C.". */
function titleCase(text: string): string {
  return text
    .toLowerCase()
    .split(/(\s+|-)/)
    .map((word, i) => (i > 0 && LOWER_WORDS.has(word) ? word : word.replace(/^\p{L}/u, (c) => c.toUpperCase())))
    .join('')
    .replace(/\bD\.c\./i, 'D.C.');
}

/** Puts the built-in departments and demo municipalities in the database; a loaded list keeps its own rows. */
export async function ensureDivipola(db: Db): Promise<void> {
  const entries = builtinDivipola();
  await db.insertInto('divipola').values(entries).onConflict((oc) => oc.doNothing()).execute();
}

export interface DivipolaLoad {
  rows: number;
  departments: number;
  municipalities: number;
  sha256: string;
  /** Entities whose municipality the loaded list does not have (they keep it; their administrators should fix it). */
  entities_outside_list: { id: string; municipality_code: string }[];
}

/**
 * Replaces the municipality list with DANE's file, as the national data office's decision recorded in the
 * ledger: all of it or nothing. From then on municipality codes are checked against the list itself.
 */
export async function loadDivipola(ctx: Context, data: Buffer, fileName: string): Promise<DivipolaLoad> {
  demand(policy.loadCodeLists(ctx.actor), ctx.actor);
  const entries = readDivipolaCsv(data, fileName);
  const sha256 = hash('sha256', data, 'hex');
  const now = ctx.clock.now();
  const codes = entries.filter((e) => e.kind === 'municipality').map((e) => e.code);
  const outside = await ctx.db.transaction().execute((trx) => withLedger(trx, async (ledger) => {
    for (let i = 0; i < entries.length; i += 500) {
      await trx.insertInto('divipola').values(entries.slice(i, i + 500)).onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'), kind: eb.ref('excluded.kind'), department_code: eb.ref('excluded.department_code'),
        municipality_type: eb.ref('excluded.municipality_type'), latitude: eb.ref('excluded.latitude'), longitude: eb.ref('excluded.longitude'),
      }))).execute();
    }
    await trx.deleteFrom('divipola').where('kind', '=', 'municipality').where('code', 'not in', codes).execute();
    const row = { name: 'divipola', rows: codes.length, sha256, file_name: fileName.slice(0, 200), loaded_by: ledgerActor(ctx.actor), loaded_at: now };
    await trx.insertInto('code_list_loads').values(row).onConflict((oc) => oc.column('name').doUpdateSet(row)).execute();
    ledger.add({ type: 'codelist.loaded', actor: ledgerActor(ctx.actor), entity: null, subject: 'codelist:divipola', time: now.toISOString(), payload: { rows: codes.length, sha256 } });
    return trx.selectFrom('entities').select(['id', 'municipality_code']).where('municipality_code', 'is not', null).where('municipality_code', 'not in', codes).execute();
  }));
  cache.delete(ctx.db);
  return {
    rows: entries.length,
    departments: entries.length - codes.length,
    municipalities: codes.length,
    sha256,
    entities_outside_list: outside.map((e) => ({ id: e.id, municipality_code: e.municipality_code! })),
  };
}

/** DIVIPOLA_FILE: the list an operator names at start is loaded once, unless the data office already loaded one. */
export async function loadDivipolaFileOnce(ctx: Context, file: string): Promise<DivipolaLoad | null> {
  if ((await divipolaStatus(ctx.db)).complete) return null;
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    throw new AppError('validation', {
      es: `No se encuentra la lista DIVIPOLA en ${file} (variable DIVIPOLA_FILE).`,
      en: `The DIVIPOLA list was not found at ${file} (DIVIPOLA_FILE).`,
    });
  }
  return loadDivipola(ctx, data, path.basename(file));
}

export interface DivipolaStatus {
  /** True once the national data office has loaded DANE's full list. */
  complete: boolean;
  municipalities: number;
  loaded_at: Date | null;
  sha256: string | null;
}

export async function divipolaStatus(db: Db): Promise<DivipolaStatus> {
  const load = await db.selectFrom('code_list_loads').selectAll().where('name', '=', 'divipola').executeTakeFirst();
  const count = await db.selectFrom('divipola').select((eb) => eb.fn.countAll<string>().as('n')).where('kind', '=', 'municipality').executeTakeFirstOrThrow();
  return { complete: Boolean(load), municipalities: Number(count.n), loaded_at: load?.loaded_at ?? null, sha256: load?.sha256 ?? null };
}

/** In-memory view of the code list, for validation and labels without a query each time. */
export class Divipola {
  private readonly byName = new Map<string, string[]>();

  private constructor(private readonly byCode: Map<string, DivipolaEntry>, readonly complete: boolean) {
    for (const entry of byCode.values()) {
      const key = fold(entry.name).replace(/[^a-z0-9]+/g, ' ').trim();
      this.byName.set(key, [...(this.byName.get(key) ?? []), entry.code]);
    }
  }

  /** Codes whose department or municipality name is `name` (several municipalities share names). */
  findByName(name: string): string[] {
    return this.byName.get(fold(name).replace(/[^a-z0-9]+/g, ' ').trim()) ?? [];
  }

  static async load(db: Db): Promise<Divipola> {
    const [entries, status] = await Promise.all([db.selectFrom('divipola').selectAll().execute(), divipolaStatus(db)]);
    return Divipola.of(entries, status.complete);
  }

  /** `complete` false: only the departments are certain, and any well-formed code of a department is accepted. */
  static of(entries: DivipolaEntry[], complete = true): Divipola {
    return new Divipola(new Map(entries.map((e) => [e.code, e])), complete);
  }

  get(code: string): DivipolaEntry | undefined {
    return this.byCode.get(code);
  }

  /**
   * Accepts "5001", "05001", "5,001" (as DANE exports them) and returns the padded code. Until the full list
   * is loaded, a municipality code the built-in subset lacks passes when its department exists.
   */
  normalize(code: string): string | undefined {
    const digits = code.replace(/[.,\s]/g, '');
    if (!/^\d{1,5}$/.test(digits)) return undefined;
    const padded = digits.length <= 2 ? digits.padStart(2, '0') : digits.padStart(5, '0');
    if (this.byCode.has(padded)) return padded;
    return !this.complete && padded.length === 5 && this.byCode.get(padded.slice(0, 2))?.kind === 'department' ? padded : undefined;
  }

  /** True for a municipality code the list has, or (until the full list is loaded) one of the right form. */
  isMunicipality(code: string): boolean {
    const entry = this.byCode.get(code);
    if (entry) return entry.kind === 'municipality';
    return !this.complete && /^\d{5}$/.test(code) && this.byCode.get(code.slice(0, 2))?.kind === 'department';
  }

  departments(): DivipolaEntry[] {
    return [...this.byCode.values()].filter((e) => e.kind === 'department').sort((a, b) => a.name.localeCompare(b.name, 'es'));
  }

  municipalitiesOf(department: string): DivipolaEntry[] {
    return [...this.byCode.values()]
      .filter((e) => e.kind === 'municipality' && e.department_code === department)
      .sort((a, b) => a.name.localeCompare(b.name, 'es'));
  }

  label(code: string): string {
    const entry = this.byCode.get(code);
    if (!entry) return code;
    if (entry.kind === 'department') return entry.name;
    const dept = this.byCode.get(entry.department_code);
    return dept && dept.name !== entry.name ? `${entry.name} (${dept.name})` : entry.name;
  }

  get size(): number {
    return this.byCode.size;
  }
}

/**
 * The codes a foreign key to a DIVIPOLA list accepts. Until the full municipality list is loaded that is every
 * well-formed code of a department (33,000 codes), so valid data is never reported as wrong.
 */
export async function divipolaCodes(db: Db, kind: 'department' | 'municipality'): Promise<{ codes: string[]; complete: boolean }> {
  const rows = await db.selectFrom('divipola').select(['code', 'kind']).where('kind', '=', kind).orderBy('code').execute();
  const { complete } = await divipolaStatus(db);
  return { codes: acceptedCodes(rows, kind, complete), complete: complete || kind === 'department' };
}

export function acceptedCodes(entries: { code: string; kind: string }[], kind: 'department' | 'municipality', complete: boolean): string[] {
  if (kind === 'department' || complete) return entries.filter((e) => e.kind === kind).map((e) => e.code);
  return BUILTIN_DEPARTMENTS.flatMap(([dept]) => Array.from({ length: 999 }, (_, i) => `${dept}${String(i + 1).padStart(3, '0')}`));
}

/** For commands that run without a database: DIVIPOLA_FILE when set, else the built-in list (checked by form). */
export function offlineDivipola(file: string | undefined): { entries: DivipolaEntry[]; complete: boolean } {
  return file ? { entries: readDivipolaCsv(readFileSync(file), path.basename(file)), complete: true } : { entries: builtinDivipola(), complete: false };
}

const cache = new WeakMap<Db, Promise<Divipola>>();

/** The code list of this database, read once (it changes only when the national data office loads DANE's file). */
export function divipolaFor(db: Db): Promise<Divipola> {
  let entry = cache.get(db);
  if (!entry) {
    entry = Divipola.load(db);
    cache.set(db, entry);
  }
  return entry;
}
