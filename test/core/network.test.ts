import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPrivateAddress, refusedAddress } from '../../src/core/network.ts';
import { fetchDocument } from '../../src/linked/harvest/fetch.ts';
import { LinkChecker } from '../../src/quality/links.ts';

test('private, loopback, link-local and metadata addresses are refused in every spelling', async () => {
  const refused = [
    'http://127.0.0.1/', 'http://127.1/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://0x7f.0.0.1/', 'http://0/',
    'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/', 'http://[::ffff:10.0.0.1]/', 'http://[0:0:0:0:0:ffff:a9fe:a9fe]/',
    'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/', 'http://[fe80::1]/', 'http://[64:ff9b::7f00:1]/', 'http://[2002:7f00:1::]/',
    'http://10.1.2.3/', 'http://172.16.0.1/', 'http://192.168.1.1/', 'http://100.64.0.1/', 'http://198.18.0.1/', 'http://224.0.0.1/', 'http://255.255.255.255/', 'http://0.0.0.0/',
    'http://localhost/', 'http://localhost./',
  ];
  for (const address of refused) assert.ok(await refusedAddress(new URL(address), []), address);
  for (const address of ['http://8.8.8.8/', 'http://[2001:4860:4860::8888]/', 'http://[::ffff:8.8.8.8]/']) assert.equal(await refusedAddress(new URL(address), []), null, address);
  assert.equal(await refusedAddress(new URL('ftp://8.8.8.8/'), []), 'only http and https links are checked');
  assert.ok(isPrivateAddress('not an address'));
});

test('the harvester and the link checker do not follow a redirect into a private address', async () => {
  // One loopback server is allowed by name (as BASE_URL's host is); it redirects to another loopback port.
  const inner = createServer((_req, res) => res.end('secreto')).listen(0, '127.0.0.1');
  await new Promise((r) => inner.once('listening', r));
  const innerPort = (inner.address() as AddressInfo).port;
  const outer = createServer((req, res) => {
    const targets: Record<string, string> = { '/mapped': `http://[::ffff:127.0.0.1]:${innerPort}/`, '/decimal': `http://2130706433:${innerPort}/`, '/metadata': 'http://169.254.169.254/latest/meta-data/' };
    res.writeHead(302, { location: targets[req.url!] ?? '/' }).end();
  }).listen(0, '127.0.0.1');
  await new Promise((r) => outer.once('listening', r));
  const host = `127.0.0.1:${(outer.address() as AddressInfo).port}`;
  try {
    for (const path of ['/mapped', '/decimal', '/metadata']) {
      await assert.rejects(fetchDocument(`http://${host}${path}`, '*/*', { timeoutMs: 2000, maxBytes: 1024, privateHostsAllowed: [host] }), /private network/, path);
    }
    const checker = new LinkChecker({ privateHostsAllowed: [host], unpacedHosts: [host], retries: 0 });
    for (const path of ['/mapped', '/decimal']) {
      const target = new URL(`http://${host}${path}`);
      const redirected = new URL((await fetch(target, { redirect: 'manual' })).headers.get('location')!);
      const result = await checker.check(target.href, new Set([host, redirected.host]));
      assert.equal(result.ok, false, path);
      assert.match(String(result.error), /private network/, path);
    }
  } finally {
    inner.close();
    outer.close();
  }
});
