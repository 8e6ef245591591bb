import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { LogSigner } from '../ledger/keys.ts';
import { requireDataset } from '../publish/datasets.ts';
import { listClients, registerClient, revokeClient } from './clients.ts';
import { requestByClient, serveExchange } from './exchange.ts';
import { createNorm, listNorms } from './norms.ts';
import { accountabilityProgramme, addAccountabilityRecord } from './accountability.ts';
import { listAgreements, recordAgreement } from './agreements.ts';
import { disputeFile, disputeMessage, openDispute, publishedRulings, ruleDispute } from './disputes.ts';
import { oversightBoard, oversightOfEntity } from './oversight.ts';
import { approveRequest, askInformation, createRequest, datasetHandling, denyRequest, entityRequests, provideInformation, requestableDatasets, requestWithGrant, revokeGrant } from './requests.ts';

const Id = Type.Object({ id: Type.String() });
const Text = Type.Object({ text: Type.String({ maxLength: 5000 }) });

/** Sharing between entities: norms, client credentials, access requests and their decisions, grants, the exchange API. */
export function exchangeRoutes(signer: LogSigner): FastifyPluginAsync {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['intercambio'];
    app.get('/norms', { schema: { tags, summary: 'Catálogo de normas que una solicitud puede citar / Norms a request may cite' } }, async (request) => ({ results: await listNorms(request.ctx) }));
    app.post('/norms', { schema: { tags, summary: 'Agregar una norma (oficina nacional de datos) / Add a norm', body: Type.Object({ id: Type.String(), title: Type.String(), article: Type.String(), summary: Type.String() }) } },
      async (request, reply) => reply.code(201).send(await createNorm(request.ctx, request.body)));

    app.get('/datasets/:id/handling', { schema: { tags, summary: 'Regla de manejo del conjunto (clasificación simplificada) y sus razones / The dataset’s handling rule and its reasons', params: Id } },
      async (request) => datasetHandling(request.ctx, await requireDataset(request.ctx, request.params.id)));

    app.post('/entities/:nit/exchange-clients', {
      schema: { tags, summary: 'Registrar un cliente (subsistema y clave pública Ed25519) / Register a client credential', params: Type.Object({ nit: Type.String() }), body: Type.Object({ subsystem: Type.String(), public_key: Type.String() }) },
    }, async (request, reply) => reply.code(201).send(await registerClient(request.ctx, request.params.nit, request.body)));

    app.get('/entities/:nit/exchange-clients', { schema: { tags, summary: 'Clientes de la entidad, también los revocados / The entity’s client credentials', params: Type.Object({ nit: Type.String() }) } },
      async (request) => ({ results: await listClients(request.ctx, request.params.nit) }));
    app.post('/entities/:nit/exchange-clients/:subsystem/revoke', { schema: { tags, summary: 'Revocar un cliente / Revoke a client credential', params: Type.Object({ nit: Type.String(), subsystem: Type.String() }) } },
      async (request) => revokeClient(request.ctx, request.params.nit, request.params.subsystem));

    app.post('/access-requests', {
      schema: { tags, summary: 'Solicitar acceso a un conjunto no abierto de otra entidad / Request access to another entity’s non-open dataset', body: Type.Object({ dataset: Type.String(), purpose: Type.String(), norm_id: Type.String(), legal_basis: Type.String(), fields: Type.Array(Type.Object({ name: Type.String(), justification: Type.String() })), row_filter: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))), duration_days: Type.Integer(), commitments: Type.Array(Type.String()) }) },
    }, async (request, reply) => {
      const row = await createRequest(request.ctx, request.body);
      return reply.code(201).header('location', `/api/v1/access-requests/${row.id}`).send(row);
    });
    app.get('/requestable', { schema: { tags, summary: 'Conjuntos no abiertos de otras entidades que su entidad puede solicitar (con sus campos) / Non-open datasets your entity may request' } }, async (request) => ({ results: await requestableDatasets(request.ctx) }));
    app.get('/access-requests/:id', { schema: { tags, summary: 'Una solicitud / One request', params: Id } }, async (request) => requestWithGrant(request.ctx, request.params.id));
    app.post('/access-requests/:id/ask', { schema: { tags, summary: 'Pedir más información (proveedor) / Ask for more information', params: Id, body: Text } }, async (request) => askInformation(request.ctx, request.params.id, request.body.text));
    app.post('/access-requests/:id/answer', { schema: { tags, summary: 'Responder (solicitante) / Answer', params: Id, body: Text } }, async (request) => provideInformation(request.ctx, request.params.id, request.body.text));
    app.post('/access-requests/:id/approve', {
      schema: { tags, summary: 'Aprobar, quizá restringiendo campos, filas o plazo / Approve, possibly narrowing', params: Id, body: Type.Object({ fields: Type.Optional(Type.Array(Type.String())), row_filter: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))), duration_days: Type.Optional(Type.Integer()), note: Type.Optional(Type.String()) }) },
    }, async (request) => approveRequest(request.ctx, request.params.id, request.body));
    app.post('/access-requests/:id/deny', { schema: { tags, summary: 'Negar con razón legal / Deny with a legal reason', params: Id, body: Type.Object({ norm_id: Type.String(), reason: Type.String() }) } },
      async (request) => denyRequest(request.ctx, request.params.id, request.body));
    app.get('/entities/:nit/access-requests', { schema: { tags, summary: 'Solicitudes enviadas y recibidas por la entidad / Requests sent and received', params: Type.Object({ nit: Type.String() }) } },
      async (request) => ({ results: await entityRequests(request.ctx, request.params.nit) }));
    app.post('/grants/:id/revoke', { schema: { tags, summary: 'Revocar una autorización / Revoke a grant', params: Id, body: Type.Object({ reason: Type.String() }) } },
      async (request) => revokeGrant(request.ctx, request.params.id, request.body.reason));

    app.post('/access-requests/:id/dispute', { schema: { tags, summary: 'Llevar al árbitro una solicitud negada o vencida / Take a denied or overdue request to the arbiter', params: Id, body: Type.Object({ reason: Type.String() }) } },
      async (request, reply) => reply.code(201).send(await openDispute(request.ctx, request.params.id, request.body.reason)));
    app.get('/disputes/:id', { schema: { tags, summary: 'El expediente completo (árbitro y partes) / The whole file', params: Id } }, async (request) => disputeFile(request.ctx, request.params.id));
    app.post('/disputes/:id/messages', { schema: { tags, summary: 'Pedir o aportar información en la controversia / Ask or give information', params: Id, body: Text } }, async (request) => disputeMessage(request.ctx, request.params.id, request.body.text));
    app.post('/disputes/:id/ruling', {
      schema: { tags, summary: 'Decidir (árbitro): grant crea la autorización; denial_stands mantiene la negativa / Rule', params: Id, body: Type.Object({ outcome: Type.String(), reasoning: Type.String(), fields: Type.Optional(Type.Array(Type.String())), duration_days: Type.Optional(Type.Integer()) }) },
    }, async (request) => ruleDispute(request.ctx, request.params.id, request.body));
    app.get('/rulings', { schema: { tags, summary: 'Decisiones publicadas, sin datos personales / Published rulings' } }, async (request) => ({ results: await publishedRulings(request.ctx) }));

    app.get('/entities/:nit/accountability', { schema: { tags, summary: 'Programa de responsabilidad demostrada y registro de activos con datos personales / Accountability programme', params: Type.Object({ nit: Type.String() }) } },
      async (request) => accountabilityProgramme(request.ctx, request.params.nit));
    app.post('/entities/:nit/accountability', {
      schema: { tags, summary: 'Agregar un registro del programa (responsable, evidencia, fecha) / Add a programme record', params: Type.Object({ nit: Type.String() }), body: Type.Object({ section: Type.String(), element: Type.String(), owner: Type.String(), evidence: Type.String(), dated_on: Type.String() }) },
    }, async (request, reply) => reply.code(201).send(await addAccountabilityRecord(request.ctx, request.params.nit, request.body)));
    app.post('/entities/:nit/agreements', {
      schema: { tags, summary: 'Registrar un acuerdo de intercambio de una empresa (COM) / Record a company’s data-sharing agreement', params: Type.Object({ nit: Type.String() }), body: Type.Object({ counterpart: Type.String(), dataset: Type.Optional(Type.String()), purpose: Type.String(), terms: Type.String(), starts_on: Type.String(), ends_on: Type.String() }) },
    }, async (request, reply) => reply.code(201).send(await recordAgreement(request.ctx, request.params.nit, request.body)));
    app.get('/agreements', { schema: { tags, summary: 'Acuerdos de intercambio con empresas / Data-sharing agreements' } }, async (request) => ({ results: await listAgreements(request.ctx) }));
    app.get('/oversight', { schema: { tags, summary: 'Tablero de vigilancia de la oficina nacional de datos / Oversight board' } }, async (request) => oversightBoard(request.ctx));
    app.get('/oversight/:nit', { schema: { tags, summary: 'Hallazgos de una entidad, uno por uno / One entity’s findings, item by item', params: Type.Object({ nit: Type.String() }) } }, async (request) => oversightOfEntity(request.ctx, request.params.nit));

    // A request made by a client credential: the signature covers the body, so it is read as sent.
    await app.register(async (raw) => {
      raw.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_request, body, done) => done(null, body));
      raw.post('/exchange/requests', { schema: { tags, summary: 'Solicitud de acceso enviada por un cliente firmado (X-Road) / An access request sent by a signed client' } }, async (request, reply) => {
        const row = await requestByClient(request.ctx, { method: request.method, target: request.url, headers: request.headers as Record<string, string | undefined>, body: String(request.body ?? '') });
        return reply.code(201).header('location', `/api/v1/access-requests/${row.id}`).send(row);
      });
    });

    app.get('/exchange/key', { schema: { tags, summary: 'Clave pública con que se firman las respuestas del intercambio / The key exchange responses are signed with' } },
      async () => ({ algorithm: 'Ed25519', public_key: signer.publicKey.toString('base64'), verifier_key: signer.verifierKey, signed: 'infradatos-exchange-v1\\n<X-Road-Request-Hash>\\n<sha256 hex of the body>' }));
    app.get('/exchange/:dataset', {
      schema: { tags, summary: 'Leer los campos y filas autorizados (solicitud firmada, estilo X-Road) / Read the granted fields and rows (signed request)', params: Type.Object({ dataset: Type.String() }), querystring: Type.Object({ limit: Type.Optional(Type.String()), offset: Type.Optional(Type.String()), fields: Type.Optional(Type.String()) }) },
    }, async (request, reply) => {
      const result = await serveExchange(request.ctx, signer, { method: request.method, target: request.url, datasetId: request.params.dataset, headers: request.headers as Record<string, string | undefined>, query: request.query });
      return reply.code(result.status).type('application/json; charset=utf-8')
        .header('x-road-request-hash', result.requestHash ?? '')
        .header('x-infradatos-signature', result.signature ?? '')
        .send(result.body);
    });
  };
}
