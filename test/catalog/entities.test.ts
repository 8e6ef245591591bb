import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppError } from '../../src/core/errors.ts';
import { createEntity, getEntity, listEntities, updateEntity } from '../../src/catalog/entities.ts';
import { historyOf } from '../../src/catalog/changes.ts';
import { testPlatform } from '../support/platform.ts';

const fieldsOf = (error: AppError) => error.details.map((d) => d.field);

test('an entity gets its X-Road member id, validated NIT and DIVIPOLA location', async () => {
  const t = await testPlatform();
  try {
    const entity = await createEntity(t.system, { nit: '890.905.211-1', name: 'Distrito de Medellín', sector: 'Gobierno territorial', orden: 'Territorial', department_code: '5', municipality_code: '5,001', website: 'https://www.medellin.gov.co', contact_email: 'Datos@Medellin.gov.co' });
    assert.equal(entity.id, 'CO/GOV/890905211');
    assert.equal(entity.nit_display, '890905211-1');
    assert.equal(entity.department_code, '05');
    assert.equal(entity.municipality_code, '05001');
    assert.equal(entity.municipality_name, 'Medellín');
    assert.equal(entity.sector, 'gobierno_territorial');
    assert.equal(entity.contact_email, 'datos@medellin.gov.co');
    assert.equal((await getEntity(t.system, 'CO/GOV/890905211')).name, 'Distrito de Medellín');
    assert.equal((await getEntity(t.system, encodeURIComponent('CO/GOV/890905211'))).nit, '890905211');
    assert.equal((await getEntity(t.system, '890905211-1')).nit, '890905211');
  } finally {
    await t.close();
  }
});

test('every invalid field is reported at once, in both languages', async () => {
  const t = await testPlatform();
  try {
    await assert.rejects(
      createEntity(t.system, { nit: '890905211-2', name: 'X', sector: 'astrología', orden: 'galáctico', department_code: '45', municipality_code: '11001', website: 'medellin', contact_email: 'nadie' }),
      (error: AppError) => {
        assert.equal(error.code, 'validation');
        assert.deepEqual(fieldsOf(error).sort(), ['contact_email', 'department_code', 'name', 'nit', 'orden', 'sector', 'website']);
        return true;
      },
    );
    // A municipality outside the department.
    await assert.rejects(createEntity(t.system, { nit: '890905211', name: 'Medellín', sector: 'gobierno_territorial', orden: 'territorial', department_code: '76', municipality_code: '05001' }), (error: AppError) => {
      assert.deepEqual(fieldsOf(error), ['municipality_code']);
      assert.match(error.details[0]!.message.es, /no pertenece al departamento Valle del Cauca/);
      return true;
    });
    await createEntity(t.system, { nit: '890905211', name: 'Medellín', sector: 'gobierno_territorial', orden: 'territorial', department_code: '05' });
    await assert.rejects(createEntity(t.system, { nit: '890905211-1', name: 'Otra', sector: 'gobierno_territorial', orden: 'territorial', department_code: '05' }), (e: AppError) => e.code === 'conflict');
  } finally {
    await t.close();
  }
});

test('edits check the version, keep the NIT and leave a history', async () => {
  const t = await testPlatform();
  try {
    const created = await createEntity(t.system, { nit: '899999027', name: 'DANE', sector: 'estadistica', orden: 'nacional', department_code: '11' });
    const updated = await updateEntity(t.system, created.nit, { name: 'Departamento Administrativo Nacional de Estadística', acronym: 'DANE' }, 1);
    assert.equal(updated.version, 2);
    assert.equal(updated.sector, 'estadistica');
    await assert.rejects(updateEntity(t.system, created.nit, { name: 'Otro nombre' }, 1), (e: AppError) => e.code === 'conflict' && /versión 1; la actual es la 2/.test(e.messages.es));
    await assert.rejects(updateEntity(t.system, created.nit, { nit: '800197268-4' }, 2), (e: AppError) => fieldsOf(e).includes('nit'));
    const history = await historyOf(t.platform.store.db, 'entity', created.id);
    assert.deepEqual(history.map((h) => h.action), ['update', 'create']);
    assert.deepEqual(history[0]!.changes.map((c) => c.field).sort(), ['acronym', 'name']);
    const list = await listEntities(t.system);
    assert.deepEqual(list.map((e) => [e.id, e.nit, e.name]), [['CO/GOV/899999027', '899999027', 'Departamento Administrativo Nacional de Estadística']]);
  } finally {
    await t.close();
  }
});
