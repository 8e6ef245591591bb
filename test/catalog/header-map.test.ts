import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findHeaderRow, mapColumns, matchHeader } from '../../src/catalog/import/header-map.ts';

test('headers in the many spellings of real Registros', () => {
  const cases: [string, string][] = [
    ['Nombre o título de la categoría de información', 'title'],
    ['NOMBRE O TITULO DE LA CATEGORIA DE INFORMACION', 'title'],
    ['Nombre del activo', 'title'],
    ['Descripción del contenido de la categoría de la información', 'description'],
    ['Desc.', 'description'],
    ['IDIOMA', 'language'],
    ['Medio de conservación y/o soporte', 'medium'],
    ['Medio conserv.', 'medium'],
    ['Formato', 'formats'],
    ['Información publicada o disponible', 'availability'],
    ['Publicada/Disponible', 'availability'],
    ['Enlace', 'link'],
    ['URL', 'link'],
    ['Nombre del responsable de la producción de la información', 'producer'],
    ['Responsable de la información', 'owner'],
    ['Fecha de generación', 'generated_on'],
    ['Periodicidad', 'update_frequency'],
    ['Clasificación (Ley 1712)', 'legal_class'],
    ['Objetivo legítimo de la excepción', 'exception_ground'],
    ['Fundamento constitucional o legal', 'exception_norm'],
    ['Excepción total o parcial', 'exception_scope'],
    ['Plazo de la clasificación o reserva', 'exception_until'],
    ['Tipo de datos personales', 'personal_data_class'],
    ['Palabras clave', 'keywords'],
    ['Cobertura geográfica', 'spatial'],
    ['Licencia', 'licence'],
  ];
  for (const [header, field] of cases) assert.equal(matchHeader(header)?.field, field, header);
});

test('columns that mean something else are not guessed', () => {
  for (const header of ['Disponibilidad', 'Confidencialidad', 'Integridad', 'Proceso', 'Tipo de activo', 'Observaciones']) {
    assert.equal(matchHeader(header), undefined, header);
  }
});

test('the header row is found below title rows', () => {
  const rows = [
    { number: 1, cells: ['MINISTERIO DE EJEMPLO', null, null] },
    { number: 2, cells: ['Registro de Activos de Información 2024', null, null] },
    { number: 3, cells: [null, null, null] },
    { number: 4, cells: ['Nombre o título de la categoría de información', 'Descripción del contenido', 'Idioma'] },
    { number: 5, cells: ['Actas', 'Actas del comité', 'Español'] },
  ];
  assert.equal(findHeaderRow(rows), 3);
});

test('the user’s column choices win, and two columns never feed one field', () => {
  const header = { number: 1, cells: ['Nombre', 'Título', 'Observaciones', 'Proceso'] };
  const auto = mapColumns(header);
  assert.deepEqual(auto.map((c) => c.field), ['title', null, null, null]);
  const chosen = mapColumns(header, { Observaciones: 'description', Nombre: '', 'Título': 'title' });
  assert.deepEqual(chosen.map((c) => [c.field, c.status]), [[null, 'ignored'], ['title', 'chosen'], ['description', 'chosen'], [null, 'unknown']]);
});
