import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../store/context.ts';
import { Sandbox, type OpenTable } from './sandbox.ts';
import type { TableSchema } from './table-schema.ts';

/** The open releases anyone may query (current releases of public datasets), with what a reader needs to know of them. */
export async function openTables(ctx: Context): Promise<(OpenTable & { title: string; fields: string[] })[]> {
  const rows = await ctx.db.selectFrom('datasets')
    .innerJoin('releases', (join) => join.onRef('releases.dataset_id', '=', 'datasets.id').onRef('releases.number', '=', 'datasets.current_release'))
    .select(['datasets.id', 'datasets.title', 'releases.parquet_key', 'releases.schema'])
    .where('datasets.access_level', '=', 'public')
    .orderBy('datasets.title')
    .execute();
  return rows.map((r) => ({ name: r.id, file: ctx.blobs.location(r.parquet_key), title: r.title, fields: (r.schema as TableSchema).fields.map((f) => f.name) }));
}

/** Keeps one sandbox over the current open releases, rebuilt when they change. */
export class SqlService {
  private current: Promise<Sandbox> | undefined;

  constructor(private readonly root: string) {
    // Links left by a process that died are stale.
    rmSync(path.join(root, 'sandboxes'), { recursive: true, force: true });
  }

  async sandbox(ctx: Context): Promise<Sandbox> {
    const tables = await openTables(ctx);
    const key = tables.map((t) => `${t.name}:${t.file}`).sort().join('|');
    const existing = await this.current?.catch(() => undefined);
    if (existing && existing.key === key) return existing;
    const next = Sandbox.build(path.join(this.root, 'sandboxes'), tables);
    this.current = next;
    existing?.retire();
    return next;
  }

  async close(): Promise<void> {
    (await this.current?.catch(() => undefined))?.retire();
    this.current = undefined;
  }
}
