import { writeFileSync } from 'node:fs';
import { acceptedCodes, offlineDivipola } from '../../catalog/divipola.ts';
import { divipolaFile } from '../../core/config.ts';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { assertReadable } from '../files.ts';
import { invalid } from '../../core/errors.ts';
import { formatNumber } from '../../core/i18n.ts';
import type { PrivacyModel } from '../../privacy/anonymize.ts';
import { anonymizeFile } from '../../privacy/file.ts';
import { findHierarchies, readHierarchyCsv } from '../../privacy/hierarchy.ts';
import { cliLang, print, say } from '../output.ts';

const USAGE = {
  es: `Uso: infradatos anonymize ARCHIVO --qi a,b,c [--sensitive d] --k 5 [--l 2] [--l-variant distinct|entropy]
       [--t 0.2] [--t-measure equal|hierarchical] [--suppression 0.05] [--hierarchies CARPETA] [--mode optimal|fast]
       --out SALIDA [--json]
Anonimiza un CSV en este computador: busca la generalización óptima (menor pérdida de información, métrica
«Loss» de ARX) que cumple k-anonimato y, si se piden, l-diversidad y t-cercanía, suprimiendo a lo sumo la
proporción indicada de registros. Las jerarquías se buscan en CARPETA con el nombre de ARX,
<nombre>_hierarchy_<columna>.csv; las columnas sin archivo reciben una automática (números en intervalos,
fechas, códigos DIVIPOLA, enmascarado de texto). SALIDA usa el separador del archivo; los valores suprimidos se escriben «*».
Con --mode fast usa Mondrian (recodificación local, solo k), para tablas muy grandes. El riesgo de
reidentificación se informa antes y después (--risk-threshold 0.2; --sampling-fraction si es una muestra).
Junto a SALIDA queda SALIDA.report.json.`,
  en: `Usage: infradatos anonymize FILE --qi a,b,c [--sensitive d] --k 5 [--l 2] [--l-variant distinct|entropy]
       [--t 0.2] [--t-measure equal|hierarchical] [--suppression 0.05] [--hierarchies DIR] [--mode optimal|fast]
       --out OUT [--json]
Anonymizes a CSV on this computer: finds the optimal generalization (least information loss, ARX's "Loss"
metric) meeting k-anonymity and, if asked, l-diversity and t-closeness, suppressing at most the given share
of records. Hierarchies are found in DIR by ARX's naming, <name>_hierarchy_<column>.csv; columns without one get an automatic hierarchy (number intervals, dates,
DIVIPOLA codes, text masking). OUT uses the
input's delimiter; suppressed values are written "*". --mode fast uses Mondrian (local recoding, k only)
for very large tables. Re-identification risk is reported before and after (--risk-threshold 0.2;
--sampling-fraction when the file is a sample). A report is written beside OUT as OUT.report.json.`,
};

const list = (value: string | undefined) => (value ?? '').split(',').map((v) => v.trim()).filter(Boolean);

function number(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw invalid({ es: `--${name} debe ser un número; se recibió «${raw}».`, en: `--${name} must be a number; got "${raw}".` }, [{ field: name, message: { es: 'Número inválido.', en: 'Invalid number.' } }]);
  return n;
}


/** `infradatos anonymize`: the platform's anonymization, offline, for microdata on the entity's own machine. */
export async function anonymizeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      qi: { type: 'string' }, sensitive: { type: 'string' }, k: { type: 'string' }, l: { type: 'string' }, 'l-variant': { type: 'string' },
      t: { type: 'string' }, 't-measure': { type: 'string' }, suppression: { type: 'string' }, hierarchies: { type: 'string' }, out: { type: 'string' }, mode: { type: 'string' }, 'risk-threshold': { type: 'string' }, 'sampling-fraction': { type: 'string' },
      json: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  const file = positionals[0];
  if (values.help || !file || !values.out || !values.qi || !values.k) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  assertReadable(file);
  const variant = values['l-variant'] ?? 'distinct';
  const measure = values['t-measure'] ?? 'equal';
  if (variant !== 'distinct' && variant !== 'entropy') throw invalid({ es: '--l-variant es distinct o entropy.', en: '--l-variant is distinct or entropy.' });
  if (measure !== 'equal' && measure !== 'hierarchical') throw invalid({ es: '--t-measure es equal o hierarchical.', en: '--t-measure is equal or hierarchical.' });
  const l = number('l', values.l);
  const t = number('t', values.t);
  const model: PrivacyModel = {
    k: number('k', values.k)!,
    suppressionLimit: number('suppression', values.suppression) ?? 0,
    ...(l !== undefined ? { l: { value: l, variant } } : {}),
    ...(t !== undefined ? { t: { value: t, measure } } : {}),
  };
  const qi = list(values.qi);
  const sensitive = list(values.sensitive);
  const files = findHierarchies(values.hierarchies ?? path.dirname(file), [...qi, ...sensitive]);
  const hierarchies = new Map([...files].map(([column, hierarchyFile]) => [column, readHierarchyCsv(hierarchyFile)]));
  const mode = values.mode ?? 'optimal';
  if (mode !== 'optimal' && mode !== 'fast') throw invalid({ es: '--mode es optimal o fast.', en: '--mode is optimal or fast.' });
  const risk = { threshold: number('risk-threshold', values['risk-threshold']) ?? 0.2, samplingFraction: number('sampling-fraction', values['sampling-fraction']) ?? 1 };
  const divipola = offlineDivipola(divipolaFile());
  const municipalities = new Set(acceptedCodes(divipola.entries, 'municipality', divipola.complete));
  const report = await anonymizeFile({ file, out: values.out, quasiIdentifiers: qi, sensitive, hierarchies, model, mode, risk, municipalities });
  for (const [column, kind] of Object.entries(values.json ? {} : report.automaticHierarchies)) {
    print({ es: 'Jerarquía automática para «{c}»: {k}', en: 'Automatic hierarchy for "{c}": {k}' }, { c: column, k: kind });
  }
  const summary = { file: path.basename(file), out: values.out, quasi_identifiers: qi, sensitive, model, ...report, ...(report.mode === 'optimal' ? { transformation: Object.fromEntries(qi.map((name, a) => [name, report.transformation[a]])) } : {}) };
  writeFileSync(`${values.out}.report.json`, JSON.stringify(summary, null, 2) + '\n');
  if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else if (report.mode === 'fast') {
    print({ es: '{file}: {rows} registros en {c} clases de al menos {k} (Mondrian, {ms} ms); pérdida (Loss): {loss}', en: '{file}: {rows} records in {c} classes of at least {k} (Mondrian, {ms} ms); loss (Loss): {loss}' }, { file: path.basename(file), rows: formatNumber(report.rows, cliLang), c: formatNumber(report.classes, cliLang), k: model.k, ms: report.ms, loss: report.loss.value.toFixed(4) });
    print({ es: 'Escrito: {out} (informe en {out}.report.json)', en: 'Written: {out} (report in {out}.report.json)' }, { out: values.out });
  } else {
    print({ es: '{file}: {rows} registros; transformación óptima de {size} posibles ({checked} revisadas, {ms} ms).', en: '{file}: {rows} records; optimal transformation of {size} possible ({checked} checked, {ms} ms).' }, { file: path.basename(file), rows: formatNumber(report.rows, cliLang), size: formatNumber(report.lattice.size, cliLang), checked: formatNumber(report.lattice.checked, cliLang), ms: report.ms });
    print(qi.map((name, a) => `  ${name}: ${report.transformation[a]}`).join('\n'));
    print({ es: 'Suprimidos: {s} · clases: {c} · pérdida (Loss): {loss} · discernibilidad: {d} · entropía no uniforme: {e}', en: 'Suppressed: {s} · classes: {c} · loss (Loss): {loss} · discernibility: {d} · non-uniform entropy: {e}' }, { s: formatNumber(report.suppressed, cliLang), c: formatNumber(report.classes, cliLang), loss: report.loss.value.toFixed(4), d: formatNumber(report.discernibility, cliLang), e: report.nonUniformEntropy.toFixed(1) });
    print({ es: 'Escrito: {out} (informe en {out}.report.json)', en: 'Written: {out} (report in {out}.report.json)' }, { out: values.out });
  }
  if (!values.json) {
    for (const [when, r] of [[{ es: 'Antes', en: 'Before' }, report.risk.before], [{ es: 'Después', en: 'After' }, report.risk.after]] as const) {
      print({ es: '{when}: riesgo de fiscal máximo {max} %, medio {avg} %; registros con riesgo > {t} %: {above}; únicos en la muestra: {u}; únicos estimados en la población: {pu}', en: '{when}: prosecutor risk highest {max} %, average {avg} %; records above {t} %: {above}; sample uniques: {u}; estimated population uniques: {pu}' }, {
        when: say(when), max: (r.prosecutor.highest * 100).toFixed(1), avg: (r.prosecutor.average * 100).toFixed(2), t: r.threshold * 100, above: formatNumber(r.prosecutor.recordsAbove, cliLang), u: formatNumber(r.sampleUniques.records, cliLang), pu: formatNumber(r.populationUniques.estimate, cliLang),
      });
    }
  }
  return 0;
}
