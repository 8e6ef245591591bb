import { AppError } from '../../core/errors.ts';

/** CKAN's error kinds, with the `__type` string and HTTP status its API gives each. */
const KINDS = {
  not_found: { type: 'Not Found Error', status: 404, prefix: 'Not found' },
  authorization: { type: 'Authorization Error', status: 403, prefix: 'Access denied' },
  validation: { type: 'Validation Error', status: 409, prefix: '' },
  search_query: { type: 'Search Query Error', status: 400, prefix: 'Search Query is invalid' },
  integrity: { type: 'Integrity Error', status: 400, prefix: '' },
} as const;

export class CkanError extends Error {
  constructor(readonly kind: keyof typeof KINDS, message: string, readonly fields: Record<string, string[]> = {}) {
    super(message);
  }

  get status() {
    return KINDS[this.kind].status;
  }

  /** The `error` member of the envelope: a message, or for validation errors the fields and their messages. */
  body(): Record<string, unknown> {
    const { type, prefix } = KINDS[this.kind];
    if (this.kind === 'validation') return { ...this.fields, ...(this.message ? { message: this.message } : {}), __type: type };
    return { __type: type, message: prefix && this.message ? `${prefix}: ${this.message}` : prefix || this.message };
  }
}

/** The platform's own errors in CKAN's terms: the same authorization, the same validation, CKAN's shapes. */
export function fromAppError(error: AppError): CkanError {
  const message = `${error.messages.en} / ${error.messages.es}`;
  switch (error.code) {
    case 'not_found':
      return new CkanError('not_found', message);
    case 'forbidden':
    case 'unauthorized':
      return new CkanError('authorization', message);
    case 'validation':
    case 'conflict':
    case 'payload_too_large':
    case 'unsupported_media_type': {
      const fields: Record<string, string[]> = {};
      for (const d of error.details) (fields[d.field ?? 'message'] ??= []).push(`${d.message.en} / ${d.message.es}`);
      return new CkanError('validation', Object.keys(fields).length ? '' : message, fields);
    }
    default:
      throw error;
  }
}
