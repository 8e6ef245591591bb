import type { Context } from '../store/context.ts';
import { ident, literal } from '../store/duckdb.ts';
import type { ReleaseRow } from '../store/schema.ts';
import type { TableSchema } from '../publish/table-schema.ts';
import { fold } from '../core/text.ts';
import { CODE_LISTS } from './code-lists.ts';
import { divipolaCodes } from '../catalog/divipola.ts';
import { plausibilityChecks, type PlausibilityCheck } from './plausibility.ts';

/** A column checked against a reference list: how many of its values the list knows. */
export interface ReferenceCheck {
  field: string;
  list: string;
  /** Declared as a foreign key in the schema, or found by its name and values. */
  declared: boolean;
  values: number;
  found: number;
  /** A few values not in the list, for the report. */
  unknown: string[];
}

export interface ReleaseProfile {
  rows: number;
  duplicate_rows: number;
  references: ReferenceCheck[];
  /** Coordinates, counts and percentages out of their possible range (absent in reports made before it). */
  plausibility?: PlausibilityCheck[];
}

/** Column names that announce DIVIPOLA codes ("cod_mpio", "codigo_dane_municipio", "cod_depto"…). */
function guessList(name: string): string | undefined {
  const n = fold(name).replace(/[^a-z0-9]+/g, '_');
  if (!/(^|_)(cod|codigo|code|divipola|dane)(_|$)/.test(n)) return undefined;
  if (/(mpio|municipio|mun|ciudad)/.test(n)) return 'divipola-municipios';
  if (/(dpto|depto|departamento|dep)(_|$)/.test(n)) return 'divipola-departamentos';
  return undefined;
}

/**
 * What the quality criteria need from a release's content beyond validation, in DuckDB over its Parquet:
 * exact duplicate rows, and for each column tied to a code list (declared, or recognised by its name) how
 * many values the list knows. Codes compare without leading zeros, as DANE writes them both ways.
 */
export async function profileRelease(ctx: Context, release: ReleaseRow, detectDivipola: boolean): Promise<ReleaseProfile> {
  const schema = release.schema as TableSchema;
  const from = `read_parquet(${literal(ctx.blobs.location(release.parquet_key))})`;
  const checks: { field: string; list: string; declared: boolean }[] = [];
  for (const fk of schema.foreignKeys ?? []) {
    if (fk.reference.resource && CODE_LISTS[fk.reference.resource]) checks.push({ field: fk.fields[0]!, list: fk.reference.resource, declared: true });
  }
  if (detectDivipola) {
    for (const f of schema.fields) {
      const list = guessList(f.name) ?? (f.title ? guessList(f.title) : undefined);
      if (list && (f.type === 'string' || f.type === 'integer') && !checks.some((c) => c.field === f.name)) checks.push({ field: f.name, list, declared: false });
    }
  }
  const lists = new Map<string, string[]>();
  for (const list of new Set(checks.map((c) => c.list))) {
    const { codes } = await divipolaCodes(ctx.db, CODE_LISTS[list]!.kind);
    lists.set(list, codes.map((code) => code.replace(/^0+(?=\d)/, '')));
  }
  return ctx.engine.use(async (c) => {
    const counts = (await c.runAndReadAll(`SELECT count(*) AS n, (SELECT count(*) FROM (SELECT DISTINCT * FROM ${from})) AS d FROM ${from}`)).getRowObjectsJson()[0]!;
    const references: ReferenceCheck[] = [];
    for (const [i, check] of checks.entries()) {
      const table = `ref_${i}`;
      await c.run(`CREATE OR REPLACE TEMP TABLE ${table} (code VARCHAR)`);
      const appender = await c.createAppender(table);
      for (const code of lists.get(check.list)!) {
        appender.appendVarchar(code);
        appender.endRow();
      }
      appender.closeSync();
      const value = `ltrim(CAST(${ident(check.field)} AS VARCHAR), '0')`;
      const stats = (await c.runAndReadAll(`SELECT count(*) AS values, count(r.code) AS found FROM ${from} t LEFT JOIN ${table} r ON ${value} = r.code WHERE ${ident(check.field)} IS NOT NULL`)).getRowObjectsJson()[0]!;
      const unknown = (await c.runAndReadAll(`SELECT DISTINCT CAST(${ident(check.field)} AS VARCHAR) AS v FROM ${from} t WHERE ${ident(check.field)} IS NOT NULL AND ${value} NOT IN (SELECT code FROM ${table}) ORDER BY 1 LIMIT 5`)).getRowObjectsJson();
      await c.run(`DROP TABLE ${table}`);
      // A guessed column whose values are mostly not codes is not a code column after all.
      if (!check.declared && Number(stats.found) < Number(stats.values) * 0.5) continue;
      references.push({ ...check, values: Number(stats.values), found: Number(stats.found), unknown: unknown.map((u) => String(u.v)) });
    }
    // Every publisher on the platform is a Colombian member, so its coordinates must fall in Colombia.
    const plausibility = await plausibilityChecks(c, from, schema.fields, true);
    return { rows: Number(counts.n), duplicate_rows: Number(counts.n) - Number(counts.d), references, plausibility };
  });
}
