import { copyFileSync, linkSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../store/context.ts';
import { QueryPool } from '../store/query-pool.ts';
import { Sandbox, SANDBOX_LIMITS, type OpenTable } from './sandbox.ts';
import type { TableSchema } from './table-schema.ts';

/** The open releases anyone may query (current releases of public datasets), with what a reader needs to know of them. */
export async function openTables(ctx: Context): Promise<(OpenTable & { title: string; fields: string[] })[]> {
  const rows = await ctx.db.selectFrom('datasets')
    .innerJoin('releases', (join) => join.onRef('releases.dataset_id', '=', 'datasets.id').onRef('releases.number', '=', 'datasets.current_release'))
    .select(['datasets.id', 'datasets.title', 'releases.parquet_key', 'releases.schema'])
    .where('datasets.access_level', '=', 'public')
    .where('datasets.state', '=', 'active')
    .orderBy('datasets.title')
    .execute();
  return rows.map((r) => ({ name: r.id, file: ctx.blobs.location(r.parquet_key), title: r.title, fields: (r.schema as TableSchema).fields.map((f) => f.name) }));
}

/**
 * The SQL pool's setup follows the open releases: when they change, hard links to them go in a new directory
 * (the workers' only readable one) and the workers pick it up before their next query.
 */
export class SqlService {
  readonly pool: QueryPool;
  private key = '';
  private current: { dir: string; tables: OpenTable[] } = { dir: '', tables: [] };
  private building: Promise<void> | undefined;

  constructor(private readonly root: string, options: { size?: number } = {}) {
    // Links left by a process that died are stale.
    rmSync(path.join(root, 'sandboxes'), { recursive: true, force: true });
    this.pool = new QueryPool({
      name: 'sql',
      size: options.size ?? 2,
      maxWaiting: 16,
      waitMs: 15_000,
      memoryLimit: SANDBOX_LIMITS.memoryLimit,
      hardMemoryMb: SANDBOX_LIMITS.hardMemoryMb,
      setup: () => ({ views: this.current.tables.map((t) => ({ name: t.name, file: path.join(this.current.dir, `${t.name}.parquet`) })), allowedDirectories: [this.current.dir] }),
    });
  }

  async sandbox(ctx: Context): Promise<Sandbox> {
    const tables = await openTables(ctx);
    const key = tables.map((t) => `${t.name}:${t.file}`).sort().join('|');
    if (key !== this.key) {
      this.building ??= this.link(key, tables).finally(() => (this.building = undefined));
      await this.building;
    }
    return new Sandbox(this.pool);
  }

  private async link(key: string, tables: OpenTable[]): Promise<void> {
    const dir = path.join(this.root, 'sandboxes', `sandbox-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
    mkdirSync(dir, { recursive: true });
    for (const table of tables) {
      const target = path.join(dir, `${table.name}.parquet`);
      try {
        linkSync(table.file, target);
      } catch {
        copyFileSync(table.file, target);
      }
    }
    const previous = this.current.dir;
    this.current = { dir, tables };
    this.key = key;
    this.pool.reconfigure();
    // A query still running on the old links ends within its time limit; then they go.
    if (previous) setTimeout(() => rmSync(previous, { recursive: true, force: true }), SANDBOX_LIMITS.timeoutMs + 30_000).unref();
  }

  async close(): Promise<void> {
    this.pool.close();
  }
}
