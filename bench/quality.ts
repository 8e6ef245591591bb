/**
 * Content validation benchmark: rows per second and peak RSS of the Frictionless validator on the
 * 1,000,000-row file of the publishing benchmark (10 fields, every type, several constraints and a foreign
 * key to DIVIPOLA) and on ../shared/data/adult (30,162 rows). Target of the quality issue: 500,000 rows/s.
 */
import path from 'node:path';
import { divipolaFile, PROJECT_ROOT } from '../src/core/config.ts';
import { offlineDivipola } from '../src/catalog/divipola.ts';
import { codeListReferences } from '../src/quality/code-lists.ts';
import type { SchemaDescriptor } from '../src/quality/validate.ts';
import { validateResource } from '../src/quality/resource.ts';
import { csvFile } from './publish.ts';
import { figure, note, peakRssMb, resetPeakRss } from './report.ts';

const CONTRACTS = {
  fields: [
    { name: 'ID del contrato', type: 'string', constraints: { required: true, unique: true } },
    { name: 'Fecha de firma', type: 'date', format: '%d/%m/%Y', constraints: { required: true } },
    { name: 'Código municipio', type: 'string', constraints: { pattern: '[0-9]{5}' } },
    { name: 'Municipio', type: 'string' },
    { name: 'Departamento', type: 'string' },
    { name: 'Entidad', type: 'string', constraints: { required: true } },
    { name: 'Objeto', type: 'string', constraints: { maxLength: 200 } },
    { name: 'Valor', type: 'number', decimalChar: ',', groupChar: '.', constraints: { minimum: 0 } },
    { name: 'Adición', type: 'boolean', trueValues: ['Sí'], falseValues: ['No'] },
    { name: 'Plazo en días', type: 'integer', constraints: { minimum: 1, maximum: 3650 } },
  ],
  primaryKey: ['ID del contrato'],
  foreignKeys: [{ fields: ['Código municipio'], reference: { resource: 'divipola-municipios', fields: ['codigo'] } }],
};

const ADULT = {
  fields: [
    { name: 'sex', type: 'string', constraints: { enum: ['Male', 'Female'] } },
    { name: 'age', type: 'integer', constraints: { minimum: 0, maximum: 120 } },
    { name: 'race', type: 'string' },
    { name: 'marital-status', type: 'string' },
    { name: 'education', type: 'string' },
    { name: 'native-country', type: 'string' },
    { name: 'workclass', type: 'string' },
    { name: 'occupation', type: 'string' },
    { name: 'salary-class', type: 'string', constraints: { enum: ['<=50K', '>50K'] } },
  ],
};

async function measure(name: string, file: string, schema: SchemaDescriptor): Promise<void> {
  const references = await codeListReferences(offlineDivipola(divipolaFile() ?? path.join(PROJECT_ROOT, '..', 'shared', 'data', 'divipola', 'divipola.csv')), schema.foreignKeys ?? []);
  resetPeakRss();
  const started = performance.now();
  const report = await validateResource({ path: file, schema, options: { references } });
  const seconds = (performance.now() - started) / 1000;
  note(`${name}: ${report.rows.toLocaleString('en-US')} rows in ${seconds.toFixed(2)} s, ${report.valid ? 'valid' : `${Object.values(report.counts).reduce((a, b) => a + (b ?? 0), 0)} errors`}`);
  figure('quality', `${name}_rows_per_s`, report.rows / seconds, 'rows/s');
  figure('quality', `${name}_peak_rss_mb`, peakRssMb(), 'MB');
}

export async function run(): Promise<void> {
  await measure('contracts', await csvFile(), CONTRACTS);
  await measure('adult', path.join(PROJECT_ROOT, '..', 'shared', 'data', 'adult', 'adult.csv'), ADULT);
}
