import { invalid } from '../core/errors.ts';
import type { QueryPool } from '../store/query-pool.ts';

export interface OpenTable {
  /** The dataset id, which is also the table's name in SQL. */
  name: string;
  /** The release's Parquet file. */
  file: string;
}

export const SANDBOX_LIMITS = { timeoutMs: 10_000, memoryLimit: '512MB', hardMemoryMb: 1024, maxRows: 100_000, maxBytes: 32 * 1024 * 1024 };

/**
 * SQL written by anyone, run by a worker process of the SQL pool (store/query-pool.ts) over links to the open
 * releases: one SELECT naming only those tables, no file, network, setting or environment access, time and
 * memory bounded; a crash or an out-of-memory ends the worker, never the web process.
 */
export class Sandbox {
  constructor(private readonly pool: QueryPool) {}

  /** Runs one untrusted SELECT, streaming rows to `onRows`; stopped on timeout, when `onRows` says so, or when `signal` aborts. */
  async query(sql: string, onRows: (columns: string[], rows: Record<string, unknown>[]) => boolean | void, signal?: AbortSignal): Promise<{ columns: string[]; rows: number; truncated: boolean }> {
    if (sql.length > 100_000) throw invalid({ es: 'La consulta es demasiado larga (máximo 100.000 caracteres).', en: 'The query is too long (100,000 characters at most).' });
    const { columns, batches } = await this.pool.query({ sql, untrusted: true, timeoutMs: SANDBOX_LIMITS.timeoutMs, ...(signal ? { signal } : {}) });
    let count = 0;
    let truncated = false;
    for await (const rows of batches) {
      const room = SANDBOX_LIMITS.maxRows - count;
      const slice = rows.length > room ? rows.slice(0, room) : rows;
      count += slice.length;
      if (onRows(columns, slice) === false || rows.length > room) {
        truncated = true;
        break;
      }
    }
    return { columns, rows: count, truncated };
  }
}
