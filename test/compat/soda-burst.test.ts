import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishCsv, publishingApp } from '../support/datasets.ts';

test('30 s of 200 concurrent SODA connections: each answered whole or told to come back (503, Retry-After), and pages answer right after', async () => {
  const { t, app, editor, nit } = await publishingApp();
  try {
    const lines = ['municipio;semana;casos'];
    for (let i = 0; i < 60_000; i++) lines.push(`${String(5001 + (i % 900)).padStart(5, '0')};${1 + (i % 52)};${i % 37}`);
    const id = await publishCsv(app, editor, nit, 'Casos por semana', lines.join('\n') + '\n');
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const heavy = `${base}/resource/${id}.json?$select=municipio,semana,sum(casos) AS total,count(*) AS n&$group=municipio,semana&$order=total DESC&$limit=50000`;
    // Every answer is the whole answer: 11,700 pairs (lcm of 900 and 52) and every case counted once.
    const expectedTotal = Array.from({ length: 60_000 }, (_, i) => i % 37).reduce((a, b) => a + b, 0);
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    const until = Date.now() + 30_000;
    // 200 clients, each sending its next request as soon as the last one is answered, for 30 s (bounded in time and count).
    await Promise.all(Array.from({ length: 200 }, async () => {
      for (let i = 0; i < 500 && Date.now() < until; i++) {
        const response = await fetch(heavy);
        const body = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 503) {
          if (response.headers.get('retry-after') !== '5') problems.push('503 without Retry-After');
          continue;
        }
        if (response.status !== 200) {
          problems.push(`${response.status} ${body.slice(0, 200)}`);
          continue;
        }
        const groups = JSON.parse(body) as { total: string }[];
        if (groups.length !== 11_700 || groups.reduce((sum, g) => sum + Number(g.total), 0) !== expectedTotal) problems.push('an incomplete answer');
      }
    }));
    assert.deepEqual(problems.slice(0, 5), [], JSON.stringify([...statuses]));
    assert.ok((statuses.get(200) ?? 0) > 0, JSON.stringify([...statuses]));
    for (const url of ['/healthz', `/datasets/${id}`, `/resource/${id}.json?$select=count(*) AS n`]) assert.equal((await fetch(`${base}${url}`)).status, 200, url);
  } finally {
    await app.close();
    await t.close();
  }
});
