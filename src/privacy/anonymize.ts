import { invalid } from '../core/errors.ts';
import type { Hierarchy } from './hierarchy.ts';
import { riskOf, type RiskSummary } from './risk.ts';
import { geometricMean, normalizedLoss, round } from './loss.ts';

/**
 * Optimal full-domain generalization (as ARX's Flash finds it): every quasi-identifier is generalized to
 * one level of its hierarchy, records in classes that break the privacy model are suppressed within a
 * limit, and among the transformations that satisfy the model the one of least information loss is
 * returned. The search visits transformations in order of a lower bound of their loss (the loss without
 * suppression, which depends on each attribute's level only and grows with it), and stops as soon as that
 * bound reaches the best loss found: no unvisited transformation can be better, so the result is exact.
 *
 * Information loss is ARX's "Loss" metric: for each quasi-identifier, the share of the hierarchy's leaves
 * each record's generalized value covers, a suppressed record counting 1, summed over records and
 * normalized to [0, 1] between the original data and full suppression; transformations are compared by
 * the geometric mean of their per-attribute losses, ∏(1 + lossᵢ)^(1/n) − 1 (ARX's default aggregate).
 */

export interface PrivacyModel {
  /** Every class has at least k records. */
  k: number;
  /** Every class has at least l distinct sensitive values ("distinct"), or entropy ≥ log l ("entropy"). */
  l?: { value: number; variant: 'distinct' | 'entropy' };
  /** The distribution of the sensitive value in each class is within t of the whole table's. */
  t?: { value: number; measure: 'equal' | 'hierarchical' };
  /** Largest share of records that may be suppressed (0 to 1). */
  suppressionLimit: number;
}

export interface Microdata {
  header: string[];
  rows: string[][];
  /** How many identical records each row stands for (a table already grouped, as read from a large file); 1 each when absent. */
  weights?: ArrayLike<number>;
}

export interface AnonymizationInput {
  data: Microdata;
  quasiIdentifiers: string[];
  /** Attributes the l-diversity and t-closeness models protect. */
  sensitive: string[];
  hierarchies: Map<string, Hierarchy>;
  model: PrivacyModel;
  /** Highest acceptable record risk (default 0.2) and the share of the population the table holds (default 1). */
  risk?: { threshold?: number; samplingFraction?: number };
}

export interface AnonymizationResult {
  /** Generalization level of each quasi-identifier, in their order. */
  transformation: number[];
  suppressed: number;
  classes: number;
  loss: { value: number; perAttribute: Record<string, number> };
  discernibility: number;
  nonUniformEntropy: number;
  /** Transformations in the lattice, and how many were checked against the data. */
  lattice: { size: number; checked: number };
  /** Re-identification risk of the original and of the result. */
  risk: { before: RiskSummary; after: RiskSummary };
  ms: number;
}



/** The data with every quasi-identifier value replaced by its leaf number, grouped into distinct records. */
export class Encoded {
  readonly dims: number;
  readonly n: number;
  /** Per attribute and level: leaf → generalized value id. */
  readonly gen: Int32Array[][] = [];
  /** Per attribute and level: how many generalized values exist. */
  readonly genCount: number[][] = [];
  /** Per attribute and level: generalized value id → share of the leaves it covers. */
  readonly share: Float64Array[][] = [];
  /** Per attribute and level: generalized value id → its text. */
  readonly labels: string[][][] = [];
  readonly leafCount: number[] = [];
  /** Distinct records: their leaves (classes × dims), counts, and sensitive histograms (classes × domain). */
  classLeaf: Int32Array;
  /** Per attribute and level: each distinct record's generalized value id (a column, for tight loops). */
  classGen: Int32Array[][] = [];
  classCount: Int32Array;
  classOf: Int32Array;
  readonly sensitiveDomain: number[] = [];
  readonly sensitiveValues: string[][] = [];
  classHist: Int32Array[] = [];
  /** For hierarchical t-closeness: each sensitive attribute's hierarchy over its value ids. */
  readonly sensitiveHierarchy: (Int32Array[] | null)[] = [];

  constructor(input: AnonymizationInput) {
    const { data, quasiIdentifiers: qi, sensitive, hierarchies } = input;
    this.dims = qi.length;
    const weight = (r: number) => data.weights?.[r] ?? 1;
    let n = 0;
    for (let r = 0; r < data.rows.length; r++) n += weight(r);
    this.n = n;
    const columns = qi.map((name) => {
      const i = data.header.indexOf(name);
      if (i < 0) throw invalid({ es: `La columna «${name}» no existe; hay: ${data.header.join(', ')}.`, en: `Column "${name}" does not exist; there are: ${data.header.join(', ')}.` }, [{ column: name, message: { es: 'Columna desconocida.', en: 'Unknown column.' } }]);
      return i;
    });
    const leafMaps = qi.map((name, a) => {
      const h = hierarchies.get(name);
      if (!h) throw invalid({ es: `Falta la jerarquía de «${name}».`, en: `The hierarchy of "${name}" is missing.` }, [{ column: name, message: { es: 'Sin jerarquía.', en: 'No hierarchy.' } }]);
      const leaves = [...h.rows.keys()];
      this.leafCount[a] = leaves.length;
      this.gen[a] = [];
      this.genCount[a] = [];
      this.share[a] = [];
      this.labels[a] = [];
      for (let level = 0; level < h.levels; level++) {
        const ids = new Map<string, number>();
        const map = new Int32Array(leaves.length);
        leaves.forEach((leaf, i) => {
          const value = h.rows.get(leaf)![level]!;
          let id = ids.get(value);
          if (id === undefined) ids.set(value, (id = ids.size));
          map[i] = id;
        });
        const covered = new Float64Array(ids.size);
        for (const id of map) covered[id]! += 1;
        this.gen[a]![level] = map;
        this.genCount[a]![level] = ids.size;
        this.share[a]![level] = covered.map((c) => c / leaves.length);
        this.labels[a]![level] = [...ids.keys()];
      }
      return new Map(leaves.map((leaf, i) => [leaf, i]));
    });
    const sensitiveColumns = sensitive.map((name) => {
      const i = data.header.indexOf(name);
      if (i < 0) throw invalid({ es: `La columna sensible «${name}» no existe.`, en: `Sensitive column "${name}" does not exist.` }, [{ column: name, message: { es: 'Columna desconocida.', en: 'Unknown column.' } }]);
      return i;
    });
    const sensitiveIds = sensitive.map((name, s) => {
      const ids = new Map<string, number>();
      for (const row of data.rows) if (!ids.has(row[sensitiveColumns[s]!]!)) ids.set(row[sensitiveColumns[s]!]!, ids.size);
      this.sensitiveDomain[s] = ids.size;
      this.sensitiveValues[s] = [...ids.keys()];
      const h = hierarchies.get(name);
      this.sensitiveHierarchy[s] = h ? Array.from({ length: h.levels }, (_, level) => {
        const byValue = new Map<string, number>();
        return Int32Array.from(this.sensitiveValues[s]!, (v) => {
          const label = h.rows.get(v)?.[level] ?? '*';
          let id = byValue.get(label);
          if (id === undefined) byValue.set(label, (id = byValue.size));
          return id;
        });
      }) : null;
      return ids;
    });
    const classes = new Map<string, number>();
    const leafList: number[] = [];
    const counts: number[] = [];
    this.classOf = new Int32Array(this.n);
    const key: number[] = new Array(this.dims);
    data.rows.forEach((row, r) => {
      for (let a = 0; a < this.dims; a++) {
        const leaf = leafMaps[a]!.get(row[columns[a]!]!);
        if (leaf === undefined) {
          const where = data.weights ? { es: '', en: '' } : { es: ` (fila ${r + 2})`, en: ` (row ${r + 2})` };
          throw invalid(
            { es: `El valor «${row[columns[a]!]}» de «${qi[a]}»${where.es} no está en su jerarquía.`, en: `Value "${row[columns[a]!]}" of "${qi[a]}"${where.en} is not in its hierarchy.` },
            [{ ...(data.weights ? {} : { row: r + 2 }), column: qi[a]!, message: { es: 'Valor sin jerarquía.', en: 'Value not in the hierarchy.' } }],
          );
        }
        key[a] = leaf;
      }
      const k = key.join(',');
      let c = classes.get(k);
      if (c === undefined) {
        classes.set(k, (c = classes.size));
        leafList.push(...key);
        counts.push(0);
      }
      counts[c]! += weight(r);
      this.classOf[r] = c;
    });
    this.classLeaf = Int32Array.from(leafList);
    this.classCount = Int32Array.from(counts);
    this.classGen = this.gen.map((levels, a) => levels.map((map) => Int32Array.from({ length: counts.length }, (_, c) => map[this.classLeaf[c * this.dims + a]!]!)));
    this.classHist = sensitive.map((_name, s) => {
      const hist = new Int32Array(classes.size * this.sensitiveDomain[s]!);
      data.rows.forEach((row, r) => {
        hist[this.classOf[r]! * this.sensitiveDomain[s]! + sensitiveIds[s]!.get(row[sensitiveColumns[s]!]!)!]! += weight(r);
      });
      return hist;
    });
  }

  get classes(): number {
    return this.classCount.length;
  }
}

/** Groups of records: per group its count, a record class in it (to read its values) and sensitive histograms. */
interface Groups {
  count: Int32Array;
  representative: Int32Array;
  hist: Int32Array[];
}

/** The classes of one transformation, and which of them each group of the source (records or finer classes) joined. */
interface Grouping extends Groups {
  groupOf: Int32Array;
}

/** The hash table groupify reuses (keys −1 when free). */
let slotKeys = new Float64Array(0);
let slotGroups = new Int32Array(0);
let slotsUsed = new Int32Array(0);

/**
 * Groups a source by the transformation's generalized values. The source is the table's distinct records,
 * or the classes of a less general transformation (each of which falls whole into one class of this one).
 */
function groupify(data: Encoded, levels: number[], source: Groups, withHistograms: boolean): Grouping {
  const dims = data.dims;
  const items = source.count.length;
  const sourceCount = source.count;
  const rep = source.representative;
  let product = 1;
  for (let a = 0; a < dims; a++) product *= data.genCount[a]![levels[a]!]!;
  const groupOf = new Int32Array(items);
  // At most one group per item: filled from the start, cut to size at the end.
  const count = new Int32Array(items);
  const representative = new Int32Array(items);
  let groups = 0;
  // Keys built column by column (tight loops): a number while the key space allows it exactly.
  const exact = product <= Number.MAX_SAFE_INTEGER;
  const keys = new Float64Array(exact ? items : 0);
  let radix = 1;
  // The table's own records are numbered 0…n−1: their columns are read directly, without the indirection.
  const identity = rep.length === data.classes && rep[rep.length - 1] === data.classes - 1 && rep[0] === 0 && items === data.classes;
  for (let a = 0; exact && a < dims; a++) {
    const column = data.classGen[a]![levels[a]!]!;
    if (identity) for (let i = 0; i < items; i++) keys[i]! += column[i]! * radix;
    else for (let i = 0; i < items; i++) keys[i]! += column[rep[i]!]! * radix;
    radix *= data.genCount[a]![levels[a]!]!;
  }
  const small = product <= 0x7fffffff;
  if (exact) {
    // An open-addressing hash table sized for the items (small enough to stay in cache), reused across calls.
    let capacity = 1024;
    while (capacity < items * 2) capacity *= 2;
    if (slotKeys.length < capacity) {
      slotKeys = new Float64Array(capacity).fill(-1);
      slotGroups = new Int32Array(capacity);
      slotsUsed = new Int32Array(capacity);
    }
    const table = slotKeys;
    const usedSlots = slotsUsed;
    const values = slotGroups;
    const mask = capacity - 1;
    for (let i = 0; i < items; i++) {
      const key = keys[i]!;
      let slot = Math.imul(small ? key : (key % 4294967296) ^ Math.floor(key / 4294967296), 0x9e3779b1) & mask;
      let g: number;
      for (;;) {
        const found = table[slot]!;
        if (found === key) {
          g = values[slot]!;
          break;
        }
        if (found === -1) {
          g = groups++;
          table[slot] = key;
          values[slot] = g;
          usedSlots[g] = slot;
          representative[g] = rep[i]!;
          break;
        }
        slot = (slot + 1) & mask;
      }
      count[g]! += sourceCount[i]!;
      groupOf[i] = g;
    }
    // Clear only the slots used.
    for (let g = 0; g < groups; g++) table[usedSlots[g]!] = -1;
  } else {
    const index = new Map<number | string, number>();
    const columns = levels.map((l, a) => data.classGen[a]![l]!);
    for (let i = 0; i < items; i++) {
      const key = exact ? keys[i]! : columns.map((column) => column[rep[i]!]).join(',');
      let g = index.get(key);
      if (g === undefined) {
        index.set(key, (g = groups++));
        representative[g] = rep[i]!;
      }
      count[g]! += sourceCount[i]!;
      groupOf[i] = g;
    }
  }
  const hist = withHistograms ? source.hist.map((sourceHist, s) => {
    const domain = data.sensitiveDomain[s]!;
    const out = new Int32Array(groups * domain);
    for (let i = 0; i < items; i++) {
      const offset = groupOf[i]! * domain;
      const from = i * domain;
      for (let v = 0; v < domain; v++) out[offset + v]! += sourceHist[from + v]!;
    }
    return out;
  }) : [];
  return { groupOf, count: count.subarray(0, groups), representative: representative.subarray(0, groups), hist };
}

/** The distribution of each sensitive attribute over the whole table, for t-closeness. */
function overall(data: Encoded): Float64Array[] {
  return data.classHist.map((hist, s) => {
    const domain = data.sensitiveDomain[s]!;
    const out = new Float64Array(domain);
    for (let i = 0; i < hist.length; i++) out[i % domain]! += hist[i]!;
    return out.map((v) => v / data.n);
  });
}

/**
 * Earth mover's distance between a class's distribution and the table's: with equal ground distance, half
 * the L1 distance; with hierarchical distance, the cost of moving mass up the sensitive attribute's
 * hierarchy (as Li et al. define it for categorical values).
 */
function closeness(counts: Int32Array, offset: number, domain: number, size: number, table: Float64Array, hierarchy: Int32Array[] | null, measure: 'equal' | 'hierarchical'): number {
  if (measure === 'equal' || !hierarchy) {
    let sum = 0;
    for (let v = 0; v < domain; v++) sum += Math.abs(counts[offset + v]! / size - table[v]!);
    return sum / 2;
  }
  const height = hierarchy.length - 1;
  if (height <= 0) return 0;
  let extra = new Float64Array(domain);
  for (let v = 0; v < domain; v++) extra[v] = counts[offset + v]! / size - table[v]!;
  let cost = 0;
  // At each level, positive and negative excess inside the same node cancel at the cost of that level.
  for (let level = 1; level <= height; level++) {
    const map = hierarchy[level]!;
    const nodes = Math.max(...map) + 1;
    const positive = new Float64Array(nodes);
    const negative = new Float64Array(nodes);
    for (let v = 0; v < extra.length; v++) {
      const node = map[v]!;
      if (extra[v]! > 0) positive[node]! += extra[v]!;
      else negative[node]! -= extra[v]!;
    }
    for (let node = 0; node < nodes; node++) cost += (level / height) * Math.min(positive[node]!, negative[node]!);
    // What is left in each node moves up as one mass, kept on the node's first value.
    const leftover = new Float64Array(nodes);
    for (let node = 0; node < nodes; node++) leftover[node] = positive[node]! - negative[node]!;
    extra = new Float64Array(domain);
    const firstOf = new Map<number, number>();
    for (let v = 0; v < domain; v++) if (!firstOf.has(map[v]!)) firstOf.set(map[v]!, v);
    for (const [node, v] of firstOf) extra[v] = leftover[node]!;
  }
  return cost;
}

interface Evaluation {
  anonymous: boolean;
  suppressed: number;
  failing: Uint8Array;
  grouping: Grouping;
  loss: Float64Array;
}

class Search {
  readonly data: Encoded;
  readonly model: PrivacyModel;
  readonly levels: number[];
  readonly tables: Float64Array[];
  /** Per attribute and level: the records' summed leaf shares (the loss before normalizing, without suppression). */
  readonly shareSum: number[][];
  /** Per attribute and level: the largest share a value covers. */
  readonly maxShare: number[][];
  readonly maxSuppressed: number;
  readonly records: Groups;
  /**
   * For each pair of quasi-identifiers and pair of levels: records in combinations seen fewer than k times.
   * Those records are in classes smaller than k whatever the other attributes, so more of them than may be
   * suppressed rules a transformation out without grouping the table.
   */
  private readonly pairSmall: { a: number; b: number; small: Int32Array }[] = [];
  /** Recent groupings, to group a more general transformation from fewer classes than the table's. */
  private readonly cache = new Map<number, { levels: number[]; grouping: Grouping }>();

  constructor(data: Encoded, input: AnonymizationInput) {
    this.data = data;
    this.model = input.model;
    this.levels = input.quasiIdentifiers.map((name) => input.hierarchies.get(name)!.levels);
    this.tables = overall(data);
    this.maxSuppressed = Math.floor(input.model.suppressionLimit * data.n + 1e-9);
    this.records = { count: data.classCount, representative: Int32Array.from({ length: data.classes }, (_, c) => c), hist: data.classHist };
    this.shareSum = this.levels.map((count, a) => Array.from({ length: count }, (_, level) => {
      let sum = 0;
      for (let c = 0; c < data.classes; c++) sum += data.classCount[c]! * data.share[a]![level]![data.gen[a]![level]![data.classLeaf[c * data.dims + a]!]!]!;
      return sum;
    }));
    this.maxShare = this.levels.map((count, a) => Array.from({ length: count }, (_, level) => Math.max(...data.share[a]![level]!)));
    for (let a = 0; a < data.dims; a++) {
      for (let b = a + 1; b < data.dims; b++) {
        const small = new Int32Array(this.levels[a]! * this.levels[b]!);
        for (let la = 0; la < this.levels[a]!; la++) {
          for (let lb = 0; lb < this.levels[b]!; lb++) {
            const width = data.genCount[b]![lb]!;
            const counts = new Int32Array(data.genCount[a]![la]! * width);
            const ca = data.classGen[a]![la]!;
            const cb = data.classGen[b]![lb]!;
            for (let c = 0; c < data.classes; c++) counts[ca[c]! * width + cb[c]!]! += data.classCount[c]!;
            let records = 0;
            for (const n of counts) if (n > 0 && n < input.model.k) records += n;
            small[la * this.levels[b]! + lb] = records;
          }
        }
        this.pairSmall.push({ a, b, small });
      }
    }
  }

  /** True when some pair of attributes alone already leaves more records in small classes than may be suppressed. */
  /** Records certainly in classes smaller than k (so suppressed) under this transformation. */
  certainlySuppressed(levels: number[]): number {
    let most = 0;
    for (const { a, b, small } of this.pairSmall) most = Math.max(most, small[levels[a]! * this.levels[b]! + levels[b]!]!);
    return most;
  }

  /**
   * A lower bound of the loss, per attribute: every record generalized to its level, and the records
   * certainly suppressed costing at least what suppressing the most general value of the level adds.
   */
  lowerBound(levels: number[], suppressed: number): number[] {
    return levels.map((l, a) => this.normalize(this.shareSum[a]![l]! + suppressed * (1 - this.maxShare[a]![l]!), a));
  }

  normalize(aggregate: number, a: number): number {
    return round(normalizedLoss(aggregate, this.data.n, this.data.leafCount[a]!));
  }

  /** The smallest cached grouping of a transformation no more general than `levels` in any attribute. */
  private sourceFor(levels: number[]): Groups {
    let best: Groups = this.records;
    for (const entry of this.cache.values()) {
      if (entry.grouping.count.length < best.count.length && entry.levels.every((l, a) => l <= levels[a]!)) best = entry.grouping;
    }
    return best;
  }

  /** Checks a transformation against the model; without a node number it is grouped from the records themselves. */
  evaluate(levels: number[], node?: number): Evaluation {
    const { data, model } = this;
    const needHistograms = Boolean(model.l || model.t);
    const grouping = groupify(data, levels, node === undefined ? this.records : this.sourceFor(levels), needHistograms);
    if (node !== undefined && grouping.count.length < data.classes / 2) {
      if (this.cache.size >= 64) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(node, { levels, grouping });
    }
    const groups = grouping.count.length;
    const failing = new Uint8Array(groups);
    let suppressed = 0;
    for (let g = 0; g < groups; g++) {
      const size = grouping.count[g]!;
      let ok = size >= model.k;
      for (let s = 0; ok && s < grouping.hist.length; s++) {
        const domain = data.sensitiveDomain[s]!;
        const offset = g * domain;
        if (model.l) {
          if (model.l.variant === 'distinct') {
            let distinct = 0;
            for (let v = 0; v < domain; v++) if (grouping.hist[s]![offset + v]! > 0) distinct++;
            ok = distinct >= model.l.value;
          } else {
            let entropy = 0;
            for (let v = 0; v < domain; v++) {
              const p = grouping.hist[s]![offset + v]! / size;
              if (p > 0) entropy -= p * Math.log(p);
            }
            ok = entropy >= Math.log(model.l.value) - 1e-12;
          }
        }
        if (ok && model.t) ok = closeness(grouping.hist[s]!, offset, domain, size, this.tables[s]!, data.sensitiveHierarchy[s]!, model.t.measure) <= model.t.value + 1e-12;
      }
      if (!ok) {
        failing[g] = 1;
        suppressed += size;
      }
    }
    const loss = new Float64Array(data.dims);
    for (let a = 0; a < data.dims; a++) {
      const level = levels[a]!;
      const map = data.gen[a]![level]!;
      const share = data.share[a]![level]!;
      let sum = 0;
      for (let g = 0; g < groups; g++) {
        const size = grouping.count[g]!;
        sum += failing[g] ? size : size * share[map[data.classLeaf[grouping.representative[g]! * data.dims + a]!]!]!;
      }
      loss[a] = this.normalize(sum, a);
    }
    return { anonymous: suppressed <= this.maxSuppressed, suppressed, failing, grouping, loss };
  }
}

function nodeLevels(index: number, levels: number[]): number[] {
  const out: number[] = [];
  for (const count of levels) {
    out.push(index % count);
    index = Math.floor(index / count);
  }
  return out;
}

export interface SearchOutcome {
  levels: number[];
  evaluation: Evaluation;
  checked: number;
  size: number;
}

/**
 * Visits transformations in order of their lower bound; their anonymity is settled in batches, most general
 * first, because a transformation that fails the model makes every less general one fail too (the models are
 * monotone): those are marked without looking at the data. All the models here are: merging classes keeps
 * k, never loses a distinct value, never lowers the entropy below the smaller of the two (entropy is concave),
 * and never moves the distribution further than the farther of the two (the earth mover's distance to the
 * table's distribution is convex).
 */
function search(data: Encoded, input: AnonymizationInput): SearchOutcome {
  const s = new Search(data, input);
  const size = s.levels.reduce((p, c) => p * c, 1);
  const strides: number[] = [];
  s.levels.reduce((stride, count, a) => ((strides[a] = stride), stride * count), 1);
  const failed = new Uint8Array(size);
  const nodes = Array.from({ length: size }, (_, i) => {
    const levels = nodeLevels(i, s.levels);
    const suppressed = s.certainlySuppressed(levels);
    // More records certainly in small classes than may be suppressed: ruled out without grouping.
    if (suppressed > s.maxSuppressed) failed[i] = 1;
    return { i, levels, bound: round(geometricMean(s.lowerBound(levels, suppressed))), height: levels.reduce((x, y) => x + y, 0) };
  });
  // Ties in the bound: fewer generalization steps first, then the lattice order.
  const order = nodes.filter((node) => !failed[node.i]).sort((a, b) => a.bound - b.bound || a.height - b.height || a.i - b.i);
  const markLessGeneral = (start: number) => {
    const stack = [start];
    while (stack.length) {
      const i = stack.pop()!;
      const levels = nodes[i]!.levels;
      for (let a = 0; a < levels.length; a++) {
        if (levels[a] === 0) continue;
        const below = i - strides[a]!;
        if (!failed[below]) {
          failed[below] = 1;
          stack.push(below);
        }
      }
    }
  };
  let best: { levels: number[]; evaluation: Evaluation; value: number } | undefined;
  let checked = 0;
  // Batches grow while most of what they check fails (each failure settles many nodes below it) and
  // shrink while most passes (then only the bound stops the search, and smaller steps check less).
  let batch = 1024;
  for (let start = 0; start < order.length; ) {
    const slice = order.slice(start, start + batch).filter((node) => !best || node.bound < best.value);
    if (!slice.length) break;
    const evaluations = new Map<number, Evaluation>();
    let failures = 0;
    for (const node of [...slice].sort((a, b) => b.height - a.height)) {
      if (failed[node.i]) continue;
      const evaluation = s.evaluate(node.levels, node.i);
      checked++;
      if (evaluation.anonymous) evaluations.set(node.i, evaluation);
      else {
        failures++;
        failed[node.i] = 1;
        markLessGeneral(node.i);
      }
    }
    for (const node of slice) {
      // Nothing from here on can have a smaller loss than the best found: the bound never exceeds the loss.
      if (best && node.bound >= best.value) break;
      const evaluation = evaluations.get(node.i);
      if (!evaluation) continue;
      const value = round(geometricMean(evaluation.loss));
      if (!best || value < best.value) best = { levels: node.levels, evaluation, value };
    }
    start += batch;
    batch = failures * 2 > evaluations.size + failures ? Math.min(batch * 2, 16_384) : Math.max(32, batch / 4);
  }
  if (!best) {
    throw invalid({ es: 'Ninguna generalización cumple el modelo de privacidad con ese límite de supresión.', en: 'No generalization meets the privacy model within that suppression limit.' });
  }
  // The chosen transformation grouped again from the records, so every record knows its class.
  return { levels: best.levels, evaluation: s.evaluate(best.levels), checked, size };
}

/** Finds the optimal transformation and returns it with its loss and the suppressed count. */
export function anonymize(input: AnonymizationInput): AnonymizationResult & { output: Microdata } {
  const started = performance.now();
  validateModel(input.model, input.sensitive);
  const data = new Encoded(input);
  const outcome = search(data, input);
  const { evaluation } = outcome;
  const output = applyTransformation(input, data, outcome.levels, evaluation);
  return {
    transformation: outcome.levels,
    suppressed: evaluation.suppressed,
    classes: evaluation.grouping.count.filter((_c, g) => !evaluation.failing[g]).length,
    loss: { value: round(geometricMean(evaluation.loss)), perAttribute: Object.fromEntries(input.quasiIdentifiers.map((name, a) => [name, evaluation.loss[a]!])) },
    discernibility: discernibility(evaluation, data.n),
    nonUniformEntropy: nonUniformEntropy(data, outcome.levels, evaluation),
    lattice: { size: outcome.size, checked: outcome.checked },
    risk: { before: riskOf(data.classCount, input.risk), after: riskOf(evaluation.grouping.count.filter((_c, g) => !evaluation.failing[g]), input.risk) },
    ms: Math.round(performance.now() - started),
    output,
  };
}

function validateModel(model: PrivacyModel, sensitive: string[]): void {
  if (!Number.isInteger(model.k) || model.k < 1) throw invalid({ es: 'k debe ser un entero mayor o igual a 1.', en: 'k must be an integer of at least 1.' }, [{ field: 'k', message: { es: 'Entero ≥ 1.', en: 'Integer ≥ 1.' } }]);
  if (!(model.suppressionLimit >= 0 && model.suppressionLimit <= 1)) throw invalid({ es: 'El límite de supresión es una proporción entre 0 y 1.', en: 'The suppression limit is a share between 0 and 1.' }, [{ field: 'suppression', message: { es: 'Entre 0 y 1.', en: 'Between 0 and 1.' } }]);
  if ((model.l || model.t) && !sensitive.length) throw invalid({ es: 'l-diversidad y t-cercanía necesitan un atributo sensible.', en: 'l-diversity and t-closeness need a sensitive attribute.' }, [{ field: 'sensitive', message: { es: 'Indique el atributo sensible.', en: 'Name the sensitive attribute.' } }]);
  if (model.l && !(model.l.value >= 1)) throw invalid({ es: 'l debe ser al menos 1.', en: 'l must be at least 1.' }, [{ field: 'l', message: { es: 'l ≥ 1.', en: 'l ≥ 1.' } }]);
  if (model.t && !(model.t.value >= 0 && model.t.value <= 1)) throw invalid({ es: 't es una distancia entre 0 y 1.', en: 't is a distance between 0 and 1.' }, [{ field: 't', message: { es: 'Entre 0 y 1.', en: 'Between 0 and 1.' } }]);
}

/** Discernibility: each record costs the size of its class; a suppressed record costs the table's size. */
function discernibility(evaluation: Evaluation, n: number): number {
  let sum = 0;
  evaluation.grouping.count.forEach((size, g) => (sum += evaluation.failing[g] ? size * n : size * size));
  return sum;
}

/**
 * Non-uniform entropy: for each record and quasi-identifier, −log₂ of the probability of its original
 * value given its generalized value, as observed in the table (suppressed values count as generalized to "*").
 */
function nonUniformEntropy(data: Encoded, levels: number[], evaluation: Evaluation): number {
  let total = 0;
  for (let a = 0; a < data.dims; a++) {
    const leafFreq = new Map<number, number>();
    const genFreq = new Map<number, number>();
    const map = data.gen[a]![levels[a]!]!;
    for (let c = 0; c < data.classes; c++) {
      const count = data.classCount[c]!;
      const leaf = data.classLeaf[c * data.dims + a]!;
      leafFreq.set(leaf, (leafFreq.get(leaf) ?? 0) + count);
      if (!evaluation.failing[evaluation.grouping.groupOf[c]!]) genFreq.set(map[leaf]!, (genFreq.get(map[leaf]!) ?? 0) + count);
    }
    for (let c = 0; c < data.classes; c++) {
      const count = data.classCount[c]!;
      const leaf = data.classLeaf[c * data.dims + a]!;
      const denominator = evaluation.failing[evaluation.grouping.groupOf[c]!] ? data.n : genFreq.get(map[leaf]!)!;
      total += count * -Math.log2(leafFreq.get(leaf)! / denominator);
    }
  }
  return round(total);
}

/** The table with quasi-identifiers generalized and suppressed records' quasi-identifiers written "*", as ARX does. */
function applyTransformation(input: AnonymizationInput, data: Encoded, levels: number[], evaluation: Evaluation): Microdata {
  const columns = input.quasiIdentifiers.map((name) => input.data.header.indexOf(name));
  const rows = input.data.rows.map((row, r) => {
    const c = data.classOf[r]!;
    const suppressed = evaluation.failing[evaluation.grouping.groupOf[c]!] === 1;
    const out = [...row];
    columns.forEach((column, a) => {
      out[column] = suppressed ? '*' : data.labels[a]![levels[a]!]![data.gen[a]![levels[a]!]![data.classLeaf[c * data.dims + a]!]!]!;
    });
    return out;
  });
  return { header: [...input.data.header], rows };
}
