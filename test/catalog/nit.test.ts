import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nitCheckDigit, parseNit } from '../../src/catalog/nit.ts';

test("DIAN's verification digit", () => {
  // Known NITs: the two of the issue, DANE, DNP, Bogotá, Medellín.
  for (const [nit, dv] of [['800197268', 4], ['890903938', 8], ['899999027', 8], ['899999011', 0], ['899999061', 9], ['890905211', 1]] as const) {
    assert.equal(nitCheckDigit(nit), dv, nit);
  }
});

test('NITs are accepted in the forms people write them', () => {
  assert.deepEqual(parseNit('800197268-4'), { nit: '800197268', checkDigit: 4 });
  assert.deepEqual(parseNit('800.197.268-4'), { nit: '800197268', checkDigit: 4 });
  assert.deepEqual(parseNit(' 890903938 '), { nit: '890903938', checkDigit: 8 });
});

test('a wrong verification digit or a malformed NIT is explained in both languages', () => {
  const wrong = parseNit('800197268-5');
  assert.ok('error' in wrong);
  assert.match(wrong.error.es, /dígito de verificación del NIT 800197268 es 4, no 5/);
  assert.match(wrong.error.en, /verification digit of NIT 800197268 is 4, not 5/);
  const malformed = parseNit('80019A268');
  assert.ok('error' in malformed);
  assert.ok('error' in parseNit('123'));
});
