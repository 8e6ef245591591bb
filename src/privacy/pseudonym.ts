import { createHmac } from 'node:crypto';

/**
 * Keyed pseudonyms: HMAC-SHA256 of the value with a key of the entity's own (derived from the platform's
 * secret), so the same person gets the same pseudonym across the entity's releases, no one without the key
 * can recompute it, and another entity's pseudonyms do not match. DuckDB computes it over the whole column
 * (the HMAC written out with SHA-256, tested against Node's).
 */

export const PSEUDONYM_LENGTH = 24;

/** The entity's pseudonymization key. */
export function entityKey(platformSecret: string, entityId: string): Buffer {
  return createHmac('sha256', platformSecret).update(`pseudonym:${entityId}`).digest();
}

/** The pseudonym of one value, as the release holds it. */
export function pseudonym(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, PSEUDONYM_LENGTH);
}

/** SQL computing the pseudonym of a text expression with the key: HMAC = H((K⊕opad) ‖ H((K⊕ipad) ‖ m)). */
export function pseudonymSql(key: Buffer, text: string): string {
  const block = Buffer.alloc(64);
  key.copy(block);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36)).toString('hex');
  const opad = Buffer.from(block.map((b) => b ^ 0x5c)).toString('hex');
  return `CASE WHEN ${text} IS NULL THEN NULL ELSE substr(sha256(unhex('${opad}') || unhex(sha256(unhex('${ipad}') || encode(${text})))), 1, ${PSEUDONYM_LENGTH}) END`;
}
