import { actorId } from '../core/actor.ts';
import { conflict, Problems } from '../core/errors.ts';
import { demand } from '../catalog/access.ts';
import type { Context } from '../store/context.ts';
import type { Db } from '../store/database.ts';

export const CRITERIA = [
  'completitud', 'consistencia', 'exactitud', 'unicidad', 'actualidad', 'conformidad', 'comprensibilidad', 'portabilidad',
  'accesibilidad', 'disponibilidad', 'trazabilidad', 'relevancia', 'credibilidad', 'precision', 'confidencialidad', 'eficiencia', 'recuperabilidad',
] as const;
export type CriterionId = (typeof CRITERIA)[number];

/** What a seal level asks beyond the level below: minimum sub-scores, an MQA minimum and yes/no checks. */
export interface SealLevelRule {
  mqa: number;
  criteria: Partial<Record<CriterionId, number>>;
  checks: ('dcat_ap' | 'open_licence' | 'structure_valid' | 'content_valid' | 'frequency_declared')[];
}

/**
 * The rules behind sub-scores and seals where MinTIC's guide gives criteria but no formula. Defaults are
 * written in docs/quality.md; the national data office may change every number (PUT /api/v1/quality/rules).
 */
export interface QualityRules {
  /** Currency: full score while the last release is within one update period; zero at this many periods. */
  currency: { zeroAtPeriods: number };
  /** Relevance: uses (views, downloads, API calls) within the window that earn the full score, on a log scale. */
  relevance: { fullScoreUses: number; windowDays: number };
  /** A link checked more recently than this is not checked again for a report. */
  links: { recheckHours: number };
  /** Accuracy: also look for DIVIPOLA codes in columns without a declared foreign key. */
  accuracy: { detectDivipola: boolean };
  /** Weights of the criteria in the overall criteria score (0 leaves one out). */
  weights: Record<CriterionId, number>;
  seals: { 1: SealLevelRule; 2: SealLevelRule; 3: SealLevelRule };
}

export const DEFAULT_RULES: QualityRules = {
  currency: { zeroAtPeriods: 4 },
  relevance: { fullScoreUses: 1000, windowDays: 90 },
  links: { recheckHours: 24 },
  accuracy: { detectDivipola: true },
  weights: Object.fromEntries(CRITERIA.map((c) => [c, 1])) as Record<CriterionId, number>,
  seals: {
    1: { mqa: 121, criteria: { disponibilidad: 50 }, checks: ['dcat_ap', 'open_licence', 'structure_valid'] },
    2: { mqa: 221, criteria: { comprensibilidad: 80, actualidad: 70, consistencia: 95, completitud: 80, disponibilidad: 100 }, checks: ['frequency_declared'] },
    3: { mqa: 351, criteria: { unicidad: 100, exactitud: 98, trazabilidad: 100, relevancia: 50, conformidad: 100 }, checks: ['content_valid'] },
  },
};

export interface StoredRules {
  version: number;
  rules: QualityRules;
  updated_at: Date | null;
}

export async function loadRules(db: Db): Promise<StoredRules> {
  const row = await db.selectFrom('quality_rules').selectAll().where('id', '=', 1).executeTakeFirst();
  return row ? { version: row.version, rules: row.rules as QualityRules, updated_at: row.updated_at } : { version: 0, rules: DEFAULT_RULES, updated_at: null };
}

const number = (problems: Problems, where: string, value: unknown, min: number, max: number): number => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    problems.add(where, { es: `Un número entre ${min} y ${max}.`, en: `A number between ${min} and ${max}.` }, value);
    return min;
  }
  return value;
};

const CHECKS = ['dcat_ap', 'open_licence', 'structure_valid', 'content_valid', 'frequency_declared'] as const;

/** Checks a whole rules document; every field is required so that what is stored is what is applied. */
export function validateRules(input: unknown): QualityRules {
  const problems = new Problems();
  const r = (input ?? {}) as Record<string, any>;
  const rules: QualityRules = {
    currency: { zeroAtPeriods: number(problems, 'currency.zeroAtPeriods', r.currency?.zeroAtPeriods, 1.5, 100) },
    relevance: { fullScoreUses: number(problems, 'relevance.fullScoreUses', r.relevance?.fullScoreUses, 1, 1e9), windowDays: number(problems, 'relevance.windowDays', r.relevance?.windowDays, 1, 3650) },
    links: { recheckHours: number(problems, 'links.recheckHours', r.links?.recheckHours, 0, 24 * 365) },
    accuracy: { detectDivipola: r.accuracy?.detectDivipola !== false },
    weights: Object.fromEntries(CRITERIA.map((c) => [c, number(problems, `weights.${c}`, r.weights?.[c], 0, 100)])) as Record<CriterionId, number>,
    seals: { 1: DEFAULT_RULES.seals[1], 2: DEFAULT_RULES.seals[2], 3: DEFAULT_RULES.seals[3] },
  };
  for (const level of [1, 2, 3] as const) {
    const s = r.seals?.[level] ?? r.seals?.[String(level)];
    const where = `seals.${level}`;
    const criteria: Partial<Record<CriterionId, number>> = {};
    for (const [key, value] of Object.entries(s?.criteria ?? {})) {
      if (!(CRITERIA as readonly string[]).includes(key)) problems.add(`${where}.criteria.${key}`, { es: `Criterio desconocido; use: ${CRITERIA.join(', ')}.`, en: `Unknown criterion; use: ${CRITERIA.join(', ')}.` });
      else criteria[key as CriterionId] = number(problems, `${where}.criteria.${key}`, value, 0, 100);
    }
    const checks = Array.isArray(s?.checks) ? s.checks : [];
    for (const check of checks) if (!(CHECKS as readonly string[]).includes(check)) problems.add(`${where}.checks`, { es: `Verificación desconocida; use: ${CHECKS.join(', ')}.`, en: `Unknown check; use: ${CHECKS.join(', ')}.` }, check);
    rules.seals[level] = { mqa: number(problems, `${where}.mqa`, s?.mqa, 0, 405), criteria, checks };
  }
  problems.throwIfAny({ es: 'Las reglas de calidad tienen errores.', en: 'The quality rules have errors.' });
  return rules;
}

/** Replaces the rules (national data office only); reports computed afterwards carry the new version. */
export async function saveRules(ctx: Context, input: unknown, expectedVersion: number): Promise<StoredRules> {
  demand(ctx.actor.kind === 'system' || (ctx.actor.kind === 'person' && ctx.actor.roles.includes('data_office')), ctx.actor);
  const rules = validateRules(input);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const current = await loadRules(trx);
    if (current.version !== expectedVersion) {
      throw conflict({ es: `Las reglas cambiaron (versión ${current.version}); recargue y vuelva a aplicar sus cambios.`, en: `The rules changed (version ${current.version}); reload and apply your changes again.` });
    }
    const version = current.version + 1;
    await trx.insertInto('quality_rules').values({ id: 1, version, rules: JSON.stringify(rules), updated_at: now, updated_by: actorId(ctx.actor) })
      .onConflict((oc) => oc.column('id').doUpdateSet({ version, rules: JSON.stringify(rules), updated_at: now, updated_by: actorId(ctx.actor) })).execute();
    return { version, rules, updated_at: now };
  });
}
