import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishingApp } from '../support/datasets.ts';

test('deeply nested JSON and GeoJSON are refused with where they go too deep, and the server keeps publishing', async () => {
  const { t, app, editor, nit } = await publishingApp();
  try {
    const id = (await app.inject({ method: 'POST', url: `/api/v1/entities/${nit}/datasets`, headers: editor, payload: { title: 'Registros' } })).json().id as string;
    const upload = (name: string, body: string) => app.inject({ method: 'POST', url: `/api/v1/datasets/${id}/uploads?file_name=${name}&publish=true&wait=true`, headers: { ...editor, 'content-type': 'application/octet-stream' }, payload: body });
    // 40 KB of brackets: DuckDB's JSON reader ends the process with a segmentation fault on it.
    const hostile: [string, string][] = [
      ['anidado.json', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
      ['registros.json', `[{"a": 1},\n{"a": ${'['.repeat(5_000)}1${']'.repeat(5_000)}}]`],
      ['mapa.geojson', `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":${'['.repeat(5_000)}1${']'.repeat(5_000)}}}]}`],
    ];
    for (const [name, body] of hostile) {
      const result = (await upload(name, body)).json();
      assert.equal(result.status, 'failed', name);
      assert.match(result.error.message.es, /anida objetos o listas a más de 64 niveles \(línea \d+, columna \d+\)/, name);
      assert.match(result.error.message.en, /more than 64 levels deep/, name);
    }
    // Brackets inside strings are text, not nesting.
    const fine = (await upload('texto.json', `[{"nota": "${'['.repeat(500)}", "valor": 3}]`)).json();
    assert.equal(fine.status, 'published', JSON.stringify(fine.error));
    assert.equal((await app.inject('/healthz')).statusCode, 200);
  } finally {
    await app.close();
    await t.close();
  }
});
