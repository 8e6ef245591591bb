import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../src/core/errors.ts';
import { lockDataDir, readLock } from '../../src/store/lock.ts';

test('a second process is refused the data directory, with who holds it and what to do', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lock-'));
  try {
    const lock = lockDataDir(dir, 'servidor', 'http://localhost:8080');
    assert.equal(readLock(dir)?.pid, process.pid);
    assert.throws(() => lockDataDir(dir, 'import-inventory'), (error: AppError) => {
      assert.equal(error.code, 'locked');
      assert.match(error.messages.es, /en uso por otro proceso: servidor \(pid \d+, http:\/\/localhost:8080\)/);
      assert.match(error.messages.en, /DATABASE_URL/);
      return true;
    });
    lock.release();
    assert.equal(existsSync(path.join(dir, 'LOCK')), false);
    lockDataDir(dir, 'again').release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock left by a dead process is taken over', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lock-'));
  try {
    writeFileSync(path.join(dir, 'LOCK'), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), purpose: 'servidor', started_at: '2020-01-01' }));
    const lock = lockDataDir(dir, 'nuevo');
    assert.equal(readLock(dir)?.purpose, 'nuevo');
    lock.release();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
