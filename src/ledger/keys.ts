import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { ed25519PublicKey, parseSignerKey, signerKey, verifierKey } from './note.ts';

export interface LogSigner {
  /** The log's origin and key name. */
  name: string;
  key: KeyObject;
  publicKey: Buffer;
  /** The verifier key text clients configure: name+keyid+base64key. */
  verifierKey: string;
}

function signerFrom(name: string, key: KeyObject): LogSigner {
  const publicKey = ed25519PublicKey(key);
  return { name, key, publicKey, verifierKey: verifierKey(name, publicKey) };
}

/**
 * The log's Ed25519 key: LEDGER_KEY (a PRIVATE+KEY+… signer key, needed when several servers share a
 * PostgreSQL database), else DATA_DIR/ledger.key, generated at first start with the origin as its name.
 */
export function loadSigner(options: { dataDir: string; ledgerKey?: string | undefined; origin: string }): LogSigner {
  if (options.ledgerKey) {
    const { name, key } = parseSignerKey(options.ledgerKey);
    return signerFrom(name, key);
  }
  const file = path.join(options.dataDir, 'ledger.key');
  if (existsSync(file)) {
    const { name, key } = parseSignerKey(readFileSync(file, 'utf8'));
    return signerFrom(name, key);
  }
  mkdirSync(options.dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, `${signerKey(options.origin, privateKey)}\n`, { mode: 0o600, flag: 'wx' });
  return signerFrom(options.origin, privateKey);
}

/** The default origin: the host and path of BASE_URL, then /ledger (schema-less, as C2SP asks). */
export function defaultOrigin(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}/ledger`;
}
