/**
 * Re-identification risk from the sizes of the equivalence classes (records sharing their quasi-identifiers).
 *
 * - Prosecutor: the attacker knows the person is in the data; a record's risk is 1 / its class size.
 * - Journalist: the attacker does not know; without a population table the sample's classes are the best
 *   estimate of the population's, so the figures equal the prosecutor's (ARX does the same).
 * - Marketer: the share of records an attacker re-identifies when trying all of them: classes / records.
 * - Population uniqueness, when the data are a sample (fraction f < 1): Skinner and Elliot's estimate of the
 *   share of sample uniques that are unique in the population, f·n₁ / (f·n₁ + 2(1 − f)·n₂), with n₁ classes of
 *   one record and n₂ of two; with f = 1 (a census or a full register) every sample unique is a population unique.
 */

export interface RiskSummary {
  records: number;
  classes: number;
  prosecutor: { highest: number; average: number; recordsAbove: number; shareAbove: number };
  journalist: { highest: number; average: number };
  marketer: number;
  sampleUniques: { records: number; share: number };
  /** Estimated population uniques, and their share of the population (records / f). */
  populationUniques: { estimate: number; share: number };
  threshold: number;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** Risks of a table whose classes have the given sizes; `threshold` is the highest acceptable record risk. */
export function riskOf(classSizes: ArrayLike<number>, options: { threshold?: number; samplingFraction?: number } = {}): RiskSummary {
  const threshold = options.threshold ?? 0.2;
  const f = Math.min(1, Math.max(1e-9, options.samplingFraction ?? 1));
  let records = 0;
  let classes = 0;
  let smallest = Infinity;
  let above = 0;
  let uniques = 0;
  let pairs = 0;
  for (let i = 0; i < classSizes.length; i++) {
    const size = classSizes[i]!;
    if (size <= 0) continue;
    records += size;
    classes++;
    smallest = Math.min(smallest, size);
    if (1 / size > threshold) above += size;
    if (size === 1) uniques++;
    if (size === 2) pairs++;
  }
  if (!records) {
    const zero = { highest: 0, average: 0 };
    return { records: 0, classes: 0, prosecutor: { ...zero, recordsAbove: 0, shareAbove: 0 }, journalist: zero, marketer: 0, sampleUniques: { records: 0, share: 0 }, populationUniques: { estimate: 0, share: 0 }, threshold };
  }
  const highest = 1 / smallest;
  const average = classes / records;
  const unique = f === 1 ? 1 : uniques ? (f * uniques) / (f * uniques + 2 * (1 - f) * pairs) : 0;
  const population = uniques * unique;
  return {
    records,
    classes,
    prosecutor: { highest: round(highest), average: round(average), recordsAbove: above, shareAbove: round(above / records) },
    journalist: { highest: round(highest), average: round(average) },
    marketer: round(average),
    sampleUniques: { records: uniques, share: round(uniques / records) },
    populationUniques: { estimate: Math.round(population), share: round((population * f) / records) },
    threshold,
  };
}
