import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  checkpointText, cosign, ed25519PublicKey, parseCheckpoint, parseSignerKey, parseVerifierKey, signNote, signerKey, verifierKey, verifyCosignature, verifyNote,
} from '../../src/ledger/note.ts';

// The reference vector of Go's golang.org/x/mod/sumdb/note (the format's origin): our output must match it byte for byte.
const GO_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

test('signed notes match the reference implementation byte for byte', () => {
  const { name, key } = parseSignerKey(GO_SIGNER);
  assert.equal(signNote(GO_TEXT, name, key), GO_NOTE);
  assert.equal(verifierKey(name, ed25519PublicKey(key)), GO_VERIFIER);
  assert.equal(signerKey(name, key), GO_SIGNER);
  assert.equal(verifyNote(GO_NOTE, parseVerifierKey(GO_VERIFIER)).text, GO_TEXT);
});

test('altered notes, wrong keys and malformed text are rejected', () => {
  const verifier = parseVerifierKey(GO_VERIFIER);
  assert.throws(() => verifyNote(GO_NOTE.replace('problem,', 'problem;'), verifier), /not valid/);
  assert.throws(() => verifyNote(GO_NOTE.replace('— PeterNeumann', '— Someone'), verifier), /no signature from PeterNeumann/);
  assert.throws(() => parseVerifierKey(GO_VERIFIER.replace('c74f20a3', 'c74f20a4')), /does not match/);
  assert.throws(() => verifyNote('no blank line\n— x abc\n', verifier));
  // Unknown signatures are ignored when a known one verifies.
  const other = generateKeyPairSync('ed25519').privateKey;
  const twice = `${GO_NOTE}${signNote(GO_TEXT, 'otro.example/log', other).split('\n\n')[1]}`;
  assert.equal(verifyNote(twice, verifier).signatures.length, 2);
});

test('checkpoints and witness cosignatures (cosignature/v1)', () => {
  const log = generateKeyPairSync('ed25519').privateKey;
  const witness = generateKeyPairSync('ed25519').privateKey;
  const root = Buffer.alloc(32, 7);
  const text = checkpointText('datos.example.gov.co/ledger', 20852163, root);
  assert.deepEqual(parseCheckpoint(text), { origin: 'datos.example.gov.co/ledger', size: 20852163n, root, extensions: [] });
  assert.throws(() => parseCheckpoint('origin\n01\nAAAA\n'), /size/);
  const line = cosign(text, 'testigo.example.gov.co/w1', witness, 1679315147n);
  assert.equal(verifyCosignature(text, line, { name: 'testigo.example.gov.co/w1', publicKey: ed25519PublicKey(witness) }), 1679315147n);
  assert.throws(() => verifyCosignature(text.replace('20852163', '20852164'), line, { name: 'testigo.example.gov.co/w1', publicKey: ed25519PublicKey(witness) }), /not valid/);
  assert.throws(() => verifyCosignature(text, line, { name: 'testigo.example.gov.co/w1', publicKey: ed25519PublicKey(log) }), /not from/);
});
