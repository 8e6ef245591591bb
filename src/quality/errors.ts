import type { Bilingual } from '../core/errors.ts';

/** Frictionless error types, with what each means in plain words. */
export const ERROR_TYPES = {
  'blank-label': { es: 'Encabezado vacío', en: 'Blank label' },
  'duplicate-label': { es: 'Encabezado repetido', en: 'Duplicate label' },
  'incorrect-label': { es: 'El encabezado no coincide con el esquema', en: 'Label does not match the schema' },
  'extra-label': { es: 'Encabezado que el esquema no tiene', en: 'Label not in the schema' },
  'missing-label': { es: 'Falta un encabezado del esquema', en: 'A schema field has no label' },
  'blank-row': { es: 'Fila vacía', en: 'Blank row' },
  'extra-cell': { es: 'Celda de más', en: 'Extra cell' },
  'missing-cell': { es: 'Falta una celda', en: 'Missing cell' },
  'type-error': { es: 'Valor de otro tipo', en: 'Type error' },
  'constraint-error': { es: 'Restricción incumplida', en: 'Constraint error' },
  'unique-error': { es: 'Valor repetido en un campo único', en: 'Unique error' },
  'primary-key': { es: 'Llave primaria repetida o vacía', en: 'Primary key error' },
  'foreign-key': { es: 'Llave foránea sin referencia', en: 'Foreign key error' },
  'duplicate-row': { es: 'Fila repetida', en: 'Duplicate row' },
  'schema-error': { es: 'Esquema inválido', en: 'Schema error' },
  'source-error': { es: 'Archivo ilegible', en: 'Source error' },
} as const satisfies Record<string, Bilingual>;

export type ErrorType = keyof typeof ERROR_TYPES;

/** One problem found, located as Frictionless does: row 1 is the header, fields count from 1. */
export interface ValidationError {
  type: ErrorType;
  rowNumber: number | null;
  fieldNumber: number | null;
  fieldName?: string;
  cell?: string;
  message: Bilingual;
}
