import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishCsv, publishingApp } from '../support/datasets.ts';
import { seedPerson, signInHeaders } from '../support/platform.ts';
import { DEFAULT_RULES } from '../../src/quality/rules.ts';

test('the national data office sets the quality rules; every dataset is measured again under them', async () => {
  const { t, app, editor, nit } = await publishingApp();
  try {
    const [dane] = await t.system.db.selectFrom('entities').select(['id', 'nit']).where('nit', '=', nit).execute();
    await seedPerson(t.system, { id: dane!.id, nit }, ['data_office'], 'oficina@datos.gov.co');
    const office = await signInHeaders(app, 'oficina@datos.gov.co');
    const id = await publishCsv(app, editor, nit, 'Población por municipio', 'codigo,municipio,poblacion\n05001,Medellín,2612958\n11001,Bogotá,7968095\n');
    const report = async () => (await app.inject({ url: `/api/v1/datasets/${id}/quality`, headers: editor })).json();
    const until = async (check: (body: any) => boolean) => {
      for (let i = 0; i < 600; i++) {
        const body = await report();
        if (check(body)) return body;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('timed out');
    };
    const before = await until((b) => b.report?.release === 1 && !b.pending);
    assert.equal(before.report.rules_version, 0);

    const current = (await app.inject('/api/v1/quality/rules')).json();
    assert.equal(current.version, 0);
    assert.deepEqual(current.rules, DEFAULT_RULES);
    assert.ok(current.formulas.actualidad.es.includes('periodo'));

    const stricter = { ...DEFAULT_RULES, seals: { ...DEFAULT_RULES.seals, 1: { ...DEFAULT_RULES.seals[1], mqa: 405 } } };
    assert.equal((await app.inject({ method: 'PUT', url: '/api/v1/quality/rules', headers: editor, payload: { version: 0, rules: stricter } })).statusCode, 403);
    assert.equal((await app.inject({ method: 'PUT', url: '/api/v1/quality/rules', payload: { version: 0, rules: stricter } })).statusCode, 401);
    const bad = await app.inject({ method: 'PUT', url: '/api/v1/quality/rules', headers: office, payload: { version: 0, rules: { ...stricter, currency: { zeroAtPeriods: 0 }, seals: { ...stricter.seals, 2: { ...stricter.seals[2], criteria: { rapidez: 5 } } } } } });
    assert.equal(bad.statusCode, 400);
    const fields = bad.json().error.details.map((d: { field: string }) => d.field);
    assert.ok(fields.includes('currency.zeroAtPeriods') && fields.includes('seals.2.criteria.rapidez'), JSON.stringify(fields));
    assert.equal((await app.inject('/api/v1/quality/rules')).json().version, 0, 'nothing stored from a bad document');

    const saved = await app.inject({ method: 'PUT', url: '/api/v1/quality/rules', headers: office, payload: { version: 0, rules: stricter } });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().version, 1);
    assert.equal((await app.inject({ method: 'PUT', url: '/api/v1/quality/rules', headers: office, payload: { version: 0, rules: stricter } })).statusCode, 409);

    // The change reaches every dataset: a new report under version 1, where no dataset can reach seal 1 below 405 points.
    const after = await until((b) => b.report?.rules_version === 1 && !b.pending);
    assert.equal(after.report.trigger, 'rules');
    assert.equal(after.report.seal.level, 0);
    assert.ok(after.report.seal.missing_for_next.some((r: { id: string; label: { es: string } }) => r.id === 'mqa' && r.label.es.includes('405')));
    const page = await app.inject('/quality/rules');
    assert.match(page.body, /versión 1/);
  } finally {
    await app.close();
    await t.close();
  }
});
