/**
 * A child process that runs queries for the web process in its own DuckDB, so that a query that crashes
 * DuckDB, exhausts memory or never ends takes down this process only (query-pool.ts restarts it).
 * Messages: `init` configures the instance once; `query` runs one statement and streams row batches, one
 * batch per credit the parent grants (`more`), so a slow reader never piles rows up in memory; `cancel` stops it.
 */
import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import type { ChildMessage, InitMessage, ParentMessage, QueryMessage, Refusal } from './query-protocol.ts';
import { refusedReferences } from './query-guard.ts';

let instance: DuckDBInstance | undefined;
let views = new Set<string>();
const running = new Map<number, { connection: DuckDBConnection; credits: number; wake: (() => void) | undefined; cancelled: boolean }>();

const send = (message: ChildMessage) => process.send!(message);

async function init(message: InitMessage): Promise<void> {
  instance = await DuckDBInstance.create(':memory:', {
    memory_limit: message.memoryLimit,
    threads: String(message.threads),
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    ...(message.tempDirectory ? { temp_directory: message.tempDirectory, max_temp_directory_size: message.maxTempSize ?? '1GB' } : { max_temp_directory_size: '0B' }),
  });
  const c = await instance.connect();
  try {
    for (const view of message.views) await c.run(`CREATE VIEW "${view.name.replace(/"/g, '""')}" AS SELECT * FROM read_parquet('${view.file.replace(/'/g, "''")}')`);
    views = new Set(message.views.map((v) => v.name));
    await c.run(`SET allowed_directories = [${message.allowedDirectories.map((d) => `'${d.replace(/'/g, "''")}'`).join(', ')}]`);
    await c.run('SET enable_external_access = false');
    await c.run('SET lock_configuration = true');
  } finally {
    c.closeSync();
  }
}

type Prepared = { refusal: { code: Refusal; detail?: string } } | { statement: DuckDBPreparedStatement };

async function prepareUntrusted(connection: DuckDBConnection, sql: string): Promise<Prepared> {
  let extracted;
  try {
    extracted = await connection.extractStatements(sql);
  } catch (error) {
    return { refusal: { code: 'syntax', detail: firstLine(error) } };
  }
  if (extracted.count !== 1) return { refusal: { code: 'one_statement' } };
  // Judged on the parse tree before anything is bound: binding a file reader would already touch the file system.
  const tree = JSON.parse((await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR) AS tree', [sql])).getRowObjectsJson()[0]!.tree as string) as { error?: boolean };
  if (!tree.error) {
    const refused = refusedReferences(tree, views);
    if (refused) return { refusal: { code: 'refused', detail: refused } };
  }
  const statement = await extracted.prepare(0);
  if (statement.statementType !== StatementType.SELECT) return { refusal: { code: 'select_only' } };
  // Only SELECTs serialize; one that did not is not a plain SELECT either.
  if (tree.error) return { refusal: { code: 'select_only' } };
  return { statement };
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0]!;

async function query(message: QueryMessage): Promise<void> {
  if (!instance) throw new Error('not initialised');
  const connection = await instance.connect();
  const state = { connection, credits: message.credits, wake: undefined as (() => void) | undefined, cancelled: false };
  running.set(message.id, state);
  try {
    let stream;
    if (message.untrusted) {
      const prepared = await prepareUntrusted(connection, message.sql);
      if ('refusal' in prepared) {
        send({ type: 'refused', id: message.id, ...prepared.refusal });
        return;
      }
      stream = await prepared.statement.stream();
    } else {
      stream = await connection.stream(message.sql, message.params as never);
    }
    send({ type: 'columns', id: message.id, columns: stream.columnNames() });
    for await (const rows of stream.yieldRowObjectJson()) {
      if (state.cancelled) break;
      while (state.credits <= 0 && !state.cancelled) await new Promise<void>((resolve) => (state.wake = resolve));
      if (state.cancelled) break;
      state.credits--;
      send({ type: 'rows', id: message.id, rows });
    }
    send({ type: 'done', id: message.id });
  } catch (error) {
    send({ type: 'failed', id: message.id, message: firstLine(error), outOfMemory: /out of memory/i.test(String((error as Error)?.message)) , interrupted: state.cancelled || /interrupt/i.test(String((error as Error)?.message)) });
  } finally {
    running.delete(message.id);
    connection.closeSync();
  }
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') {
    init(message).then(() => send({ type: 'ready' }), (error) => send({ type: 'init_failed', message: firstLine(error) }));
  } else if (message.type === 'query') {
    query(message).catch((error) => send({ type: 'failed', id: message.id, message: firstLine(error), outOfMemory: false, interrupted: false }));
  } else if (message.type === 'more') {
    const state = running.get(message.id);
    if (state) {
      state.credits += message.credits;
      state.wake?.();
      state.wake = undefined;
    }
  } else if (message.type === 'cancel') {
    const state = running.get(message.id);
    if (state) {
      state.cancelled = true;
      state.connection.interrupt();
      state.wake?.();
    }
  }
});

// The parent is gone: nothing left to answer.
process.on('disconnect', () => process.exit(0));
