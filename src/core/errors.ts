/** Every message a user can see exists in Spanish and English. */
export interface Bilingual {
  es: string;
  en: string;
}

/** Where a problem is: a form field, or a cell of an uploaded file. */
export interface ErrorDetail {
  message: Bilingual;
  field?: string;
  file?: string;
  row?: number;
  column?: string;
  value?: string;
}

export type ErrorCode =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'locked'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const statusOf: Record<ErrorCode, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  locked: 423,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** An error the user caused or may act upon; anything else is a bug and becomes a 500. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly messages: Bilingual,
    readonly details: ErrorDetail[] = [],
  ) {
    super(messages.en);
    this.status = statusOf[code];
  }
}

export const invalid = (messages: Bilingual, details: ErrorDetail[] = []) =>
  new AppError('validation', messages, details);

export const notFound = (what: Bilingual) =>
  new AppError('not_found', { es: `No se encontró ${what.es}.`, en: `${capitalize(what.en)} was not found.` });

export const forbidden = (messages: Bilingual = {
  es: 'No tiene permiso para realizar esta acción.',
  en: 'You are not allowed to do this.',
}) => new AppError('forbidden', messages);

export const unauthorized = () =>
  new AppError('unauthorized', {
    es: 'Debe iniciar sesión para realizar esta acción.',
    en: 'You must sign in to do this.',
  });

export const conflict = (messages: Bilingual) => new AppError('conflict', messages);

/** Collects field problems so a form reports all of them at once, not the first only. */
export class Problems {
  readonly list: ErrorDetail[] = [];
  add(field: string, message: Bilingual, value?: unknown): void {
    const detail: ErrorDetail = { field, message };
    if (value !== undefined && value !== null && value !== '') detail.value = String(value).slice(0, 200);
    this.list.push(detail);
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  throwIfAny(summary: Bilingual = { es: 'Hay datos inválidos.', en: 'Some data is invalid.' }): void {
    if (!this.empty) throw invalid(summary, this.list);
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
