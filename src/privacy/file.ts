import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { invalid } from '../core/errors.ts';
import { detectDelimiter } from '../catalog/import/read-table.ts';
import { asUtf8, fileHead } from '../publish/sources.ts';
import { Engine, ident, literal } from '../store/duckdb.ts';
import { anonymize, type AnonymizationResult, type PrivacyModel } from './anonymize.ts';
import type { Hierarchy } from './hierarchy.ts';
import { mondrian, type MondrianResult } from './mondrian.ts';
import { autoHierarchy } from './auto-hierarchy.ts';

export interface FileAnonymization {
  file: string;
  out: string;
  quasiIdentifiers: string[];
  sensitive: string[];
  hierarchies: Map<string, Hierarchy>;
  model: PrivacyModel;
  risk?: { threshold?: number; samplingFraction?: number };
  /** Columns left out of the output (direct identifiers, in the publishing flow). */
  drop?: string[];
  /** DIVIPOLA municipality codes, to recognise code columns that get an automatic hierarchy. */
  municipalities?: Set<string>;
  /** "optimal": full-domain generalization of least loss; "fast": Mondrian local recoding, for very large data. */
  mode?: 'optimal' | 'fast';
  /** Where DuckDB may spill; the system's temporary directory by default. */
  workDir?: string;
}

/** A value no cell holds, so that empty cells stay empty text instead of NULL. */
const NO_NULL = '\u0001\u0002';

/**
 * Anonymizes a CSV file of any size: DuckDB reads it and groups identical quasi-identifier (and sensitive)
 * values, so the search works on distinct records, not rows; DuckDB then writes the file again with each
 * record's generalized (or suppressed) values, in the original order and with the original delimiter.
 * Memory holds the distinct records, not the file.
 */
export type FileResult = (({ mode: 'optimal' } & Omit<AnonymizationResult, 'ms'>) | ({ mode: 'fast' } & Omit<MondrianResult, 'output' | 'ms'>)) & {
  rows: number;
  delimiter: string;
  ms: number;
  /** Quasi-identifiers whose hierarchy was built from their values, and how (number, date, divipola, mask). */
  automaticHierarchies: Record<string, string>;
};

export async function anonymizeFile(input: FileAnonymization): Promise<FileResult> {
  const started = performance.now();
  const workDir = mkdtempSync(path.join(input.workDir ?? os.tmpdir(), 'infradatos-anonymize-'));
  const engine = new Engine({ tempDir: workDir, memoryLimit: '1GB' });
  try {
    const utf8 = (await asUtf8(input.file, workDir)).file;
    const delimiter = detectDelimiter((await fileHead(utf8, 64 * 1024)).toString('utf8'));
    const source = `read_csv(${literal(utf8)}, delim=${literal(delimiter)}, quote='"', escape='"', header=true, all_varchar=true, nullstr=${literal(NO_NULL)}, max_line_size=2097152)`;
    return await engine.use(async (c) => {
      const header = (await c.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjectsJson().map((r) => String(r.column_name));
      for (const name of [...input.quasiIdentifiers, ...input.sensitive]) {
        if (!header.includes(name)) throw invalid({ es: `La columna «${name}» no existe; hay: ${header.join(', ')}.`, en: `Column "${name}" does not exist; there are: ${header.join(', ')}.` }, [{ column: name, message: { es: 'Columna desconocida.', en: 'Unknown column.' } }]);
      }
      // Quasi-identifiers without a hierarchy file get one built from their distinct values.
      const hierarchies = new Map(input.hierarchies);
      const automatic: Record<string, string> = {};
      for (const name of input.quasiIdentifiers.filter((q) => !hierarchies.has(q))) {
        const distinct = (await c.runAndReadAll(`SELECT DISTINCT ${ident(name)} FROM ${source}`)).getRowsJson().map((r) => String((r as unknown[])[0]));
        const { kind, hierarchy } = autoHierarchy(distinct, input.municipalities);
        hierarchies.set(name, hierarchy);
        automatic[name] = kind;
      }
      const fast = input.mode === 'fast';
      const columns = fast ? input.quasiIdentifiers : [...input.quasiIdentifiers, ...input.sensitive];
      const grouped = (await c.runAndReadAll(`SELECT ${columns.map(ident).join(', ')}, count(*) AS __n FROM ${source} GROUP BY ALL`)).getRowsJson() as (string | number)[][];
      const rows = grouped.map((r) => r.slice(0, columns.length).map(String));
      const weights = Int32Array.from(grouped, (r) => Number(r[columns.length]));
      const total = weights.reduce((s, w) => s + w, 0);
      const problem = { data: { header: columns, rows, weights }, quasiIdentifiers: input.quasiIdentifiers, sensitive: fast ? [] : input.sensitive, hierarchies, model: input.model, ...(input.risk ? { risk: input.risk } : {}) };
      const ms = () => Math.round(performance.now() - started);
      if (fast) {
        const { output, ms: _ms, ...report } = mondrian(problem);
        await writeOutput(c, source, delimiter, header, input, rows, output.rows);
        return { mode: 'fast' as const, ...report, automaticHierarchies: automatic, rows: total, delimiter, ms: ms() };
      }
      const { output, ms: _ms, ...report } = anonymize(problem);
      await writeOutput(c, source, delimiter, header, input, rows, output.rows);
      return { mode: 'optimal' as const, ...report, automaticHierarchies: automatic, rows: total, delimiter, ms: ms() };
    });
  } finally {
    await engine.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Writes the file again, each row's quasi-identifiers replaced through a table from original to new values. */
async function writeOutput(c: DuckDBConnection, source: string, delimiter: string, header: string[], input: FileAnonymization, rows: string[][], generalized: string[][]): Promise<void> {
  const qi = input.quasiIdentifiers;
  const mapped = qi.map((_q, a) => `q${a}`);
  await c.run(`CREATE OR REPLACE TEMP TABLE __map (${[...mapped.map((m) => `${m} VARCHAR`), ...mapped.map((m) => `${m}_out VARCHAR`)].join(', ')})`);
  const appender = await c.createAppender('__map');
  const seen = new Set<string>();
  rows.forEach((row, r) => {
    const key = row.slice(0, qi.length).join('\u0000');
    if (seen.has(key)) return;
    seen.add(key);
    for (let a = 0; a < qi.length; a++) appender.appendVarchar(row[a]!);
    for (let a = 0; a < qi.length; a++) appender.appendVarchar(generalized[r]![a]!);
    appender.endRow();
  });
  appender.closeSync();
  const select = header.filter((name) => !input.drop?.includes(name)).map((name) => {
    const a = qi.indexOf(name);
    return a < 0 ? `t.${ident(name)}` : `m.q${a}_out AS ${ident(name)}`;
  });
  const join = qi.map((name, a) => `t.${ident(name)} = m.q${a}`).join(' AND ');
  await c.run(`COPY (SELECT ${select.join(', ')} FROM (SELECT row_number() OVER () AS __k, * FROM ${source}) t JOIN __map m ON ${join} ORDER BY t.__k)
    TO ${literal(input.out)} (FORMAT csv, HEADER true, DELIMITER ${literal(delimiter)}, QUOTE '"')`);
}
