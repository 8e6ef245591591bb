import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import { ASSET_FIELDS } from '../../catalog/asset-fields.ts';
import type { AssetInput } from '../../catalog/assets.ts';
import { formValuesOf } from './assets.tsx';

export type Body = Record<string, unknown>;

const NOTICES: Record<string, { es: string; en: string }> = {
  created: { es: 'Se guardó el registro.', en: 'The record was saved.' },
  saved: { es: 'Se guardaron los cambios.', en: 'The changes were saved.' },
  deleted: { es: 'Se eliminó el activo.', en: 'The asset was deleted.' },
  person: { es: 'Se creó la cuenta.', en: 'The account was created.' },
};

export function notice(request: FastifyRequest): string | undefined {
  const ok = (request.query as Record<string, unknown>).ok;
  const text = typeof ok === 'string' ? NOTICES[ok] : undefined;
  return text?.[request.lang];
}

export const seeOther = (reply: FastifyReply, location: string) => reply.code(303).header('location', location).send();

/** Form problems a page shows next to their fields; anything else goes to the error handler. */
export function formErrors(error: unknown): ErrorDetail[] {
  if (error instanceof AppError && (error.code === 'validation' || (error.code === 'conflict' && error.details.length > 0))) {
    return error.details.length ? error.details : [{ message: error.messages }];
  }
  throw error;
}

/** A browser form's fields as asset input: only the fields the form showed, unchecked boxes included. */
export function assetInputFromForm(body: Body): AssetInput {
  const shown = new Set(String(body._fields ?? '').split(','));
  const input: AssetInput = {};
  for (const spec of ASSET_FIELDS) {
    if (!shown.has(spec.key)) continue;
    const raw = body[spec.key];
    if (spec.kind === 'choices') input[spec.key] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    else if (spec.kind === 'boolean') input[spec.key] = raw !== undefined && raw !== '';
    else input[spec.key] = raw ?? '';
  }
  return input;
}

export function formValuesFromBody(body: Body): Record<string, unknown> {
  const values = formValuesOf(assetInputFromForm(body));
  return { ...values, version: body.version, reason: body.reason };
}

