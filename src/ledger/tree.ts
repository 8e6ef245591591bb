import { EMPTY_ROOT, nodeHash, type Hash } from './merkle.ts';

/**
 * Proofs built from stored subtree hashes (RFC 9162 §2.1.3.1 and §2.1.4.1). A "node" is a perfect subtree:
 * level h and index j cover leaves [j·2^h, (j+1)·2^h). Any other range the proofs need is folded from the
 * perfect nodes that make it up, so nothing is ever rebuilt from the leaves.
 */
export interface NodeId {
  level: number;
  index: number;
}

export type NodeReader = (level: number, index: number) => Hash;

/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The perfect nodes that make up leaves [start, end), left to right. */
function perfectNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level++;
    nodes.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return nodes;
}

/** MTH(D[start:end]): the hash of a range, folded right to left from its perfect nodes. */
export function rangeHash(start: number, end: number, read: NodeReader): Hash {
  if (end <= start) return EMPTY_ROOT;
  const nodes = perfectNodes(start, end);
  let acc = read(nodes[nodes.length - 1]!.level, nodes[nodes.length - 1]!.index);
  for (let i = nodes.length - 2; i >= 0; i--) acc = nodeHash(read(nodes[i]!.level, nodes[i]!.index), acc);
  return acc;
}

/** The audit path of leaf `m` in the tree of the first `n` leaves, bottom up. */
export function inclusionPath(m: number, n: number, read: NodeReader): Hash[] {
  const path = (index: number, start: number, end: number): Hash[] => {
    const size = end - start;
    if (size <= 1) return [];
    const k = splitPoint(size);
    return index < k
      ? [...path(index, start, start + k), rangeHash(start + k, end, read)]
      : [...path(index - k, start + k, end), rangeHash(start, start + k, read)];
  };
  return path(m, 0, n);
}

/** The consistency proof from the tree of the first `m` leaves to the tree of the first `n`. */
export function consistencyPath(m: number, n: number, read: NodeReader): Hash[] {
  const subproof = (old: number, start: number, end: number, whole: boolean): Hash[] => {
    const size = end - start;
    if (old === size) return whole ? [] : [rangeHash(start, end, read)];
    const k = splitPoint(size);
    return old <= k
      ? [...subproof(old, start, start + k, whole), rangeHash(start + k, end, read)]
      : [...subproof(old - k, start + k, end, false), rangeHash(start, start + k, read)];
  };
  if (m <= 0 || m >= n) return [];
  return subproof(m, 0, n, true);
}

const PLACEHOLDER = Buffer.alloc(32);

/** The perfect nodes a computation reads, found by running it once on placeholders. */
export function nodesRead(compute: (read: NodeReader) => unknown): NodeId[] {
  const seen = new Map<string, NodeId>();
  compute((level, index) => {
    seen.set(`${level}/${index}`, { level, index });
    return PLACEHOLDER;
  });
  return [...seen.values()];
}

/** A whole tree held in memory, level by level, for auditors who download every entry and need past roots. */
export class MemoryTree {
  private readonly levels: Hash[][] = [[]];

  get size(): number {
    return this.levels[0]!.length;
  }

  append(leaf: Hash): void {
    this.levels[0]!.push(leaf);
    for (let level = 0; this.levels[level]!.length % 2 === 0; level++) {
      const nodes = this.levels[level]!;
      (this.levels[level + 1] ??= []).push(nodeHash(nodes[nodes.length - 2]!, nodes[nodes.length - 1]!));
    }
  }

  /** MTH of the first `size` leaves. */
  root(size = this.size): Hash {
    return rangeHash(0, size, (level, index) => this.levels[level]![index]!);
  }
}
