import { createHash, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { invalid } from '../core/errors.ts';
import type { LogSigner } from '../ledger/keys.ts';

/**
 * The signatures of the exchange, both sides: what a client signs and the headers it sends, and the platform's
 * detached signature over each response. No storage here, so any client (our CLI included) can use it.
 */

export const EXCHANGE_SIGNATURE_CONTEXT = 'infradatos-exchange-v1';

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The text a client signs (with its body's SHA-256 when it sends one); its SHA-256 is the request hash. */
export const canonicalRequest = (method: string, target: string, client: string, nonce: string, time: string, body?: string) =>
  [method.toUpperCase(), target, client, nonce, time, ...(body !== undefined ? [sha256(body)] : [])].join('\n');

/** Ed25519 public keys as the 32 raw bytes in base64 (or a PEM SPKI block). */
export function publicKeyFrom(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    try {
      const key = createPublicKey(trimmed);
      if (key.asymmetricKeyType === 'ed25519') return key;
    } catch {
      // reported below
    }
  } else {
    const raw = Buffer.from(trimmed, 'base64');
    if (raw.length === 32) return createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });
  }
  throw invalid({ es: 'La clave pública Ed25519 son 32 bytes en base64, o un bloque PEM de clave pública Ed25519.', en: 'An Ed25519 public key is 32 bytes in base64, or an Ed25519 public key PEM block.' }, [{ field: 'public_key', message: { es: 'Clave inválida.', en: 'Invalid key.' } }]);
}

/** An Ed25519 public key as the 32 raw bytes in base64, the form the platform registers. */
export const rawPublicKey = (key: KeyObject): string => key.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');

/** The headers an X-Road-style client sends, signed with its Ed25519 private key. */
export function signedRequestHeaders(input: { client: string; privateKey: KeyObject; method: string; target: string; body?: string; now?: Date; nonce?: string }): Record<string, string> {
  const nonce = input.nonce ?? randomBytes(16).toString('hex');
  const time = (input.now ?? new Date()).toISOString();
  return {
    'x-road-client': input.client,
    'x-request-id': nonce,
    'x-request-time': time,
    'x-request-signature': sign(null, Buffer.from(canonicalRequest(input.method, input.target, input.client, nonce, time, input.body)), input.privateKey).toString('base64'),
  };
}

/** The request hash the response signature covers, computed by the client from what it sent. */
export const requestHashOf = (headers: Record<string, string>, method: string, target: string, body?: string): string =>
  sha256(canonicalRequest(method, target, headers['x-road-client']!, headers['x-request-id']!, headers['x-request-time']!, body));

/** The response signature: Ed25519 over the context, the request hash and the body's hash. */
export function responseSignature(signer: LogSigner, requestHash: string, body: string): string {
  return sign(null, Buffer.from(`${EXCHANGE_SIGNATURE_CONTEXT}\n${requestHash}\n${sha256(body)}`), signer.key).toString('base64');
}

export function verifyResponse(publicKeyBase64: string, requestHash: string, body: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(`${EXCHANGE_SIGNATURE_CONTEXT}\n${requestHash}\n${sha256(body)}`), publicKeyFrom(publicKeyBase64), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
