import { sql } from 'kysely';
import type { Db } from '../store/database.ts';
import { canonicalJson } from './jcs.ts';
import { EMPTY_ROOT, leafHash, type Hash } from './merkle.ts';
import { Tile, edgeTileIds, tileOf, TILE_HEIGHT, type TileId } from './tiles.ts';
import { consistencyPath, inclusionPath, nodesRead, rangeHash, type NodeId, type NodeReader } from './tree.ts';

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
  const edge = await loadEdge(trx, start);
  const touched = new Map<string, Tile>();

  const push = (level: number, hash: Hash): void => {
    let tile = edge.get(level)!;
    if (!tile) {
      tile = Tile.empty(level, 0);
      edge.set(level, tile);
    }
    const root = tile.push(hash);
    touched.set(`${level}/${tile.index}`, tile);
    if (tile.full) edge.set(level, Tile.empty(level, tile.index + 1));
    if (root) push(level + 1, root);
  };

  const rows = events.map((event, i) => {
    const data = canonicalJson({ ...event, index: start + i });
    const hash = leafHash(Buffer.from(data, 'utf8'));
    push(0, hash);
    return { idx: start + i, leaf_hash: hash, data, event };
  });
  const size = start + events.length;

  // Many rows at once: one statement per few thousand entries instead of one per entry.
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await sql`
      INSERT INTO ledger_entries (idx, leaf_hash, data, type, entity_id, subject, actor, created_at, content_hashes)
      SELECT idx, leaf_hash, data, type, entity_id, subject, actor, created_at, hashes::text[]
      FROM unnest(
        ${chunk.map((r) => r.idx)}::bigint[], ${chunk.map((r) => r.leaf_hash)}::bytea[], ${chunk.map((r) => r.data)}::text[],
        ${chunk.map((r) => r.event.type)}::text[], ${chunk.map((r) => r.event.entity)}::text[], ${chunk.map((r) => r.event.subject)}::text[],
        ${chunk.map((r) => r.event.actor)}::text[], ${chunk.map((r) => r.event.time)}::timestamptz[],
        ${chunk.map((r) => `{${contentHashes(r.event.payload).join(',')}}`)}::text[]
      ) AS t(idx, leaf_hash, data, type, entity_id, subject, actor, created_at, hashes)`.execute(trx);
  }
  const tiles = [...touched.values()];
  for (let i = 0; i < tiles.length; i += 500) {
    const chunk = tiles.slice(i, i + 500);
    await sql`
      INSERT INTO ledger_tiles (level, idx, width, hashes)
      SELECT * FROM unnest(${chunk.map((t) => t.level)}::smallint[], ${chunk.map((t) => t.index)}::bigint[],
                           ${chunk.map((t) => t.width)}::smallint[], ${chunk.map((t) => t.encode())}::bytea[])
      ON CONFLICT (level, idx) DO UPDATE SET width = EXCLUDED.width, hashes = EXCLUDED.hashes`.execute(trx);
  }
  const root = rangeHash(0, size, edgeReader(edge));
  await trx.updateTable('ledger_state').set({ size, root, updated_at: new Date() }).where('id', '=', 1).execute();
  return { first: start, size, root };
}

export async function appendEvent(trx: Db, event: LedgerEvent): Promise<number> {
  return (await appendEvents(trx, [event])).first;
}

function edgeReader(edge: Map<number, Tile>): NodeReader {
  return (level, index) => {
    const where = tileOf({ level, index });
    const tile = edge.get(where.level);
    const hash = tile && tile.index === where.index ? tile.get(where.sublevel, where.position) : undefined;
    if (!hash) throw new Error(`node ${level}/${index} is not at the edge of the tree`);
    return hash;
  };
}

export async function readState(db: Db): Promise<LedgerState> {
  const row = await db.selectFrom('ledger_state').select(['size', 'root']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { size: Number(row.size), root: row.root };
}

/** Full tiles never change: kept in memory once read (about 16 KB each). */
const fullTiles = new WeakMap<Db, Map<string, Tile>>();
const CACHE_LIMIT = 4096;

async function readTiles(db: Db, ids: TileId[]): Promise<Map<string, Tile>> {
  let cache = fullTiles.get(db);
  if (!cache) fullTiles.set(db, (cache = new Map()));
  const found = new Map<string, Tile>();
  const missing: TileId[] = [];
  for (const id of ids) {
    const key = `${id.level}/${id.index}`;
    const cached = cache.get(key);
    if (cached) found.set(key, cached);
    else missing.push(id);
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
      if (tile.full) {
        if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
        cache.set(key, tile);
      }
    }
  }
  return found;
}

/** Runs a proof computation with exactly the stored nodes it needs, read in one query. */
async function withNodes<T>(db: Db, compute: (read: NodeReader) => T): Promise<T> {
  const nodes: NodeId[] = nodesRead(compute);
  const ids = new Map<string, TileId>();
  for (const node of nodes) {
    const t = tileOf(node);
    ids.set(`${t.level}/${t.index}`, { level: t.level, index: t.index });
  }
  const tiles = await readTiles(db, [...ids.values()]);
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

export { TILE_HEIGHT };

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
