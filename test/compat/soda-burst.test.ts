import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishCsv, publishingApp } from '../support/datasets.ts';

test('a burst of 200 SODA requests at once: each is answered or told to come back (503, Retry-After), and pages answer right after', async () => {
  const { t, app, editor, nit } = await publishingApp();
  try {
    const lines = ['municipio;semana;casos'];
    for (let i = 0; i < 60_000; i++) lines.push(`${String(5001 + (i % 900)).padStart(5, '0')};${1 + (i % 52)};${i % 37}`);
    const id = await publishCsv(app, editor, nit, 'Casos por semana', lines.join('\n') + '\n');
    const heavy = `/resource/${id}.json?$select=municipio,semana,sum(casos) AS total,count(*) AS n&$group=municipio,semana&$order=total DESC&$limit=50000`;
    const pid = process.pid;
    const responses = await Promise.all(Array.from({ length: 200 }, () => app.inject(heavy)));
    const statuses = new Map<number, number>();
    for (const response of responses) {
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      if (response.statusCode === 503) assert.equal(response.headers['retry-after'], '5');
      else assert.equal(response.statusCode, 200, response.body.slice(0, 300));
    }
    assert.ok((statuses.get(200) ?? 0) > 0, JSON.stringify([...statuses]));
    // Every answer is the whole answer: 11,700 pairs (lcm of 900 and 52) and every case counted once.
    const expectedTotal = Array.from({ length: 60_000 }, (_, i) => i % 37).reduce((a, b) => a + b, 0);
    for (const response of responses.filter((r) => r.statusCode === 200)) {
      const groups = response.json() as { total: string; n: string }[];
      assert.equal(groups.length, 11_700);
      assert.equal(groups.reduce((sum, g) => sum + Number(g.total), 0), expectedTotal);
    }
    assert.equal(process.pid, pid);
    assert.equal((await app.inject('/healthz')).statusCode, 200);
    assert.equal((await app.inject(`/datasets/${id}`)).statusCode, 200);
    const [{ n }] = (await app.inject(`/resource/${id}.json?$select=count(*) AS n`)).json();
    assert.equal(n, '60000');
  } finally {
    await app.close();
    await t.close();
  }
});
