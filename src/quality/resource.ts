import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { Bilingual } from '../core/errors.ts';
import { detectDelimiter } from '../catalog/import/read-table.ts';
import { asUtf8, fileHead } from '../publish/sources.ts';
import { castCell } from './cast.ts';
import type { ValidationError } from './errors.ts';
import { INFER_SAMPLE, inferFields, keyOf, namesFromLabels, validateRows, type SchemaDescriptor, type ValidateOptions, type ValidationReport } from './validate.ts';
import { validateCsvInDuckDB } from './validate-duckdb.ts';
import { Engine } from '../store/duckdb.ts';
import os from 'node:os';

export interface Dialect {
  header?: boolean;
  delimiter?: string;
}

/** The dialect's delimiter, or the one that splits the file's first lines most consistently. */
async function delimiterOf(file: string, dialect: Dialect): Promise<string> {
  return dialect.delimiter ?? detectDelimiter((await fileHead(file, 64 * 1024)).toString('utf8'));
}

/** The rows of a CSV file as text cells, streamed; empty lines are rows (blank rows), quotes per RFC 4180. */
export async function* csvRows(file: string, dialect: Dialect = {}, workDir?: string): AsyncGenerator<string[]> {
  const utf8 = workDir ? (await asUtf8(file, workDir)).file : file;
  const delimiter = await delimiterOf(utf8, dialect);
  const parser = createReadStream(utf8).pipe(parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
  for await (const record of parser) yield record as string[];
}

function schemaError(message: Bilingual): ValidationReport {
  const error: ValidationError = { type: 'schema-error', rowNumber: null, fieldNumber: null, message };
  return { valid: false, rows: 0, fields: [], errors: [error], counts: { 'schema-error': 1 } };
}

/** A schema as a file or an object: checked to be a Table Schema before any row is read. */
export function loadSchema(source: string | object): SchemaDescriptor | Bilingual {
  let schema: unknown = source;
  if (typeof source === 'string') {
    try {
      schema = JSON.parse(readFileSync(source, 'utf8'));
    } catch (error) {
      return { es: `El esquema «${path.basename(source)}» no es JSON válido: ${(error as Error).message}`, en: `Schema "${path.basename(source)}" is not valid JSON: ${(error as Error).message}` };
    }
  }
  const fields = (schema as { fields?: unknown })?.fields;
  if (!Array.isArray(fields) || fields.some((f) => typeof f?.name !== 'string')) {
    return { es: 'El esquema debe tener «fields», una lista de campos con nombre.', en: 'The schema must have "fields", a list of named fields.' };
  }
  return schema as SchemaDescriptor;
}

export interface ResourceInput {
  path?: string;
  data?: unknown[][];
  schema?: string | object;
  dialect?: Dialect;
  options?: Omit<ValidateOptions, 'schema' | 'header'>;
  workDir?: string;
  /** false: always the row-by-row reference validator. */
  fast?: boolean;
}

/** The header, up to 100 rows after it and the delimiter of a UTF-8 CSV file, for inference and labels. */
async function readHead(file: string, dialect: Dialect): Promise<{ labels: string[]; sample: string[][]; delimiter: string }> {
  const delimiter = await delimiterOf(file, dialect);
  const rows: string[][] = [];
  for await (const record of csvRows(file, { ...dialect, delimiter })) {
    rows.push(record);
    if (rows.length > INFER_SAMPLE) break;
  }
  return { labels: rows[0] ?? [], sample: rows.slice(1), delimiter };
}

/**
 * Validates one table (a CSV file or inline rows) against its schema, or an inferred one. Files are
 * checked in DuckDB when the schema allows it (same errors, far faster); otherwise row by row.
 */
export async function validateResource(input: ResourceInput): Promise<ValidationReport> {
  let schema: SchemaDescriptor | undefined;
  if (input.schema !== undefined) {
    const loaded = loadSchema(input.schema);
    if (!('fields' in loaded)) return schemaError(loaded);
    schema = loaded;
  }
  const header = input.dialect?.header ?? true;
  if (input.data) {
    const rows = input.data.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))));
    return validateRows(rows, { ...input.options, ...(schema ? { schema } : {}), header });
  }
  const file = input.workDir ? (await asUtf8(input.path!, input.workDir)).file : input.path!;
  const plain = !input.options?.pickErrors && !input.options?.duplicateRows;
  if (plain && header && input.fast !== false) {
    const { labels, sample, delimiter } = await readHead(file, input.dialect ?? {});
    const missingValues = schema?.missingValues ?? [''];
    const fields = schema?.fields ?? inferFields(namesFromLabels(labels), sample, missingValues);
    const tempDir = mkdtempSync(path.join(input.workDir ?? os.tmpdir(), 'infradatos-duckdb-'));
    const engine = new Engine({ tempDir, memoryLimit: '512MB' });
    try {
      const fast = await engine.use((c) => validateCsvInDuckDB(c, file, delimiter, labels, { ...schema, fields, missingValues }, { schemaGiven: Boolean(schema), header, ...(input.options?.limitErrors !== undefined ? { limitErrors: input.options.limitErrors } : {}), ...(input.options?.references ? { references: input.options.references } : {}) }));
      if (fast) return fast;
    } finally {
      await engine.close();
      rmSync(tempDir, { recursive: true, force: true });
    }
  }
  return validateRows(csvRows(file, input.dialect), { ...input.options, ...(schema ? { schema } : {}), header });
}

interface PackageResource {
  name: string;
  path: string;
  schema?: SchemaDescriptor;
  dialect?: Dialect;
}

/** A package's errors carry the 1-based number of the resource they were found in. */
export interface PackageReport {
  valid: boolean;
  tasks: (ValidationReport & { resource: string })[];
}

/** Validates every resource of a Data Package; foreign keys are checked against the referenced resources. */
export async function validatePackage(descriptorPath: string): Promise<PackageReport> {
  const descriptor = JSON.parse(readFileSync(descriptorPath, 'utf8')) as { resources: PackageResource[] };
  const base = path.dirname(descriptorPath);
  const references = new Map<string, Set<string>>();
  for (const resource of descriptor.resources) {
    for (const fk of resource.schema?.foreignKeys ?? []) {
      const target = fk.reference.resource ? descriptor.resources.find((r) => r.name === fk.reference.resource) : resource;
      const names = Array.isArray(fk.reference.fields) ? fk.reference.fields : [fk.reference.fields];
      const key = `${fk.reference.resource ?? ''}|${names.join(',')}`;
      if (!target || references.has(key)) continue;
      const set = new Set<string>();
      let labels: string[] | undefined;
      for await (const cells of csvRows(path.join(base, target.path), target.dialect)) {
        if (!labels) {
          labels = cells;
          continue;
        }
        const fields = names.map((n) => target.schema?.fields.find((f) => f.name === n) ?? { name: n });
        set.add(keyOf(names.map((n, i) => {
          const raw = cells[labels!.indexOf(n)];
          if (raw === undefined || raw === '') return null;
          const cast = castCell(fields[i]!, raw);
          return cast.ok ? cast.value : raw;
        })));
      }
      references.set(key, set);
    }
  }
  const tasks = [];
  for (const resource of descriptor.resources) {
    const report = await validateRows(csvRows(path.join(base, resource.path), resource.dialect), { ...(resource.schema ? { schema: resource.schema } : {}), header: resource.dialect?.header ?? true, references });
    tasks.push({ ...report, resource: resource.name });
  }
  return { valid: tasks.every((t) => t.valid), tasks };
}
