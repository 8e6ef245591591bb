import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordProblem } from '../../src/catalog/passwords.ts';

test('new passwords: long enough, not among the most used (also with digits added), not the email, explained in both languages', () => {
  for (const weak of ['corta', 'password123', 'qwertyuiop', '1234567890', 'contraseña2024', 'Colombia2024!', 'aaaaaaaaaaaa', 'abababababab', 'iloveyou1234', 'x'.repeat(1025)]) {
    const problem = passwordProblem(weak, 'persona@dane.gov.co');
    assert.ok(problem, weak);
    assert.ok(problem.es && problem.en, weak);
  }
  assert.ok(passwordProblem('juan.perez2024', 'juan.perez@dane.gov.co'), 'the email’s name and a year');
  assert.equal(passwordProblem('demo-infradatos', 'datos@dane.gov.co'), undefined, 'a word of the email inside a longer password');
  for (const fine of ['caballo-batería-grapa-correcto', 'mi perro come arepas', 'demo-infradatos', 'Río Magdalena 1536']) assert.equal(passwordProblem(fine, 'persona@dane.gov.co'), undefined, fine);
});
