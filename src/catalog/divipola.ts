import { readFileSync, existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { AppError } from '../core/errors.ts';
import { fold } from '../core/text.ts';
import type { Db } from '../store/database.ts';
import type { DivipolaTable } from '../store/schema.ts';

export type DivipolaEntry = DivipolaTable;

/**
 * Reads DANE's DIVIPOLA export as published on datos.gov.co: codes without zero padding and with
 * thousands separators ("5,001"), so they are normalised to 2-digit departments and 5-digit municipalities.
 */
export function readDivipolaCsv(file: string): DivipolaEntry[] {
  if (!existsSync(file)) {
    throw new AppError('validation', {
      es: `No se encuentra la lista DIVIPOLA en ${file}. Indique su ubicación con la variable DIVIPOLA_FILE.`,
      en: `The DIVIPOLA list was not found at ${file}. Set its location with DIVIPOLA_FILE.`,
    });
  }
  const rows = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  const departments = new Map<string, DivipolaEntry>();
  const municipalities: DivipolaEntry[] = [];
  rows.forEach((row, index) => {
    const dept = (row.COD_DPTO ?? '').replace(/\D/g, '').padStart(2, '0');
    const mpio = (row.COD_MPIO ?? '').replace(/\D/g, '').padStart(5, '0');
    if (!/^\d{2}$/.test(dept) || !/^\d{5}$/.test(mpio) || !mpio.startsWith(dept)) {
      throw new AppError('validation', {
        es: `DIVIPOLA: fila ${index + 2} con códigos inválidos (${row.COD_DPTO}, ${row.COD_MPIO}).`,
        en: `DIVIPOLA: row ${index + 2} has invalid codes (${row.COD_DPTO}, ${row.COD_MPIO}).`,
      });
    }
    if (!departments.has(dept)) {
      departments.set(dept, { code: dept, kind: 'department', name: titleCase(row.NOM_DPTO ?? dept), department_code: dept, municipality_type: null, latitude: null, longitude: null });
    }
    municipalities.push({
      code: mpio,
      kind: 'municipality',
      name: titleCase(row.NOM_MPIO ?? mpio),
      department_code: dept,
      municipality_type: row.TIPO || null,
      latitude: row.LATITUD ? Number(row.LATITUD) : null,
      longitude: row.LONGITUD ? Number(row.LONGITUD) : null,
    });
  });
  return [...departments.values(), ...municipalities];
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

/** Loads the list into the database once; later starts find it there. */
export async function ensureDivipola(db: Db, file: string): Promise<number> {
  const existing = await db.selectFrom('divipola').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return 0;
  const entries = readDivipolaCsv(file);
  for (let i = 0; i < entries.length; i += 500) {
    await db.insertInto('divipola').values(entries.slice(i, i + 500)).onConflict((oc) => oc.doNothing()).execute();
  }
  return entries.length;
}

/** In-memory view of the code list, for validation and labels without a query each time. */
export class Divipola {
  private readonly byName = new Map<string, string[]>();

  private constructor(private readonly byCode: Map<string, DivipolaEntry>) {
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
    return Divipola.of(await db.selectFrom('divipola').selectAll().execute());
  }

  static of(entries: DivipolaEntry[]): Divipola {
    return new Divipola(new Map(entries.map((e) => [e.code, e])));
  }

  get(code: string): DivipolaEntry | undefined {
    return this.byCode.get(code);
  }

  /** Accepts "5001", "05001", "5,001" (as DANE exports them) and returns the padded code. */
  normalize(code: string): string | undefined {
    const digits = code.replace(/[.,\s]/g, '');
    if (!/^\d{1,5}$/.test(digits)) return undefined;
    const padded = digits.length <= 2 ? digits.padStart(2, '0') : digits.padStart(5, '0');
    return this.byCode.has(padded) ? padded : undefined;
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

const cache = new WeakMap<Db, Promise<Divipola>>();

/** The code list of this database, read once (it changes only when DANE publishes a new one). */
export function divipolaFor(db: Db): Promise<Divipola> {
  let entry = cache.get(db);
  if (!entry) {
    entry = Divipola.load(db);
    cache.set(db, entry);
  }
  return entry;
}
