import { hash, type KeyObject } from 'node:crypto';
import { canonicalJson } from './jcs.ts';
import { leafHash, verifyConsistency, verifyInclusion } from './merkle.ts';
import { MemoryTree } from './tree.ts';
import { cosign, parseCheckpoint, parseVerifierKey, verifyNote, type Checkpoint, type Verifier } from './note.ts';

/**
 * An independent verifier of an infradatos ledger, as a witness or an auditor runs it: it trusts nothing
 * the server says except what the log's key signed, and remembers the last checkpoint it accepted.
 */
export class LedgerAlarm extends Error {
  constructor(readonly messages: { es: string; en: string }) {
    super(messages.en);
  }
}

export interface VerifierState {
  url: string;
  key: string;
  note: string;
  size: string;
  root: string;
  checked_at: string;
}

export interface VerifyOptions {
  url: string;
  state?: VerifierState;
  /** The log's verifier key, when known in advance (else pinned on first use). */
  logKey?: string;
  entries?: number[];
  files?: { name: string; data: Buffer }[];
  /** Download every entry and recompute the signed root. */
  audit?: boolean;
  witness?: { name: string; key: KeyObject };
  fetch?: typeof fetch;
  onProgress?: (message: string) => void;
}

export interface VerifyReport {
  checkpoint: Checkpoint;
  note: string;
  key: string;
  previousSize: bigint | null;
  entries: { index: number; type: string }[];
  files: { name: string; sha256: string; entries: number[] }[];
  audited: number | null;
  cosigned: boolean;
  state: VerifierState;
}

interface RemoteEntry {
  index: number;
  leaf_hash: string;
  data: string;
}

const alarm = (es: string, en: string): never => {
  throw new LedgerAlarm({ es, en });
};

export async function verifyLedger(options: VerifyOptions): Promise<VerifyReport> {
  const base = options.url.replace(/\/+$/, '');
  const http = options.fetch ?? fetch;
  const say = options.onProgress ?? (() => {});
  const get = async (path: string, as: 'text' | 'json' = 'json'): Promise<any> => {
    let response: Response;
    try {
      response = await http(`${base}${path}`, { headers: { accept: as === 'json' ? 'application/json' : 'text/plain' } });
    } catch (error) {
      return alarm(`No se pudo contactar ${base}${path}: ${(error as Error).message}`, `Could not reach ${base}${path}: ${(error as Error).message}`);
    }
    if (!response.ok) return alarm(`${base}${path} respondió ${response.status}.`, `${base}${path} answered ${response.status}.`);
    return as === 'json' ? response.json() : response.text();
  };

  // 1. The log's key: given, remembered, or trusted on first use (and remembered from then on).
  const served = String(await get('/ledger/key', 'text')).trim();
  const keyText = options.logKey ?? options.state?.key ?? served;
  if (keyText !== served) {
    alarm(`La clave pública del registro cambió: se esperaba ${keyText} y el servidor publica ${served}.`, `The log's public key changed: expected ${keyText}, the server publishes ${served}.`);
  }
  let verifier: Verifier;
  try {
    verifier = parseVerifierKey(keyText);
  } catch (error) {
    return alarm(`Clave del registro inválida: ${(error as Error).message}`, `Invalid log key: ${(error as Error).message}`);
  }

  // 2. The checkpoint must be signed by that key.
  const note = String(await get('/ledger/checkpoint', 'text'));
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseCheckpoint(verifyNote(note, verifier).text);
  } catch (error) {
    return alarm(`El punto de control no tiene una firma válida del registro: ${(error as Error).message}`, `The checkpoint has no valid signature of the log: ${(error as Error).message}`);
  }
  if (checkpoint.origin !== verifier.name) alarm(`El punto de control es de otro registro (${checkpoint.origin}).`, `The checkpoint belongs to another log (${checkpoint.origin}).`);
  say(`checkpoint ${checkpoint.size} ${checkpoint.root.toString('base64')}`);

  // 3. It must extend the last one this verifier accepted: anything else is a fork or a rewrite.
  let previousSize: bigint | null = null;
  if (options.state) {
    const old = parseCheckpoint(verifyNote(options.state.note, verifier).text);
    if (checkpoint.size < old.size) {
      alarm(`El registro se encogió de ${old.size} a ${checkpoint.size} entradas: su historia fue reescrita.`, `The log shrank from ${old.size} to ${checkpoint.size} entries: its history was rewritten.`);
    }
    if (checkpoint.size === old.size && !checkpoint.root.equals(old.root)) {
      alarm(`Bifurcación: el mismo tamaño (${old.size}) con otra raíz. El registro muestra historias distintas.`, `Fork: the same size (${old.size}) with another root. The log shows different histories.`);
    }
    if (checkpoint.size > old.size) {
      const { proof } = await get(`/ledger/proof/consistency?from=${old.size}&to=${checkpoint.size}`);
      try {
        verifyConsistency(old.size, checkpoint.size, (proof as string[]).map((p) => Buffer.from(p, 'base64')), old.root, checkpoint.root);
      } catch (error) {
        alarm(`Bifurcación: el árbol de ${checkpoint.size} entradas no extiende el de ${old.size} que ya se había verificado (${(error as Error).message}).`,
          `Fork: the tree of ${checkpoint.size} entries does not extend the one of ${old.size} verified before (${(error as Error).message}).`);
      }
    }
    previousSize = old.size;
  }

  /**
   * The first entry that differs from the signed tree: the longest prefix of the delivered entries whose
   * root the signed tree provably extends ends just before it (a binary search over consistency proofs).
   */
  const firstRewritten = async (tree: MemoryTree): Promise<number> => {
    let good = 0;
    let bad = tree.size;
    while (bad - good > 1) {
      const mid = Math.floor((good + bad) / 2);
      const { proof } = await get(`/ledger/proof/consistency?from=${mid}&to=${checkpoint.size}`);
      try {
        verifyConsistency(BigInt(mid), checkpoint.size, (proof as string[]).map((p) => Buffer.from(p, 'base64')), tree.root(mid), checkpoint.root);
        good = mid;
      } catch {
        bad = mid;
      }
    }
    return bad - 1;
  };

  const proveEntry = async (entry: RemoteEntry): Promise<Record<string, unknown>> => {
    const leaf = leafHash(entry.data);
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(entry.data);
    } catch {
      return alarm(`La entrada ${entry.index} no es JSON válido.`, `Entry ${entry.index} is not valid JSON.`);
    }
    if (parsed.index !== entry.index || canonicalJson(parsed) !== entry.data) {
      alarm(`La entrada ${entry.index} no está en forma canónica o no dice su posición.`, `Entry ${entry.index} is not canonical or does not state its position.`);
    }
    const { proof } = await get(`/ledger/proof/inclusion?index=${entry.index}&size=${checkpoint.size}`);
    try {
      verifyInclusion(BigInt(entry.index), checkpoint.size, leaf, (proof as string[]).map((p) => Buffer.from(p, 'base64')), checkpoint.root);
    } catch (error) {
      alarm(`La entrada ${entry.index} no está en el árbol firmado tal como se muestra: fue alterada (${(error as Error).message}).`,
        `Entry ${entry.index} is not in the signed tree as shown: it was altered (${(error as Error).message}).`);
    }
    return parsed;
  };

  // 4. Entries asked for, and entries recording a file's hash.
  const entries: VerifyReport['entries'] = [];
  for (const index of options.entries ?? []) {
    if (BigInt(index) >= checkpoint.size) alarm(`La entrada ${index} no existe en el árbol de ${checkpoint.size}.`, `Entry ${index} does not exist in the tree of ${checkpoint.size}.`);
    const { entries: found } = await get(`/ledger/entries?start=${index}&end=${index + 1}`);
    if (!found?.[0]) alarm(`El servidor no entrega la entrada ${index}.`, `The server does not deliver entry ${index}.`);
    const parsed = await proveEntry(found[0]);
    entries.push({ index, type: String(parsed.type) });
  }
  const files: VerifyReport['files'] = [];
  for (const file of options.files ?? []) {
    const sha256 = hash('sha256', file.data, 'hex');
    const { entries: found } = await get(`/api/v1/ledger?content_sha256=${sha256}&limit=50`);
    const recorded = (found as RemoteEntry[]).filter((e) => BigInt(e.index) < checkpoint.size);
    if (recorded.length === 0) alarm(`Ninguna entrada del registro menciona el archivo ${file.name} (SHA-256 ${sha256}).`, `No ledger entry mentions file ${file.name} (SHA-256 ${sha256}).`);
    for (const entry of recorded) {
      const parsed = await proveEntry(entry);
      if (!JSON.stringify(parsed).includes(sha256)) alarm(`La entrada ${entry.index} no contiene el hash del archivo.`, `Entry ${entry.index} does not contain the file's hash.`);
    }
    files.push({ name: file.name, sha256, entries: recorded.map((e) => e.index) });
  }

  // 5. Audit: every entry, hashed again, must give exactly the signed root.
  let audited: number | null = null;
  if (options.audit) {
    const tree = new MemoryTree();
    while (BigInt(tree.size) < checkpoint.size) {
      const end = Math.min(tree.size + 1000, Number(checkpoint.size));
      const { entries: page } = await get(`/ledger/entries?start=${tree.size}&end=${end}`);
      if (!page?.length) alarm(`El servidor no entrega las entradas desde ${tree.size}.`, `The server does not deliver the entries from ${tree.size}.`);
      for (const entry of page as RemoteEntry[]) {
        if (entry.index !== tree.size) alarm(`Falta la entrada ${tree.size}.`, `Entry ${tree.size} is missing.`);
        tree.append(leafHash(entry.data));
      }
      say(`audited ${tree.size}/${checkpoint.size}`);
    }
    if (!tree.root().equals(checkpoint.root)) {
      const first = await firstRewritten(tree);
      alarm(`Las entradas que entrega el servidor no producen la raíz firmada: la entrada ${first} fue reescrita (y quizá otras después).`,
        `The entries the server delivers do not give the signed root: entry ${first} was rewritten (and maybe others after it).`);
    }
    audited = tree.size;
  }

  // 6. As a witness: cosign what was verified, and hand the cosignature to the log.
  let cosigned = false;
  if (options.witness) {
    const text = verifyNote(note, verifier).text;
    const line = cosign(text, options.witness.name, options.witness.key);
    const response = await http(`${base}/api/v1/ledger/cosignatures`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ size: Number(checkpoint.size), cosignature: line }) });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: { es: string; en: string } } };
      alarm(`El registro no aceptó la cosignatura: ${body.error?.message?.es ?? response.status}`, `The log did not accept the cosignature: ${body.error?.message?.en ?? response.status}`);
    }
    cosigned = true;
  }

  const state: VerifierState = { url: base, key: keyText, note, size: String(checkpoint.size), root: checkpoint.root.toString('base64'), checked_at: new Date().toISOString() };
  return { checkpoint, note, key: keyText, previousSize, entries, files, audited, cosigned, state };
}
