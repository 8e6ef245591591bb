import type { Context } from '../store/context.ts';
import type { ReleaseRow } from '../store/schema.ts';
import { releaseFile } from '../publish/downloads.ts';
import type { TableSchema } from '../publish/table-schema.ts';
import { xlsxToCsv } from '../publish/xlsx.ts';
import type { Bilingual } from '../core/errors.ts';
import { codeListReferences } from './code-lists.ts';
import type { FieldDescriptor } from './cast.ts';
import type { ErrorType } from './errors.ts';
import { validateResource } from './resource.ts';
import type { SchemaDescriptor } from './validate.ts';

/** How many errors of each type a report lists; all are counted. */
export const ERRORS_PER_TYPE = 20;

export interface ContentError {
  type: ErrorType;
  row: number | null;
  field: string | null;
  column: number | null;
  cell?: string;
  message: Bilingual;
}

export interface ContentReport {
  valid: boolean;
  rows: number;
  /** What was read: the file as uploaded (CSV or XLSX), or the release's CSV for other formats. */
  source: 'original' | 'release-csv';
  counts: Partial<Record<ErrorType, number>>;
  /** The first errors of each type, in file order. */
  errors: ContentError[];
  checked_at: string;
}

const TEXT_FILE = /\.(csv|tsv|txt)$/i;
const WORKBOOK = /\.(xlsx|xlsm)$/i;

/**
 * The release's schema as the validator reads it. Against the original file fields are named by the
 * file's own headers (their titles); against the release's CSV, by their API names, with values already
 * in canonical form (ISO dates, '.' decimals), so source formats no longer apply.
 */
export function validationSchema(schema: TableSchema, against: 'original' | 'release-csv'): SchemaDescriptor {
  const rename = new Map(schema.fields.map((f) => [f.name, against === 'original' ? (f.title ?? f.name) : f.name]));
  const fields: FieldDescriptor[] = schema.fields.map((f) => {
    const base: FieldDescriptor = { name: rename.get(f.name)!, type: f.type === 'geojson' || f.type === 'object' || f.type === 'array' ? 'any' : f.type, ...(f.constraints ? { constraints: f.constraints } : {}) };
    if (against === 'release-csv') return f.type === 'datetime' ? { ...base, type: 'any' } : base;
    return {
      ...base,
      ...(f.format ? { format: f.format } : {}),
      ...(f.decimalChar ? { decimalChar: f.decimalChar } : {}),
      ...(f.groupChar ? { groupChar: f.groupChar } : {}),
      ...(f.trueValues ? { trueValues: f.trueValues } : {}),
      ...(f.falseValues ? { falseValues: f.falseValues } : {}),
    };
  });
  return {
    fields,
    missingValues: schema.missingValues ?? [''],
    ...(schema.primaryKey ? { primaryKey: schema.primaryKey.map((n) => rename.get(n) ?? n) } : {}),
    ...(schema.foreignKeys ? { foreignKeys: schema.foreignKeys.map((fk) => ({ fields: fk.fields.map((n) => rename.get(n) ?? n), reference: fk.reference })) } : {}),
  };
}

/** The first errors of each type, named by the schema's fields, as reports list them. */
export function firstErrors(all: Awaited<ReturnType<typeof validateResource>>['errors'], schema: TableSchema): ContentError[] {
  const perType = new Map<string, number>();
  const errors: ContentError[] = [];
  for (const e of all) {
    const seen = perType.get(e.type) ?? 0;
    if (seen >= ERRORS_PER_TYPE) continue;
    perType.set(e.type, seen + 1);
    const field = e.fieldNumber ? schema.fields[e.fieldNumber - 1]?.name ?? null : null;
    errors.push({ type: e.type, row: e.rowNumber, field, column: e.fieldNumber, ...(e.cell !== undefined ? { cell: e.cell.slice(0, 200) } : {}), message: e.message });
  }
  return errors;
}

/**
 * Validates a release's content against its Table Schema with Frictionless semantics: the uploaded file
 * itself when it is a CSV or a workbook (so labels and cells are judged as the publisher wrote them),
 * otherwise the release's CSV. Foreign keys to shared code lists are looked up in DIVIPOLA.
 */
export async function validateRelease(ctx: Context, release: ReleaseRow): Promise<ContentReport> {
  const schema = release.schema as TableSchema;
  const scratch = ctx.engine.scratch('quality');
  try {
    let file: string;
    let against: ContentReport['source'] = 'original';
    const original = ctx.blobs.location(release.original_key);
    if (TEXT_FILE.test(release.original_name)) file = original;
    else if (WORKBOOK.test(release.original_name)) {
      const upload = await ctx.db.selectFrom('dataset_uploads').select('sheet').where('id', '=', release.upload_id).executeTakeFirst();
      file = (await xlsxToCsv(original, release.original_name, scratch.dir, upload?.sheet ?? undefined)).file;
    } else {
      against = 'release-csv';
      file = ctx.blobs.location((await releaseFile(ctx, release, 'csv')).key);
    }
    const descriptor = validationSchema(schema, against);
    const references = await codeListReferences(ctx.db, descriptor.foreignKeys ?? []);
    const report = await validateResource({ path: file, schema: descriptor, workDir: scratch.dir, options: { limitErrors: 5000, references } });
    return { valid: report.valid, rows: report.rows, source: against, counts: report.counts, errors: firstErrors(report.errors, schema), checked_at: ctx.clock.now().toISOString() };
  } finally {
    scratch.done();
  }
}
