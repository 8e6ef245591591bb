import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, spanishSortKey, words } from '../../src/core/text.ts';
import { format, langFromAcceptLanguage } from '../../src/core/i18n.ts';
import { newId, isId } from '../../src/core/ids.ts';

test('fold removes accents and case as unaccent does', () => {
  assert.equal(fold('Educación Ñandú ÁRBOL'), 'educacion nandu arbol');
});

test('Spanish sort keys: accents ignored, ñ between n and o, byte order equals collation', () => {
  const titles = ['Zona', 'Ñame', 'Óvalo', 'nube', 'Árbol', 'avión', 'Nuñez', 'Núcleo', 'oso', 'ácido'];
  const sorted = [...titles].sort((a, b) => (spanishSortKey(a) < spanishSortKey(b) ? -1 : 1));
  assert.deepEqual(sorted, ['ácido', 'Árbol', 'avión', 'nube', 'Núcleo', 'Nuñez', 'Ñame', 'oso', 'Óvalo', 'Zona']);
  assert.deepEqual(sorted, [...titles].sort(new Intl.Collator('es').compare));
});

test('words splits folded text', () => {
  assert.deepEqual(words('Plan de Acción 2024, (versión-2)'), ['plan', 'de', 'accion', '2024', 'version', '2']);
});

test('Accept-Language prefers the highest-ranked supported language, Spanish by default', () => {
  assert.equal(langFromAcceptLanguage(undefined), 'es');
  assert.equal(langFromAcceptLanguage('en-US,en;q=0.9'), 'en');
  assert.equal(langFromAcceptLanguage('fr-FR, en;q=0.5, es;q=0.8'), 'es');
  assert.equal(langFromAcceptLanguage('de'), 'es');
});

test('ids are time-ordered and well formed', async () => {
  const a = newId(1_700_000_000_000);
  const b = newId(1_700_000_000_001);
  assert.ok(isId(a) && isId(b));
  assert.ok(a < b);
  assert.notEqual(newId(), newId());
});

test('messages choose singular or plural by the number', () => {
  assert.equal(format('{n} {n|activo|activos}', { n: 1 }), '1 activo');
  assert.equal(format('{n} {n|activo|activos}', { n: '1.250' }), '1.250 activos');
  assert.equal(format('{n} {n|activo|activos}', { n: 0 }), '0 activos');
  assert.equal(format('{x} sin cambio', {}), '{x} sin cambio');
});
