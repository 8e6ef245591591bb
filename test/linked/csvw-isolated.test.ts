import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../src/core/errors.ts';
import { convertIsolated } from '../../src/linked/csvw/isolated.ts';

const metadata = (url: string) => JSON.stringify({ '@context': 'http://www.w3.org/ns/csvw', url, tableSchema: { columns: [{ name: 'a', datatype: 'integer' }, { name: 'b' }] } });

test('a CSVW conversion runs in a thread of its own: converted, or stopped at its memory ceiling without the server', async () => {
  const base = 'http://localhost:8080/api/v1/datasets/x/releases/1/';
  const small = await convertIsolated({ metadataUrl: `${base}data.csv-metadata.json`, csvUrl: `${base}data.csv`, metadata: metadata(`${base}data.csv`), csv: 'a,b\n1,uno\n2,dos\n', target: 'json', minimal: true });
  assert.deepEqual(small, [{ a: 1, b: 'uno' }, { a: 2, b: 'dos' }]);
  const rdf = await convertIsolated({ metadataUrl: `${base}data.csv-metadata.json`, csvUrl: `${base}data.csv`, metadata: metadata(`${base}data.csv`), csv: 'a,b\n1,uno\n', target: 'rdf', minimal: true }) as { object: { value: string } }[];
  assert.ok(rdf.some((q) => q.object.value === 'uno'));
  // 300,000 rows in a thread allowed 32 MB: the thread stops, this process goes on.
  const csv = 'a,b\n' + Array.from({ length: 300_000 }, (_, i) => `${i},texto ${i}`).join('\n') + '\n';
  await assert.rejects(convertIsolated({ metadataUrl: `${base}data.csv-metadata.json`, csvUrl: `${base}data.csv`, metadata: metadata(`${base}data.csv`), csv, target: 'json', minimal: false }, { timeoutMs: 60_000, memoryMb: 32 }), (e: AppError) => e.code === 'unavailable');
  assert.deepEqual(await convertIsolated({ metadataUrl: `${base}data.csv-metadata.json`, csvUrl: `${base}data.csv`, metadata: metadata(`${base}data.csv`), csv: 'a,b\n7,siete\n', target: 'json', minimal: true }), [{ a: 7, b: 'siete' }]);
});
