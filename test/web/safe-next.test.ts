import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeNext } from '../../src/web/format.ts';

test('redirects after sign-in or a language switch stay on the site, in every spelling of another one', () => {
  for (const hostile of ['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '/ /evil.example', 'https://evil.example', 'javascript:alert(1)', '\\\\evil.example', '/%5C%5Cevil.example'.replace('%5C%5C', '\\\\'), ' /datasets', '', undefined, 42, ['/a']]) {
    const target = safeNext(hostile);
    assert.ok(target === '/' || new URL(target, 'http://same.invalid').origin === 'http://same.invalid', `${JSON.stringify(hostile)} → ${target}`);
    assert.equal(target, '/', JSON.stringify(hostile));
  }
  assert.equal(safeNext('/datasets?q=dengue&page=2#resultados'), '/datasets?q=dengue&page=2#resultados');
  assert.equal(safeNext('/búsqueda?q=educación'), '/b%C3%BAsqueda?q=educaci%C3%B3n');
});
