import { createPrivateKey, createPublicKey, hash, sign, verify, type KeyObject } from 'node:crypto';

/**
 * C2SP signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and Ed25519 witness
 * cosignatures (c2sp.org/tlog-cosignature, cosignature/v1).
 */
export const ED25519 = 0x01;
export const COSIGNATURE_V1 = 0x04;

export class NoteError extends Error {}

export function keyId(name: string, type: number, publicKey: Buffer): number {
  return hash('sha256', Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([type]), publicKey]), 'buffer').readUInt32BE(0);
}

export function checkKeyName(name: string): void {
  if (!name || /[\s+]/u.test(name)) throw new NoteError(`invalid key name "${name}": it must be non-empty, without spaces or "+"`);
}

/** The text form of a verifier key: name+hex key id+base64(type ‖ public key). */
export function verifierKey(name: string, publicKey: Buffer, type = ED25519): string {
  checkKeyName(name);
  return `${name}+${keyId(name, type, publicKey).toString(16).padStart(8, '0')}+${Buffer.concat([Buffer.from([type]), publicKey]).toString('base64')}`;
}

export interface Verifier {
  name: string;
  id: number;
  type: number;
  publicKey: Buffer;
}

export function parseVerifierKey(text: string): Verifier {
  // The base64 key may itself contain "+": only the first two "+" separate fields.
  const [name = '', idHex = '', ...rest] = text.trim().split('+');
  const encoded = rest.join('+');
  if (!encoded) throw new NoteError('a verifier key has the form name+keyid+base64key');
  checkKeyName(name);
  const material = Buffer.from(encoded, 'base64');
  const type = material[0]!;
  const publicKey = material.subarray(1);
  if ((type !== ED25519 && type !== COSIGNATURE_V1) || publicKey.length !== 32) throw new NoteError('only Ed25519 keys (type 0x01 or 0x04) are supported');
  const id = Number.parseInt(idHex, 16);
  if (!/^[0-9a-f]{8}$/i.test(idHex) || id !== keyId(name, type, publicKey)) throw new NoteError(`the key id of ${name} does not match its key`);
  return { name, id, type, publicKey };
}

export function ed25519PublicKey(key: KeyObject): Buffer {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url');
}

function publicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

// PKCS #8 wrapping of a raw Ed25519 seed (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function privateKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new NoteError('an Ed25519 seed has 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function seedOf(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url');
}

/** The signer key text of Go's note tools: PRIVATE+KEY+name+keyid+base64(type ‖ seed). */
export function signerKey(name: string, key: KeyObject): string {
  return `PRIVATE+KEY+${verifierKey(name, ed25519PublicKey(key)).split('+').slice(0, 2).join('+')}+${Buffer.concat([Buffer.from([ED25519]), seedOf(key)]).toString('base64')}`;
}

export function parseSignerKey(text: string): { name: string; key: KeyObject } {
  const [private_, key_, name = '', idHex = '', ...rest] = text.trim().split('+');
  const encoded = rest.join('+');
  if (private_ !== 'PRIVATE' || key_ !== 'KEY' || !encoded) throw new NoteError('a signer key has the form PRIVATE+KEY+name+keyid+base64key');
  const material = Buffer.from(encoded, 'base64');
  if (material[0] !== ED25519 || material.length !== 33) throw new NoteError('only Ed25519 signer keys are supported');
  const key = privateKeyFromSeed(material.subarray(1));
  if (Number.parseInt(idHex, 16) !== keyId(name, ED25519, ed25519PublicKey(key))) throw new NoteError(`the key id of ${name} does not match its key`);
  return { name, key };
}

export interface Signature {
  name: string;
  id: number;
  bytes: Buffer;
  line: string;
}

export interface Note {
  text: string;
  signatures: Signature[];
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('note text must end with a newline');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new NoteError('note text must not contain control characters');
}

export function signatureLine(name: string, id: number, signature: Buffer): string {
  const bytes = Buffer.alloc(4 + signature.length);
  bytes.writeUInt32BE(id, 0);
  signature.copy(bytes, 4);
  return `— ${name} ${bytes.toString('base64')}`;
}

/** Signs a note text with Ed25519; the result is the text, a blank line, and the signature line. */
export function signNote(text: string, name: string, key: KeyObject): string {
  checkText(text);
  checkKeyName(name);
  const signature = sign(null, Buffer.from(text, 'utf8'), key);
  return `${text}\n${signatureLine(name, keyId(name, ED25519, ed25519PublicKey(key)), signature)}\n`;
}

export function parseNote(note: string): Note {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('a signed note is text, a blank line and signature lines');
  const text = note.slice(0, split + 1);
  checkText(text);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length === 0 || lines.length > 64) throw new NoteError('a note needs between 1 and 64 signatures');
  const signatures = lines.map((line) => {
    const match = /^— (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!match) throw new NoteError(`malformed signature line: ${line}`);
    const bytes = Buffer.from(match[2]!, 'base64');
    if (bytes.length < 5) throw new NoteError(`signature too short: ${line}`);
    return { name: match[1]!, id: bytes.readUInt32BE(0), bytes: bytes.subarray(4), line };
  });
  return { text, signatures };
}

/**
 * Verifies a note against a known log key: the signature from that key (name and id) must exist and be
 * valid. Signatures of unknown keys are ignored, as the format requires.
 */
export function verifyNote(note: string, verifier: Verifier): Note {
  const parsed = parseNote(note);
  const mine = parsed.signatures.filter((s) => s.name === verifier.name && s.id === verifier.id);
  if (mine.length === 0) throw new NoteError(`the note has no signature from ${verifier.name}`);
  for (const s of mine) {
    if (!verify(null, Buffer.from(parsed.text, 'utf8'), publicKeyObject(verifier.publicKey), s.bytes)) {
      throw new NoteError(`the signature of ${verifier.name} is not valid: the note was altered or not signed by that key`);
    }
  }
  return parsed;
}

export interface Checkpoint {
  origin: string;
  size: bigint;
  root: Buffer;
  extensions: string[];
}

export function checkpointText(origin: string, size: number | bigint, root: Buffer): string {
  return `${origin}\n${size}\n${root.toString('base64')}\n`;
}

export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines.at(-1) !== '') throw new NoteError('a checkpoint has an origin, a size and a root hash');
  const [origin, size, root, ...rest] = lines as [string, string, string, ...string[]];
  if (!origin) throw new NoteError('empty checkpoint origin');
  if (!/^(0|[1-9][0-9]*)$/.test(size)) throw new NoteError(`invalid tree size "${size}"`);
  const hashBytes = Buffer.from(root, 'base64');
  if (hashBytes.length !== 32 || hashBytes.toString('base64') !== root) throw new NoteError('invalid root hash');
  return { origin, size: BigInt(size), root: hashBytes, extensions: rest.slice(0, -1) };
}

/** cosignature/v1: the cosigner signs a header, the time and the whole checkpoint text. */
function cosignedMessage(checkpoint: string, timestamp: bigint): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpoint}`, 'utf8');
}

export function cosign(checkpoint: string, name: string, key: KeyObject, timestamp = BigInt(Math.floor(Date.now() / 1000))): string {
  checkKeyName(name);
  const signature = sign(null, cosignedMessage(checkpoint, timestamp), key);
  const body = Buffer.alloc(8 + signature.length);
  body.writeBigUInt64BE(timestamp, 0);
  signature.copy(body, 8);
  return signatureLine(name, keyId(name, COSIGNATURE_V1, ed25519PublicKey(key)), body);
}

/** Checks a cosignature line for a checkpoint text; returns when it was made. */
export function verifyCosignature(checkpoint: string, line: string, witness: { name: string; publicKey: Buffer }): bigint {
  const parsed = parseNote(`${checkpoint}\n${line}\n`).signatures[0]!;
  if (parsed.name !== witness.name || parsed.id !== keyId(witness.name, COSIGNATURE_V1, witness.publicKey)) {
    throw new NoteError(`the cosignature is not from ${witness.name}'s key`);
  }
  if (parsed.bytes.length !== 8 + 64) throw new NoteError('a cosignature is a timestamp and an Ed25519 signature');
  const timestamp = parsed.bytes.readBigUInt64BE(0);
  if (timestamp > 2n ** 63n - 1n) throw new NoteError('cosignature timestamp out of range');
  if (!verify(null, cosignedMessage(checkpoint, timestamp), publicKeyObject(witness.publicKey), parsed.bytes.subarray(8))) {
    throw new NoteError(`the cosignature of ${witness.name} is not valid`);
  }
  return timestamp;
}
