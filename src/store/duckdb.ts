import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * The process's DuckDB for dataset contents: in memory, spilling to a temporary directory under
 * DATA_DIR, with a memory limit so large files never take the machine. Ingest and trusted queries use
 * it; untrusted SQL gets its own locked-down instance (sandbox.ts).
 */
export class Engine {
  private instance: Promise<DuckDBInstance> | undefined;

  constructor(private readonly options: { tempDir: string; memoryLimit?: string; threads?: number }) {}

  /** A private scratch directory for one piece of work, removed by `done`. */
  scratch(prefix: string): { dir: string; done(): void } {
    mkdirSync(this.options.tempDir, { recursive: true });
    const dir = mkdtempSync(path.join(this.options.tempDir, `${prefix}-`));
    return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
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
