import { AppError, Problems, type Bilingual } from '../../core/errors.ts';
import { hash } from 'node:crypto';
import type { Context } from '../../store/context.ts';
import { withLedger } from '../../ledger/log.ts';
import { importEvent } from '../ledger-events.ts';
import { BULK_ROWS, refreshStatistics } from '../../store/maintenance.ts';
import type { AssetRow, EntityRow } from '../../store/schema.ts';
import { demand, policy } from '../access.ts';
import { ASSET_FIELDS, classificationAssumed, FIELD_BY_KEY, FIELD_KEYS, normalizeAssetFields, type AssetFieldKey, type AssetFields } from '../asset-fields.ts';
import { applyAssetUpdate, classificationChanged, confirmClassification, insertAsset, pickFields, titleKey, today } from '../assets.ts';
import { diff } from '../changes.ts';
import { divipolaFor } from '../divipola.ts';
import { findHeaderRow, mapColumns, registroScore, suggestField, type ColumnMapping } from './header-map.ts';
import { cellText, columnLetter, readTable, type Cell, type Table } from './read-table.ts';

export interface ImportOptions {
  fileName: string;
  sheet?: string;
  /** The user's column decisions: header text → field key, or "" to ignore the column. */
  mapping?: Record<string, string>;
  dryRun: boolean;
}

/** A problem or remark about one cell (or the header) of the file. */
export interface RowIssue {
  file: string;
  row: number;
  column: string;
  field: AssetFieldKey | null;
  value?: string;
  message: Bilingual;
}

export interface PlannedRow {
  row: number;
  action: 'create' | 'update' | 'unchanged';
  title: string;
  asset_id: string | null;
  changed_fields: string[];
}

export interface ImportReport {
  file: string;
  format: Table['format'];
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  sheets: string[];
  header_row: number;
  columns: (ColumnMapping & { letter: string; suggestion: AssetFieldKey | null })[];
  missing_required: AssetFieldKey[];
  dry_run: boolean;
  applied: boolean;
  summary: { rows: number; create: number; update: number; unchanged: number; skipped: number; errors: number; warnings: number };
  errors: RowIssue[];
  warnings: RowIssue[];
  plan: PlannedRow[];
}

const REQUIRED: AssetFieldKey[] = ASSET_FIELDS.filter((f) => f.required).map((f) => f.key);
const MAX_REPORTED = 500;

interface Prepared {
  row: number;
  fields: AssetFields;
  existing: AssetRow | undefined;
  action: PlannedRow['action'];
  changed: string[];
  /** A blank class was assumed in this row. */
  assumed: boolean;
  /** The row states the classes of an asset whose classification was assumed, and the importer may classify. */
  confirms: boolean;
}

/** Reads the file, maps its columns and validates every row against the entity's current inventory. */
async function prepare(ctx: Context, entity: EntityRow, data: Buffer, options: ImportOptions, progress: (done: number, total: number) => void) {
  const table = await readTable(data, options.fileName, options.sheet, registroScore);
  const headerIndex = findHeaderRow(table.rows);
  const headerRow = table.rows[headerIndex];
  if (!headerRow) throw new AppError('validation', { es: `«${options.fileName}» no tiene filas.`, en: `"${options.fileName}" has no rows.` });
  const columns = mapColumns(headerRow, options.mapping).map((c) => ({
    ...c,
    letter: columnLetter(c.index),
    suggestion: c.field ? null : c.header ? suggestField(c.header) : null,
  }));
  const mapped = columns.filter((c) => c.field);
  const missingRequired = REQUIRED.filter((f) => !mapped.some((c) => c.field === f));
  // Columns are named by letter, as Excel and LibreOffice show them, then by header.
  const where = (c: { letter: string; header: string }) => `${c.letter} · ${c.header}`;

  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  for (const field of missingRequired) {
    const spec = FIELD_BY_KEY.get(field)!;
    errors.push({
      row: headerRow.number,
      column: '',
      field,
      file: options.fileName,
      message: {
        es: `Falta la columna obligatoria «${spec.label.es}». Asigne una columna del archivo a este campo o agréguela.`,
        en: `The required column "${spec.label.en}" is missing. Map a column of the file to this field or add it.`,
      },
    });
  }
  for (const column of columns.filter((c) => c.status === 'unknown')) {
    warnings.push({
      row: headerRow.number,
      column: where(column),
      field: null,
      file: options.fileName,
      message: {
        es: `Columna no reconocida: se ignora salvo que la asigne a un campo${column.suggestion ? ` (¿«${FIELD_BY_KEY.get(column.suggestion)!.label.es}»?)` : ''}.`,
        en: `Unrecognised column: it is ignored unless you map it to a field${column.suggestion ? ` ("${FIELD_BY_KEY.get(column.suggestion)!.label.en}"?)` : ''}.`,
      },
    });
  }

  const existingRows = await ctx.db.selectFrom('assets').selectAll().where('entity_id', '=', entity.id).execute();
  const byCode = new Map(existingRows.filter((r) => r.code).map((r) => [r.code!, r]));
  const byTitle = new Map(existingRows.map((r) => [r.title_key, r]));
  const seenTitles = new Map<string, number>();
  const seenCodes = new Map<string, number>();
  const divipola = await divipolaFor(ctx.db);
  const todayText = today(ctx);
  const canClassify = policy.classify(ctx.actor, entity.id);

  const dataRows = table.rows.slice(headerIndex + 1);
  const prepared: Prepared[] = [];
  let skipped = 0;
  dataRows.forEach((row, i) => {
    if (i % 200 === 0) progress(i, dataRows.length);
    const filled = mapped.filter((c) => cellText(row.cells[c.index]) !== '');
    // Blank lines, and notes under the table ("Elaborado por: …") that fill a single cell, are not assets.
    if (filled.length === 0 || (filled.length === 1 && row.cells.filter((c) => c !== null).length <= 1 && !filled.some((c) => c.field === 'title'))) {
      skipped++;
      return;
    }
    const raw: Partial<Record<AssetFieldKey, unknown>> = {};
    for (const column of mapped) raw[column.field!] = valueFor(row.cells[column.index] ?? null, column.field!);
    const problems = new Problems();
    const { fields, warnings: rowWarnings } = normalizeAssetFields(raw, divipola, problems, todayText);
    const columnOf = (field: string | undefined) => {
      const column = mapped.find((c) => c.field === field);
      return column ? where(column) : '';
    };
    for (const p of problems.list) {
      errors.push({ file: options.fileName, row: row.number, column: columnOf(p.field), field: (p.field ?? null) as AssetFieldKey | null, message: p.message, ...(p.value ? { value: p.value } : {}) });
    }
    for (const w of rowWarnings) warnings.push({ row: row.number, column: columnOf(w.field), field: w.field, message: w.message, file: options.fileName });
    if (!problems.empty) return;

    const key = titleKey(fields.title);
    const duplicateOf = seenTitles.get(key);
    if (duplicateOf !== undefined) {
      errors.push(rowError(row.number, columnOf('title'), 'title', options.fileName, {
        es: `El activo «${fields.title}» ya aparece en la fila ${duplicateOf}.`,
        en: `Asset "${fields.title}" already appears in row ${duplicateOf}.`,
      }));
      return;
    }
    seenTitles.set(key, row.number);
    if (fields.code) {
      const codeRow = seenCodes.get(fields.code);
      if (codeRow !== undefined) {
        errors.push(rowError(row.number, columnOf('code'), 'code', options.fileName, {
          es: `El identificador «${fields.code}» ya aparece en la fila ${codeRow}.`,
          en: `Identifier "${fields.code}" already appears in row ${codeRow}.`,
        }));
        return;
      }
      seenCodes.set(fields.code, row.number);
    }
    const existing = (fields.code ? byCode.get(fields.code) : undefined) ?? byTitle.get(key);
    if (existing && fields.code && existing.code && existing.code !== fields.code) {
      errors.push(rowError(row.number, columnOf('title'), 'title', options.fileName, {
        es: `Ya existe un activo llamado «${existing.title}» con otro identificador (${existing.code}).`,
        en: `An asset named "${existing.title}" already exists with another identifier (${existing.code}).`,
      }));
      return;
    }
    // Columns absent from the file keep the asset's current values.
    const merged = existing ? mergeUnmapped(existing, fields, new Set(mapped.map((c) => c.field!))) : fields;
    if (existing && classificationChanged(pickFields(existing), merged) && !canClassify) {
      errors.push(rowError(row.number, columnOf('legal_class'), 'legal_class', options.fileName, {
        es: `Esta fila cambia la clasificación de «${existing.title}»; solo el responsable de datos de la entidad puede hacerlo.`,
        en: `This row changes the classification of "${existing.title}"; only the entity's data steward can do that.`,
      }));
      return;
    }
    const changed = existing ? diff(pickFields(existing), merged, FIELD_KEYS).map((c) => c.field) : [];
    const assumed = classificationAssumed(rowWarnings);
    prepared.push({ row: row.number, fields: merged, existing, action: existing ? (changed.length ? 'update' : 'unchanged') : 'create', changed, assumed, confirms: !!existing?.classification_assumed && !assumed && canClassify });
  });
  progress(dataRows.length, dataRows.length);

  const report: ImportReport = {
    file: options.fileName,
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    sheet: table.sheet,
    sheets: table.sheets,
    header_row: headerRow.number,
    columns,
    missing_required: missingRequired,
    dry_run: options.dryRun,
    applied: false,
    summary: {
      rows: dataRows.length - skipped,
      create: prepared.filter((p) => p.action === 'create').length,
      update: prepared.filter((p) => p.action === 'update').length,
      unchanged: prepared.filter((p) => p.action === 'unchanged').length,
      skipped,
      errors: errors.length,
      warnings: warnings.length,
    },
    errors: errors.slice(0, MAX_REPORTED),
    warnings: warnings.slice(0, MAX_REPORTED),
    plan: prepared.slice(0, MAX_REPORTED).map((p) => ({ row: p.row, action: p.action, title: p.fields.title, asset_id: p.existing?.id ?? null, changed_fields: p.changed })),
  };
  return { report, prepared };
}

function rowError(row: number, column: string, field: AssetFieldKey, file: string, message: Bilingual): RowIssue {
  return { row, column, field, file, message };
}

function valueFor(cell: Cell, field: AssetFieldKey): unknown {
  if (cell && typeof cell === 'object' && !(cell instanceof Date)) return field === 'link' ? cell.url : cell.text;
  return cell;
}

function mergeUnmapped(existing: AssetRow, fields: AssetFields, mappedFields: Set<AssetFieldKey>): AssetFields {
  const current = pickFields(existing);
  const out = { ...fields };
  for (const key of FIELD_KEYS) if (!mappedFields.has(key)) (out as Record<string, unknown>)[key] = current[key];
  return out;
}

/**
 * Imports a Registro de Activos file for an entity. A dry run only reports. A real import writes
 * every row in one transaction, or nothing at all if any row has an error.
 */
export async function importInventory(
  ctx: Context,
  entity: EntityRow,
  data: Buffer,
  options: ImportOptions,
  progress: (done: number, total: number) => void = () => {},
): Promise<ImportReport> {
  demand(policy.writeAssets(ctx.actor, entity.id), ctx.actor);
  // Progress in percent: reading and checking is the first half of a real import, writing the second.
  const share = options.dryRun ? 100 : 50;
  const { report, prepared } = await prepare(ctx, entity, data, options, (done, total) => progress(Math.floor((done / Math.max(total, 1)) * share), 100));
  if (options.dryRun || report.summary.errors > 0) return report;
  const changes = prepared.filter((p) => p.action !== 'unchanged' || p.confirms);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute((trx) => withLedger(trx, async (ledger) => {
    let done = 0;
    for (const item of changes) {
      if (item.existing) {
        const updated = await applyAssetUpdate(trx, ledger, ctx.actor, now, entity, item.existing, item.fields, item.existing.version, `Importación de ${options.fileName}`);
        if (item.confirms) await confirmClassification(trx, ledger, ctx.actor, now, updated);
      } else await insertAsset(trx, ledger, ctx.actor, now, entity, item.fields, item.assumed);
      if (++done % 25 === 0) progress(50 + Math.floor((done / changes.length) * 50), 100);
    }
    // The file itself is recorded by its hash: anyone holding a copy can check it is the one imported.
    ledger.add(importEvent(ctx.actor, now, entity.id, { name: options.fileName, sha256: hash('sha256', data, 'hex') }, { created: report.summary.create, updated: report.summary.update }));
  }));
  if (changes.length >= BULK_ROWS) await refreshStatistics(ctx.db);
  return { ...report, applied: true };
}
