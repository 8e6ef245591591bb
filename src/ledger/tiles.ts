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

export function tileBytes(width: number): number {
  return offset(width, TILE_HEIGHT);
}

/** One tile in memory: its bottom width and its hashes, level by level. */
export class Tile {
  constructor(
    readonly level: number,
    readonly index: number,
    public width: number,
    private levels: Hash[][],
  ) {}

  static empty(level: number, index: number): Tile {
    return new Tile(level, index, 0, Array.from({ length: TILE_HEIGHT }, () => []));
  }

  static decode(level: number, index: number, width: number, bytes: Buffer): Tile {
    if (bytes.length !== tileBytes(width)) throw new Error(`tile ${level}/${index}: ${bytes.length} bytes for width ${width}`);
    const levels: Hash[][] = [];
    for (let k = 0; k < TILE_HEIGHT; k++) {
      const start = offset(width, k);
      const count = width >> k;
      levels.push(Array.from({ length: count }, (_, i) => Buffer.from(bytes.subarray(start + i * HASH_SIZE, start + (i + 1) * HASH_SIZE))));
    }
    return new Tile(level, index, width, levels);
  }

  encode(): Buffer {
    return Buffer.concat(this.levels.flat(), tileBytes(this.width));
  }

  get full(): boolean {
    return this.width === TILE_WIDTH;
  }

  get(sublevel: number, position: number): Hash | undefined {
    return this.levels[sublevel]?.[position];
  }

  /**
   * Adds the next bottom node and every node it completes inside the tile. Returns the tile's root when
   * the tile becomes full: the next node of the tile level above.
   */
  push(hash: Hash): Hash | undefined {
    let position = this.width;
    this.levels[0]!.push(hash);
    this.width++;
    let current = hash;
    for (let k = 0; (position & 1) === 1; k++) {
      const left = this.levels[k]![position - 1]!;
      current = nodeHash(left, current);
      position >>= 1;
      if (k + 1 === TILE_HEIGHT) return current;
      this.levels[k + 1]!.push(current);
    }
    return undefined;
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

export function edgeWidth(size: number, level: number): number {
  return Math.floor(size / 2 ** (TILE_HEIGHT * level)) % TILE_WIDTH;
}
