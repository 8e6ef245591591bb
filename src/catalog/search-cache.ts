import type { Db } from '../store/database.ts';
import type { Facet, FacetValue } from './search.ts';

/**
 * Counts of searches without words (browsing, facet clicks) are cached per process until the search index
 * changes: a statement-level trigger moves `search_state.version`, read with one cheap query per search.
 */
export async function indexVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('search_state').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.version);
}

/** A small least-recently-used cache of counts per database, for queries without words. */
class CountCache {
  private readonly entries = new Map<string, { count: number; facets: Record<Facet, FacetValue[]> }>();
  constructor(private readonly limit = 256) {}
  get(key: string) {
    const value = this.entries.get(key);
    if (value) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }
  set(key: string, value: { count: number; facets: Record<Facet, FacetValue[]> }) {
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }
}

const countCaches = new WeakMap<Db, CountCache>();
export function countCache(db: Db): CountCache {
  let cache = countCaches.get(db);
  if (!cache) countCaches.set(db, (cache = new CountCache()));
  return cache;
}
