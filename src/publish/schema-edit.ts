import { invalid, Problems } from '../core/errors.ts';
import { CODE_LISTS } from '../quality/code-lists.ts';
import { FIELD_TYPES, TABLE_SCHEMA_PROFILE, type Field, type FieldConstraints, type ForeignKey, type TableSchema } from './table-schema.ts';

const DATE_FORMATS = ['%d/%m/%Y', '%Y-%m-%d', '%d-%m-%Y', '%m/%d/%Y', '%Y/%m/%d', '%d/%m/%y', '%Y%m%d'];
const DATETIME_FORMATS = ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%m/%d/%Y %H:%M:%S'];
const MARKS = ['.', ',', ' ', "'"];
const WORD = /^[\p{L}\p{N} ._-]{1,20}$/u;

/**
 * Checks an edited schema against the inferred one: same fields in the same order (the file decides
 * which columns exist), known types, formats from a fixed list, and text within limits.
 */
export function validateSchema(input: unknown, inferred: TableSchema): TableSchema {
  const problems = new Problems();
  const fields = (input as { fields?: unknown })?.fields;
  if (!Array.isArray(fields) || fields.length !== inferred.fields.length) {
    throw invalid({ es: `El esquema debe tener los ${inferred.fields.length} campos del archivo, en su orden.`, en: `The schema must have the file's ${inferred.fields.length} fields, in order.` });
  }
  const out: Field[] = fields.map((raw: Record<string, unknown>, i) => {
    const base = inferred.fields[i]!;
    const where = `fields[${i}]`;
    if (raw?.name !== base.name) problems.add(`${where}.name`, { es: `Se esperaba el campo «${base.name}».`, en: `Field "${base.name}" expected.` }, raw?.name);
    const type = raw?.type as Field['type'];
    if (!FIELD_TYPES.includes(type)) problems.add(`${where}.type`, { es: `Tipo desconocido; use uno de: ${FIELD_TYPES.join(', ')}.`, en: `Unknown type; use one of: ${FIELD_TYPES.join(', ')}.` }, raw?.type);
    const field: Field = { name: base.name, type: FIELD_TYPES.includes(type) ? type : base.type };
    const title = raw?.title ?? base.title;
    if (typeof title === 'string' && title.trim()) field.title = title.trim().slice(0, 200);
    if (raw?.description !== undefined && raw.description !== '') {
      if (typeof raw.description !== 'string' || raw.description.length > 2000) problems.add(`${where}.description`, { es: 'La descripción es un texto de hasta 2.000 caracteres.', en: 'The description is text of up to 2,000 characters.' });
      else field.description = raw.description.trim();
    }
    if (raw?.format !== undefined && raw.format !== '' && raw.format !== 'default') {
      const allowed = field.type === 'date' ? DATE_FORMATS : field.type === 'datetime' ? DATETIME_FORMATS : [];
      if (!allowed.includes(String(raw.format))) problems.add(`${where}.format`, { es: `Formato no admitido para ${field.type}; use uno de: ${allowed.join('  ') || '(ninguno)'}.`, en: `Format not supported for ${field.type}; use one of: ${allowed.join('  ') || '(none)'}.` }, raw.format);
      else field.format = String(raw.format);
    }
    for (const key of ['decimalChar', 'groupChar'] as const) {
      if (raw?.[key] === undefined || raw[key] === '') continue;
      if (!MARKS.includes(String(raw[key]))) problems.add(`${where}.${key}`, { es: 'Use «.», «,», un espacio o «\'».', en: 'Use ".", ",", a space or "\'".' }, raw[key]);
      else if (field.type === 'number' || field.type === 'integer') field[key] = String(raw[key]);
    }
    for (const key of ['trueValues', 'falseValues'] as const) {
      if (raw?.[key] === undefined || field.type !== 'boolean') continue;
      const values = raw[key];
      if (!Array.isArray(values) || values.length === 0 || values.length > 10 || !values.every((v) => typeof v === 'string' && WORD.test(v))) {
        problems.add(`${where}.${key}`, { es: 'Una lista de hasta 10 palabras.', en: 'A list of up to 10 words.' });
      } else field[key] = values as string[];
    }
    if (field.type === 'boolean') {
      field.trueValues ??= base.trueValues ?? ['true'];
      field.falseValues ??= base.falseValues ?? ['false'];
    }
    if (raw?.constraints !== undefined) {
      const constraints = readConstraints(raw.constraints, field, `${where}.constraints`, problems);
      if (Object.keys(constraints).length) field.constraints = constraints;
    }
    return field;
  });
  const names = out.map((f) => f.name);
  const nameList = (value: unknown, where: string): string[] | undefined => {
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || !list.length || !list.every((n) => typeof n === 'string' && names.includes(n))) {
      problems.add(where, { es: `Nombres de campos del esquema: ${names.join(', ')}.`, en: `Names of the schema's fields: ${names.join(', ')}.` }, value);
      return undefined;
    }
    return list as string[];
  };
  const schema: TableSchema = { $schema: TABLE_SCHEMA_PROFILE, fields: out, missingValues: [''] };
  const body = input as { primaryKey?: unknown; foreignKeys?: unknown };
  if (body.primaryKey !== undefined && body.primaryKey !== null && !(Array.isArray(body.primaryKey) && !body.primaryKey.length)) {
    const key = nameList(body.primaryKey, 'primaryKey');
    if (key) schema.primaryKey = key;
  }
  if (body.foreignKeys !== undefined) {
    if (!Array.isArray(body.foreignKeys)) problems.add('foreignKeys', { es: 'Una lista de llaves foráneas.', en: 'A list of foreign keys.' });
    else {
      const keys: ForeignKey[] = [];
      body.foreignKeys.forEach((fk: { fields?: unknown; reference?: { resource?: unknown; fields?: unknown } }, i) => {
        const where = `foreignKeys[${i}]`;
        const fields = nameList(fk?.fields, `${where}.fields`);
        const resource = String(fk?.reference?.resource ?? '');
        const list = CODE_LISTS[resource];
        if (!list) {
          problems.add(`${where}.reference.resource`, { es: `Las llaves foráneas apuntan a una lista de códigos compartida: ${Object.keys(CODE_LISTS).join(', ')}.`, en: `Foreign keys point to a shared code list: ${Object.keys(CODE_LISTS).join(', ')}.` }, fk?.reference?.resource);
          return;
        }
        if (fields && fields.length !== 1) problems.add(`${where}.fields`, { es: 'Una lista de códigos se enlaza con un solo campo.', en: 'A code list is linked by one field.' }, fk.fields);
        else if (fields) keys.push({ fields, reference: { resource, fields: [list.field] } });
      });
      if (keys.length) schema.foreignKeys = keys;
    }
  }
  problems.throwIfAny({ es: 'El esquema tiene errores.', en: 'The schema has errors.' });
  return schema;
}

const LENGTH_LIMIT = 1_000_000;

/** Table Schema constraints the field's type admits, each checked for its kind of value. */
function readConstraints(raw: unknown, field: Field, where: string, problems: Problems): FieldConstraints {
  const out: FieldConstraints = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.add(where, { es: 'Las restricciones son un objeto.', en: 'Constraints are an object.' });
    return out;
  }
  const c = raw as Record<string, unknown>;
  const numeric = field.type === 'integer' || field.type === 'number';
  for (const key of Object.keys(c)) {
    const value = c[key];
    if (value === undefined || value === null || value === '') continue;
    const at = `${where}.${key}`;
    if (key === 'required' || key === 'unique') {
      if (typeof value !== 'boolean') problems.add(at, { es: 'Verdadero o falso.', en: 'True or false.' }, value);
      else if (value) out[key] = true;
    } else if (key === 'minLength' || key === 'maxLength') {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > LENGTH_LIMIT) problems.add(at, { es: 'Un entero no negativo.', en: 'A non-negative integer.' }, value);
      else out[key] = value as number;
    } else if (key === 'minimum' || key === 'maximum') {
      const ok = numeric ? typeof value === 'number' && Number.isFinite(value) : field.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
      if (!ok) problems.add(at, { es: numeric ? 'Un número.' : 'Solo para números (un número) y fechas (AAAA-MM-DD).', en: numeric ? 'A number.' : 'Only for numbers (a number) and dates (YYYY-MM-DD).' }, value);
      else out[key] = value as number | string;
    } else if (key === 'pattern') {
      let valid = typeof value === 'string' && value.length <= 500 && field.type === 'string';
      try {
        if (valid) new RegExp(`^(?:${value as string})$`, 'u');
      } catch {
        valid = false;
      }
      if (!valid) problems.add(at, { es: 'Una expresión regular válida de hasta 500 caracteres, solo para texto.', en: 'A valid regular expression of up to 500 characters, for text only.' }, value);
      else out.pattern = value as string;
    } else if (key === 'enum') {
      const ok = Array.isArray(value) && value.length > 0 && value.length <= 1000 && value.every((v) => (numeric ? typeof v === 'number' : typeof v === 'string' && v.length <= 500));
      if (!ok || (!numeric && field.type !== 'string')) problems.add(at, { es: 'Una lista de hasta 1.000 valores del tipo del campo (texto o números).', en: "A list of up to 1,000 values of the field's type (text or numbers)." }, value);
      else out.enum = value as (string | number)[];
    } else {
      problems.add(at, { es: 'Restricción desconocida; use required, unique, minLength, maxLength, minimum, maximum, pattern o enum.', en: 'Unknown constraint; use required, unique, minLength, maxLength, minimum, maximum, pattern or enum.' }, key);
    }
  }
  if (out.minLength !== undefined && out.maxLength !== undefined && out.minLength > out.maxLength) problems.add(`${where}.minLength`, { es: 'minLength supera maxLength.', en: 'minLength exceeds maxLength.' });
  return out;
}
