import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Problems } from '../../src/core/errors.ts';
import { readFileSync } from 'node:fs';
import { Divipola, readDivipolaCsv } from '../../src/catalog/divipola.ts';
import { builtinDivipola } from '../../src/catalog/divipola-builtin.ts';
import { normalizeAssetFields, parseDate } from '../../src/catalog/asset-fields.ts';
import { needsShared, sharedPath } from '../support/shared.ts';
import { assetInput, reservedInput } from '../support/platform.ts';

const divipola = Divipola.of(builtinDivipola(), false);
const TODAY = '2026-11-26';

function normalize(raw: Record<string, unknown>) {
  const problems = new Problems();
  const result = normalizeAssetFields(raw, divipola, problems, TODAY);
  return { ...result, problems: problems.list };
}

test('dates in Colombian forms, spreadsheet dates and lone years', () => {
  assert.equal(parseDate('31/03/2024'), '2024-03-31');
  assert.equal(parseDate('2024-03-31'), '2024-03-31');
  assert.equal(parseDate('1-2-2020'), '2020-02-01');
  assert.equal(parseDate('2019'), '2019-01-01');
  assert.equal(parseDate('2019', true), '2019-12-31');
  assert.equal(parseDate('02/2024', true), '2024-02-29');
  assert.equal(parseDate(45382), '2024-03-31');
  assert.equal(parseDate(new Date('2024-03-31T00:00:00Z')), '2024-03-31');
  assert.equal(parseDate('31/02/2024'), undefined);
  assert.equal(parseDate('ayer'), undefined);
});

test('labels, synonyms and codes all map to the same codes', () => {
  const { fields, problems } = normalize(assetInput({ medium: 'Físico y electrónico', formats: 'PDF / Excel, hoja de cálculo', availability: 'Publicada', language: 'Español', legal_class: 'Pública', update_frequency: 'Anual', themes: 'Educación, ECON' }));
  assert.deepEqual(problems, []);
  assert.equal(fields.medium, 'ambos');
  assert.deepEqual(fields.formats, ['PDF', 'XLSX']);
  assert.equal(fields.availability, 'publicada');
  assert.equal(fields.language, 'es');
  assert.deepEqual(fields.themes, ['EDUC', 'ECON']);
  assert.equal(fields.update_frequency, 'anual');
});

test('spatial coverage accepts DIVIPOLA codes, names and the whole country; ambiguous names are refused', () => {
  const ok = normalize(assetInput({ spatial: '5001, Antioquia, 11001, Colombia' }));
  assert.deepEqual(ok.fields.spatial, ['05001', '05', '11001', 'CO']);
  const unknown = normalize(assetInput({ spatial: 'Macondo' }));
  assert.match(unknown.problems[0]!.message.es, /no es un código ni un nombre DIVIPOLA/);
});

test('with the full list, a name several municipalities share is refused as ambiguous', needsShared("DANE's DIVIPOLA list", 'data', 'divipola', 'divipola.csv'), () => {
  const full = Divipola.of(readDivipolaCsv(readFileSync(sharedPath('data', 'divipola', 'divipola.csv'))));
  const problems = new Problems();
  normalizeAssetFields(assetInput({ spatial: 'La Unión' }), full, problems, TODAY);
  assert.equal(problems.list[0]?.field, 'spatial');
  assert.match(problems.list[0]!.message.es, /ambiguo/);
});

test('reserved information needs an Art. 19 ground, a scope and a term of at most 15 years', () => {
  assert.deepEqual(normalize(reservedInput()).problems, []);
  const tooLong = normalize(reservedInput({ exception_until: '2040-01-11' }));
  assert.deepEqual(tooLong.problems.map((p) => p.field), ['exception_until']);
  const wrongArticle = normalize(reservedInput({ exception_ground: '18a' }));
  assert.deepEqual(wrongArticle.problems.map((p) => p.field), ['exception_ground']);
  const missing = normalize(reservedInput({ exception_ground: '', exception_scope: '', exception_until: '' }));
  assert.deepEqual(missing.problems.map((p) => p.field).sort(), ['exception_ground', 'exception_scope', 'exception_until']);
  const term = normalize(reservedInput({ exception_until: '15 años' }));
  assert.equal(term.fields.exception_until, '2039-01-10');
});

test('grounds written as in real Índices are understood', () => {
  const { fields, problems } = normalize(assetInput({ legal_class: 'Pública clasificada', exception_ground: 'Artículo 18, literal a) de la Ley 1712 de 2014', exception_scope: 'Parcial', personal_data_class: 'privado' }));
  assert.deepEqual(problems, []);
  assert.equal(fields.exception_ground, '18a');
  assert.equal(fields.exception_norm, 'Ley 1712 de 2014, art. 18');
});

test('public information cannot hold private, sensitive or children’s data, nor an exception', () => {
  assert.deepEqual(normalize(assetInput({ personal_data_class: 'sensible' })).problems.map((p) => p.field), ['legal_class']);
  assert.deepEqual(normalize(assetInput({ children_data: 'Sí' })).problems.map((p) => p.field), ['legal_class']);
  assert.deepEqual(normalize(assetInput({ exception_ground: '19a' })).problems.map((p) => p.field), ['exception_ground']);
});

test('every problem names its field and says what is wrong in both languages', () => {
  const { problems } = normalize({ title: '', medium: 'piedra', formats: 'tablilla', availability: 'publicada', link: 'www.sin-esquema', generated_on: '2999-01-01', contact_email: 'no-es-correo' });
  const fields = problems.map((p) => p.field);
  for (const f of ['title', 'description', 'medium', 'formats', 'link', 'generated_on', 'contact_email']) assert.ok(fields.includes(f), f);
  for (const p of problems) {
    assert.ok(p.message.es.length > 5 && p.message.en.length > 5);
    assert.notEqual(p.message.es, p.message.en);
  }
});

test('missing classification and personal-data class are assumed with a warning, not silently', () => {
  const { fields, warnings, problems } = normalize(assetInput({ legal_class: '', personal_data_class: '', language: '' }));
  assert.deepEqual(problems, []);
  assert.equal(fields.legal_class, 'publica');
  assert.equal(fields.personal_data_class, 'ninguno');
  assert.deepEqual(warnings.map((w) => w.field).sort(), ['language', 'legal_class', 'personal_data_class']);
});
