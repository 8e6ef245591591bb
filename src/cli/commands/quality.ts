import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { assertReadable } from '../files.ts';
import { formatNumber } from '../../core/i18n.ts';
import { checkZip, xlsxToCsv } from '../../publish/xlsx.ts';
import { ERROR_TYPES } from '../../quality/errors.ts';
import { loadSchema, validateResource } from '../../quality/resource.ts';
import { codeListReferences, isCodeList } from '../../quality/code-lists.ts';
import { offlineDivipola } from '../../catalog/divipola.ts';
import { divipolaFile } from '../../core/config.ts';
import { cliLang, print, say } from '../output.ts';

const USAGE = {
  es: `Uso: infradatos quality ARCHIVO [--schema esquema.json] [--sheet HOJA] [--json]
Valida un CSV o XLSX en este computador, sin servidor: encabezados, filas, tipos y restricciones del esquema
(Table Schema de Frictionless; sin esquema se infiere uno). Sale con código 1 si hay errores.`,
  en: `Usage: infradatos quality FILE [--schema schema.json] [--sheet SHEET] [--json]
Validates a CSV or XLSX on this computer, without a server: labels, rows, the schema's types and constraints
(Frictionless Table Schema; without one it is inferred). Exits with code 1 when there are errors.`,
};

/** `infradatos quality`: the same content validation as the platform, offline, for entities' own machines. */
export async function qualityCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { schema: { type: 'string' }, sheet: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' }, help: { type: 'boolean' } } });
  const file = positionals[0];
  if (values.help || !file) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  assertReadable(file);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'infradatos-quality-'));
  try {
    let csv = file;
    if (/\.xlsx$/i.test(file)) {
      await checkZip(file, path.basename(file), statSync(file).size);
      csv = (await xlsxToCsv(file, path.basename(file), workDir, values.sheet)).file;
    }
    // Foreign keys to shared code lists (DIVIPOLA) are checked against DANE's list on this machine.
    const schema = values.schema ? loadSchema(values.schema) : undefined;
    const foreignKeys = schema && 'fields' in schema ? schema.foreignKeys ?? [] : [];
    const references = foreignKeys.some((fk) => isCodeList(fk.reference.resource)) ? await codeListReferences(offlineDivipola(divipolaFile()), foreignKeys) : undefined;
    const report = await validateResource({ path: csv, workDir, ...(values.schema ? { schema: values.schema } : {}), options: { limitErrors: Number(values.limit ?? 100), ...(references ? { references } : {}) } });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ file: path.basename(file), ...report }, (_k, v) => (typeof v === 'bigint' ? String(v) : v), 2)}\n`);
    } else {
      print({ es: '{file}: {rows} filas, {fields} campos.', en: '{file}: {rows} rows, {fields} fields.' }, { file: path.basename(file), rows: formatNumber(report.rows, cliLang), fields: report.fields.length });
      print(report.fields.map((f) => `  ${f.name}: ${f.type ?? 'any'}`).join('\n'));
      if (report.valid) print({ es: '✓ Válido: no se encontraron errores.', en: '✓ Valid: no errors found.' });
      else {
        const total = Object.values(report.counts).reduce((a, b) => a + (b ?? 0), 0);
        print({ es: '✗ {n} errores:', en: '✗ {n} errors:' }, { n: formatNumber(total, cliLang) });
        for (const [type, count] of Object.entries(report.counts)) print(`  ${say(ERROR_TYPES[type as keyof typeof ERROR_TYPES])} (${type}): ${formatNumber(count ?? 0, cliLang)}`);
        for (const e of report.errors) {
          const where = [e.rowNumber !== null ? `${say({ es: 'fila', en: 'row' })} ${e.rowNumber}` : say({ es: 'encabezado', en: 'header' }), e.fieldNumber !== null ? `${say({ es: 'campo', en: 'field' })} ${e.fieldNumber}${e.fieldName ? ` (${e.fieldName})` : ''}` : ''].filter(Boolean).join(', ');
          print(`  ${where}: ${say(e.message)}`);
        }
      }
    }
    return report.valid ? 0 : 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
