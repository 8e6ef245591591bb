import type { Hash } from './merkle.ts';
import { Tile, tileOf } from './tiles.ts';
import { rangeHash } from './tree.ts';

/**
 * The rightmost tile of every tile level, in memory: all that an append grows and all the root needs.
 * Pure computation, so the cost of the tree itself can be measured apart from storage.
 */
export class TreeEdge {
  private readonly touched = new Set<Tile>();

  constructor(
    private size: number,
    private readonly tiles: Map<number, Tile>,
  ) {}

  get length(): number {
    return this.size;
  }

  append(leaf: Hash): void {
    this.push(0, leaf);
    this.size++;
  }

  private push(level: number, hash: Hash): void {
    let tile = this.tiles.get(level);
    if (!tile) {
      tile = Tile.empty(level, 0);
      this.tiles.set(level, tile);
    }
    const root = tile.push(hash);
    this.touched.add(tile);
    if (tile.full) this.tiles.set(level, Tile.empty(level, tile.index + 1));
    if (root) this.push(level + 1, root);
  }

  /** Tiles changed since the last call, to be stored. */
  takeTouched(): Tile[] {
    const tiles = [...this.touched.values()];
    this.touched.clear();
    return tiles;
  }

  root(): Hash {
    return rangeHash(0, this.size, (level, index) => {
      const where = tileOf({ level, index });
      const tile = this.tiles.get(where.level);
      const hash = tile && tile.index === where.index ? tile.get(where.sublevel, where.position) : undefined;
      if (!hash) throw new Error(`node ${level}/${index} is not at the edge of the tree`);
      return hash;
    });
  }
}
