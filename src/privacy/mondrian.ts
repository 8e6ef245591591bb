import { invalid } from '../core/errors.ts';
import { Encoded, type AnonymizationInput, type Microdata } from './anonymize.ts';
import { riskOf, type RiskSummary } from './risk.ts';
import { geometricMean, normalizedLoss, round } from './loss.ts';

/**
 * Fast local recoding for very large tables (Mondrian, LeFevre et al. 2006): the records are split again and
 * again at the weighted median of the attribute whose values spread widest, as long as both halves keep at
 * least k records; each final partition is one class. Values are ordered by their place in the hierarchy
 * (siblings together), and a class shows, per attribute, the interval of its numbers or the most specific
 * hierarchy value common to all its records. Nothing is suppressed; k-anonymity holds by construction.
 * It works on distinct records with their counts, so its cost grows with the distinct records, not the rows.
 */

export interface MondrianResult {
  classes: number;
  risk: { before: RiskSummary; after: RiskSummary };
  /** ARX's loss of the result (geometric mean of the per-attribute losses). */
  loss: { value: number; perAttribute: Record<string, number> };
  output: Microdata;
  ms: number;
}

export function mondrian(input: AnonymizationInput): MondrianResult {
  const started = performance.now();
  if (input.model.l || input.model.t) throw invalid({ es: 'El modo rápido (Mondrian) aplica k-anonimato; para l-diversidad o t-cercanía use el modo óptimo.', en: 'The fast mode (Mondrian) applies k-anonymity; for l-diversity or t-closeness use the optimal mode.' }, [{ field: 'mode', message: { es: 'Solo k.', en: 'k only.' } }]);
  const data = new Encoded({ ...input, sensitive: [] });
  const k = input.model.k;
  if (data.n < k) throw invalid({ es: `La tabla tiene ${data.n} registros, menos que k = ${k}.`, en: `The table has ${data.n} records, fewer than k = ${k}.` });
  const dims = data.dims;
  // Rank of each leaf: leaves sorted by their path from the top of the hierarchy, so siblings are adjacent.
  const rank = Array.from({ length: dims }, (_, a) => {
    const levels = data.gen[a]!.length;
    const leaves = Array.from({ length: data.leafCount[a]! }, (_, leaf) => leaf);
    leaves.sort((x, y) => {
      for (let l = levels - 1; l >= 0; l--) {
        const d = data.gen[a]![l]![x]! - data.gen[a]![l]![y]!;
        if (d !== 0) return d;
      }
      return 0;
    });
    const out = new Int32Array(leaves.length);
    leaves.forEach((leaf, r) => (out[leaf] = r));
    return out;
  });
  const numeric = Array.from({ length: dims }, (_, a) => data.labels[a]![0]!.every((v) => v.trim() !== '' && Number.isFinite(Number(v))));
  const classes = data.classes;
  const order = Int32Array.from({ length: classes }, (_, c) => c);
  const recordRank = (c: number, a: number) => rank[a]![data.classLeaf[c * dims + a]!]!;
  const partitionOf = new Int32Array(classes);
  const partitions: { from: number; to: number; weight: number }[] = [];
  const stack: { from: number; to: number }[] = [{ from: 0, to: classes }];
  while (stack.length) {
    const part = stack.pop()!;
    let weight = 0;
    for (let i = part.from; i < part.to; i++) weight += data.classCount[order[i]!]!;
    // Attributes by normalized spread, widest first.
    const spreads = Array.from({ length: dims }, (_, a) => {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = part.from; i < part.to; i++) {
        const r = recordRank(order[i]!, a);
        if (r < lo) lo = r;
        if (r > hi) hi = r;
      }
      return { a, spread: (hi - lo) / Math.max(1, data.leafCount[a]! - 1), lo, hi };
    }).filter((s) => s.hi > s.lo).sort((x, y) => y.spread - x.spread);
    let split = false;
    for (const { a, lo, hi } of spreads) {
      // Weighted median by counting over the (small) rank range.
      const histogram = new Float64Array(hi - lo + 1);
      for (let i = part.from; i < part.to; i++) histogram[recordRank(order[i]!, a) - lo]! += data.classCount[order[i]!]!;
      let below = 0;
      let cut = -1;
      for (let r = 0; r < histogram.length - 1; r++) {
        below += histogram[r]!;
        if (below * 2 >= weight) {
          cut = r;
          break;
        }
      }
      if (cut < 0) cut = histogram.length - 2;
      // Move the cut toward the middle until both sides hold k records, if they can.
      let left = 0;
      for (let r = 0; r <= cut; r++) left += histogram[r]!;
      while (left < k && cut < histogram.length - 2) left += histogram[++cut]!;
      while (weight - left < k && cut > 0) left -= histogram[cut--]!;
      if (left < k || weight - left < k) continue;
      // Partition in place: ranks up to the cut on the left.
      let i = part.from;
      let j = part.to - 1;
      while (i <= j) {
        if (recordRank(order[i]!, a) - lo <= cut) i++;
        else {
          const t = order[i]!;
          order[i] = order[j]!;
          order[j] = t;
          j--;
        }
      }
      stack.push({ from: part.from, to: i }, { from: i, to: part.to });
      split = true;
      break;
    }
    if (!split) {
      for (let i = part.from; i < part.to; i++) partitionOf[order[i]!] = partitions.length;
      partitions.push({ ...part, weight });
    }
  }
  // Each partition's value per attribute, and its loss share.
  const lossSum = new Float64Array(dims);
  const labelsOf = partitions.map(({ weight, ...part }) => {
    return Array.from({ length: dims }, (_, a) => {
      const leaves = new Set<number>();
      for (let i = part.from; i < part.to; i++) leaves.add(data.classLeaf[order[i]! * dims + a]!);
      const values = [...leaves].map((leaf) => data.labels[a]![0]![data.gen[a]![0]![leaf]!]!);
      if (numeric[a]) {
        const numbers = values.map(Number);
        const min = Math.min(...numbers);
        const max = Math.max(...numbers);
        const covered = data.labels[a]![0]!.filter((v) => Number(v) >= min && Number(v) <= max).length;
        lossSum[a]! += weight * (covered / data.leafCount[a]!);
        return min === max ? String(min) : `${min}-${max}`;
      }
      // The most specific level where every leaf of the class has the same value.
      for (let level = 0; level < data.gen[a]!.length; level++) {
        const ids = new Set([...leaves].map((leaf) => data.gen[a]![level]![leaf]!));
        if (ids.size === 1) {
          const id = [...ids][0]!;
          lossSum[a]! += weight * data.share[a]![level]![id]!;
          return data.labels[a]![level]![id]!;
        }
      }
      lossSum[a]! += weight;
      return '*';
    });
  });
  const perAttribute = Array.from(lossSum, (sum, a) => normalizedLoss(sum, data.n, data.leafCount[a]!));
  const columns = input.quasiIdentifiers.map((name) => input.data.header.indexOf(name));
  const rows = input.data.rows.map((row, r) => {
    const out = [...row];
    const labels = labelsOf[partitionOf[data.classOf[r]!]!]!;
    columns.forEach((column, a) => (out[column] = labels[a]!));
    return out;
  });
  return {
    classes: partitions.length,
    risk: { before: riskOf(data.classCount, input.risk), after: riskOf(partitions.map((p) => p.weight), input.risk) },
    loss: { value: round(geometricMean(perAttribute)), perAttribute: Object.fromEntries(input.quasiIdentifiers.map((name, a) => [name, perAttribute[a]!])) },
    output: { header: [...input.data.header], rows },
    ms: Math.round(performance.now() - started),
  };
}
