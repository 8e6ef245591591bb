import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { openPlatform } from '../../src/platform.ts';
import { testPlatform } from '../support/platform.ts';
import { startServerProcess } from '../support/processes.ts';

test('the server stops within 10 s of SIGTERM, even with a client that never reads its answer', async () => {
  const t = await testPlatform();
  await t.platform.close();
  const server = await startServerProcess({ DATA_DIR: t.dataDir, SECRET: t.config.secret, DEMO: '0', ...(t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : {}) });
  // A client that asks for 20 MB and never reads them holds its connection open indefinitely.
  const stalled = http.request(`${server.url}/api/v1/sql`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => response.pause());
  stalled.on('error', () => {});
  try {
    stalled.end(JSON.stringify({ sql: "SELECT range AS n, repeat('x', 200) AS t FROM range(100000)" }));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const started = Date.now();
    const code = await server.stop('SIGTERM');
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds < 10, `stopped in ${seconds.toFixed(1)} s`);
    assert.equal(code, 0, server.output());
  } finally {
    stalled.destroy();
    await server.stop('SIGKILL');
  }
  // The store opens again after the shutdown, as after any other.
  t.platform = await openPlatform(t.config);
  await t.close();
});
