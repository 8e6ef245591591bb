import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { invalid } from '../../src/core/errors.ts';
import { JobQueue } from '../../src/store/jobs.ts';
import { openPostgres } from '../../src/store/database.ts';
import { onPostgres, testPlatform } from '../support/platform.ts';

test('a job runs once, reports progress, and keeps its result', async () => {
  const t = await testPlatform();
  try {
    const queue = new JobQueue(t.platform.store.db);
    const seen: number[] = [];
    queue.register('count', async (payload: { n: number }, job) => {
      for (let i = 1; i <= payload.n; i++) {
        job.progress(i, payload.n);
        seen.push((await queue.get(job.id))!.progress.done);
      }
      return { total: payload.n };
    });
    const id = await queue.enqueue({ kind: 'count', payload: { n: 3 }, entityId: null });
    assert.equal((await queue.get(id))!.status, 'queued');
    await queue.runUntilIdle();
    const job = (await queue.get(id))!;
    assert.equal(job.status, 'succeeded');
    assert.deepEqual(job.result, { total: 3 });
    assert.deepEqual(job.progress, { done: 3, total: 3, percent: 100 });
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(job.attempts, 1);
  } finally {
    await t.close();
  }
});

test("a user's mistake fails at once with its bilingual message; a crash is retried, then failed", async () => {
  const t = await testPlatform();
  try {
    const queue = new JobQueue(t.platform.store.db);
    let crashes = 0;
    queue.register('bad-input', async () => {
      throw invalid({ es: 'Fila 3: fecha inválida.', en: 'Row 3: invalid date.' });
    });
    queue.register('crash', async () => {
      crashes++;
      throw new Error('disk on fire');
    });
    const bad = await queue.enqueue({ kind: 'bad-input', payload: {} });
    const crash = await queue.enqueue({ kind: 'crash', payload: {}, maxAttempts: 2 });
    await queue.runUntilIdle();
    const badJob = (await queue.get(bad))!;
    assert.equal(badJob.status, 'failed');
    assert.equal(badJob.attempts, 1);
    assert.deepEqual(badJob.error?.message, { es: 'Fila 3: fecha inválida.', en: 'Row 3: invalid date.' });
    // The crash was rescheduled with a back-off; make it due now and run it again.
    assert.equal((await queue.get(crash))!.status, 'queued');
    await t.platform.store.db.updateTable('jobs').set({ run_after: new Date(0) }).where('id', '=', crash).execute();
    await queue.runUntilIdle();
    const crashJob = (await queue.get(crash))!;
    assert.equal(crashJob.status, 'failed');
    assert.equal(crashes, 2);
    assert.match(crashJob.error!.message.en, /disk on fire/);
  } finally {
    await t.close();
  }
});

test('a job whose process died is retried, or failed with the reason once out of attempts', async () => {
  const t = await testPlatform();
  try {
    const db = t.platform.store.db;
    const queue = new JobQueue(db);
    const ran: string[] = [];
    queue.register('work', async (_p, job) => {
      ran.push(job.id);
      return 'ok';
    });
    const retry = await queue.enqueue({ kind: 'work', payload: {}, maxAttempts: 3 });
    const exhausted = await queue.enqueue({ kind: 'work', payload: {}, maxAttempts: 1 });
    // As if another process had claimed both and died: running, one attempt used, heartbeat long ago.
    await db.updateTable('jobs').set({ status: 'running', attempts: 1, heartbeat_at: new Date(Date.now() - 3_600_000), locked_by: 'dead' }).execute();
    assert.equal(await queue.recoverStale(60_000), 2);
    await queue.runUntilIdle();
    assert.equal((await queue.get(retry))!.status, 'succeeded');
    const failed = (await queue.get(exhausted))!;
    assert.equal(failed.status, 'failed');
    assert.match(failed.error!.message.es, /terminó sin completarlo/);
    assert.deepEqual(ran, [retry]);
    // A job that may itself kill its process (say a file that crashes the reader) gets one retry, not one per restart.
    const crashing = await queue.enqueue({ kind: 'work', payload: {}, maxAttempts: 3 });
    await db.updateTable('jobs').set({ status: 'running', attempts: 2, heartbeat_at: new Date(Date.now() - 3_600_000), locked_by: 'dead' }).where('id', '=', crashing).execute();
    assert.equal(await queue.recoverStale(60_000), 1);
    assert.equal((await queue.get(crashing))!.status, 'failed');
  } finally {
    await t.close();
  }
});

test('two workers never take the same job (FOR UPDATE SKIP LOCKED)', { skip: !onPostgres && 'needs several connections: runs against PostgreSQL' }, async () => {
  const t = await testPlatform();
  const second = await openPostgres(t.config.databaseUrl!, 4);
  try {
    const taken: string[] = [];
    const make = (db: typeof second.db) => {
      const queue = new JobQueue(db);
      queue.register('slow', async (_p, job) => {
        taken.push(job.id);
        await sql`SELECT pg_sleep(0.02)`.execute(db);
      });
      return queue;
    };
    const a = make(t.platform.store.db);
    const b = make(second.db);
    for (let i = 0; i < 40; i++) await a.enqueue({ kind: 'slow', payload: { i } });
    await Promise.all([a.runUntilIdle(), b.runUntilIdle(), a.runUntilIdle(), b.runUntilIdle()]);
    assert.equal(taken.length, 40);
    assert.equal(new Set(taken).size, 40);
  } finally {
    await second.close();
    await t.close();
  }
});
