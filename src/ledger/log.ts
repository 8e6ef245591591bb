import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { canonicalJson } from './jcs.ts';
import { EMPTY_ROOT, leafHash, type Hash } from './merkle.ts';
import { TreeEdge } from './edge.ts';
import { Tile, edgeTileIds, tileOf, type TileId } from './tiles.ts';
import { consistencyPath, inclusionPath, nodesRead, rangeHash, type NodeReader } from './tree.ts';

/**
 * An event of the transparency ledger. It becomes a leaf as its canonical JSON (RFC 8785). Actors are
 * pseudonymous ids, never names or emails: the ledger is public and can never forget.
 */
export interface LedgerEvent {
  type: string;
  /** "person:<id>" or "system:<what>". */
  actor: string;
  /** X-Road member id of the entity concerned. */
  entity: string | null;
  /** What the event is about: "asset:<id>", "entity:<id>", "import:<id>"… */
  subject: string;
  time: string;
  /** Details; every content hash is under a key ending in "sha256" (hex), so it can be looked up. */
  payload: Record<string, unknown>;
}

export interface LedgerState {
  size: number;
  root: Hash;
}

/** Content hashes inside a payload: values of keys named or ending in "sha256". */
function contentHashes(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return /sha256$/i.test(key) && /^[0-9a-f]{64}$/i.test(value) ? [value.toLowerCase()] : [];
  if (Array.isArray(value)) return value.flatMap((v) => contentHashes(v, key));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => contentHashes(v, k));
  return [];
}

/** The rightmost tiles of the tree, read for an append; missing ones start empty. */
async function loadEdge(trx: Db, size: number): Promise<Map<number, Tile>> {
  const ids = edgeTileIds(size);
  const tiles = new Map<number, Tile>(ids.map((id) => [id.level, Tile.empty(id.level, id.index)]));
  if (ids.length === 0) return tiles;
  const rows = await trx
    .selectFrom('ledger_tiles')
    .selectAll()
    .where((eb) => eb.or(ids.map((id) => eb.and([eb('level', '=', id.level), eb('idx', '=', id.index)]))))
    .execute();
  for (const row of rows) tiles.set(row.level, Tile.decode(row.level, Number(row.idx), row.width, row.hashes));
  return tiles;
}

/**
 * THE way anything is written to the ledger: inside the caller's transaction, so the events commit or
 * vanish together with the state change they record. Appends are serialized by a row lock on the ledger
 * state (any number of processes on PostgreSQL); each touches only the rightmost tiles of the tree.
 */
export async function appendEvents(trx: Db, events: LedgerEvent[]): Promise<{ first: number; size: number; root: Hash }> {
  const state = await sql<{ size: string | number }>`SELECT size FROM ledger_state WHERE id = 1 FOR UPDATE`.execute(trx);
  const start = Number(state.rows[0]!.size);
  if (events.length === 0) return { first: start, size: start, root: (await readState(trx)).root };
  const edge = new TreeEdge(start, await loadEdge(trx, start));

  const rows = events.map((event, i) => {
    const data = canonicalJson({ ...event, index: start + i });
    const hash = leafHash(data);
    edge.append(hash);
    return { idx: start + i, leaf_hash: hash, data, event };
  });
  const size = start + events.length;

  // Many rows per statement. Each column travels as one parameter, its values joined by the record
  // separator U+001E, which canonical JSON never contains raw (JSON escapes control characters): the
  // driver then has no array literals to escape, and the server splits them (ROWS FROM zips the columns).
  const joined = (values: string[]) => {
    if (values.some((v) => v.includes('\x1e'))) throw new Error('a ledger field contains the record separator U+001E');
    return values.join('\x1e');
  };
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await sql`
      INSERT INTO ledger_entries (idx, leaf_hash, data, type, entity_id, subject, actor, created_at, content_hashes)
      SELECT ${chunk[0]!.idx}::bigint + n - 1, substring(${Buffer.concat(chunk.map((r) => r.leaf_hash))}::bytea FROM (n::integer - 1) * 32 + 1 FOR 32),
             data, type, NULLIF(entity_id, ''), subject, actor, created_at::timestamptz, COALESCE(string_to_array(NULLIF(hashes, ''), ','), '{}')
      FROM ROWS FROM (
        string_to_table(${joined(chunk.map((r) => r.data))}, chr(30)),
        string_to_table(${joined(chunk.map((r) => r.event.type))}, chr(30)),
        string_to_table(${joined(chunk.map((r) => r.event.entity ?? ''))}, chr(30)),
        string_to_table(${joined(chunk.map((r) => r.event.subject))}, chr(30)),
        string_to_table(${joined(chunk.map((r) => r.event.actor))}, chr(30)),
        string_to_table(${joined(chunk.map((r) => r.event.time))}, chr(30)),
        string_to_table(${joined(chunk.map((r) => contentHashes(r.event.payload).join(',')))}, chr(30))
      ) WITH ORDINALITY AS t(data, type, entity_id, subject, actor, created_at, hashes, n)`.execute(trx);
  }
  const tiles = edge.takeTouched();
  for (let i = 0; i < tiles.length; i += 500) {
    const chunk = tiles.slice(i, i + 500);
    await sql`
      INSERT INTO ledger_tiles (level, idx, width, hashes)
      SELECT * FROM unnest(${chunk.map((t) => t.level)}::smallint[], ${chunk.map((t) => t.index)}::bigint[],
                           ${chunk.map((t) => t.width)}::smallint[], ${chunk.map((t) => t.encode())}::bytea[])
      ON CONFLICT (level, idx) DO UPDATE SET width = EXCLUDED.width, hashes = EXCLUDED.hashes`.execute(trx);
  }
  const root = edge.root();
  await trx.updateTable('ledger_state').set({ size, root, updated_at: new Date() }).where('id', '=', 1).execute();
  return { first: start, size, root };
}

export async function readState(db: Db): Promise<LedgerState> {
  const row = await db.selectFrom('ledger_state').select(['size', 'root']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { size: Number(row.size), root: row.root };
}

/**
 * Tiles read for proofs, kept in memory (about 16 KB each). The first w nodes of a tile never change once
 * written, so a cached tile serves any proof that needs no more than its width, even while it still grows.
 */
const tileCache = new WeakMap<Db, Map<string, Tile>>();
const CACHE_LIMIT = 4096;

interface TileNeed extends TileId {
  /** How many bottom nodes of the tile the computation reads. */
  width: number;
}

async function readTiles(db: Db, needs: Map<string, TileNeed>): Promise<Map<string, Tile>> {
  let cache = tileCache.get(db);
  if (!cache) tileCache.set(db, (cache = new Map()));
  const found = new Map<string, Tile>();
  const missing: TileNeed[] = [];
  for (const [key, need] of needs) {
    const cached = cache.get(key);
    if (cached && cached.width >= need.width) found.set(key, cached);
    else missing.push(need);
  }
  if (missing.length) {
    const rows = await db
      .selectFrom('ledger_tiles')
      .selectAll()
      .where((eb) => eb.or(missing.map((id) => eb.and([eb('level', '=', id.level), eb('idx', '=', id.index)]))))
      .execute();
    for (const row of rows) {
      const tile = Tile.decode(row.level, Number(row.idx), row.width, row.hashes);
      const key = `${row.level}/${row.idx}`;
      found.set(key, tile);
      cache.delete(key);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(key, tile);
    }
  }
  return found;
}

/** Runs a proof computation with exactly the stored nodes it needs, read in at most one query. */
async function withNodes<T>(db: Db, compute: (read: NodeReader) => T): Promise<T> {
  const needs = new Map<string, TileNeed>();
  for (const node of nodesRead(compute)) {
    const t = tileOf(node);
    const key = `${t.level}/${t.index}`;
    const width = (t.position + 1) << t.sublevel;
    const need = needs.get(key);
    if (!need) needs.set(key, { level: t.level, index: t.index, width });
    else need.width = Math.max(need.width, width);
  }
  const tiles = await readTiles(db, needs);
  return compute((level, index) => {
    const t = tileOf({ level, index });
    const hash = tiles.get(`${t.level}/${t.index}`)?.get(t.sublevel, t.position);
    if (!hash) throw new Error(`node ${level}/${index} is missing from the stored tree`);
    return hash;
  });
}

export async function rootAt(db: Db, size: number): Promise<Hash> {
  return size === 0 ? EMPTY_ROOT : withNodes(db, (read) => rangeHash(0, size, read));
}

export async function inclusionProof(db: Db, index: number, size: number): Promise<Hash[]> {
  return withNodes(db, (read) => inclusionPath(index, size, read));
}

export async function consistencyProof(db: Db, from: number, to: number): Promise<Hash[]> {
  return withNodes(db, (read) => consistencyPath(from, to, read));
}

/** Events gathered during a transaction, appended together when the work is done. */
export class LedgerBatch {
  readonly events: LedgerEvent[] = [];
  add(...events: LedgerEvent[]): void {
    this.events.push(...events);
  }
}

/**
 * Runs work inside a transaction and appends the events it recorded before the transaction commits: the
 * state change and its ledger entries are one atomic unit.
 */
export async function withLedger<T>(trx: Db, work: (ledger: LedgerBatch) => Promise<T>): Promise<T> {
  const batch = new LedgerBatch();
  const result = await work(batch);
  await appendEvents(trx, batch.events);
  return result;
}
