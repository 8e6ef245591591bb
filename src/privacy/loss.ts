/** ARX's "Loss" metric, shared by both modes (definition in docs/anonymization.md). */

/** Compared at twelve decimals, so equal losses computed in different orders stay equal. */
export const round = (v: number) => Math.round(v * 1e12) / 1e12;

/** An attribute's summed leaf shares over n records, normalized: 0 for the original data, 1 for full suppression. */
export function normalizedLoss(sum: number, records: number, leaves: number): number {
  const min = records / leaves;
  return Math.max(0, (sum - min) / (records - min));
}

/** The per-attribute losses as one number, their geometric mean ∏(1 + lossᵢ)^(1/n) − 1. */
export function geometricMean(values: ArrayLike<number>): number {
  let product = 1;
  for (let i = 0; i < values.length; i++) product *= Math.pow(values[i]! + 1, 1 / values.length);
  return product - 1;
}
