import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createEntity } from '../../src/catalog/entities.ts';
import { openPlatform } from '../../src/platform.ts';
import { systemActor } from '../../src/core/actor.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { onPostgres, testPlatform } from '../support/platform.ts';

test('migrations are applied once, the Spanish search configuration exists, and data survives a restart', async () => {
  const t = await testPlatform();
  try {
    assert.deepEqual(await migrateToLatest(t.platform.store.db), []);
    // Accents are removed before stemming, so a query typed without accents meets the same lexemes.
    const check = await sql<{ v: string; q: string }>`SELECT to_tsvector('es_unaccent', 'Estadísticas VITALES de la Educación')::text AS v,
      to_tsvector('es_unaccent', 'estadisticas vitales de la educacion')::text AS q`.execute(t.platform.store.db);
    assert.equal(check.rows[0]!.v, "'educacion':5 'estadist':1 'vital':2");
    assert.equal(check.rows[0]!.q, check.rows[0]!.v);
    await createEntity(t.system, { nit: '899999027-8', name: 'DANE', sector: 'estadistica', orden: 'nacional', department_code: '11' });
    await t.platform.close();
    // Reopen the same store (the PGlite directory, or the same PostgreSQL database).
    t.platform = await openPlatform(t.config);
    const again = await t.platform.context(systemActor('x')).db.selectFrom('entities').select('name').execute();
    assert.deepEqual(again.map((e) => e.name), ['DANE']);
    assert.equal(t.platform.store.kind, onPostgres ? 'postgres' : 'pglite');
  } finally {
    await t.close();
  }
});
