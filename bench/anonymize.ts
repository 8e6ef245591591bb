/**
 * Anonymization benchmark: the four Adult settings of the issue (ARX 3.9 on this machine: about 0.2 s, 1.0 s,
 * 3.4 s and 0.2 s), then a 10,000,000-row file with 8 quasi-identifiers anonymized to k=5 in the fast mode
 * (Mondrian over the distinct records DuckDB groups; target under 60 s and 4 GB). BENCH_ANON_ROWS changes the size.
 */
import { createWriteStream, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/core/config.ts';
import { anonymize, type PrivacyModel } from '../src/privacy/anonymize.ts';
import { anonymizeFile } from '../src/privacy/file.ts';
import { findHierarchies, readHierarchyCsv } from '../src/privacy/hierarchy.ts';
import { figure, note, peakRssMb, random, resetPeakRss } from './report.ts';

const DIR = path.join(PROJECT_ROOT, '..', 'shared', 'data', 'adult');
const ROWS = Number(process.env.BENCH_ANON_ROWS ?? 10_000_000);

function adult() {
  const lines = readFileSync(path.join(DIR, 'adult.csv'), 'utf8').trim().split(/\r?\n/).map((l) => l.split(';'));
  return { header: lines[0]!, rows: lines.slice(1) };
}

/** Adult's records drawn at random, ages redrawn for half of them, so classes are many and realistic. */
async function bigFile(): Promise<string> {
  const file = path.join(os.tmpdir(), `infradatos-bench-adult-${ROWS}.csv`);
  if (existsSync(file)) return file;
  note(`Generating ${ROWS.toLocaleString('en-US')} rows into ${file}…`);
  const { header, rows } = adult();
  const r = random(3);
  const out = createWriteStream(`${file}.part`);
  out.write(header.join(';') + '\n');
  for (let i = 0; i < ROWS; i += 10_000) {
    let chunk = '';
    for (let j = i; j < Math.min(ROWS, i + 10_000); j++) {
      const row = [...rows[Math.floor(r() * rows.length)]!];
      if (r() < 0.5) row[1] = String(17 + Math.floor(r() * 74));
      chunk += row.join(';') + '\n';
    }
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
  renameSync(`${file}.part`, file);
  return file;
}

export async function run(): Promise<void> {
  const data = adult();
  const hierarchies = new Map([...findHierarchies(DIR, data.header)].map(([c, f]) => [c, readHierarchyCsv(f)]));
  const eight = data.header.filter((c) => c !== 'occupation');
  const settings: [string, string[], string[], PrivacyModel][] = [
    ['adult_k5', data.header, [], { k: 5, suppressionLimit: 0 }],
    ['adult_k5_supp5', data.header, [], { k: 5, suppressionLimit: 0.05 }],
    ['adult_k5_supp100', data.header, [], { k: 5, suppressionLimit: 1 }],
    ['adult_k5_l2', eight, ['occupation'], { k: 5, suppressionLimit: 0, l: { value: 2, variant: 'distinct' } }],
  ];
  for (const [name, qi, sensitive, model] of settings) {
    anonymize({ data, quasiIdentifiers: qi, sensitive, hierarchies, model }); // warm-up
    const started = performance.now();
    const result = anonymize({ data, quasiIdentifiers: qi, sensitive, hierarchies, model });
    const seconds = (performance.now() - started) / 1000;
    note(`${name}: [${result.transformation.join(',')}] suppressed ${result.suppressed}, loss ${result.loss.value.toFixed(4)}, ${result.lattice.checked} of ${result.lattice.size} checked`);
    figure('anonymize', `${name}_s`, seconds, 's');
  }
  const file = await bigFile();
  const out = path.join(os.tmpdir(), `infradatos-bench-adult-${ROWS}-k5.csv`);
  resetPeakRss();
  const started = performance.now();
  const result = await anonymizeFile({ file, out, quasiIdentifiers: data.header.filter((c) => c !== 'salary-class'), sensitive: [], hierarchies, model: { k: 5, suppressionLimit: 0 }, mode: 'fast' });
  const seconds = (performance.now() - started) / 1000;
  note(`big: ${result.rows.toLocaleString('en-US')} rows in ${result.classes.toLocaleString('en-US')} classes of at least 5, loss ${result.loss.value.toFixed(4)}`);
  figure('anonymize', 'big_rows', result.rows, 'rows');
  figure('anonymize', 'big_s', seconds, 's');
  figure('anonymize', 'big_peak_rss_mb', peakRssMb(), 'MB');
  rmSync(out, { force: true });
}
