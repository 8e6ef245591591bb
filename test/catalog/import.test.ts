import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { importInventory } from '../../src/catalog/import/inventory-import.ts';
import { getImport, rerunImport, startImport } from '../../src/catalog/imports.ts';
import { requireEntity } from '../../src/catalog/entities.ts';
import { signIn } from '../../src/catalog/sessions.ts';
import { latin1Csv, REGISTRO_HEADER, registroRow, registroXlsx } from '../support/files.ts';
import { seedEntities, seedPerson, testPlatform, TEST_PASSWORD } from '../support/platform.ts';

const assetCount = (t: Awaited<ReturnType<typeof testPlatform>>) =>
  t.platform.store.db.selectFrom('assets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));

test('a Latin-1 ";" Registro with a bad row: the dry run says where, nothing is written; fixed, it imports', async () => {
  const t = await testPlatform();
  try {
    const { dane } = await seedEntities(t.system);
    const entity = await requireEntity(t.system, dane.nit);
    const rows = [
      ['DEPARTAMENTO ADMINISTRATIVO NACIONAL DE ESTADÍSTICA'],
      ['Registro de Activos de Información'],
      REGISTRO_HEADER,
      registroRow('Contratación estatal'),
      registroRow('Estadísticas de nacimientos', { medium: 'Piedra tallada' }),
      registroRow('Historias laborales', { class: 'Pública clasificada', ground: 'Artículo 18 literal a)', scope: 'Total', personal: 'Sensible', availability: 'Disponible', where: 'Archivo' }),
    ];
    const bad = latin1Csv(rows);
    const dry = await importInventory(t.system, entity, bad, { fileName: 'registro.csv', dryRun: true });
    assert.equal(dry.encoding, 'windows-1252');
    assert.equal(dry.delimiter, ';');
    assert.equal(dry.header_row, 3);
    assert.equal(dry.summary.errors, 1);
    assert.deepEqual({ row: dry.errors[0]!.row, column: dry.errors[0]!.column, field: dry.errors[0]!.field, value: dry.errors[0]!.value }, { row: 5, column: 'D · Medio de conservación y/o soporte', field: 'medium', value: 'Piedra tallada' });
    assert.match(dry.errors[0]!.message.es, /«Piedra tallada» no es un valor válido de «Medio de conservación y\/o soporte»/);
    assert.match(dry.errors[0]!.message.en, /"Piedra tallada" is not a valid value/);
    assert.equal(await assetCount(t), 0);

    // A real import of the same file is refused as a whole.
    const refused = await importInventory(t.system, entity, bad, { fileName: 'registro.csv', dryRun: false });
    assert.equal(refused.applied, false);
    assert.equal(await assetCount(t), 0);

    rows[4] = registroRow('Estadísticas de nacimientos', { medium: 'Físico y electrónico' });
    const fixed = latin1Csv(rows);
    const applied = await importInventory(t.system, entity, fixed, { fileName: 'registro.csv', dryRun: false });
    assert.equal(applied.applied, true);
    assert.deepEqual([applied.summary.create, applied.summary.update, applied.summary.errors], [3, 0, 0]);
    const stored = await t.platform.store.db.selectFrom('assets').select(['title', 'medium', 'legal_class', 'exception_ground', 'personal_data_class']).orderBy('title').execute();
    assert.deepEqual(stored.map((a) => [a.title, a.medium, a.legal_class, a.exception_ground, a.personal_data_class]), [
      ['Contratación estatal', 'electronico', 'publica', null, 'ninguno'],
      ['Estadísticas de nacimientos', 'ambos', 'publica', null, 'ninguno'],
      ['Historias laborales', 'electronico', 'clasificada', '18a', 'sensible'],
    ]);

    // Importing again changes nothing; a changed description updates one asset.
    const again = await importInventory(t.system, entity, fixed, { fileName: 'registro.csv', dryRun: false });
    assert.deepEqual([again.summary.create, again.summary.update, again.summary.unchanged], [0, 0, 3]);
    rows[3] = registroRow('Contratación estatal', { description: 'Contratos publicados en SECOP II.' });
    const changed = await importInventory(t.system, entity, latin1Csv(rows), { fileName: 'registro.csv', dryRun: false });
    assert.deepEqual([changed.summary.create, changed.summary.update], [0, 1]);
    assert.deepEqual(changed.plan.find((p) => p.action === 'update')?.changed_fields, ['description']);
  } finally {
    await t.close();
  }
});

test('XLSX with title rows, merged cells and unknown columns that the user maps', async () => {
  const t = await testPlatform();
  try {
    const { men } = await seedEntities(t.system);
    const entity = await requireEntity(t.system, men.nit);
    const header = ['Nº', 'Nombre del activo', 'Desc.', 'Idioma', 'Soporte', 'Formato', 'Publicada/Disponible', 'Enlace', 'Proceso', 'Observaciones del área'];
    const row = (n: number, title: string) => [String(n), title, `Descripción de ${title}`, 'Español', 'Electrónico', 'Excel', 'Publicada', 'https://www.mineducacion.gov.co/datos', 'Gestión financiera', `Revisado en 2024 (${n})`];
    const data = await registroXlsx([row(1, 'Presupuesto de inversión'), row(2, 'Estados financieros'), row(3, 'Plan anual de caja')], { header, mergeColumn: 8 });
    // The first sheet holds instructions: the sheet that looks like a Registro is chosen by itself.
    const dry = await importInventory(t.system, entity, data, { fileName: 'registro.xlsx', dryRun: true });
    assert.equal(dry.format, 'xlsx');
    assert.equal(dry.sheet, 'Registro');
    assert.equal(dry.header_row, 4);
    assert.deepEqual(dry.columns.map((c) => c.field), ['code', 'title', 'description', 'language', 'medium', 'formats', 'availability', 'link', null, null]);
    assert.deepEqual(dry.columns.filter((c) => c.status === 'unknown').map((c) => c.letter), ['I', 'J']);
    assert.equal(dry.summary.errors, 0);
    assert.equal(dry.summary.create, 3);
    assert.equal(dry.warnings.filter((w) => w.row === 4).length, 2);

    const mapped = await importInventory(t.system, entity, data, { fileName: 'registro.xlsx', sheet: 'Registro', dryRun: false, mapping: { Proceso: 'producer', 'Observaciones del área': 'keywords' } });
    assert.equal(mapped.applied, true);
    const assets = await t.platform.store.db.selectFrom('assets').select(['code', 'title', 'producer', 'keywords', 'formats']).orderBy('code').execute();
    // The merged "Proceso" cell fills every row.
    assert.deepEqual(assets.map((a) => [a.code, a.producer, a.formats]), [['1', 'Gestión financiera', ['XLSX']], ['2', 'Gestión financiera', ['XLSX']], ['3', 'Gestión financiera', ['XLSX']]]);
    assert.deepEqual(assets[0]!.keywords, ['Revisado en 2024 (1)']);
    // The file had no classification columns: public without personal data is assumed, and marked so.
    const assumed = async () => (await t.platform.store.db.selectFrom('assets').select('classification_assumed').orderBy('code').execute()).map((a) => a.classification_assumed);
    assert.deepEqual(await assumed(), [true, true, true]);
    // A later register that states the classes confirms them (the importer may classify).
    const stating = await importInventory(t.system, entity, latin1Csv([REGISTRO_HEADER, registroRow('Presupuesto de inversión'), registroRow('Estados financieros', { class: 'Pública clasificada', ground: 'Artículo 18 literal c)', scope: 'Parcial' })]), { fileName: 'registro-2.csv', dryRun: false });
    assert.equal(stating.applied, true, JSON.stringify(stating.errors));
    assert.deepEqual(await assumed(), [false, false, true]);
  } finally {
    await t.close();
  }
});

test('a missing required column, duplicated rows and an editor changing a classification are all errors', async () => {
  const t = await testPlatform();
  try {
    const { dane } = await seedEntities(t.system);
    const entity = await requireEntity(t.system, dane.nit);
    const noFormat = latin1Csv([REGISTRO_HEADER.filter((h) => h !== 'Formato'), registroRow('Actas').filter((_, i) => i !== 4)]);
    const missing = await importInventory(t.system, entity, noFormat, { fileName: 'r.csv', dryRun: true });
    assert.deepEqual(missing.missing_required, ['formats']);
    assert.ok(missing.errors.some((e) => e.field === 'formats' && /Falta la columna obligatoria «Formato»/.test(e.message.es)));

    const duplicated = latin1Csv([REGISTRO_HEADER, registroRow('Actas'), registroRow('ACTAS')]);
    const dup = await importInventory(t.system, entity, duplicated, { fileName: 'r.csv', dryRun: true });
    assert.deepEqual(dup.errors.map((e) => [e.row, e.field]), [[3, 'title']]);
    assert.match(dup.errors[0]!.message.es, /ya aparece en la fila 2/);

    await importInventory(t.system, entity, latin1Csv([REGISTRO_HEADER, registroRow('Actas')]), { fileName: 'r.csv', dryRun: false });
    await seedPerson(t.system, dane, ['editor'], 'editor@dane.gov.co');
    const editor = (await signIn(t.platform.store.db, 'editor@dane.gov.co', TEST_PASSWORD, new Date())).actor;
    const reclassify = latin1Csv([REGISTRO_HEADER, registroRow('Actas', { class: 'Clasificada', ground: '18a', scope: 'Parcial', personal: 'Privado', availability: 'Disponible' })]);
    const report = await importInventory(t.as(editor), entity, reclassify, { fileName: 'r.csv', dryRun: true });
    assert.ok(report.errors.some((e) => e.field === 'legal_class' && /solo el responsable de datos/.test(e.message.es)));
  } finally {
    await t.close();
  }
});

test('imports run as jobs from a stored upload, can be checked again with a mapping, then applied', async () => {
  const t = await testPlatform();
  try {
    const { dane } = await seedEntities(t.system);
    const file = latin1Csv([[...REGISTRO_HEADER, 'Área'], [...registroRow('Actas'), 'Dirección de Censos'], [...registroRow('Nómina', { class: 'Clasificada', ground: '18a', scope: 'Parcial', personal: 'Privado', availability: 'Disponible' }), 'Talento Humano']]);
    const id = await startImport(t.system, dane.nit, { fileName: 'registro.csv', stream: Readable.from([file]), maxBytes: 1 << 20 }, { dryRun: true });
    await t.platform.queue.runUntilIdle();
    const first = await getImport(t.system, id);
    assert.equal(first.status, 'succeeded');
    assert.equal(first.report?.summary.create, 2);
    assert.deepEqual(first.report?.columns.filter((c) => c.status === 'unknown').map((c) => c.header), ['Área']);
    assert.equal(await assetCount(t), 0);

    const recheck = await rerunImport(t.system, id, { dryRun: true, mapping: { 'Área': 'producer' } });
    await t.platform.queue.runUntilIdle();
    assert.equal((await getImport(t.system, recheck)).report?.columns.find((c) => c.header === 'Área')?.field, 'producer');

    const apply = await rerunImport(t.system, recheck, { dryRun: false });
    await t.platform.queue.runUntilIdle();
    const applied = await getImport(t.system, apply);
    assert.equal(applied.report?.applied, true);
    assert.deepEqual(applied.mapping, { 'Área': 'producer' });
    const producers = await t.platform.store.db.selectFrom('assets').select('producer').orderBy('title').execute();
    assert.deepEqual(producers.map((p) => p.producer), ['Dirección de Censos', 'Talento Humano']);

    await assert.rejects(startImport(t.system, dane.nit, { fileName: 'virus.exe', stream: Readable.from([Buffer.from('MZ')]), maxBytes: 100 }, { dryRun: true }), /only .xlsx or .csv/);
    await assert.rejects(startImport(t.system, dane.nit, { fileName: 'grande.csv', stream: Readable.from([Buffer.alloc(2000, 65)]), maxBytes: 1000 }, { dryRun: true }), /maximum allowed size/);
  } finally {
    await t.close();
  }
});
