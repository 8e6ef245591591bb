import type { Bilingual } from '../core/errors.ts';
import { LICENCES, term } from '../catalog/vocabularies.ts';
import type { DcatDataset } from '../linked/dcat.ts';
import type { ContentReport } from './content.ts';
import { STRUCTURE_ERRORS, type CriterionResult } from './criteria.ts';
import type { MqaResult } from './mqa.ts';
import type { QualityRules, SealLevelRule } from './rules.ts';
import type { ShaclOutcome } from './shacl.ts';

export const SEAL_NAMES: Record<0 | 1 | 2 | 3, Bilingual> = {
  0: { es: 'Sin sello', en: 'No seal' },
  1: { es: 'Sello 1: datos abiertos básicos', en: 'Seal 1: basic open data' },
  2: { es: 'Sello 2: datos de calidad', en: 'Seal 2: quality data' },
  3: { es: 'Sello 3: excelencia', en: 'Seal 3: excellence' },
};

export interface Requirement {
  level: 1 | 2 | 3;
  id: string;
  label: Bilingual;
  met: boolean;
  /** What was found, to compare with what is asked. */
  found: Bilingual;
}

export interface SealResult {
  level: 0 | 1 | 2 | 3;
  name: Bilingual;
  requirements: Requirement[];
  /** Exactly what the next level still needs (empty at level 3). */
  missing_for_next: Requirement[];
}

export interface SealInput {
  mqa: MqaResult;
  criteria: CriterionResult[];
  shacl: ShaclOutcome | null;
  content: ContentReport | null;
  dcat: DcatDataset;
  rules: QualityRules;
}

const CHECK_LABELS: Record<SealLevelRule['checks'][number], Bilingual> = {
  dcat_ap: { es: 'Metadatos conformes a DCAT-AP 3.0.1 (formas SHACL oficiales)', en: 'Metadata conforms to DCAT-AP 3.0.1 (official SHACL shapes)' },
  open_licence: { es: 'Licencia abierta de un vocabulario conocido', en: 'Open licence from a known vocabulary' },
  structure_valid: { es: 'Archivo sin errores de estructura (encabezados, anchos de fila, filas vacías)', en: 'File without structure errors (headers, row widths, blank rows)' },
  content_valid: { es: 'Contenido sin errores frente a su Table Schema', en: 'Content without errors against its Table Schema' },
  frequency_declared: { es: 'Frecuencia de actualización declarada', en: 'Update frequency declared' },
};

function check(id: SealLevelRule['checks'][number], input: SealInput): { met: boolean; found: Bilingual } {
  switch (id) {
    case 'dcat_ap':
      return { met: input.shacl?.conforms === true, found: input.shacl ? { es: `${input.shacl.violations.length} violaciones`, en: `${input.shacl.violations.length} violations` } : { es: 'sin validar', en: 'not validated' } };
    case 'open_licence': {
      const open = Boolean(term(LICENCES, input.dcat.licence)?.uri);
      return { met: open, found: { es: `licencia ${input.dcat.licence ?? '—'}`, en: `licence ${input.dcat.licence ?? '—'}` } };
    }
    case 'structure_valid': {
      if (!input.content) return { met: false, found: { es: 'sin versión publicada', en: 'no release published' } };
      const n = STRUCTURE_ERRORS.reduce((s, t) => s + (input.content!.counts[t] ?? 0), 0);
      return { met: n === 0, found: { es: `${n} errores de estructura`, en: `${n} structure errors` } };
    }
    case 'content_valid': {
      if (!input.content) return { met: false, found: { es: 'sin versión publicada', en: 'no release published' } };
      const n = Object.values(input.content.counts).reduce((s, v) => s + (v ?? 0), 0);
      return { met: input.content.valid, found: { es: `${n} errores`, en: `${n} errors` } };
    }
    case 'frequency_declared':
      return { met: Boolean(input.dcat.frequency), found: { es: `frecuencia: ${input.dcat.frequency ?? '—'}`, en: `frequency: ${input.dcat.frequency ?? '—'}` } };
  }
}

/**
 * The seal is the highest level whose requirements, and those of every level below, all hold. A criterion
 * that does not apply to the dataset never blocks; one that could not be measured does.
 */
export function awardSeal(input: SealInput): SealResult {
  const requirements: Requirement[] = [];
  for (const level of [1, 2, 3] as const) {
    const rule = input.rules.seals[level];
    requirements.push({ level, id: 'mqa', label: { es: `Calidad de metadatos (MQA) de al menos ${rule.mqa} puntos`, en: `Metadata quality (MQA) of at least ${rule.mqa} points` }, met: input.mqa.score >= rule.mqa, found: { es: `${input.mqa.score} puntos`, en: `${input.mqa.score} points` } });
    for (const id of rule.checks) requirements.push({ level, id, label: CHECK_LABELS[id], ...check(id, input) });
    for (const [id, min] of Object.entries(rule.criteria)) {
      const criterion = input.criteria.find((c) => c.id === id)!;
      const met = criterion.applicable ? criterion.score !== null && criterion.score >= min! : true;
      const found = !criterion.applicable ? { es: 'no aplica', en: 'not applicable' } : criterion.score === null ? { es: 'no medido', en: 'not measured' } : { es: `${criterion.score}`, en: `${criterion.score}` };
      requirements.push({ level, id, label: { es: `${criterion.label.es} de al menos ${min}`, en: `${criterion.label.en} of at least ${min}` }, met, found });
    }
  }
  let level: SealResult['level'] = 0;
  for (const l of [1, 2, 3] as const) {
    if (requirements.filter((r) => r.level === l).every((r) => r.met)) level = l;
    else break;
  }
  const next = level < 3 ? level + 1 : null;
  return { level, name: SEAL_NAMES[level], requirements, missing_for_next: next ? requirements.filter((r) => r.level === next && !r.met) : [] };
}
