/**
 * Ledger benchmark: batched appends up to 1,000,000 entries, proof latency and verification speed at that
 * size, against the machine's raw SHA-256 throughput on 64-byte inputs (the physical limit of any Merkle log).
 * An append costs about two hashes: its leaf and, on average, one interior node it completes.
 */
import { hash } from 'node:crypto';
import { canonicalJson } from '../src/ledger/jcs.ts';
import { TreeEdge } from '../src/ledger/edge.ts';
import { appendEvents, consistencyProof, inclusionProof, readState, rootAt, type LedgerEvent } from '../src/ledger/log.ts';
import { leafHash, verifyConsistency, verifyInclusion } from '../src/ledger/merkle.ts';
import { MemoryTree } from '../src/ledger/tree.ts';
import { createHttpApp } from '../src/web/app.ts';
import type { Platform } from '../src/platform.ts';
import { figure, note, percentile, random } from './report.ts';
import { onEveryStore } from './store.ts';

const TOTAL = Number(process.env.BENCH_LEDGER_ENTRIES ?? 1_000_000);
const BATCH = Number(process.env.BENCH_LEDGER_BATCH ?? 1_000);
const PROOFS = Number(process.env.BENCH_LEDGER_PROOFS ?? 2_000);

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const uuid = (n: number) => `${hex(n, 8)}-0000-4000-8000-${hex(n * 7919, 12).slice(-12)}`;

/** Events shaped like the catalog's: mostly asset updates, some creations, classifications and imports. */
function makeEvents(start: number, count: number): LedgerEvent[] {
  const rnd = random(start + 1);
  const time = new Date(Date.UTC(2026, 0, 1) + start * 1000);
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    const roll = rnd();
    const entity = `CO/GOV/${800_000_000 + (n % 1100)}`;
    const base = { actor: `person:${uuid(n % 5000)}`, entity, time: new Date(time.getTime() + i * 1000).toISOString() };
    const sha = hash('sha256', String(n), 'hex');
    if (roll < 0.05) return { ...base, type: 'inventory.imported', subject: `entity:${entity}`, payload: { file_name: `registro-${n}.xlsx`, file_sha256: sha, created: 40, updated: 12 } };
    if (roll < 0.1) {
      return { ...base, type: 'asset.classified', subject: `asset:${uuid(n)}`, payload: { version: 3, from: { legal_class: 'publica' }, to: { legal_class: 'clasificada', exception_ground: 'ley1712_art18_a' } } };
    }
    const created = roll < 0.3;
    return { ...base, type: created ? 'asset.created' : 'asset.updated', subject: `asset:${uuid(n)}`, payload: { version: created ? 1 : 2 + (n % 9), fields: created ? ['title', 'description'] : ['description'], record_sha256: sha, legal_class: 'publica' } };
  });
}

/** Hashes per second on 64-byte inputs: what the machine can do at most (the best of several windows). */
function rawSha256(): number {
  const input = Buffer.alloc(64, 7);
  let best = 0;
  for (let window = 0; window < 6; window++) {
    let count = 0;
    const started = performance.now();
    while (performance.now() - started < 500) {
      for (let i = 0; i < 10_000; i++) hash('sha256', input, 'buffer');
      count += 10_000;
    }
    best = Math.max(best, count / ((performance.now() - started) / 1000));
  }
  return best;
}

/** Hashes an append of `total` entries in batches needs: leaves, interior nodes, and each batch's root fold. */
function hashesFor(total: number, batch: number): number {
  const ones = (n: number) => n.toString(2).replaceAll('0', '').length;
  let folds = 0;
  for (let size = batch; size <= total; size += batch) folds += ones(size) - 1;
  return total + (total - ones(total)) + folds;
}

/**
 * The log in memory, without storage: canonical JSON of each event, then the Merkle append proper (leaf
 * hash, tiles, encoded tiles and the root of each batch). Returns the seconds each part took.
 */
function inMemory(): { json: number; tree: number } {
  const edge = new TreeEdge(0, new Map());
  let json = 0;
  let tree = 0;
  for (let start = 0; start < TOTAL; start += BATCH) {
    const events = makeEvents(start, Math.min(BATCH, TOTAL - start));
    let began = performance.now();
    const data = events.map((event, i) => canonicalJson({ ...event, index: start + i }));
    json += performance.now() - began;
    began = performance.now();
    for (const text of data) edge.append(leafHash(text));
    for (const tile of edge.takeTouched()) tile.encode();
    edge.root();
    tree += performance.now() - began;
  }
  return { json: json / 1000, tree: tree / 1000 };
}

async function durableAppends(platform: Platform, limit: number): Promise<void> {
  const db = platform.store.db;
  const kind = platform.store.kind;
  let elapsed = 0;
  let windowElapsed = 0;
  for (let start = 0; start < TOTAL; start += BATCH) {
    const events = makeEvents(start, Math.min(BATCH, TOTAL - start));
    const began = performance.now();
    await db.transaction().execute((trx) => appendEvents(trx, events));
    const took = performance.now() - began;
    elapsed += took;
    windowElapsed += took;
    const done = start + events.length;
    if (done % 100_000 === 0 || done === TOTAL) {
      note(`  ${kind}: ${done.toLocaleString('en')} entries, last 100k at ${Math.round(Math.min(100_000, done) / (windowElapsed / 1000)).toLocaleString('en')}/s`);
      windowElapsed = 0;
    }
  }
  const rate = TOTAL / (elapsed / 1000);
  figure('ledger', `${kind}_appends_per_s`, rate, 'entries/s');
  figure('ledger', `${kind}_appends_vs_limit`, rate / limit, 'ratio');
}

async function timed(count: number, make: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const began = performance.now();
    await make(i);
    times.push(performance.now() - began);
  }
  return times.sort((a, b) => a - b);
}

function report(kind: string, what: string, times: number[]): void {
  figure('ledger', `${kind}_${what}_p50`, percentile(times, 50), 'ms');
  figure('ledger', `${kind}_${what}_p99`, percentile(times, 99), 'ms');
}

async function proofs(platform: Platform): Promise<void> {
  const db = platform.store.db;
  const kind = platform.store.kind;
  const { size, root } = await readState(db);
  const rnd = random(7);
  const indexes = Array.from({ length: PROOFS }, () => Math.floor(rnd() * size));
  const olds = Array.from({ length: PROOFS }, () => 1 + Math.floor(rnd() * (size - 1)));
  // First touch reads tiles from the store; later ones find the immutable tiles in memory.
  report(kind, 'inclusion_proof_cold', await timed(PROOFS, (i) => inclusionProof(db, indexes[i]!, size)));
  report(kind, 'inclusion_proof', await timed(PROOFS, (i) => inclusionProof(db, indexes[i]!, size)));
  report(kind, 'consistency_proof_cold', await timed(PROOFS, (i) => consistencyProof(db, olds[i]!, size)));
  report(kind, 'consistency_proof', await timed(PROOFS, (i) => consistencyProof(db, olds[i]!, size)));

  // The same through HTTP, as a verifier asks (routing, validation, entry and root lookups, JSON).
  const app = await createHttpApp(platform);
  await app.ready();
  try {
    report(kind, 'http_inclusion_proof', await timed(PROOFS / 4, (i) => app.inject({ url: `/ledger/proof/inclusion?index=${indexes[i]}&size=${size}` })));
  } finally {
    await app.close();
  }

  // Verification as a client does it, pure computation.
  const entries = await db.selectFrom('ledger_entries').select(['idx', 'leaf_hash']).where('idx', 'in', indexes.slice(0, 500)).execute();
  const inclusion = await Promise.all(entries.map(async (e) => ({ index: BigInt(e.idx), leaf: e.leaf_hash, proof: await inclusionProof(db, Number(e.idx), size) })));
  const consistency = await Promise.all(olds.slice(0, 500).map(async (m) => ({ m: BigInt(m), proof: await consistencyProof(db, m, size), oldRoot: await rootAt(db, m) })));
  const rounds = 20;
  let began = performance.now();
  for (let r = 0; r < rounds; r++) for (const p of inclusion) verifyInclusion(p.index, BigInt(size), p.leaf, p.proof, root);
  figure('ledger', `${kind}_verify_inclusion_per_s`, (rounds * inclusion.length) / ((performance.now() - began) / 1000), 'proofs/s');
  began = performance.now();
  for (let r = 0; r < rounds; r++) for (const p of consistency) verifyConsistency(p.m, BigInt(size), p.proof, p.oldRoot, root);
  figure('ledger', `${kind}_verify_consistency_per_s`, (rounds * consistency.length) / ((performance.now() - began) / 1000), 'proofs/s');
}

/** A full audit as `verify-ledger --all` does it: every entry hashed again into the tree (after download). */
async function audit(platform: Platform): Promise<void> {
  const db = platform.store.db;
  const tree = new MemoryTree();
  let elapsed = 0;
  for (let start = 0; start < TOTAL; start += BATCH) {
    const rows = await db.selectFrom('ledger_entries').select('data').where('idx', '>=', start).where('idx', '<', start + BATCH).orderBy('idx').execute();
    const began = performance.now();
    for (const row of rows) tree.append(leafHash(row.data));
    elapsed += performance.now() - began;
  }
  const ok = tree.root().equals((await readState(db)).root);
  if (!ok) throw new Error('audit root differs from the stored root');
  figure('ledger', `${platform.store.kind}_audit_entries_per_s`, TOTAL / (elapsed / 1000), 'entries/s');
}

export async function run(): Promise<void> {
  const raw = rawSha256();
  const perAppend = hashesFor(TOTAL, BATCH) / TOTAL;
  const limit = raw / perAppend;
  figure('ledger', 'raw_sha256_64B_per_s', raw, 'hashes/s');
  figure('ledger', 'hashes_per_append', perAppend, 'hashes');
  figure('ledger', 'limit_appends_per_s', limit, 'entries/s');
  note(`ledger benchmark: ${TOTAL.toLocaleString('en')} entries in batches of ${BATCH.toLocaleString('en')}`);
  const memory = inMemory();
  figure('ledger', 'tree_appends_per_s', TOTAL / memory.tree, 'entries/s');
  figure('ledger', 'tree_appends_vs_limit', TOTAL / memory.tree / limit, 'ratio');
  figure('ledger', 'event_appends_in_memory_per_s', TOTAL / (memory.json + memory.tree), 'entries/s');
  await onEveryStore('ledger', async (platform) => {
    note(`ledger benchmark on ${platform.store.kind}: appending…`);
    await durableAppends(platform, limit);
    await proofs(platform);
    await audit(platform);
  });
}
