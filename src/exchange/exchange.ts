import { verify } from 'node:crypto';
import { ledgerActor } from '../catalog/ledger-events.ts';
import { systemActor } from '../core/actor.ts';
import { AppError } from '../core/errors.ts';
import { appendEvents } from '../ledger/log.ts';
import type { LogSigner } from '../ledger/keys.ts';
import { requireRelease } from '../publish/datasets.ts';
import type { Expr, SoqlQuery } from '../publish/soql/ast.ts';
import { compileSoql } from '../publish/soql/compile.ts';
import { jsonRows } from '../publish/soql/rows.ts';
import type { TableSchema } from '../publish/table-schema.ts';
import type { Context } from '../store/context.ts';
import { clientIdentifier } from './clients.ts';
import { canonicalRequest, publicKeyFrom, responseSignature, sha256 } from './signatures.ts';
import { submitRequest, type RequestInput } from './requests.ts';

/**
 * The exchange API, X-Road style: the consumer's client signs each request (Ed25519 over its method, path,
 * client identifier, nonce and time); the platform checks the signature, the time and that the nonce was never
 * used, reads exactly the granted fields and rows, signs the response (over the request's hash and the body's
 * hash) with its published key, and logs every access — refused ones too — with the request's hash.
 */

export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
export const MAX_ROWS = 10_000;

export interface ExchangeRequest {
  method: string;
  /** The path and query exactly as sent. */
  target: string;
  datasetId: string;
  headers: Record<string, string | undefined>;
  query: { limit?: string; offset?: string; fields?: string };
}

const refuse = (status: 'unauthorized' | 'forbidden' | 'conflict' | 'validation', es: string, en: string) => new AppError(status, { es, en });

export interface ExchangeResult {
  status: number;
  body: string;
  requestHash: string | null;
  signature: string | null;
}

interface AuthenticatedClient {
  id: string;
  entityId: string;
  client: string;
  nonce: string;
  requestHash: string;
  now: Date;
}

/**
 * Who signed the request: the X-Road-style client identifier, checked against the registered key, the time
 * (five minutes either way) and, when it is logged, the nonce (never twice).
 */
async function authenticateClient(ctx: Context, method: string, target: string, headers: Record<string, string | undefined>, body?: string): Promise<AuthenticatedClient> {
  const client = headers['x-road-client'] ?? '';
  const nonce = headers['x-request-id'] ?? '';
  const time = headers['x-request-time'] ?? '';
  const signature = headers['x-request-signature'] ?? '';
  const match = /^CO\/(GOV|COM)\/(\d{5,15})\/([a-z0-9][a-z0-9-]{1,40})$/.exec(client);
  if (!match || nonce.length < 16 || nonce.length > 100 || !time || !signature) {
    throw refuse('unauthorized', 'Faltan o son inválidas las cabeceras X-Road-Client (CO/GOV/NIT/subsistema), X-Request-Id (16 a 100 caracteres), X-Request-Time y X-Request-Signature.', 'The X-Road-Client (CO/GOV/NIT/subsystem), X-Request-Id (16 to 100 characters), X-Request-Time and X-Request-Signature headers are missing or invalid.');
  }
  const registered = await ctx.db.selectFrom('exchange_clients as c').innerJoin('entities as e', 'e.id', 'c.entity_id')
    .select(['c.id', 'c.entity_id', 'c.subsystem', 'c.public_key', 'c.revoked_at', 'e.nit', 'e.member_class'])
    .where('e.nit', '=', match[2]!).where('c.subsystem', '=', match[3]!).executeTakeFirst();
  if (!registered || registered.revoked_at || clientIdentifier(registered, registered.subsystem) !== client) throw refuse('unauthorized', `El cliente ${client} no está registrado o fue revocado.`, `Client ${client} is not registered or was revoked.`);
  const canonical = canonicalRequest(method, target, client, nonce, time, body);
  let valid = false;
  try {
    valid = verify(null, Buffer.from(canonical), publicKeyFrom(registered.public_key), Buffer.from(signature, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) throw refuse('unauthorized', 'La firma de la solicitud no corresponde a la clave registrada del cliente.', "The request's signature does not match the client's registered key.");
  const now = ctx.clock.now();
  const sent = Date.parse(time);
  if (!Number.isFinite(sent) || Math.abs(now.getTime() - sent) > MAX_CLOCK_SKEW_MS) throw refuse('unauthorized', 'La hora de la solicitud difiere en más de 5 minutos de la del servidor.', "The request's time differs from the server's by more than 5 minutes.");
  return { id: registered.id, entityId: registered.entity_id, client, nonce, requestHash: sha256(canonical), now };
}

const replayed = () => refuse('conflict', 'Esta solicitud ya fue recibida (X-Request-Id repetido): no se repite.', 'This request was already received (repeated X-Request-Id): it is not repeated.');

/** Logs a client's request (refused ones too) once: false when its nonce was already used. */
async function logAccess(ctx: Context, who: AuthenticatedClient, datasetId: string, status: number, grantId: string | null, rows: number): Promise<boolean> {
  const inserted = await ctx.db.insertInto('exchange_accesses').values({ grant_id: grantId, client_id: who.id, dataset_id: datasetId, nonce: who.nonce, request_hash: who.requestHash, status, rows, at: who.now })
    .onConflict((oc) => oc.columns(['client_id', 'nonce']).doNothing()).returning('id').executeTakeFirst();
  if (!inserted) return false;
  await ctx.db.transaction().execute((trx) => appendEvents(trx, [{ type: 'exchange.accessed', actor: ledgerActor(systemActor(who.client)), entity: who.entityId, subject: `dataset:${datasetId}`, time: who.now.toISOString(), payload: { client: who.client, grant: grantId, status, rows, request_sha256: who.requestHash } }]));
  return true;
}

/** Serves one exchange request; the context's actor is ignored: the signed client identifier is who asks. */
export async function serveExchange(base: Context, signer: LogSigner, request: ExchangeRequest): Promise<ExchangeResult> {
  const ctx = { ...base, actor: systemActor('exchange') };
  const who = await authenticateClient(ctx, request.method, request.target, request.headers);
  const { requestHash, now } = who;
  const refused = async (status: number, error: AppError) => {
    if (!(await logAccess(ctx, who, request.datasetId, status, null, 0))) throw replayed();
    throw error;
  };

  const grant = await ctx.db.selectFrom('grants').selectAll().where('consumer_entity_id', '=', who.entityId).where('dataset_id', '=', request.datasetId)
    .where('revoked_at', 'is', null).where('starts_at', '<=', now).where('expires_at', '>', now).orderBy('expires_at', 'desc').executeTakeFirst();
  if (!grant) return refused(403, refuse('forbidden', 'Su entidad no tiene una autorización vigente para este conjunto (vencida, revocada o inexistente).', 'Your entity has no current grant for this dataset (expired, revoked or none).'));
  const asked = request.query.fields ? request.query.fields.split(',').map((f) => f.trim()).filter(Boolean) : grant.fields;
  const beyond = asked.filter((f) => !grant.fields.includes(f));
  if (beyond.length) return refused(403, refuse('forbidden', `Campos fuera de la autorización: ${beyond.join(', ')}.`, `Fields outside the grant: ${beyond.join(', ')}.`));
  const limit = Math.min(MAX_ROWS, Math.max(1, Number(request.query.limit ?? 1000) || 1000));
  const offset = Math.max(0, Number(request.query.offset ?? 0) || 0);

  const { release } = await requireRelease(ctx, request.datasetId, 'latest');
  const schema = release.schema as TableSchema;
  const column = (name: string): Expr => ({ kind: 'column', name, pos: 0 });
  const where = Object.entries(grant.row_filter).map(([field, values]): Expr => ({ kind: 'in', operand: column(field), list: values.map((v) => ({ kind: 'string', value: v, pos: 0 })), negated: false, pos: 0 }));
  const query: SoqlQuery = {
    select: asked.map((f) => ({ expr: column(f) })),
    ...(where.length ? { where: where.reduce((a, b) => ({ kind: 'binary', op: 'AND', left: a, right: b, pos: 0 })) } : {}),
    order: [{ expr: column(':id'), descending: false }],
    limit,
    offset,
  };
  const compiled = compileSoql(query, schema.fields, ctx.blobs.location(release.parquet_key), {});
  const rows = jsonRows(await ctx.engine.use(async (c) => (await c.runAndReadAll(compiled.sql, compiled.params)).getRowObjectsJson()), schema);
  if (!(await logAccess(ctx, who, request.datasetId, 200, grant.id, rows.length))) throw replayed();
  const body = JSON.stringify({ dataset: request.datasetId, release: release.number, grant: grant.id, expires_at: grant.expires_at, fields: asked, limit, offset, rows });
  return { status: 200, body, requestHash, signature: responseSignature(signer, requestHash, body) };
}

/**
 * An access request sent by a client credential instead of a person: signed like any exchange request, with the
 * body's hash in what is signed, logged once by its nonce, and then handled as a steward's request.
 */
export async function requestByClient(base: Context, request: { method: string; target: string; headers: Record<string, string | undefined>; body: string }) {
  const ctx = { ...base, actor: systemActor('exchange') };
  const who = await authenticateClient(ctx, request.method, request.target, request.headers, request.body);
  let input: RequestInput;
  try {
    input = JSON.parse(request.body) as RequestInput;
  } catch {
    throw refuse('validation', 'El cuerpo no es JSON.', 'The body is not JSON.');
  }
  if (!(await logAccess(ctx, who, String(input.dataset ?? ''), 201, null, 0))) throw replayed();
  return submitRequest({ ...ctx, actor: systemActor(who.client) }, who.entityId, input, null);
}
