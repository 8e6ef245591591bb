import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../src/core/errors.ts';
import { QueryPool, type QueryPoolOptions } from '../../src/store/query-pool.ts';

function pool(options: Partial<QueryPoolOptions> = {}) {
  return new QueryPool({ name: 'prueba', size: 1, maxWaiting: 4, waitMs: 10_000, memoryLimit: '256MB', hardMemoryMb: 768, setup: () => ({ views: [], allowedDirectories: [os.tmpdir()] }), ...options });
}

async function rows(p: QueryPool, sql: string, timeoutMs = 10_000): Promise<Record<string, unknown>[]> {
  const { batches } = await p.query({ sql, untrusted: false, timeoutMs });
  const out: Record<string, unknown>[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  assert.fail('expected a failure');
};

test('a worker that crashes, runs out of memory or will not stop is replaced; the next query is answered', async () => {
  const p = pool();
  try {
    assert.deepEqual(await rows(p, 'SELECT 42 AS n'), [{ n: 42 }]);
    const crash = await failure(rows(p, `SELECT json_structure('${'['.repeat(100000)}1${']'.repeat(100000)}')`));
    assert.equal(crash.code, 'unavailable');
    assert.match(crash.messages.es, /se detuvo/);
    assert.deepEqual(await rows(p, 'SELECT 1 AS n'), [{ n: 1 }]);
    const memory = await failure(rows(p, "SELECT list(repeat('x', 100000)) FROM range(1000000)"));
    assert.equal(memory.code, 'unavailable');
    assert.match(memory.messages.en, /memory/);
    const slow = await failure(rows(p, 'SELECT count(*) FROM range(100000000000) a', 500));
    assert.equal(slow.code, 'validation');
    assert.match(slow.messages.es, /tiempo máximo/);
    assert.deepEqual(await rows(p, 'SELECT 2 AS n'), [{ n: 2 }]);
  } finally {
    p.close();
  }
});

test('a bounded number of queries run at once; the rest wait, and beyond the line are told to come back', async () => {
  const p = pool({ maxWaiting: 1, waitMs: 3_000 });
  try {
    const first = await p.query({ sql: 'SELECT range AS n FROM range(1000000)', untrusted: false, timeoutMs: 10_000 });
    // The worker is held by the first query (its rows are not read yet): one waits, the next is refused.
    const second = p.query({ sql: 'SELECT 2 AS n', untrusted: false, timeoutMs: 10_000 });
    const third = await failure(p.query({ sql: 'SELECT 3 AS n', untrusted: false, timeoutMs: 10_000 }));
    assert.equal(third.code, 'unavailable');
    assert.match(third.messages.es, /demasiadas consultas/);
    // Reading a few batches and leaving frees the worker for the one waiting.
    let read = 0;
    for await (const batch of first.batches) {
      read += batch.length;
      if (read >= 4096) break;
    }
    const answered = await second;
    const out: unknown[] = [];
    for await (const batch of answered.batches) out.push(...batch);
    assert.deepEqual(out, [{ n: 2 }]);
  } finally {
    p.close();
  }
});

test('rows come as the reader asks for them: a slow reader holds a few batches in memory, not the result', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'infradatos-pool-'));
  const p = pool();
  try {
    const { batches } = await p.query({ sql: "SELECT range AS n, repeat('x', 100) AS t FROM range(3000000)", untrusted: false, timeoutMs: 60_000 });
    const before = process.memoryUsage().rss;
    await new Promise((r) => setTimeout(r, 1500));
    // In 1.5 s without reading, a worker free to push would have sent hundreds of MB.
    assert.ok(process.memoryUsage().rss - before < 64 * 1024 * 1024, `rss grew by ${((process.memoryUsage().rss - before) / 1048576).toFixed(0)} MB`);
    let count = 0;
    for await (const batch of batches) count += batch.length;
    assert.equal(count, 3_000_000);
  } finally {
    p.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
