import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPersonalData, mask } from '../../src/privacy/detect.ts';

const HEADER = ['Número de documento', 'Nombres y apellidos', 'Correo', 'Celular', 'Dirección', 'Fecha de nacimiento', 'Municipio', 'Diagnóstico CIE10', 'NIT empresa', 'Observaciones', 'Valor', 'Latitud', 'Código DANE', 'Pertenencia étnica'];
const ROWS = [
  ['1.020.304.050', 'María Fernanda Gómez Ruiz', 'maria.gomez@gmail.com', '300 123 4567', 'Calle 45 # 12-30', '1985-03-14', 'Medellín', 'J45', '800197268-4', 'Llamar al 3101234567 en la tarde', '12000', '6.244203', '05001', 'Ninguna'],
  ['79845612', 'Juan Carlos Pérez', 'jcperez@hotmail.com', '+57 601 345 6789', 'Cra 7 No. 32-16 apto 301', '14/07/1990', 'Bogotá', 'E11', '890903938-8', 'Sin novedad en la visita del día de hoy', '15000', '4.609710', '11001', 'Afrocolombiano'],
  ['1144056789', 'Luz Marina Ospina', 'luz@une.net.co', '3157654321', 'Av. 68 # 22 - 10', '1978-11-02', 'Cali', 'I10', '890903938-8', 'Correo alterno: luz.o@yahoo.com para notificar', '9000', '3.451647', '76001', 'Indígena'],
];

test('detects Colombian personal data by values and headers, with roles, confidence and masked examples', () => {
  const report = new Map(detectPersonalData(HEADER, ROWS).map((c) => [c.column, c]));
  const kind = (column: string) => report.get(column)!.findings[0]?.kind;
  const role = (column: string) => report.get(column)!.role;
  assert.deepEqual([kind('Número de documento'), role('Número de documento')], ['cedula', 'identifier']);
  assert.deepEqual([kind('Nombres y apellidos'), role('Nombres y apellidos')], ['person_name', 'identifier']);
  assert.deepEqual([kind('Correo'), kind('Celular'), kind('Dirección')], ['email', 'phone', 'address']);
  assert.deepEqual([kind('Fecha de nacimiento'), role('Fecha de nacimiento')], ['birth_date', 'quasi_identifier']);
  assert.equal(role('Municipio'), 'quasi_identifier');
  assert.deepEqual([role('Diagnóstico CIE10'), report.get('Diagnóstico CIE10')!.sensitive], ['sensitive', 'health']);
  assert.deepEqual([role('Pertenencia étnica'), report.get('Pertenencia étnica')!.sensitive], ['sensitive', 'ethnic_origin']);
  // Valid NITs of companies (8 or 9 first) are found but are not personal data.
  assert.deepEqual([kind('NIT empresa'), role('NIT empresa')], ['nit', 'other']);
  assert.deepEqual([kind('Observaciones'), role('Observaciones')], ['free_text', 'identifier']);
  assert.deepEqual([kind('Latitud'), role('Latitud')], ['coordinates', 'identifier']);
  assert.deepEqual([kind('Valor'), role('Valor')], [undefined, 'other']);
  assert.deepEqual([kind('Código DANE'), role('Código DANE')], [undefined, 'other']);
  // Examples never show a whole value.
  const examples = [...report.values()].flatMap((c) => c.findings.flatMap((f) => f.examples));
  for (const row of ROWS) for (const value of row) if (value.length > 4) assert.ok(!examples.includes(value), `${value} shown unmasked`);
  assert.equal(report.get('Correo')!.findings[0]!.examples[0], 'm••••••••••@gmail.com');
  assert.equal(report.get('Correo')!.findings[0]!.confidence, 1);
});

test('validators: NIT check digit (DIAN weights), phone forms, identity documents named by their header', () => {
  const one = (header: string, values: string[]) => detectPersonalData([header], values.map((v) => [v]))[0]!;
  assert.equal(one('nit', ['800197268-4', '890903938-8', '899.999.027-8']).findings[0]!.kind, 'nit');
  assert.equal(one('nit', ['800197268-5', '890903938-1']).findings.length, 0, 'wrong check digits are not NITs');
  assert.equal(one('nit', ['79845612-4', '1020304050-1']).findings.length, 0);
  const phones = one('teléfono', ['3001234567', '+57 300 123 4567', '(601) 234 5678', '+57 604 444 5566', '57 310 555 1234']);
  assert.equal(phones.findings[0]!.matches, 5);
  assert.equal(one('teléfono', ['12345', '2345678', '+1 212 555 0100']).findings.length, 0);
  assert.equal(one('Tarjeta de identidad', ['1001234567', '10012345678']).findings[0]!.kind, 'tarjeta_identidad');
  assert.equal(one('Cédula de extranjería', ['345678', '1234567']).findings[0]!.kind, 'cedula_extranjeria');
  assert.equal(one('Pasaporte', ['AB123456', 'PE1234567']).findings[0]!.kind, 'passport');
  assert.equal(one('Edad del menor', ['7', '12']).sensitive, 'children');
  // Numbers that are not identifiers stay quiet without a header saying otherwise.
  assert.equal(one('cantidad', ['120000', '120000', '98000', '120000']).findings.length, 0);
  assert.equal(one('Valor del contrato', ['12.340.000', '9.870.000', '450.000.000', '1.230.000']).findings.length, 0);
  assert.equal(one('Cédula', ['1.020.304.050', '79.845.612']).findings[0]!.kind, 'cedula');
  assert.equal(mask('1020304050'), '10••••••50');
});
