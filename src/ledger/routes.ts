import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { invalid, notFound } from '../core/errors.ts';
import type { Actor } from '../core/actor.ts';
import type { Db } from '../store/database.ts';
import type { LogSigner } from './keys.ts';
import { consistencyProof, inclusionProof, readState, rootAt } from './log.ts';
import { leafHash, verifyInclusion } from './merkle.ts';
import { addCosignature, entryAt, entryRange, entryTypes, findEntries, latestCheckpoint, listWitnesses, MAX_PAGE, registerWitness, storedCheckpoint, type EntryView } from './service.ts';

const b64 = (h: Buffer) => h.toString('base64');
const Errors = { 400: Type.Any(), 404: Type.Any() };

/** Reads a leaf hash given as base64 or hex. */
function parseHash(text: string): Buffer {
  const hex = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (hex.length !== 32) throw invalid({ es: 'El hash debe tener 32 bytes, en hexadecimal o base64.', en: 'The hash must have 32 bytes, in hex or base64.' }, [{ field: 'hash', message: { es: 'Hash inválido.', en: 'Invalid hash.' } }]);
  return hex;
}

async function sizeOrLatest(db: Db, size: number | undefined): Promise<number> {
  const current = (await readState(db)).size;
  if (size === undefined) return current;
  if (size > current) throw invalid({ es: `El registro tiene ${current} entradas; no hay árbol de tamaño ${size}.`, en: `The ledger has ${current} entries; there is no tree of size ${size}.` }, [{ field: 'size', message: { es: 'Tamaño mayor que el registro.', en: 'Size beyond the ledger.' } }]);
  return size;
}

/** An entry with its inclusion proof in the latest checkpoint, checked here as a client would. */
export async function provenEntry(db: Db, signer: LogSigner, index: number) {
  const entry = await entryAt(db, index);
  const checkpoint = await latestCheckpoint(db, signer);
  const proof = await inclusionProof(db, index, checkpoint.size);
  const leaf = leafHash(entry.data);
  let verified = true;
  let reason: string | null = null;
  try {
    if (!leaf.equals(Buffer.from(entry.leaf_hash, 'base64'))) throw new Error('the entry’s data does not match its leaf hash');
    verifyInclusion(BigInt(index), BigInt(checkpoint.size), leaf, proof, checkpoint.root);
  } catch (error) {
    verified = false;
    reason = (error as Error).message;
  }
  return { entry, checkpoint, proof: proof.map(b64), verified, reason };
}

/** The ledger's public protocol: checkpoint, key, proofs and entries, as auditors and witnesses use them. */
export function ledgerProtocolRoutes(db: Db, signer: LogSigner): FastifyPluginAsync {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/checkpoint', { schema: { tags: ['registro'], summary: 'Último punto de control firmado (C2SP tlog-checkpoint) con las cosignaturas de los testigos / Latest signed checkpoint' } }, async (_request, reply) => {
      const checkpoint = await latestCheckpoint(db, signer);
      return reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-cache').send(checkpoint.note);
    });

    app.get('/checkpoint/:size', { schema: { tags: ['registro'], summary: 'Un punto de control anterior / An earlier checkpoint', params: Type.Object({ size: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) }) } }, async (request, reply) => {
      const checkpoint = await storedCheckpoint(db, signer, request.params.size);
      return reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(checkpoint.note);
    });

    app.get('/key', { schema: { tags: ['registro'], summary: 'Clave pública del registro (formato de verificador de notas firmadas) / The log’s public key' } }, async (_request, reply) =>
      reply.header('content-type', 'text/plain; charset=utf-8').send(`${signer.verifierKey}\n`),
    );

    app.get('/proof/inclusion', {
      schema: {
        tags: ['registro'],
        summary: 'Prueba de inclusión de una entrada (por índice o por hash de hoja) en el árbol de un tamaño / Inclusion proof',
        querystring: Type.Object({ index: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })), hash: Type.Optional(Type.String()), size: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })) }),
        response: { 200: Type.Object({ index: Type.Integer(), size: Type.Integer(), leaf_hash: Type.String(), root: Type.String(), proof: Type.Array(Type.String()) }), ...Errors },
      },
    }, async (request) => {
      const size = await sizeOrLatest(db, request.query.size);
      let index = request.query.index;
      if (index === undefined) {
        if (!request.query.hash) throw invalid({ es: 'Indique index o hash.', en: 'Give index or hash.' });
        const found = (await findEntries(db, { leaf_hash: parseHash(request.query.hash), limit: 1 }))[0];
        if (!found) throw notFound({ es: 'una entrada con ese hash de hoja', en: 'an entry with that leaf hash' });
        index = found.index;
      }
      if (index >= size) throw invalid({ es: `La entrada ${index} no está en el árbol de tamaño ${size}.`, en: `Entry ${index} is not in the tree of size ${size}.` }, [{ field: 'index', message: { es: 'Fuera del árbol.', en: 'Outside the tree.' } }]);
      const entry = await entryAt(db, index);
      return { index, size, leaf_hash: entry.leaf_hash, root: b64(await rootAt(db, size)), proof: (await inclusionProof(db, index, size)).map(b64) };
    });

    app.get('/proof/consistency', {
      schema: {
        tags: ['registro'],
        summary: 'Prueba de consistencia entre dos tamaños del árbol / Consistency proof between two tree sizes',
        querystring: Type.Object({ from: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), to: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })) }),
        response: { 200: Type.Object({ from: Type.Integer(), to: Type.Integer(), proof: Type.Array(Type.String()) }), ...Errors },
      },
    }, async (request) => {
      const to = await sizeOrLatest(db, request.query.to);
      const from = request.query.from;
      if (from > to) throw invalid({ es: '«from» no puede ser mayor que «to».', en: '"from" cannot be larger than "to".' }, [{ field: 'from', message: { es: 'Mayor que to.', en: 'Larger than to.' } }]);
      return { from, to, proof: (await consistencyProof(db, from, to)).map(b64) };
    });

    app.get('/entries', {
      schema: {
        tags: ['registro'],
        summary: `Entradas [start, end) con sus datos canónicos (máximo ${MAX_PAGE}) / Entries [start, end) with their canonical data`,
        querystring: Type.Object({ start: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), end: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })) }),
      },
    }, async (request) => {
      const start = request.query.start;
      const end = Math.min(request.query.end ?? start + 100, start + MAX_PAGE);
      const entries = await entryRange(db, start, end);
      return { start, end: start + entries.length, entries };
    });
  };
}

export interface LedgerApiOptions {
  db: Db;
  signer: LogSigner;
  /** The names an entity's witnesses may take (its web domain, its NIT), from the catalog. */
  witnessNamespaces?: (entityId: string) => Promise<string[]>;
}

const entryFilters = Type.Object({
  entity: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
  subject: Type.Optional(Type.String()),
  content_sha256: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$' })),
  before: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});

/** The ledger's JSON API (twins of the pages, witness registration and cosignatures). */
export function ledgerApiRoutes({ db, signer, witnessNamespaces }: LedgerApiOptions): FastifyPluginAsync {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/ledger', { schema: { tags: ['registro'], summary: 'Último punto de control y entradas recientes, filtrables / Latest checkpoint and recent entries', querystring: entryFilters } }, async (request) => {
      const checkpoint = await latestCheckpoint(db, signer);
      const entries: EntryView[] = await findEntries(db, request.query);
      return {
        checkpoint: { origin: checkpoint.origin, size: checkpoint.size, root: b64(checkpoint.root), note: checkpoint.note, cosignatures: checkpoint.cosignatures, created_at: checkpoint.created_at },
        key: signer.verifierKey,
        types: await entryTypes(db),
        entries,
      };
    });

    app.get('/ledger/entries/:index', { schema: { tags: ['registro'], summary: 'Una entrada con su prueba de inclusión verificada / One entry with its verified inclusion proof', params: Type.Object({ index: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) }) } }, async (request) => {
      const proven = await provenEntry(db, signer, request.params.index);
      return { ...proven, checkpoint: { size: proven.checkpoint.size, root: b64(proven.checkpoint.root), note: proven.checkpoint.note } };
    });

    app.get('/ledger/witnesses', { schema: { tags: ['registro'], summary: 'Testigos registrados / Registered witnesses' } }, async () => {
      const results = await listWitnesses(db);
      return { count: results.length, results };
    });

    app.post('/ledger/witnesses', {
      schema: {
        tags: ['registro'],
        summary: 'Registrar la clave de un testigo de la entidad (administrador de entidad u oficina de datos) / Register a witness key',
        body: Type.Object({ vkey: Type.String({ description: 'nombre+idclave+base64(0x04 ‖ clave pública Ed25519)' }), entity_id: Type.Optional(Type.String()) }, { additionalProperties: false }),
      },
    }, async (request, reply) => {
      const witness = await registerWitness(db, request.actor as Actor, { vkey: request.body.vkey, ...(request.body.entity_id ? { entityId: request.body.entity_id } : {}) }, witnessNamespaces);
      return reply.code(201).send(witness);
    });

    app.post('/ledger/cosignatures', {
      schema: {
        tags: ['registro'],
        summary: 'Entregar la cosignatura de un testigo para un punto de control (se verifica con su clave registrada) / Submit a witness cosignature',
        body: Type.Object({ size: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), cosignature: Type.String({ description: 'Línea de firma «— nombre base64»' }) }, { additionalProperties: false }),
      },
    }, async (request) => {
      const checkpoint = await addCosignature(db, signer, request.body.size, request.body.cosignature);
      return { size: checkpoint.size, note: checkpoint.note, cosignatures: checkpoint.cosignatures };
    });
  };
}
