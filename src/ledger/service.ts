import { sql } from 'kysely';
import type { Actor } from '../core/actor.ts';
import { AppError, conflict, forbidden, invalid, notFound, unauthorized } from '../core/errors.ts';
import type { Db } from '../store/database.ts';
import type { LogSigner } from './keys.ts';
import { readState } from './log.ts';
import { checkpointText, COSIGNATURE_V1, NoteError, parseNote, parseVerifierKey, signNote, verifyCosignature } from './note.ts';

export interface SignedCheckpoint {
  origin: string;
  size: number;
  root: Buffer;
  /** The checkpoint text signed by the log (without signatures). */
  text: string;
  /** The complete signed note: the log's signature, then every witness cosignature. */
  note: string;
  cosignatures: { witness: string; signed_at: number; line: string }[];
  created_at: Date;
}

/** The checkpoint of the current tree, signed once per tree size and kept. */
export async function latestCheckpoint(db: Db, signer: LogSigner): Promise<SignedCheckpoint> {
  const state = await readState(db);
  return checkpointAt(db, signer, state.size, state.root);
}

/**
 * A log is known by its key for life: verifiers pin it. The first checkpoint records it; a server with
 * another key (say a second node with its own DATA_DIR on a shared PostgreSQL) must not sign, or every
 * verifier would see a different log.
 */
export async function assertLogKey(db: Db, signer: LogSigner, bind = false): Promise<void> {
  if (bind) await db.updateTable('ledger_state').set({ verifier_key: signer.verifierKey }).where('id', '=', 1).where('verifier_key', 'is', null).execute();
  const { verifier_key: recorded } = await db.selectFrom('ledger_state').select('verifier_key').where('id', '=', 1).executeTakeFirstOrThrow();
  if (recorded && recorded !== signer.verifierKey) {
    throw conflict({
      es: `El registro de transparencia de esta base de datos se firma con la clave ${recorded}, y este servidor tiene otra (${signer.verifierKey}). Dé a todos los servidores la misma clave: LEDGER_KEY, o el archivo ledger.key del primero en DATA_DIR.`,
      en: `This database's transparency ledger is signed with the key ${recorded}, and this server has another one (${signer.verifierKey}). Give every server the same key: LEDGER_KEY, or the first server's ledger.key in DATA_DIR.`,
    });
  }
}

async function checkpointAt(db: Db, signer: LogSigner, size: number, root: Buffer): Promise<SignedCheckpoint> {
  let row = await db.selectFrom('ledger_checkpoints').selectAll().where('size', '=', size).executeTakeFirst();
  if (!row) {
    await assertLogKey(db, signer, true);
    const note = signNote(checkpointText(signer.name, size, root), signer.name, signer.key);
    await db.insertInto('ledger_checkpoints').values({ size, root, note, created_at: new Date() }).onConflict((oc) => oc.column('size').doNothing()).execute();
    row = await db.selectFrom('ledger_checkpoints').selectAll().where('size', '=', size).executeTakeFirstOrThrow();
  }
  const cosignatures = await db.selectFrom('ledger_cosignatures').select(['witness', 'signed_at', 'line']).where('size', '=', size).orderBy('witness').execute();
  const note = cosignatures.length ? `${row.note}${cosignatures.map((c) => `${c.line}\n`).join('')}` : row.note;
  return {
    origin: signer.name,
    size: Number(row.size),
    root: row.root,
    text: parseNote(row.note).text,
    note,
    cosignatures: cosignatures.map((c) => ({ ...c, signed_at: Number(c.signed_at) })),
    created_at: row.created_at,
  };
}

export async function storedCheckpoint(db: Db, signer: LogSigner, size: number): Promise<SignedCheckpoint> {
  const row = await db.selectFrom('ledger_checkpoints').select(['size', 'root']).where('size', '=', size).executeTakeFirst();
  if (!row) throw notFound({ es: `el punto de control de tamaño ${size}`, en: `the checkpoint of size ${size}` });
  return checkpointAt(db, signer, Number(row.size), row.root);
}

const canManageWitnesses = (actor: Actor, entityId: string) =>
  actor.kind === 'system' || (actor.kind === 'person' && (actor.roles.includes('data_office') || (actor.roles.includes('entity_admin') && actor.entityId === entityId)));

/**
 * An entity registers the key of a witness it runs: a process that checks every checkpoint it sees
 * is consistent with the previous one, and cosigns it. Only then are its cosignatures accepted.
 */
/**
 * A witness signs checkpoints under its name, so the name says who stands behind it: it must be the entity's
 * own (under its web domain, "testigo.dane.gov.co/1", or its NIT, "899999027/1"), and only one entity holds it.
 */
function ownsWitnessName(name: string, namespaces: string[]): boolean {
  const authority = name.split('/')[0]!.toLowerCase();
  return namespaces.some((ns) => authority === ns || authority.endsWith(`.${ns}`));
}

export async function registerWitness(db: Db, actor: Actor, input: { vkey: string; entityId?: string }, namespacesOf?: (entityId: string) => Promise<string[]>) {
  if (actor.kind === 'anonymous') throw unauthorized();
  const entityId = input.entityId ?? (actor.kind === 'person' ? actor.entityId : '');
  if (!entityId || !canManageWitnesses(actor, entityId)) throw forbidden();
  let verifier;
  try {
    verifier = parseVerifierKey(input.vkey);
  } catch (error) {
    throw invalid({ es: `Clave de testigo inválida: ${(error as Error).message}`, en: `Invalid witness key: ${(error as Error).message}` }, [
      { field: 'vkey', message: { es: 'Use el formato nombre+idclave+base64, tipo 0x04 (cosignature/v1).', en: 'Use the name+keyid+base64 format, type 0x04 (cosignature/v1).' } },
    ]);
  }
  if (verifier.type !== COSIGNATURE_V1) {
    throw invalid({ es: 'La clave de un testigo es de tipo 0x04 (cosignature/v1).', en: 'A witness key has type 0x04 (cosignature/v1).' }, [{ field: 'vkey', message: { es: 'Tipo de clave incorrecto.', en: 'Wrong key type.' } }]);
  }
  const namespaces = namespacesOf ? await namespacesOf(entityId) : undefined;
  if (namespaces && !ownsWitnessName(verifier.name, namespaces)) {
    throw invalid({
      es: `El nombre del testigo debe ser de la entidad: empezar por su dominio o su NIT (${namespaces.join(' o ')}), por ejemplo ${namespaces[0]}/testigo-1.`,
      en: `The witness name must be the entity's: start with its domain or NIT (${namespaces.join(' or ')}), for example ${namespaces[0]}/witness-1.`,
    }, [{ field: 'vkey', message: { es: 'Nombre de otra entidad.', en: "Another entity's name." }, value: verifier.name }]);
  }
  const existing = await db.selectFrom('ledger_witnesses').select('name').where('name', '=', verifier.name).executeTakeFirst();
  if (existing) throw new AppError('conflict', { es: `Ya hay un testigo llamado ${verifier.name}.`, en: `There is already a witness named ${verifier.name}.` });
  await db.insertInto('ledger_witnesses').values({ name: verifier.name, entity_id: entityId, public_key: verifier.publicKey, created_at: new Date(), revoked_at: null }).execute();
  return { name: verifier.name, entity_id: entityId, vkey: input.vkey.trim() };
}

export async function listWitnesses(db: Db) {
  return db.selectFrom('ledger_witnesses').select(['name', 'entity_id', 'created_at', 'revoked_at']).orderBy('name').execute();
}

/** Accepts a witness's cosignature of a stored checkpoint, after checking it with the witness's key. */
export async function addCosignature(db: Db, signer: LogSigner, size: number, line: string) {
  const checkpoint = await db.selectFrom('ledger_checkpoints').selectAll().where('size', '=', size).executeTakeFirst();
  if (!checkpoint) throw notFound({ es: `el punto de control de tamaño ${size}`, en: `the checkpoint of size ${size}` });
  const name = /^— (\S+) /u.exec(line.trim())?.[1];
  const witness = name ? await db.selectFrom('ledger_witnesses').selectAll().where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst() : undefined;
  if (!witness) throw invalid({ es: `El testigo ${name ?? '?'} no está registrado.`, en: `Witness ${name ?? '?'} is not registered.` });
  const text = parseNote(checkpoint.note).text;
  let signedAt: bigint;
  try {
    signedAt = verifyCosignature(text, line.trim(), { name: witness.name, publicKey: witness.public_key });
  } catch (error) {
    if (!(error instanceof NoteError)) throw error;
    throw invalid({ es: `Cosignatura rechazada: ${error.message}`, en: `Cosignature rejected: ${error.message}` });
  }
  await db
    .insertInto('ledger_cosignatures')
    .values({ size, witness: witness.name, signed_at: Number(signedAt), line: line.trim(), created_at: new Date() })
    .onConflict((oc) => oc.columns(['size', 'witness']).doUpdateSet({ signed_at: Number(signedAt), line: line.trim() }))
    .execute();
  return storedCheckpoint(db, signer, size);
}

export interface EntryView {
  index: number;
  leaf_hash: string;
  data: string;
  type: string;
  entity: string | null;
  subject: string;
  actor: string;
  time: Date;
}

const toView = (row: { idx: number | string; leaf_hash: Buffer; data: string; type: string; entity_id: string | null; subject: string; actor: string; created_at: Date }): EntryView => ({
  index: Number(row.idx),
  leaf_hash: row.leaf_hash.toString('base64'),
  data: row.data,
  type: row.type,
  entity: row.entity_id,
  subject: row.subject,
  actor: row.actor,
  time: row.created_at,
});

export const MAX_PAGE = 1000;

/** Entries [start, end) in order, at most MAX_PAGE of them. */
export async function entryRange(db: Db, start: number, end: number): Promise<EntryView[]> {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start) {
    throw invalid({ es: 'Indique 0 ≤ start < end.', en: 'Give 0 ≤ start < end.' }, [{ field: 'start', message: { es: 'Rango inválido.', en: 'Invalid range.' } }]);
  }
  const rows = await db.selectFrom('ledger_entries').selectAll().where('idx', '>=', start).where('idx', '<', Math.min(end, start + MAX_PAGE)).orderBy('idx').execute();
  return rows.map(toView);
}

export interface EntryFilters {
  entity?: string;
  type?: string;
  subject?: string;
  content_sha256?: string;
  leaf_hash?: Buffer;
  /** Only entries before this index (for paging backwards). */
  before?: number;
  limit?: number;
}

/** Most recent entries first, filtered. */
export async function findEntries(db: Db, filters: EntryFilters): Promise<EntryView[]> {
  let query = db.selectFrom('ledger_entries').selectAll();
  if (filters.entity) query = query.where('entity_id', '=', filters.entity);
  if (filters.type) query = query.where('type', '=', filters.type);
  if (filters.subject) query = query.where('subject', '=', filters.subject);
  if (filters.content_sha256) query = query.where(sql<boolean>`content_hashes @> ARRAY[${filters.content_sha256.toLowerCase()}]::text[]`);
  if (filters.leaf_hash) query = query.where('leaf_hash', '=', filters.leaf_hash);
  if (filters.before !== undefined) query = query.where('idx', '<', filters.before);
  const rows = await query.orderBy('idx', 'desc').limit(Math.min(filters.limit ?? 50, 500)).execute();
  return rows.map(toView);
}

export async function entryAt(db: Db, index: number): Promise<EntryView> {
  const row = await db.selectFrom('ledger_entries').selectAll().where('idx', '=', index).executeTakeFirst();
  if (!row) throw notFound({ es: `la entrada ${index} del registro`, en: `ledger entry ${index}` });
  return toView(row);
}

/** The distinct entry types, by a loose index scan (a few index probes however many entries there are). */
export async function entryTypes(db: Db): Promise<string[]> {
  const rows = await sql<{ type: string | null }>`
    WITH RECURSIVE types AS (
      SELECT min(type) AS type FROM ledger_entries
      UNION ALL
      SELECT (SELECT min(type) FROM ledger_entries WHERE type > types.type) FROM types WHERE types.type IS NOT NULL
    )
    SELECT type FROM types WHERE type IS NOT NULL`.execute(db);
  return rows.rows.map((r) => r.type!);
}
