import { invalid, Problems } from '../core/errors.ts';
import { FIELD_TYPES, TABLE_SCHEMA_PROFILE, type Field, type TableSchema } from './table-schema.ts';

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
    return field;
  });
  problems.throwIfAny({ es: 'El esquema tiene errores.', en: 'The schema has errors.' });
  return { $schema: TABLE_SCHEMA_PROFILE, fields: out, missingValues: [''] };
}
