import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { LinkChecker } from '../../src/quality/links.ts';

interface Seen {
  method: string;
  path: string;
  at: number;
}

/** A small site with every behaviour a link checker meets: fine, missing, flaky, slow, no HEAD, redirects. */
async function site(): Promise<{ server: Server; host: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  let flaky = 0;
  const server = createServer((request: IncomingMessage, response) => {
    const path = request.url ?? '/';
    seen.push({ method: request.method ?? '', path, at: Date.now() });
    if (path === '/ok') return response.writeHead(200).end('ok');
    if (path === '/missing') return response.writeHead(404).end();
    if (path === '/flaky') return response.writeHead(++flaky < 3 ? 503 : 200).end();
    if (path === '/down') return response.writeHead(500).end();
    if (path === '/slow') return setTimeout(() => response.writeHead(200).end(), 1_500);
    if (path === '/no-head') return response.writeHead(request.method === 'HEAD' ? 405 : 200).end();
    if (path === '/moved') return response.writeHead(301, { location: '/ok' }).end();
    if (path === '/away') return response.writeHead(302, { location: 'http://elsewhere.invalid/secret' }).end();
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, host: `127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

test('link checks: statuses, retries, timeouts, HEAD refused, redirects kept within the named hosts, one host paced', async () => {
  const { server, host, seen } = await site();
  try {
    const checker = new LinkChecker({ timeoutMs: 500, retries: 2, perHostIntervalMs: 40, privateHostsAllowed: [host] });
    const url = (path: string) => `http://${host}${path}`;
    const results = await checker.checkAll(['/ok', '/missing', '/flaky', '/down', '/slow', '/no-head', '/moved', '/away'].map(url));
    const r = (path: string) => results.get(url(path))!;
    assert.deepEqual([r('/ok').ok, r('/ok').status, r('/ok').attempts], [true, 200, 1]);
    assert.deepEqual([r('/missing').ok, r('/missing').status, r('/missing').attempts], [false, 404, 1]);
    // 503 twice, then 200 on the third attempt.
    assert.deepEqual([r('/flaky').ok, r('/flaky').attempts], [true, 3]);
    assert.deepEqual([r('/down').ok, r('/down').status, r('/down').attempts], [false, 500, 3]);
    assert.equal(r('/slow').ok, false);
    assert.match(r('/slow').error!, /500 ms/);
    assert.equal(r('/slow').attempts, 3);
    assert.equal(r('/no-head').ok, true);
    assert.deepEqual(seen.filter((s) => s.path === '/no-head').map((s) => s.method), ['HEAD', 'GET']);
    // A redirect within the host is followed; one to a host the metadata does not name is not visited.
    assert.equal(r('/moved').status, 200);
    assert.deepEqual([r('/away').ok, r('/away').status], [true, 302]);
    // One request at a time per host, spaced by the interval (a little timer slack allowed).
    const times = seen.map((s) => s.at).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 35, `requests ${i - 1} and ${i} only ${times[i]! - times[i - 1]!} ms apart`);
  } finally {
    server.close();
  }
});

test('link checks refuse hosts the metadata does not name, private addresses and other schemes', async () => {
  const { server, host, seen } = await site();
  try {
    const checker = new LinkChecker({ timeoutMs: 500, retries: 0, perHostIntervalMs: 0 });
    const privateLink = await checker.check(`http://${host}/ok`, new Set([host]));
    assert.equal(privateLink.ok, false);
    assert.match(privateLink.error!, /private network/);
    const unnamed = await checker.check(`http://${host}/ok`, new Set(['datos.gov.co']));
    assert.match(unnamed.error!, /not named in the metadata/);
    const ftp = await checker.check('ftp://datos.gov.co/x', new Set(['datos.gov.co']));
    assert.match(ftp.error!, /only http and https/);
    const metadataService = await checker.check('http://169.254.169.254/latest/meta-data', new Set(['169.254.169.254']));
    assert.match(metadataService.error!, /private network/);
    assert.equal(seen.length, 0);
  } finally {
    server.close();
  }
});
