import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, invalid } from '../../core/errors.ts';
import { loadConfig } from '../../core/config.ts';
import { FIELD_BY_KEY } from '../../catalog/asset-fields.ts';
import { requireEntity } from '../../catalog/entities.ts';
import { importInventory, type ImportReport } from '../../catalog/import/inventory-import.ts';
import { parseMapping } from '../../catalog/imports.ts';
import { readLock } from '../../store/lock.ts';
import { withPlatform } from '../open.ts';
import { cliLang, print, progressLine, say } from '../output.ts';

const USAGE = {
  es: `Uso: infradatos import-inventory ARCHIVO --entity NIT [--dry-run] [--sheet HOJA] [--map "Encabezado=campo"]… [--token TOKEN]
Importa un Registro de Activos de Información (XLSX o CSV). Con --dry-run solo informa.
Si un servidor usa el directorio de datos, la orden trabaja a través de su API con un token (--token o INFRADATOS_TOKEN).
Sale con código 1 si el archivo tiene errores (y entonces no se guarda nada).`,
  en: `Usage: infradatos import-inventory FILE --entity NIT [--dry-run] [--sheet SHEET] [--map "Header=field"]… [--token TOKEN]
Imports a Register of Information Assets (XLSX or CSV). With --dry-run it only reports.
If a server uses the data directory, the command works through its API with a token (--token or INFRADATOS_TOKEN).
Exits with code 1 when the file has errors (nothing is saved then).`,
};

function printReport(report: ImportReport): void {
  const s = report.summary;
  print({ es: 'Archivo: {file} ({format}{enc}{sheet}); encabezados en la fila {row}.', en: 'File: {file} ({format}{enc}{sheet}); headers on row {row}.' }, {
    file: report.file,
    format: report.format.toUpperCase(),
    enc: report.encoding ? `, ${report.encoding}${report.delimiter ? ` «${report.delimiter}»` : ''}` : '',
    sheet: report.sheet ? `, ${say({ es: 'hoja', en: 'sheet' })} «${report.sheet}»` : '',
    row: report.header_row,
  });
  for (const column of report.columns.filter((c) => c.header)) {
    const field = column.field ? FIELD_BY_KEY.get(column.field)!.label[cliLang] : say({ es: '(no se importa)', en: '(not imported)' });
    const mark = column.status === 'unknown' ? ' ?' : column.status === 'guessed' ? ' ~' : '';
    print(`  ${column.letter}  ${column.header}  →  ${field}${mark}`);
  }
  print({
    es: 'Filas: {rows} · crear: {create} · actualizar: {update} · sin cambios: {same} · errores: {errors} · advertencias: {warnings}',
    en: 'Rows: {rows} · create: {create} · update: {update} · unchanged: {same} · errors: {errors} · warnings: {warnings}',
  }, { rows: s.rows, create: s.create, update: s.update, same: s.unchanged, errors: s.errors, warnings: s.warnings });
  for (const e of report.errors) {
    print(`  ${say({ es: 'fila', en: 'row' })} ${e.row}${e.column ? `, ${say({ es: 'columna', en: 'column' })} ${e.column}` : ''}: ${say(e.message)}${e.value ? ` («${e.value}»)` : ''}`);
  }
  if (report.errors.length < s.errors) print({ es: '  … y {n} errores más.', en: '  … and {n} more errors.' }, { n: s.errors - report.errors.length });
  const unknown = report.columns.filter((c) => c.status === 'unknown');
  if (unknown.length) {
    print({ es: 'Columnas no reconocidas (se ignoran): asígnelas con --map "Encabezado=campo". Campos: {fields}', en: 'Unrecognised columns (ignored): map them with --map "Header=field". Fields: {fields}' }, { fields: [...FIELD_BY_KEY.keys()].join(', ') });
  }
  if (report.applied) print({ es: 'Importación completa.', en: 'Import complete.' });
  else if (s.errors > 0) print({ es: 'No se guardó nada: corrija los errores y vuelva a intentarlo.', en: 'Nothing was saved: fix the errors and try again.' });
  else if (report.dry_run) print({ es: 'Prueba sin errores: ejecute sin --dry-run para importar.', en: 'Dry run without errors: run without --dry-run to import.' });
}

async function throughApi(url: string, token: string, file: string, data: Buffer, entity: string, options: { dryRun: boolean; sheet?: string; mapping?: Record<string, string> }): Promise<ImportReport> {
  const form = new FormData();
  form.set('dry_run', String(options.dryRun));
  if (options.sheet) form.set('sheet', options.sheet);
  if (options.mapping) form.set('mapping', JSON.stringify(options.mapping));
  form.set('file', new Blob([new Uint8Array(data)]), path.basename(file));
  const response = await fetch(`${url}/api/v1/entities/${encodeURIComponent(entity)}/imports?wait=true`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'accept-language': cliLang }, body: form });
  const body = (await response.json()) as { error?: { code: string; message: { es: string; en: string }; details?: [] }; report?: ImportReport; status?: string };
  if (body.error) throw new AppError(body.error.code as never, body.error.message, body.error.details ?? []);
  if (!body.report) throw invalid({ es: `El servidor no terminó la importación (estado: ${body.status}).`, en: `The server did not finish the import (status: ${body.status}).` });
  return body.report;
}

export async function importInventoryCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { entity: { type: 'string' }, 'dry-run': { type: 'boolean' }, sheet: { type: 'string' }, map: { type: 'string', multiple: true }, token: { type: 'string' }, help: { type: 'boolean' } },
  });
  const file = positionals[0];
  if (values.help || !file || !values.entity) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  const data = await readFile(file).catch(() => {
    throw invalid({ es: `No se puede leer el archivo «${file}».`, en: `Cannot read file "${file}".` });
  });
  const options = {
    dryRun: Boolean(values['dry-run']),
    ...(values.sheet ? { sheet: values.sheet } : {}),
    ...(values.map?.length ? { mapping: parseMapping(values.map.join('\n'))! } : {}),
  };
  const config = loadConfig();
  const holder = config.databaseUrl ? undefined : readLock(config.dataDir);
  const token = values.token ?? process.env.INFRADATOS_TOKEN;
  if (holder?.url && token) {
    print({ es: 'El servidor {url} usa el directorio de datos: la importación se hace a través de su API.', en: 'Server {url} uses the data directory: importing through its API.' }, { url: holder.url });
    const report = await throughApi(holder.url, token, file, data, values.entity, options);
    printReport(report);
    return report.summary.errors > 0 ? 1 : 0;
  }
  return withPlatform('import-inventory', async (_platform, ctx) => {
    const entity = await requireEntity(ctx, values.entity!);
    const report = await importInventory(ctx, entity, data, { fileName: path.basename(file), ...options }, progressLine(say({ es: 'Importando', en: 'Importing' })));
    printReport(report);
    return report.summary.errors > 0 ? 1 : 0;
  });
}
