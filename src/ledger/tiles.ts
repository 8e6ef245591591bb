import { HASH_SIZE, nodeHash, type Hash } from './merkle.ts';
import type { NodeId } from './tree.ts';

/**
 * The tree is stored in tiles, as C2SP tlog-tiles does: a tile of tile-level t holds up to 256 consecutive
 * nodes of tree level 8t and, above them, the nodes of levels 8t+1 … 8t+7 they complete. A full tile never
 * changes again; only the rightmost tile of each level grows. A million leaves fit in about 4,000 rows.
 */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 1 << TILE_HEIGHT;

export interface TileId {
  level: number;
  index: number;
}

/** The tile holding node (level, index), and the node's level and position inside it. */
export function tileOf(node: NodeId): TileId & { sublevel: number; position: number } {
  const level = Math.floor(node.level / TILE_HEIGHT);
  const sublevel = node.level - level * TILE_HEIGHT;
  const perTile = TILE_WIDTH >> sublevel;
  return { level, index: Math.floor(node.index / perTile), sublevel, position: node.index % perTile };
}

/** Byte offset of a sublevel in a tile whose bottom holds `width` nodes. */
function offset(width: number, sublevel: number): number {
  let nodes = 0;
  for (let k = 0; k < sublevel; k++) nodes += width >> k;
  return nodes * HASH_SIZE;
}

function tileBytes(width: number): number {
  return offset(width, TILE_HEIGHT);
}

const FULL_BYTES = tileBytes(TILE_WIDTH);
/** Where each sublevel starts in the in-memory layout. */
const FULL_OFFSETS = Array.from({ length: TILE_HEIGHT + 1 }, (_, k) => offset(TILE_WIDTH, k));

/**
 * One tile in memory: its bottom width and its hashes in one buffer laid out as a full tile, so a growing
 * tree keeps a few buffers rather than millions of small ones (which would make the collector the bottleneck).
 */
export class Tile {
  /** The last node written at each sublevel: the left sibling the next odd node is hashed with. */
  private readonly lastNodes: (Hash | undefined)[] = [];

  private constructor(
    readonly level: number,
    readonly index: number,
    public width: number,
    private readonly bytes: Buffer,
  ) {
    for (let k = 0; k < TILE_HEIGHT; k++) this.lastNodes.push(this.get(k, (width >> k) - 1));
  }

  static empty(level: number, index: number): Tile {
    return new Tile(level, index, 0, Buffer.alloc(FULL_BYTES));
  }

  /** Reads the stored form, where each sublevel holds exactly the nodes a tile of this width has. */
  static decode(level: number, index: number, width: number, stored: Buffer): Tile {
    if (stored.length !== tileBytes(width)) throw new Error(`tile ${level}/${index}: ${stored.length} bytes for width ${width}`);
    // Always a copy: a driver may hand out views of memory it reuses, and tiles are cached.
    if (width === TILE_WIDTH) return new Tile(level, index, width, Buffer.from(stored));
    const bytes = Buffer.alloc(FULL_BYTES);
    for (let k = 0; k < TILE_HEIGHT; k++) stored.copy(bytes, FULL_OFFSETS[k]!, offset(width, k), offset(width, k + 1));
    return new Tile(level, index, width, bytes);
  }

  encode(): Buffer {
    if (this.full) return this.bytes;
    const stored = Buffer.alloc(tileBytes(this.width));
    for (let k = 0; k < TILE_HEIGHT; k++) this.bytes.copy(stored, offset(this.width, k), FULL_OFFSETS[k]!, FULL_OFFSETS[k]! + (this.width >> k) * HASH_SIZE);
    return stored;
  }

  get full(): boolean {
    return this.width === TILE_WIDTH;
  }

  get(sublevel: number, position: number): Hash | undefined {
    if (sublevel >= TILE_HEIGHT || position < 0 || position >= this.width >> sublevel) return undefined;
    const at = FULL_OFFSETS[sublevel]! + position * HASH_SIZE;
    return this.bytes.subarray(at, at + HASH_SIZE);
  }

  /**
   * Adds the next bottom node and every node it completes inside the tile. Returns the tile's root when
   * the tile becomes full: the next node of the tile level above.
   */
  push(hash: Hash): Hash | undefined {
    let position = this.width;
    this.width++;
    let current = hash;
    for (let k = 0; ; k++) {
      this.bytes.set(current, FULL_OFFSETS[k]! + position * HASH_SIZE);
      if ((position & 1) === 0) {
        this.lastNodes[k] = current;
        return undefined;
      }
      current = nodeHash(this.lastNodes[k]!, current);
      position >>= 1;
      if (k + 1 === TILE_HEIGHT) return current;
    }
  }
}

/**
 * The rightmost tile of every tile level for a tree of `size` leaves: all an append touches, and all the
 * root needs (every node of the root's decomposition lies in them).
 */
export function edgeTileIds(size: number): TileId[] {
  const ids: TileId[] = [];
  for (let level = 0; ; level++) {
    const count = Math.floor(size / 2 ** (TILE_HEIGHT * level));
    if (count === 0) break;
    ids.push({ level, index: Math.floor(count / TILE_WIDTH) });
  }
  return ids;
}

