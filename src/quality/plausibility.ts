import type { DuckDBConnection } from '@duckdb/node-api';
import type { Bilingual } from '../core/errors.ts';
import { fold } from '../core/text.ts';
import { ident } from '../store/duckdb.ts';
import type { Field } from '../publish/table-schema.ts';

/** A numeric column whose name says what range its values must have, and how many fall outside. */
export interface PlausibilityCheck {
  field: string;
  rule: PlausibilityRule;
  values: number;
  implausible: number;
  /** A few values outside the range, for the report. */
  examples: number[];
}

type PlausibilityRule = 'latitude' | 'longitude' | 'count' | 'percentage';

/** Colombia's territory with its islands (San Andrés, Providencia, Serranilla, Malpelo), in degrees. */
const COLOMBIA = { latitude: [-4.3, 16.1], longitude: [-82, -66.8] } as const;

const RULES: { rule: PlausibilityRule; name: RegExp; range: (colombian: boolean) => [number, number]; label: Bilingual }[] = [
  { rule: 'latitude', name: /(^|_)(lat|latitud|latitude)(_|$)/, range: (co) => (co ? [...COLOMBIA.latitude] : [-90, 90]), label: { es: 'latitud', en: 'latitude' } },
  { rule: 'longitude', name: /(^|_)(lon|lng|long|longitud|longitude)(_|$)/, range: (co) => (co ? [...COLOMBIA.longitude] : [-180, 180]), label: { es: 'longitud', en: 'longitude' } },
  { rule: 'percentage', name: /(^|_)(porcentaje|percentage|percent|pct)(_|$)/, range: () => [0, 100], label: { es: 'porcentaje (0 a 100)', en: 'percentage (0 to 100)' } },
  { rule: 'count', name: /(^|_)(casos|cantidad|numero|num|total|matriculados|poblacion|habitantes|accesos|muertes|personas|estudiantes|conteo|count)(_|$)/, range: () => [0, Number.MAX_VALUE], label: { es: 'conteo (no negativo)', en: 'count (not negative)' } },
];

export const ruleLabel = (rule: PlausibilityRule): Bilingual => RULES.find((r) => r.rule === rule)!.label;

/**
 * Values that cannot be right, found by what a column is called: coordinates outside the globe (or, in a
 * Colombian dataset, outside Colombia), negative counts, percentages above 100. One query per checked column.
 */
export async function plausibilityChecks(connection: DuckDBConnection, from: string, fields: Field[], colombian: boolean): Promise<PlausibilityCheck[]> {
  const checks: PlausibilityCheck[] = [];
  for (const field of fields) {
    if (field.type !== 'number' && field.type !== 'integer') continue;
    const name = fold(field.title ?? field.name).replace(/[^a-z0-9%]+/g, '_');
    const found = RULES.find((r) => r.name.test(name) || r.name.test(field.name)) ?? (/%/.test(field.title ?? '') ? RULES.find((r) => r.rule === 'percentage') : undefined);
    if (!found) continue;
    const [min, max] = found.range(colombian);
    const column = ident(field.name);
    const outside = `${column} < ${min} OR ${column} > ${max}`;
    const row = (await connection.runAndReadAll(`SELECT count(${column}) AS n, count(*) FILTER (WHERE ${outside}) AS bad, (SELECT list(v) FROM (SELECT DISTINCT ${column} AS v FROM ${from} WHERE ${outside} ORDER BY 1 LIMIT 5)) AS examples FROM ${from}`)).getRowObjectsJson()[0] as Record<string, unknown>;
    checks.push({ field: field.name, rule: found.rule, values: Number(row.n), implausible: Number(row.bad), examples: ((row.examples as unknown[] | null) ?? []).map(Number) });
  }
  return checks;
}
