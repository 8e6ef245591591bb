import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../src/ledger/jcs.ts';

test('RFC 8785: member order by UTF-16 code units, numbers and strings as the RFC prints them', () => {
  // The RFC's own sorting example (§3.2.3): keys in UTF-16 order, not UTF-8 or locale order.
  const sorted = canonicalJson({ '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' });
  assert.equal(sorted, '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}');
  // Numbers (§3.2.2.3 examples).
  assert.equal(canonicalJson([333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001, -0, 1e21, 1e-7]), '[333333333.3333333,1e+30,4.5,0.002,1e-27,0,1e+21,1e-7]');
  assert.equal(canonicalJson({ b: [1, { d: true, c: null }], a: 'x\u001f"\\' }), '{"a":"x\\u001f\\"\\\\","b":[1,{"c":null,"d":true}]}');
  assert.throws(() => canonicalJson(Number.NaN));
  assert.throws(() => canonicalJson('\ud800'));
});
