import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { Divipola, divipolaCodes, divipolaFor, divipolaStatus, loadDivipola, readDivipolaCsv } from '../../src/catalog/divipola.ts';
import { builtinDivipola } from '../../src/catalog/divipola-builtin.ts';
import { AppError } from '../../src/core/errors.ts';
import { createEntity } from '../../src/catalog/entities.ts';
import { readState } from '../../src/ledger/log.ts';
import { needsShared, sharedPath } from '../support/shared.ts';
import type { Actor, Role } from '../../src/core/actor.ts';
import { seedEntities, seedPerson, testPlatform, type TestPlatform } from '../support/platform.ts';

async function personActor(p: TestPlatform, roles: Role[]): Promise<Actor> {
  const { dane } = await seedEntities(p.system).catch(() => ({ dane: { nit: '899999027', id: 'CO/GOV/899999027' } }));
  const person = await seedPerson(p.system, dane, roles);
  return { kind: 'person', id: person.id, name: person.name, email: person.email, entityId: person.entity_id, roles, via: 'session' };
}

const DANE = ['divipola', 'divipola.csv'] as const;
const daneFile = () => readFileSync(sharedPath('data', ...DANE));

/** A small list in DANE's long column names, `;`-separated and in Windows-1252, with every department once. */
function longFormList(extra: string[] = []): Buffer {
  const departments = builtinDivipola().filter((e) => e.kind === 'department');
  const lines = ['Código Departamento;Nombre Departamento;Código Municipio;Nombre Municipio;Tipo: Municipio / Isla / Área no municipalizada;longitud;Latitud'];
  for (const d of departments) lines.push(`${Number(d.code)};${d.name.toUpperCase()};${Number(d.code)}001;CAPITAL DE ${d.name.toUpperCase()};Municipio;-74,1;4,6`);
  return iconv.encode([...lines, ...extra].join('\r\n'), 'win1252');
}

test("DANE's DIVIPOLA file: 1,121 municipalities in 33 departments, codes zero-padded", needsShared("DANE's DIVIPOLA list", 'data', ...DANE), () => {
  const entries = readDivipolaCsv(daneFile());
  const municipalities = entries.filter((e) => e.kind === 'municipality');
  const departments = entries.filter((e) => e.kind === 'department');
  assert.equal(municipalities.length, 1121);
  assert.equal(departments.length, 33);
  for (const m of municipalities) {
    assert.match(m.code, /^\d{5}$/);
    assert.ok(m.code.startsWith(m.department_code));
  }
  assert.equal(municipalities.find((m) => m.code === '05001')?.name, 'Medellín');
  assert.equal(departments.find((d) => d.code === '05')?.name, 'Antioquia');
  assert.equal(municipalities.find((m) => m.code === '11001')?.name, 'Bogotá, D.C.');
  assert.equal(municipalities.find((m) => m.code === '88001')?.municipality_type, 'Isla');
  // The built-in subset is DANE's list, entry for entry.
  const byCode = new Map(entries.map((e) => [e.code, e]));
  for (const builtin of builtinDivipola()) assert.deepEqual(builtin, byCode.get(builtin.code), builtin.code);
});

test("the built-in list: 33 departments (32 and Bogotá) and the demo's municipalities, each in its department", () => {
  const entries = builtinDivipola();
  assert.equal(entries.filter((e) => e.kind === 'department').length, 33);
  const municipalities = entries.filter((e) => e.kind === 'municipality');
  assert.ok(municipalities.length >= 100);
  for (const m of municipalities) assert.ok(m.code.startsWith(m.department_code) && entries.some((d) => d.code === m.department_code));
});

test("DANE's long column names, ';', Windows-1252, decimal commas and unpadded codes are read", () => {
  const entries = readDivipolaCsv(longFormList(), 'divipola-dane.csv');
  const medellin = entries.find((e) => e.code === '05001');
  assert.equal(medellin?.name, 'Capital de Antioquia');
  assert.equal(medellin?.latitude, 4.6);
  assert.equal(medellin?.longitude, -74.1);
  assert.equal(entries.find((e) => e.code === '05')?.name, 'Antioquia');
});

test('a bad DIVIPOLA file is refused whole, each problem with its row and column, in both languages', () => {
  const bad = longFormList(['5;ANTIOQUIA;6001;OTRO;Municipio;-75;6', '99;VICHADA;abc;X;Municipio;-70;5', '5;ANTIOQUIA;5002;ABEJORRAL;Municipio;-75;seis']);
  const error = (() => { try { readDivipolaCsv(bad, 'd.csv'); } catch (e) { return e as AppError; } })();
  assert.ok(error instanceof AppError);
  assert.match(error.messages.es, /3 filas con errores/);
  assert.match(error.messages.en, /3 rows with errors/);
  assert.deepEqual(error.details.map((d) => [d.file, d.row, d.column]), [['d.csv', 35, 'Código Municipio'], ['d.csv', 36, 'Código Municipio'], ['d.csv', 37, 'Latitud']]);
  assert.throws(() => readDivipolaCsv(Buffer.from('a,b\n1,2\n')), /COD_MPIO/);
  // Antioquia alone is not the national list.
  assert.throws(() => readDivipolaCsv(Buffer.from('COD_DPTO,COD_MPIO,NOM_MPIO\n5,"5,001",MEDELLÍN\n')), (e: AppError) => /no es la lista completa/.test(e.messages.es) && /Vichada \(99\)/.test(e.messages.es));
});

test('until the full list is loaded, municipality codes are checked by form and department', () => {
  const partial = Divipola.of(builtinDivipola(), false);
  assert.equal(partial.normalize('5001'), '05001');
  assert.equal(partial.normalize('5147'), '05147', 'not built in, but of a real department');
  assert.equal(partial.normalize('02001'), undefined, 'department 02 does not exist');
  assert.ok(partial.isMunicipality('05147'));
  assert.ok(!partial.isMunicipality('05'));
  const full = Divipola.of(builtinDivipola(), true);
  assert.equal(full.normalize('5147'), undefined);
});

test('the national data office loads the list: all or nothing, in the ledger, and codes are then checked against it', async (t) => {
  const p = await testPlatform();
  t.after(() => p.close());
  assert.equal((await divipolaStatus(p.system.db)).complete, false);
  assert.equal((await divipolaCodes(p.system.db, 'municipality')).codes.length, 33 * 999);
  // An entity in a municipality the built-in list lacks is accepted by form.
  await createEntity(p.system, { nit: '890980040', name: 'Municipio de Caldas', sector: 'planeacion', orden: 'territorial', department_code: '05', municipality_code: '05129' });
  await assert.rejects(createEntity(p.system, { nit: '890980041', name: 'Nada', sector: 'planeacion', orden: 'territorial', department_code: '05', municipality_code: '02001' }), AppError);

  const editor = await personActor(p, ['editor', 'steward', 'entity_admin']);
  await assert.rejects(loadDivipola(p.as(editor), longFormList(), 'd.csv'), (e: AppError) => e.code === 'forbidden');
  const before = await readState(p.system.db);
  await assert.rejects(loadDivipola(p.system, longFormList(['5;ANTIOQUIA;;X;Municipio;;']), 'd.csv'), AppError);
  assert.equal((await readState(p.system.db)).size, before.size, 'nothing recorded for a refused file');
  assert.equal((await divipolaStatus(p.system.db)).complete, false);

  const office = await personActor(p, ['data_office']);
  await divipolaFor(p.system.db);
  const loaded = await loadDivipola(p.as(office), longFormList(), 'divipola.csv');
  assert.equal(loaded.municipalities, 33);
  assert.deepEqual(loaded.entities_outside_list.map((e) => e.municipality_code), ['05129']);
  const status = await divipolaStatus(p.system.db);
  assert.equal(status.complete, true);
  assert.equal(status.municipalities, 33);
  assert.equal((await readState(p.system.db)).size, before.size + 1);
  const divipola = await divipolaFor(p.system.db);
  assert.equal(divipola.complete, true, 'the cached list is refreshed');
  assert.equal(divipola.normalize('5147'), undefined);
  assert.equal((await divipolaCodes(p.system.db, 'municipality')).codes.length, 33);
});
