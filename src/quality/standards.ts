import { demand } from '../catalog/access.ts';
import { actorId, type Actor } from '../core/actor.ts';
import { conflict, invalid, notFound, Problems } from '../core/errors.ts';
import { releaseFile } from '../publish/downloads.ts';
import { validateSchema } from '../publish/schema-edit.ts';
import type { TableSchema } from '../publish/table-schema.ts';
import type { Context } from '../store/context.ts';
import type { Db } from '../store/database.ts';
import type { DatasetRow, ReleaseRow } from '../store/schema.ts';
import { codeListReferences } from './code-lists.ts';
import { firstErrors, validationSchema, type ContentError } from './content.ts';
import { validateResource } from './resource.ts';
import { BUILTIN_CODE_LISTS, type CodeListRow } from './standards-builtin.ts';

/**
 * The registry of standards for administrative records: Table Schemas and code lists the national data
 * office publishes in versions (a published version never changes), the datasets that declare conformance
 * to a schema version, and the check of each of their releases against it.
 */

export type StandardKind = 'schema' | 'codelist';
export type CodeListBody = { rows: CodeListRow[] | 'divipola-departments' | 'divipola-municipalities'; broader?: string };

const ID = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;
const VERSION = /^\d+(\.\d+){0,2}$/;
const FIELD_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const isDataOffice = (actor: Actor) => actor.kind === 'system' || (actor.kind === 'person' && actor.roles.includes('data_office'));

/** Puts the built-in code lists in the registry once (version 1.0), so every installation starts with them. */
export async function ensureBuiltinStandards(db: Db): Promise<void> {
  const now = new Date();
  for (const list of BUILTIN_CODE_LISTS) {
    const inserted = await db.insertInto('standards').values({ id: list.id, kind: 'codelist', title: list.title, description: list.description, created_at: now, created_by: null })
      .onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
    if (!inserted) continue;
    const body: CodeListBody = { rows: list.rows, ...(list.broader ? { broader: list.broader } : {}) };
    await db.insertInto('standard_versions').values({ standard_id: list.id, version: '1.0', body: JSON.stringify(body), notes: 'Versión inicial.', published_at: now, published_by: null }).execute();
  }
}

/** Versions compare numerically, part by part (1.10 after 1.9). */
const compareVersions = (a: string, b: string) => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
};

export async function listStandards(ctx: Context) {
  const [standards, versions] = await Promise.all([
    ctx.db.selectFrom('standards').selectAll().orderBy('kind').orderBy('id').execute(),
    ctx.db.selectFrom('standard_versions').select(['standard_id', 'version', 'published_at', 'notes']).execute(),
  ]);
  return standards.map((s) => {
    const own = versions.filter((v) => v.standard_id === s.id).sort((a, b) => compareVersions(a.version, b.version));
    return { id: s.id, kind: s.kind, title: s.title, description: s.description, versions: own.map((v) => ({ version: v.version, published_at: v.published_at, notes: v.notes })), latest: own.at(-1)?.version ?? null };
  });
}

export async function requireStandard(ctx: Context, id: string) {
  const found = (await listStandards(ctx)).find((s) => s.id === id);
  if (!found) throw notFound({ es: `el estándar «${id}»`, en: `standard "${id}"` });
  return found;
}

/** Code list rows, DIVIPOLA's read from the divipola table. */
async function codeListRows(db: Db, body: CodeListBody): Promise<CodeListRow[]> {
  if (Array.isArray(body.rows)) return body.rows;
  const kind = body.rows === 'divipola-departments' ? 'department' : 'municipality';
  const rows = await db.selectFrom('divipola').select(['code', 'name', 'department_code']).where('kind', '=', kind).orderBy('code').execute();
  return rows.map((r) => ({ codigo: r.code, nombre: r.name, ...(kind === 'municipality' ? { superior: r.department_code } : {}) }));
}

/** One version of a standard (or the latest): a Table Schema, or a code list's rows. */
export async function standardVersion(ctx: Context, id: string, version: string) {
  const standard = await requireStandard(ctx, id);
  const wanted = version === 'latest' ? standard.latest : version;
  const row = wanted ? await ctx.db.selectFrom('standard_versions').selectAll().where('standard_id', '=', id).where('version', '=', wanted).executeTakeFirst() : undefined;
  if (!row) throw notFound({ es: `la versión ${version} del estándar «${id}»`, en: `version ${version} of standard "${id}"` });
  if (standard.kind === 'schema') return { standard, version: row.version, published_at: row.published_at, notes: row.notes, schema: row.body as TableSchema, rows: null, broader: null };
  const body = row.body as CodeListBody;
  return { standard, version: row.version, published_at: row.published_at, notes: row.notes, schema: null, rows: await codeListRows(ctx.db, body), broader: body.broader ?? null };
}

export async function createStandard(ctx: Context, input: { id?: unknown; kind?: unknown; title?: unknown; description?: unknown }) {
  demand(isDataOffice(ctx.actor), ctx.actor);
  const problems = new Problems();
  const id = String(input.id ?? '');
  if (!ID.test(id)) problems.add('id', { es: 'Identificador de 3 a 64 letras minúsculas, dígitos o guiones.', en: 'An identifier of 3 to 64 lower-case letters, digits or hyphens.' }, input.id);
  if (input.kind !== 'schema' && input.kind !== 'codelist') problems.add('kind', { es: 'El tipo es «schema» o «codelist».', en: 'The kind is "schema" or "codelist".' }, input.kind);
  const title = typeof input.title === 'string' ? input.title.trim() : '';
  if (title.length < 3 || title.length > 200) problems.add('title', { es: 'El título tiene de 3 a 200 caracteres.', en: 'The title has 3 to 200 characters.' }, input.title);
  problems.throwIfAny({ es: 'El estándar tiene datos inválidos.', en: 'The standard has invalid data.' });
  const inserted = await ctx.db.insertInto('standards').values({ id, kind: input.kind as StandardKind, title, description: typeof input.description === 'string' ? input.description.trim().slice(0, 5000) : '', created_at: ctx.clock.now(), created_by: actorId(ctx.actor) })
    .onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  if (!inserted) throw conflict({ es: `Ya existe el estándar «${id}».`, en: `Standard "${id}" already exists.` });
  return requireStandard(ctx, id);
}

/** A Table Schema for a standard: the same checks as a release's schema, with names in API form. */
function checkSchema(input: unknown): TableSchema {
  const fields = (input as { fields?: unknown })?.fields;
  if (!Array.isArray(fields) || !fields.length) throw invalid({ es: 'Un esquema tiene una lista «fields» con al menos un campo.', en: 'A schema has a "fields" list with at least one field.' });
  const problems = new Problems();
  fields.forEach((f: { name?: unknown }, i) => {
    if (typeof f?.name !== 'string' || !FIELD_NAME.test(f.name)) problems.add(`fields[${i}].name`, { es: 'Nombres en minúsculas ASCII, dígitos y «_» (como en la API).', en: 'Names in lower-case ASCII, digits and "_" (as in the API).' }, f?.name);
  });
  problems.throwIfAny({ es: 'El esquema tiene datos inválidos.', en: 'The schema has invalid data.' });
  return validateSchema(input, { fields: fields.map((f: { name: string }) => ({ name: f.name, type: 'string' })) } as TableSchema);
}

function checkRows(input: unknown): CodeListRow[] {
  const problems = new Problems();
  if (!Array.isArray(input) || !input.length) throw invalid({ es: 'Una lista de códigos tiene filas «rows» con «codigo» y «nombre».', en: 'A code list has "rows" with "codigo" and "nombre".' });
  const seen = new Set<string>();
  const rows = input.map((r: Record<string, unknown>, i) => {
    const codigo = typeof r?.codigo === 'string' ? r.codigo.trim() : '';
    const nombre = typeof r?.nombre === 'string' ? r.nombre.trim() : '';
    if (!codigo || codigo.length > 50) problems.add(`rows[${i}].codigo`, { es: 'Falta el código (hasta 50 caracteres).', en: 'The code is missing (up to 50 characters).' }, r?.codigo);
    else if (seen.has(codigo)) problems.add(`rows[${i}].codigo`, { es: `El código ${codigo} se repite.`, en: `Code ${codigo} repeats.` }, codigo);
    seen.add(codigo);
    if (!nombre || nombre.length > 500) problems.add(`rows[${i}].nombre`, { es: 'Falta el nombre (hasta 500 caracteres).', en: 'The name is missing (up to 500 characters).' }, r?.nombre);
    return { codigo, nombre, ...(typeof r?.superior === 'string' && r.superior ? { superior: r.superior } : {}) };
  });
  problems.throwIfAny({ es: 'La lista de códigos tiene filas inválidas.', en: 'The code list has invalid rows.' });
  return rows;
}

/** Publishes a new version; a published version is never changed (a correction is a new version). */
export async function publishStandardVersion(ctx: Context, id: string, input: { version?: unknown; schema?: unknown; rows?: unknown; notes?: unknown }) {
  demand(isDataOffice(ctx.actor), ctx.actor);
  const standard = await requireStandard(ctx, id);
  const version = String(input.version ?? '');
  if (!VERSION.test(version)) throw invalid({ es: 'La versión es como 1, 1.1 o 1.1.2.', en: 'The version looks like 1, 1.1 or 1.1.2.' }, [{ field: 'version', message: { es: 'Versión inválida.', en: 'Invalid version.' }, value: String(input.version ?? '') }]);
  if (standard.latest && compareVersions(version, standard.latest) <= 0) throw conflict({ es: `La versión debe ser posterior a ${standard.latest}; las publicadas no cambian.`, en: `The version must come after ${standard.latest}; published versions do not change.` });
  const body = standard.kind === 'schema' ? checkSchema(input.schema) : { rows: checkRows(input.rows) };
  await ctx.db.insertInto('standard_versions').values({ standard_id: id, version, body: JSON.stringify(body), notes: typeof input.notes === 'string' ? input.notes.slice(0, 2000) : '', published_at: ctx.clock.now(), published_by: actorId(ctx.actor) }).execute();
  return standardVersion(ctx, id, version);
}

export interface ConformanceReport {
  standard: string;
  valid: boolean;
  counts: Record<string, number>;
  errors: ContentError[];
  checked_at: string;
}

/**
 * A release checked against the schema its dataset declares (Frictionless semantics on the release CSV, foreign
 * keys to DIVIPOLA included), once per release and standard version.
 */
export async function checkConformance(ctx: Context, dataset: Pick<DatasetRow, 'id' | 'conforms_to'>, release: ReleaseRow): Promise<ConformanceReport | null> {
  if (!dataset.conforms_to) return null;
  const cached = await ctx.db.selectFrom('conformance_checks').select('report').where('dataset_id', '=', dataset.id).where('release_number', '=', release.number).where('standard', '=', dataset.conforms_to).executeTakeFirst();
  if (cached) return cached.report as ConformanceReport;
  const [id, version] = dataset.conforms_to.split('@') as [string, string];
  const standard = await standardVersion(ctx, id, version);
  const schema = standard.schema!;
  const descriptor = validationSchema(schema, 'release-csv');
  const scratch = ctx.engine.scratch('conformance');
  try {
    const file = ctx.blobs.location((await releaseFile(ctx, release, 'csv')).key);
    const result = await validateResource({ path: file, schema: descriptor, workDir: scratch.dir, options: { limitErrors: 5000, references: await codeListReferences(ctx.db, descriptor.foreignKeys ?? []) } });
    const report: ConformanceReport = { standard: dataset.conforms_to, valid: result.valid, counts: result.counts as Record<string, number>, errors: firstErrors(result.errors, schema), checked_at: ctx.clock.now().toISOString() };
    await ctx.db.insertInto('conformance_checks').values({ dataset_id: dataset.id, release_number: release.number, standard: dataset.conforms_to, valid: report.valid, report: JSON.stringify(report), checked_at: ctx.clock.now() })
      .onConflict((oc) => oc.columns(['dataset_id', 'release_number', 'standard']).doNothing()).execute();
    return report;
  } finally {
    scratch.done();
  }
}

/** The datasets that declare a standard (any version), each with the check of its current release. */
export async function standardDatasets(ctx: Context, id: string, readable: (d: DatasetRow) => boolean) {
  const rows = (await ctx.db.selectFrom('datasets').selectAll().where('conforms_to', 'like', `${id}@%`).where('state', '=', 'active').orderBy('title').execute()).filter(readable);
  const checks = rows.length ? await ctx.db.selectFrom('conformance_checks').selectAll().where('dataset_id', 'in', rows.map((r) => r.id)).execute() : [];
  return rows.map((d) => {
    const check = checks.find((c) => c.dataset_id === d.id && c.release_number === d.current_release && c.standard === d.conforms_to);
    return { id: d.id, title: d.title, version: d.conforms_to!.split('@')[1]!, release: d.current_release, status: check ? (check.valid ? 'conforms' as const : 'fails' as const) : 'pending' as const, errors: check ? (check.report as ConformanceReport).errors.slice(0, 5) : [] };
  });
}
