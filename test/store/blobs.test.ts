import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { FileBlobStore, openBlobStore } from '../../src/store/blobs.ts';

test('blobs are stored whole with their hash, and an oversized upload leaves nothing behind', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'blobs-'));
  try {
    const blobs = new FileBlobStore(dir);
    const data = Buffer.from('Categoría;Descripción\n'.repeat(1000));
    const stored = await blobs.put('imports/a.csv', Readable.from([data]));
    assert.equal(stored.size, data.length);
    assert.equal(stored.sha256, createHash('sha256').update(data).digest('hex'));
    assert.deepEqual(await buffer(blobs.read('imports/a.csv')), data);
    await assert.rejects(blobs.put('imports/b.csv', Readable.from([data, data]), { maxBytes: data.length }), /maximum allowed size/);
    assert.equal(await blobs.size('imports/b.csv'), undefined);
    assert.deepEqual(readdirSync(path.join(dir, '.tmp')), []);
    await assert.rejects(blobs.put('../escape', Buffer.from('x')), /Invalid blob key/);
    await blobs.delete('imports/a.csv');
    assert.equal(await blobs.size('imports/a.csv'), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('BLOB_URL takes a directory or a file:// URL; other schemes are refused clearly', () => {
  assert.ok(openBlobStore('/tmp/x') instanceof FileBlobStore);
  assert.ok(openBlobStore('file:///tmp/x') instanceof FileBlobStore);
  assert.throws(() => openBlobStore('s3://bucket/prefix'), /not supported yet/);
});
