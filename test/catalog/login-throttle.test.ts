import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoginThrottle } from '../../src/catalog/login-throttle.ts';
import { AppError } from '../../src/core/errors.ts';
import { seedEntities, seedPerson, testApp, testPlatform, TEST_PASSWORD } from '../support/platform.ts';

const waitOf = (throttle: LoginThrottle, account: string, address: string, now: number): number => {
  try {
    throttle.check(account, address, now);
    return 0;
  } catch (error) {
    assert.equal((error as AppError).code, 'rate_limited');
    return (error as { retryAfter: number }).retryAfter;
  }
};

test('guessing slows down progressively per account and address; nobody can lock the data office out', () => {
  const throttle = new LoginThrottle();
  const office = 'oficina.datos@dnp.gov.co';
  let now = 1_000_000;
  for (let i = 0; i < 3; i++) throttle.fail(office, '203.0.113.9', now);
  assert.equal(waitOf(throttle, office, '203.0.113.9', now), 1);
  throttle.fail(office, '203.0.113.9', now);
  assert.equal(waitOf(throttle, office, '203.0.113.9', now), 2);
  for (let i = 0; i < 6; i++) throttle.fail(office, '203.0.113.9', now);
  assert.equal(waitOf(throttle, office, '203.0.113.9', now), 128, 'doubling per failure');
  for (let i = 0; i < 20; i++) throttle.fail(office, '203.0.113.9', now);
  assert.equal(waitOf(throttle, office, '203.0.113.9', now), 300, 'at most five minutes');
  // The office itself, from its own address: a few seconds at most, however many guesses came from elsewhere.
  assert.ok(waitOf(throttle, office, '198.51.100.20', now) <= 5);
  now += 6_000;
  assert.equal(waitOf(throttle, office, '198.51.100.20', now), 0);
  // One address guessing many accounts is stopped as an address.
  const other = new LoginThrottle();
  for (let i = 0; i < 100; i++) other.fail(`persona${i}@prueba.gov.co`, '203.0.113.10', now);
  assert.ok(waitOf(other, 'nueva@prueba.gov.co', '203.0.113.10', now) > 0);
  assert.equal(waitOf(other, 'nueva@prueba.gov.co', '198.51.100.20', now), 0);
  // After the window, everything is forgotten.
  assert.equal(waitOf(throttle, office, '203.0.113.9', now + 16 * 60_000), 0);
});

test('sign-in answers 429 with Retry-After to a guesser, while the account signs in from elsewhere', async () => {
  const t = await testPlatform();
  const app = await testApp(t);
  try {
    const { dane } = await seedEntities(t.system);
    await seedPerson(t.system, dane, ['editor'], 'editor@dane.gov.co');
    const attempt = (password: string, address: string, email = 'editor@dane.gov.co') => app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress: address, payload: { email, password } });
    for (let i = 0; i < 3; i++) assert.equal((await attempt('adivinanza-equivocada', '203.0.113.9')).statusCode, 401);
    const slowed = await attempt('adivinanza-equivocada', '203.0.113.9');
    assert.equal(slowed.statusCode, 429);
    assert.ok(Number(slowed.headers['retry-after']) >= 1);
    assert.match(slowed.json().error.message.es, /Espere \d+ s/);
    assert.equal((await attempt(TEST_PASSWORD, '198.51.100.20')).statusCode, 200, 'the person, from another address');
    // An unknown account is answered like a wrong password.
    const unknown = await attempt('lo-que-sea-larga', '198.51.100.21', 'nadie@dane.gov.co');
    assert.equal(unknown.statusCode, 401);
    assert.equal(unknown.json().error.message.es, 'Correo o contraseña incorrectos.');
  } finally {
    await app.close();
    await t.close();
  }
});
