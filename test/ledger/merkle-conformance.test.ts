import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import {
  EMPTY_ROOT, leafHash, nodeHash, rootFromInclusionProof, verifyConsistency, verifyInclusion, verifySubtreeConsistency, verifySubtreeInclusion, type Hash,
} from '../../src/ledger/merkle.ts';
import { needsShared } from '../support/shared.ts';

/** Every vector of transparency-dev/merkle in ../shared/conformance/merkle, and the RFC 6962 reference tree. */
const DIR = path.resolve(PROJECT_ROOT, '../shared/conformance/merkle');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : name.endsWith('.json') ? [full] : [];
  });
}

/** JSON with integers beyond 2^53 kept exact (as strings, turned into BigInt by the caller). */
function readVector(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8').replace(/(:\s*)(\d{16,})/g, '$1"$2"'));
}

const big = (v: unknown) => BigInt(v as string | number);
const b64 = (v: unknown): Hash => Buffer.from(String(v ?? ''), 'base64');
const proofOf = (v: unknown): Hash[] => ((v as string[] | null) ?? []).map(b64);

const KINDS: Record<string, (v: Record<string, unknown>) => void> = {
  inclusion: (v) => verifyInclusion(big(v.leafIdx), big(v.treeSize), b64(v.leafHash), proofOf(v.proof), b64(v.root)),
  consistency: (v) => verifyConsistency(big(v.size1), big(v.size2), proofOf(v.proof), b64(v.root1), b64(v.root2)),
  subtreeinclusion: (v) => verifySubtreeInclusion(big(v.leafIdx), big(v.start), big(v.end), b64(v.leafHash), proofOf(v.proof), b64(v.root)),
  subtreeconsistency: (v) => verifySubtreeConsistency(big(v.start), big(v.end), big(v.size), proofOf(v.proof), b64(v.root1), b64(v.root2)),
};

for (const [kind, verify] of Object.entries(KINDS)) {
  test(`conformance: every ${kind} vector (proofs that must fail do fail)`, needsShared('the Merkle test vectors', 'conformance', 'merkle', 'testdata', kind), (t) => {
    const vectors = files(path.join(DIR, 'testdata', kind));
    assert.ok(vectors.length > 50, `${kind}: only ${vectors.length} vectors found`);
    const wrong: string[] = [];
    let passing = 0;
    let failing = 0;
    for (const file of vectors) {
      const vector = readVector(file);
      let error: unknown;
      try {
        verify(vector);
      } catch (e) {
        error = e;
      }
      if (vector.wantErr) {
        if (error) failing++;
        else wrong.push(`${path.relative(DIR, file)}: accepted, should fail`);
      } else if (error) {
        wrong.push(`${path.relative(DIR, file)}: ${(error as Error).message}`);
      } else {
        passing++;
      }
    }
    assert.deepEqual(wrong, []);
    assert.ok(passing > 0 && failing > 0);
    t.diagnostic(`${kind}: ${passing} valid proofs verified, ${failing} invalid ones rejected`);
  });
}

test('conformance: the RFC 6962 reference tree (leaf and node hashes, roots of sizes 0 to 8)', needsShared('the RFC 6962 reference tree', 'conformance', 'merkle', 'rfc6962-reference-tree.json'), () => {
  const reference = JSON.parse(readFileSync(path.join(DIR, 'rfc6962-reference-tree.json'), 'utf8')) as Record<string, any>;
  const leaves = (reference.leafInputsHex as string[]).map((hex) => leafHash(Buffer.from(hex, 'hex')));
  assert.deepEqual(leaves.map((h) => h.toString('hex')), reference.nodeHashesHexByLevel[0]);
  let level = leaves;
  for (let l = 1; l < reference.nodeHashesHexByLevel.length; l++) {
    const next: Hash[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    assert.deepEqual(next.map((h) => h.toString('hex')), reference.nodeHashesHexByLevel[l], `level ${l}`);
    level = next;
  }
  const roots = reference.rootHashesHexBySize ?? reference.rootHashesHex ?? reference.roots;
  const expected: string[] = Array.isArray(roots) ? roots : Object.values(roots);
  assert.equal(EMPTY_ROOT.toString('hex'), expected[0]);
  // Roots of every prefix, computed by the RFC's recursive definition.
  const mth = (items: Hash[]): Hash => {
    if (items.length === 0) return EMPTY_ROOT;
    if (items.length === 1) return items[0]!;
    let k = 1;
    while (k * 2 < items.length) k *= 2;
    return nodeHash(mth(items.slice(0, k)), mth(items.slice(k)));
  };
  for (let size = 1; size < expected.length; size++) assert.equal(mth(leaves.slice(0, size)).toString('hex'), expected[size], `size ${size}`);
  // And a proof from the reference tree leads to its root.
  assert.equal(rootFromInclusionProof(2n, 3n, leaves[2]!, [nodeHash(leaves[0]!, leaves[1]!)]).toString('hex'), expected[3]);
});

test('a text leaf is hashed as its UTF-8 bytes, the same as the bytes themselves', () => {
  for (const text of ['', '{"a":1}', 'Bogotá, D.C. — ñandú 😀', '\0leading zero']) {
    assert.equal(leafHash(text).toString('hex'), leafHash(Buffer.from(text, 'utf8')).toString('hex'), text);
    assert.equal(leafHash(text).toString('hex'), createHash('sha256').update(Buffer.from([0])).update(text, 'utf8').digest('hex'));
  }
});
