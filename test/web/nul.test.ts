import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { holdsNul } from '../../src/web/nul.ts';

test('NUL characters are found in parsed bodies, and an upload stream is not walked (its object graph is cyclic and huge)', async () => {
  assert.equal(holdsNul({ a: [{ b: 'x\u0000' }] }), true);
  assert.equal(holdsNul({ 'a\u0000': 1 }), true);
  assert.equal(holdsNul(Object.assign(Object.create(null), { a: 'ok' })), false);
  assert.equal(holdsNul(Buffer.from('a\u0000b')), false);
  assert.equal(holdsNul(new PassThrough()), false);
  // A real request stream, as a raw upload's body is: it must be passed over at once.
  const server = createServer((req: IncomingMessage, res) => res.end(String(holdsNul(req))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const answer = await new Promise<string>((resolve, reject) => {
      const req = request({ port: (server.address() as AddressInfo).port, method: 'POST', host: '127.0.0.1' }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c)).on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end('codigo;valor\n05001;1\n');
    });
    assert.equal(answer, 'false');
  } finally {
    server.close();
  }
});
