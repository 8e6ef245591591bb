import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { processAlive } from '../core/process.ts';

/**
 * The process's DuckDB for dataset contents: in memory, spilling to a temporary directory under
 * DATA_DIR, with a memory limit so large files never take the machine. Ingest and trusted queries use
 * it; untrusted SQL gets its own locked-down instance (sandbox.ts).
 */
export class Engine {
  private instance: Promise<DuckDBInstance> | undefined;

  constructor(private readonly options: { tempDir: string; memoryLimit?: string; threads?: number }) {}

  /** A private scratch directory for one piece of work, removed by `done`; named with the process id, so it can be told stale. */
  scratch(prefix: string): { dir: string; done(): void } {
    mkdirSync(this.options.tempDir, { recursive: true });
    const dir = mkdtempSync(path.join(this.options.tempDir, `${prefix}-${process.pid}-`));
    return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
  }

  /** Removes scratch directories left by processes that died mid-work (a killed ingest); returns how many. */
  removeStaleScratch(): number {
    let removed = 0;
    let names: string[] = [];
    try {
      names = readdirSync(this.options.tempDir);
    } catch {
      return 0;
    }
    for (const name of names) {
      const match = /^[a-z]+-(?:(\d+)-)?[A-Za-z0-9]{6}$/.exec(name);
      if (!match) continue;
      const pid = match[1] ? Number(match[1]) : undefined;
      // Directories without a pid were made by versions before it: their process is gone.
      if (pid !== undefined && (pid === process.pid || processAlive(pid))) continue;
      rmSync(path.join(this.options.tempDir, name), { recursive: true, force: true });
      removed++;
    }
    return removed;
  }

  private open(): Promise<DuckDBInstance> {
    this.instance ??= (async () => {
      mkdirSync(path.join(this.options.tempDir, 'duckdb'), { recursive: true });
      return DuckDBInstance.create(':memory:', {
        memory_limit: this.options.memoryLimit ?? '1GB',
        threads: String(this.options.threads ?? 2),
        temp_directory: path.join(this.options.tempDir, 'duckdb'),
        // Extensions would be fetched from the network: never.
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
      });
    })();
    return this.instance;
  }

  /** A connection the caller closes (for results streamed beyond one function call). */
  async connect(): Promise<DuckDBConnection> {
    return (await this.open()).connect();
  }

  /** Runs `work` on a fresh connection, closed afterwards whatever happens. */
  async use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await (await this.open()).connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  }

  async close(): Promise<void> {
    const instance = await this.instance;
    this.instance = undefined;
    instance?.closeSync();
  }
}

/** A SQL string literal; only for paths and names we generate ourselves, values always go as parameters. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A quoted SQL identifier (column names come from users' files). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
