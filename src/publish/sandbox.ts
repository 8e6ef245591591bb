import { copyFileSync, linkSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { AppError, invalid } from '../core/errors.ts';
import { ident, literal } from '../store/duckdb.ts';

export interface OpenTable {
  /** The dataset id, which is also the table's name in SQL. */
  name: string;
  /** The release's Parquet file. */
  file: string;
}

export const SANDBOX_LIMITS = { timeoutMs: 10_000, memoryLimit: '512MB', maxRows: 100_000, maxBytes: 32 * 1024 * 1024 };

/**
 * DuckDB for SQL written by anyone. It sees only links to the open releases (in a directory of its own),
 * with file and network access disabled and its configuration locked; only one SELECT per request runs.
 * When the set of open releases changes, a new sandbox is built and the old one closed once idle.
 */
export class Sandbox {
  private instance: DuckDBInstance | undefined;
  private running = 0;

  private constructor(readonly key: string, private readonly dir: string) {}

  static async build(root: string, tables: OpenTable[]): Promise<Sandbox> {
    const key = tables.map((t) => `${t.name}:${t.file}`).sort().join('|');
    const dir = path.join(root, `sandbox-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
    mkdirSync(dir, { recursive: true });
    const sandbox = new Sandbox(key, dir);
    for (const table of tables) {
      const target = path.join(dir, `${table.name}.parquet`);
      try {
        linkSync(table.file, target);
      } catch {
        copyFileSync(table.file, target);
      }
    }
    const instance = await DuckDBInstance.create(':memory:', {
      memory_limit: SANDBOX_LIMITS.memoryLimit,
      threads: '1',
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      max_temp_directory_size: '0B',
    });
    const c = await instance.connect();
    try {
      for (const table of tables) {
        await c.run(`CREATE VIEW ${ident(table.name)} AS SELECT * FROM read_parquet(${literal(path.join(dir, `${table.name}.parquet`))})`);
      }
      await c.run(`SET allowed_directories = [${literal(dir)}]`);
      await c.run(`SET enable_external_access = false`);
      await c.run(`SET lock_configuration = true`);
    } finally {
      c.closeSync();
    }
    sandbox.instance = instance;
    return sandbox;
  }

  /** Runs one untrusted SELECT, streaming rows to `onRows`; interrupted on timeout or when `signal` aborts. */
  async query(sql: string, onRows: (columns: string[], rows: Record<string, unknown>[]) => boolean | void, signal?: AbortSignal): Promise<{ columns: string[]; rows: number; truncated: boolean }> {
    if (!this.instance) throw new Error('sandbox closed');
    if (sql.length > 100_000) throw invalid({ es: 'La consulta es demasiado larga (máximo 100.000 caracteres).', en: 'The query is too long (100,000 characters at most).' });
    this.running++;
    const connection = await this.instance.connect();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, SANDBOX_LIMITS.timeoutMs);
    const abort = () => connection.interrupt();
    signal?.addEventListener('abort', abort);
    try {
      const statement = await this.prepareOne(connection, sql);
      const result = await statement.stream();
      const columns = result.columnNames();
      let count = 0;
      let truncated = false;
      for await (const rows of result.yieldRowObjectJson()) {
        const room = SANDBOX_LIMITS.maxRows - count;
        const slice = rows.length > room ? rows.slice(0, room) : rows;
        count += slice.length;
        if (onRows(columns, slice) === false || rows.length > room) {
          truncated = true;
          break;
        }
      }
      return { columns, rows: count, truncated };
    } catch (error) {
      if (error instanceof AppError) throw error;
      const message = (error as Error).message.split('\n')[0]!.replaceAll(this.dir, '…');
      if (timedOut) throw new AppError('validation', { es: `La consulta superó el tiempo máximo (${SANDBOX_LIMITS.timeoutMs / 1000} s) y se canceló.`, en: `The query exceeded the time limit (${SANDBOX_LIMITS.timeoutMs / 1000} s) and was cancelled.` });
      throw invalid({ es: `La consulta falló: ${message}`, en: `The query failed: ${message}` }, [{ field: 'sql', message: { es: message, en: message } }]);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      connection.closeSync();
      this.running--;
    }
  }

  private async prepareOne(connection: DuckDBConnection, sql: string) {
    const refused = (es: string, en: string) => new AppError('forbidden', { es, en });
    let extracted;
    try {
      extracted = await connection.extractStatements(sql);
    } catch (error) {
      const message = (error as Error).message.split('\n')[0]!;
      throw invalid({ es: `La consulta no es SQL válido: ${message}`, en: `The query is not valid SQL: ${message}` }, [{ field: 'sql', message: { es: message, en: message } }]);
    }
    if (extracted.count !== 1) throw refused('Envíe exactamente una consulta SELECT.', 'Send exactly one SELECT query.');
    const statement = await extracted.prepare(0);
    if (statement.statementType !== StatementType.SELECT) {
      throw refused('Solo se permiten consultas SELECT: nada que escriba, cambie la configuración o cargue extensiones.', 'Only SELECT queries are allowed: nothing that writes, changes settings or loads extensions.');
    }
    return statement;
  }

  /** Closes when no query runs any more. */
  retire(): void {
    const close = () => {
      if (this.running > 0) {
        setTimeout(close, 1000).unref();
        return;
      }
      this.instance?.closeSync();
      this.instance = undefined;
      rmSync(this.dir, { recursive: true, force: true });
    };
    close();
  }
}
