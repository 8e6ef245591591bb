import { hash } from 'node:crypto';

/**
 * Merkle trees as RFC 9162 (Certificate Transparency 2.0) defines them: leaf = SHA-256(0x00 ‖ data),
 * node = SHA-256(0x01 ‖ left ‖ right). Sizes and indexes are BigInt: conformance vectors use values up to
 * 2^64 − 1, beyond JavaScript's exact integers.
 */
export type Hash = Buffer;
export const HASH_SIZE = 32;

/** SHA-256(0x00 ‖ data); text is hashed as its UTF-8 bytes. */
export function leafHash(data: Uint8Array | string): Hash {
  // A string is encoded by the hash itself: "\0" + text is exactly 0x00 ‖ UTF-8(text), with no copy here.
  if (typeof data === 'string') return hash('sha256', `\0${data}`, 'buffer');
  const input = Buffer.allocUnsafe(1 + data.length);
  input[0] = 0x00;
  input.set(data, 1);
  return hash('sha256', input, 'buffer');
}

// Node inputs are assembled in one reused buffer: hashing is synchronous, and a tree of a million leaves
// would otherwise allocate a million short-lived buffers.
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE, 0x01);

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Hash, right: Hash): Hash {
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return hash('sha256', nodeInput, 'buffer');
}

/** The root of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT: Hash = hash('sha256', Buffer.alloc(0), 'buffer');

export class ProofError extends Error {}

const fail = (message: string): never => {
  throw new ProofError(message);
};

function checkHash(h: Hash, what: string): void {
  if (!Buffer.isBuffer(h) || h.length !== HASH_SIZE) fail(`${what} is not a ${HASH_SIZE}-byte hash`);
}

const bitLength = (n: bigint): number => (n <= 0n ? 0 : n.toString(2).length);

/**
 * The root a leaf's inclusion proof leads to (RFC 9162 §2.1.3.2). Walks up from the leaf: a sibling is on
 * the left when the node is a right child or the last node of its level, on the right otherwise.
 */
export function rootFromInclusionProof(index: bigint, size: bigint, leaf: Hash, proof: Hash[]): Hash {
  if (index < 0n || index >= size) fail(`index ${index} is outside a tree of size ${size}`);
  checkHash(leaf, 'leaf hash');
  let fn = index;
  let sn = size - 1n;
  let r = leaf;
  for (const p of proof) {
    checkHash(p, 'proof element');
    if (sn === 0n) fail('inclusion proof is too long');
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      // A last node without a right sibling is promoted unchanged until it becomes a right child.
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) fail('inclusion proof is too short');
  return r;
}

export function verifyInclusion(index: bigint, size: bigint, leaf: Hash, proof: Hash[], root: Hash): void {
  checkHash(root, 'root');
  if (!rootFromInclusionProof(index, size, leaf, proof).equals(root)) fail('inclusion proof does not lead to the root');
}

/**
 * Consumes the consistency part of a proof between an old tree of `size1` leaves and a new one of `size2`
 * (RFC 9162 §2.1.4.2) and returns both roots it reconstructs and how many proof elements it used.
 */
function chainConsistency(size1: bigint, size2: bigint, root1: Hash, proof: Hash[]): { old: Hash; grown: Hash; used: number } {
  const path = [...proof];
  // An old tree whose size is a power of two is itself a node of the new one: its root starts the path.
  if ((size1 & (size1 - 1n)) === 0n) path.unshift(root1);
  if (path.length === 0) fail('consistency proof is empty');
  let fn = size1 - 1n;
  let sn = size2 - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let old = path[0]!;
  let grown = path[0]!;
  checkHash(old, 'proof element');
  let i = 1;
  for (; i < path.length && sn !== 0n; i++) {
    const c = path[i]!;
    checkHash(c, 'proof element');
    if ((fn & 1n) === 1n || fn === sn) {
      old = nodeHash(c, old);
      grown = nodeHash(c, grown);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      grown = nodeHash(grown, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) fail('consistency proof is too short');
  const used = i - (path.length - proof.length);
  return { old, grown, used };
}

/** Checks that a tree of `size2` leaves with `root2` extends the tree of `size1` leaves with `root1`. */
export function verifyConsistency(size1: bigint, size2: bigint, proof: Hash[], root1: Hash, root2: Hash): void {
  if (size1 < 0n || size2 < size1) fail(`sizes ${size1} → ${size2} do not grow`);
  if (size1 === 0n) fail('a consistency proof from the empty tree is meaningless');
  if (size1 === size2) {
    if (proof.length > 0) fail('equal sizes need an empty proof');
    if (!root1.equals(root2)) fail('equal sizes with different roots: the log forked');
    return;
  }
  checkHash(root1, 'first root');
  checkHash(root2, 'second root');
  const { old, grown, used } = chainConsistency(size1, size2, root1, proof);
  if (used !== proof.length) fail('consistency proof is too long');
  if (!old.equals(root1)) fail('consistency proof does not lead to the first root');
  if (!grown.equals(root2)) fail('consistency proof does not lead to the second root: the log forked');
}

/**
 * Subtrees [start, end) as in the Merkle Tree Certificates draft: `start` must be a multiple of the
 * smallest power of two not below the subtree's size, so the subtree is the left part of one node.
 */
export function checkSubtree(start: bigint, end: bigint): void {
  if (start < 0n || end <= start) fail(`[${start}, ${end}) is not a subtree`);
  const size = end - start;
  const span = 1n << BigInt(bitLength(size - 1n));
  if (start % span !== 0n) fail(`[${start}, ${end}) is not aligned as a subtree`);
}

export function verifySubtreeInclusion(index: bigint, start: bigint, end: bigint, leaf: Hash, proof: Hash[], root: Hash): void {
  checkSubtree(start, end);
  if (index < start || index >= end) fail(`index ${index} is outside subtree [${start}, ${end})`);
  verifyInclusion(index - start, end - start, leaf, proof, root);
}

/**
 * Checks that the subtree [start, end) with `subRoot` is part of the tree of `size` leaves with `root`.
 * Within the smallest node covering the subtree, the proof is a consistency proof from the subtree to that
 * node as the tree of `size` has it; the rest is that node's inclusion proof in the tree.
 */
export function verifySubtreeConsistency(start: bigint, end: bigint, size: bigint, proof: Hash[], subRoot: Hash, root: Hash): void {
  if (end > size) fail(`subtree [${start}, ${end}) ends beyond a tree of size ${size}`);
  if (start === end) {
    // The empty subtree, whose root is the empty tree's, is part of every tree.
    if (start < 0n) fail(`[${start}, ${end}) is not a subtree`);
    if (proof.length > 0) fail('an empty subtree needs an empty proof');
    if (!subRoot.equals(EMPTY_ROOT)) fail('an empty subtree has the empty root');
    return;
  }
  checkSubtree(start, end);
  if (start === 0n && end === size) {
    if (proof.length > 0) fail('the subtree is the whole tree: the proof must be empty');
    if (!subRoot.equals(root)) fail('the subtree is the whole tree but the roots differ');
    return;
  }
  checkHash(subRoot, 'subtree root');
  checkHash(root, 'root');
  if (proof.length === 0) fail('subtree consistency proof is empty');
  const height = BigInt(bitLength((end - 1n) ^ start));
  const nodeIndex = start >> height;
  const levelSize = ((size - 1n) >> height) + 1n;
  const oldSize = end - start;
  const newSize = (size - start < 1n << height ? size - start : 1n << height);
  let grown = subRoot;
  let rest = proof;
  if (newSize > oldSize) {
    const chained = chainConsistency(oldSize, newSize, subRoot, proof);
    if (!chained.old.equals(subRoot)) fail('subtree consistency proof does not lead to the subtree root');
    grown = chained.grown;
    rest = proof.slice(chained.used);
  }
  verifyInclusion(nodeIndex, levelSize, grown, rest, root);
}

