import type { FastifyError } from 'fastify';
import { AppError, type ErrorDetail } from '../core/errors.ts';

const KEYWORDS: Record<string, (p: Record<string, unknown>) => { es: string; en: string }> = {
  type: (p) => ({ es: `debe ser de tipo ${typeEs(String(p.type))}`, en: `must be of type ${p.type}` }),
  required: (p) => ({ es: `falta el campo obligatorio «${p.missingProperty}»`, en: `the required field "${p.missingProperty}" is missing` }),
  minimum: (p) => ({ es: `debe ser mayor o igual que ${p.limit}`, en: `must be at least ${p.limit}` }),
  maximum: (p) => ({ es: `debe ser menor o igual que ${p.limit}`, en: `must be at most ${p.limit}` }),
  minLength: (p) => ({ es: `debe tener al menos ${p.limit} caracteres`, en: `must have at least ${p.limit} characters` }),
  maxLength: (p) => ({ es: `debe tener como máximo ${p.limit} caracteres`, en: `must have at most ${p.limit} characters` }),
  enum: (p) => ({ es: `debe ser uno de: ${(p.allowedValues as unknown[]).join(', ')}`, en: `must be one of: ${(p.allowedValues as unknown[]).join(', ')}` }),
  const: (p) => ({ es: `debe ser ${String(p.allowedValue)}`, en: `must be ${String(p.allowedValue)}` }),
  format: (p) => ({ es: `no tiene el formato ${p.format}`, en: `is not a valid ${p.format}` }),
  pattern: (p) => ({ es: `no tiene el formato esperado (${p.pattern})`, en: `does not have the expected format (${p.pattern})` }),
  additionalProperties: (p) => ({ es: `el campo «${p.additionalProperty}» no existe`, en: `field "${p.additionalProperty}" does not exist` }),
  maxItems: (p) => ({ es: `admite como máximo ${p.limit} elementos`, en: `allows at most ${p.limit} items` }),
  anyOf: () => ({ es: 'no corresponde a ninguna forma aceptada', en: 'matches none of the accepted forms' }),
};

function typeEs(type: string): string {
  return ({ integer: 'entero', number: 'número', string: 'texto', boolean: 'booleano', object: 'objeto', array: 'lista' } as Record<string, string>)[type] ?? type;
}

const PLACES: Record<string, { es: string; en: string }> = {
  body: { es: 'el cuerpo', en: 'the body' },
  querystring: { es: 'la consulta', en: 'the query' },
  params: { es: 'la ruta', en: 'the path' },
  headers: { es: 'las cabeceras', en: 'the headers' },
};

/** Turns whatever a request handler threw into an AppError with a message in both languages. */
export function toAppError(error: unknown): { appError: AppError; unexpected: boolean } {
  if (error instanceof AppError) return { appError: error, unexpected: false };
  const fe = error as FastifyError & { validation?: { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }[]; validationContext?: string };
  if (fe.validation) {
    const place = PLACES[fe.validationContext ?? 'body'] ?? PLACES.body!;
    const details: ErrorDetail[] = fe.validation.map((v) => {
      const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || (v.params.missingProperty as string | undefined) || '';
      const text = KEYWORDS[v.keyword]?.(v.params) ?? { es: v.message ?? 'valor inválido', en: v.message ?? 'invalid value' };
      return { ...(field ? { field } : {}), message: { es: `${field ? `«${field}»: ` : ''}${text.es}`, en: `${field ? `"${field}": ` : ''}${text.en}` } };
    });
    return {
      appError: new AppError('validation', { es: `Hay datos inválidos en ${place.es}.`, en: `There is invalid data in ${place.en}.` }, details),
      unexpected: false,
    };
  }
  switch (fe.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return { appError: new AppError('payload_too_large', { es: 'El envío supera el tamaño o la cantidad de partes permitidos.', en: 'The request exceeds the allowed size or number of parts.' }), unexpected: false };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return { appError: new AppError('unsupported_media_type', { es: 'Tipo de contenido no admitido en esta ruta.', en: 'Content type not supported on this route.' }), unexpected: false };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { appError: new AppError('validation', { es: `El cuerpo no es JSON válido: ${fe.message}`, en: `The body is not valid JSON: ${fe.message}` }), unexpected: false };
  }
  if (error instanceof SyntaxError && (fe as { statusCode?: number }).statusCode === 400) {
    return { appError: new AppError('validation', { es: `Cuerpo mal formado: ${fe.message}`, en: `Malformed body: ${fe.message}` }), unexpected: false };
  }
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = status === 404 ? 'not_found' : status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 429 ? 'rate_limited' : 'validation';
    return { appError: new AppError(code, { es: `Solicitud inválida: ${fe.message}`, en: `Invalid request: ${fe.message}` }), unexpected: false };
  }
  return {
    appError: new AppError('internal', {
      es: 'Ocurrió un error interno. Ya quedó registrado; intente de nuevo y, si persiste, informe a la mesa de ayuda.',
      en: 'An internal error occurred. It has been logged; try again and, if it persists, tell the help desk.',
    }),
    unexpected: true,
  };
}

export function errorBody(error: AppError) {
  return { error: { code: error.code, message: error.messages, ...(error.details.length ? { details: error.details } : {}) } };
}
