import { divipolaStatus } from '../../catalog/divipola.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { demand, policy } from '../../catalog/access.ts';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import { accountabilityProgramme, addAccountabilityRecord } from '../../exchange/accountability.ts';
import { actsAsArbiter, disputeFile, disputeMessage, listDisputes, openDispute, publishedRulings, ruleDispute } from '../../exchange/disputes.ts';
import { agreementOptions, listAgreements, recordAgreement } from '../../exchange/agreements.ts';
import { listClients, registerClient, revokeClient } from '../../exchange/clients.ts';
import { createNorm, listNorms, mayEditNorms } from '../../exchange/norms.ts';
import { requireEntity } from '../../catalog/entities.ts';
import { oversightBoard, oversightOfEntity } from '../../exchange/oversight.ts';
import { approveRequest, askInformation, createRequest, denyRequest, entityRequests, provideInformation, requestableDatasets, requestWithGrant, revokeGrant } from '../../exchange/requests.ts';
import type { Platform } from '../../platform.ts';
import { pageContextOf } from '../auth.ts';
import { sendPage } from '../render.tsx';
import { formErrors, seeOther, type Body } from './forms.ts';
import { AgreementsPage, ClientsPage, NormsPage } from './exchange-registers.tsx';
import { AccountabilityPage, DisputePage, DisputesPage, EntityOversightPage, ExchangePage, NewRequestPage, OversightPage, RequestPage, RulingsPage } from './exchange.tsx';

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined || value === '' ? [] : [String(value)]);

const values = (body: Body): Record<string, string> => Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));

/** /exchange, the request form and page with the actions of each side, the oversight board and the rulings. */
export function exchangePages(platform: Platform) {
  return async (app: FastifyInstance) => {
    const nitOf = async (request: FastifyRequest) => {
      demand(request.actor.kind === 'person', request.actor);
      const entity = await request.ctx.db.selectFrom('entities').select('nit').where('id', '=', (request.actor as { entityId: string }).entityId).executeTakeFirstOrThrow();
      return entity.nit;
    };

    app.get('/exchange', async (request, reply) => {
      const nit = await nitOf(request);
      return sendPage(reply, <ExchangePage c={pageContextOf(request)} requestable={await requestableDatasets(request.ctx)} requests={await entityRequests(request.ctx, nit)} entityNit={nit} />);
    });

    const newRequestPage = async (request: FastifyRequest, datasetId: string, errors: ErrorDetail[], values: Record<string, string | string[]>) => {
      const dataset = (await requestableDatasets(request.ctx)).find((d) => d.id === datasetId);
      if (!dataset) throw new AppError('not_found', { es: 'Ese conjunto no se puede solicitar (es abierto, reservado, de su entidad o no existe).', en: 'That dataset cannot be requested (open, reserved, yours or missing).' });
      return <NewRequestPage c={pageContextOf(request)} dataset={dataset} norms={await listNorms(request.ctx)} errors={errors} values={values} />;
    };

    app.get('/access-requests/new', async (request, reply) => sendPage(reply, await newRequestPage(request, String((request.query as { dataset?: string }).dataset ?? ''), [], {})));

    app.post('/access-requests', async (request, reply) => {
      const body = request.body as Body;
      const fields = list(body.field).map((name) => ({ name, justification: String(body[`justification.${name}`] ?? '') }));
      const filterField = String(body.filter_field ?? '');
      const values = String(body.filter_values ?? '').split(',').map((v) => v.trim()).filter(Boolean);
      try {
        const row = await createRequest(request.ctx, {
          dataset: body.dataset, purpose: body.purpose, norm_id: body.norm_id, legal_basis: body.legal_basis, fields,
          row_filter: filterField && values.length ? { [filterField]: values } : {}, duration_days: Number(body.duration_days), commitments: list(body.commitment),
        });
        return seeOther(reply, `/access-requests/${row.id}`);
      } catch (error) {
        return sendPage(reply, await newRequestPage(request, String(body.dataset ?? ''), formErrors(error), body as Record<string, string | string[]>), 400);
      }
    });

    const requestPage = async (request: FastifyRequest, id: string, errors: ErrorDetail[] = []) => {
      const row = await requestWithGrant(request.ctx, id);
      const requester = await request.ctx.db.selectFrom('entities').select('nit').where('id', '=', row.requester_entity_id).executeTakeFirstOrThrow();
      const overdue = (row.status === 'submitted' || row.status === 'info_requested') && row.due_at < request.ctx.clock.now();
      const isRequester = policy.classify(request.actor, row.requester_entity_id);
      const hasDispute = await request.ctx.db.selectFrom('disputes').select('id').where('request_id', '=', row.id).executeTakeFirst();
      return <RequestPage c={pageContextOf(request)} request={row} norms={await listNorms(request.ctx)} canDecide={policy.classify(request.actor, row.provider_entity_id)} canAnswer={isRequester} canDispute={isRequester && !hasDispute && (row.status === 'denied' || overdue)} disputeId={hasDispute?.id ?? null} errors={errors} requesterNit={requester.nit} baseUrl={platform.config.baseUrl} />;
    };

    app.get('/access-requests/:id', async (request, reply) => sendPage(reply, await requestPage(request, (request.params as { id: string }).id)));

    // Each action, then back to the request; a mistake is shown on it.
    const actions: Record<string, (request: FastifyRequest, id: string, body: Body) => Promise<unknown>> = {
      approve: (r, id, b) => approveRequest(r.ctx, id, { fields: list(b.field), duration_days: Number(b.duration_days) }),
      ask: (r, id, b) => askInformation(r.ctx, id, String(b.text ?? '')),
      answer: (r, id, b) => provideInformation(r.ctx, id, String(b.text ?? '')),
      deny: (r, id, b) => denyRequest(r.ctx, id, { norm_id: b.norm_id, reason: b.reason }),
      dispute: (r, id, b) => openDispute(r.ctx, id, String(b.reason ?? '')),
      revoke: async (r, id, b) => {
        const { grant } = await requestWithGrant(r.ctx, id);
        if (!grant) throw new AppError('conflict', { es: 'Esta solicitud no tiene autorización que revocar.', en: 'This request has no grant to revoke.' });
        return revokeGrant(r.ctx, grant.id, String(b.reason ?? ''));
      },
    };
    app.post('/access-requests/:id/:action', async (request, reply) => {
      const { id, action } = request.params as { id: string; action: string };
      const run = actions[action];
      if (!run) throw new AppError('not_found', { es: `Acción desconocida: ${action}.`, en: `Unknown action: ${action}.` });
      try {
        await run(request, id, request.body as Body);
        return seeOther(reply, `/access-requests/${id}`);
      } catch (error) {
        return sendPage(reply, await requestPage(request, id, formErrors(error)), 400);
      }
    });

    const accountabilityPage = async (request: FastifyRequest, nit: string, errors: ErrorDetail[] = [], values: Record<string, string> = {}) => {
      const programme = await accountabilityProgramme(request.ctx, nit);
      const entity = await request.ctx.db.selectFrom('entities').select('id').where('nit', '=', programme.entity.nit).executeTakeFirstOrThrow();
      return <AccountabilityPage c={pageContextOf(request)} programme={programme} canWrite={policy.classify(request.actor, entity.id) || policy.editEntity(request.actor, entity.id)} errors={errors} values={values} />;
    };
    app.get('/entities/:nit/accountability', async (request, reply) => sendPage(reply, await accountabilityPage(request, (request.params as { nit: string }).nit)));
    app.post('/entities/:nit/accountability', async (request, reply) => {
      const { nit } = request.params as { nit: string };
      const body = request.body as Body;
      const [section, element] = String(body.element ?? '').split('/');
      try {
        await addAccountabilityRecord(request.ctx, nit, { section, element, owner: body.owner, evidence: body.evidence, dated_on: body.dated_on });
        return seeOther(reply, `/entities/${nit}/accountability`);
      } catch (error) {
        return sendPage(reply, await accountabilityPage(request, nit, formErrors(error), values(body)), 400);
      }
    });

    const disputePage = async (request: FastifyRequest, id: string, errors: ErrorDetail[] = []) => {
      const file = await disputeFile(request.ctx, id);
      const party = policy.classify(request.actor, file.request.requester_entity_id) || policy.classify(request.actor, file.request.provider_entity_id);
      return <DisputePage c={pageContextOf(request)} file={file} isArbiter={actsAsArbiter(request.actor)} canWrite={actsAsArbiter(request.actor) || party} errors={errors} />;
    };
    app.get('/disputes', async (request, reply) => {
      demand(request.actor.kind === 'person', request.actor);
      return sendPage(reply, <DisputesPage c={pageContextOf(request)} disputes={await listDisputes(request.ctx)} />);
    });
    app.get('/disputes/:id', async (request, reply) => sendPage(reply, await disputePage(request, (request.params as { id: string }).id)));
    app.post('/disputes/:id/:action', async (request, reply) => {
      const { id, action } = request.params as { id: string; action: string };
      const body = request.body as Body;
      try {
        if (action === 'messages') await disputeMessage(request.ctx, id, String(body.text ?? ''));
        else if (action === 'ruling') await ruleDispute(request.ctx, id, { outcome: body.outcome, reasoning: body.reasoning });
        else throw new AppError('not_found', { es: `Acción desconocida: ${action}.`, en: `Unknown action: ${action}.` });
        return seeOther(reply, `/disputes/${id}`);
      } catch (error) {
        return sendPage(reply, await disputePage(request, id, formErrors(error)), 400);
      }
    });

    const clientsPage = async (request: FastifyRequest, nit: string, errors: ErrorDetail[] = [], given: Record<string, string> = {}) => {
      const entity = await requireEntity(request.ctx, nit);
      const clients = await listClients(request.ctx, entity.nit);
      return <ClientsPage c={pageContextOf(request)} entity={entity} clients={clients} canWrite={policy.classify(request.actor, entity.id) || policy.editEntity(request.actor, entity.id)} errors={errors} values={given} />;
    };
    app.get('/entities/:nit/exchange-clients', async (request, reply) => sendPage(reply, await clientsPage(request, (request.params as { nit: string }).nit)));
    app.post('/entities/:nit/exchange-clients', async (request, reply) => {
      const { nit } = request.params as { nit: string };
      const body = request.body as Body;
      try {
        await registerClient(request.ctx, nit, { subsystem: body.subsystem, public_key: body.public_key });
        return seeOther(reply, `/entities/${nit}/exchange-clients`);
      } catch (error) {
        return sendPage(reply, await clientsPage(request, nit, formErrors(error), values(body)), 400);
      }
    });
    app.post('/entities/:nit/exchange-clients/:subsystem/revoke', async (request, reply) => {
      const { nit, subsystem } = request.params as { nit: string; subsystem: string };
      await revokeClient(request.ctx, nit, subsystem);
      return seeOther(reply, `/entities/${nit}/exchange-clients`);
    });

    const normsPage = async (request: FastifyRequest, errors: ErrorDetail[] = [], given: Record<string, string> = {}) =>
      <NormsPage c={pageContextOf(request)} norms={await listNorms(request.ctx)} canWrite={mayEditNorms(request.actor)} errors={errors} values={given} />;
    app.get('/norms', async (request, reply) => sendPage(reply, await normsPage(request)));
    app.post('/norms', async (request, reply) => {
      const body = request.body as Body;
      try {
        await createNorm(request.ctx, body);
        return seeOther(reply, '/norms');
      } catch (error) {
        return sendPage(reply, await normsPage(request, formErrors(error), values(body)), 400);
      }
    });

    // A company's steward sees the form; everyone sees the agreements.
    const companyOf = async (request: FastifyRequest) => {
      if (request.actor.kind !== 'person') return null;
      const entity = await request.ctx.db.selectFrom('entities').selectAll().where('id', '=', request.actor.entityId).executeTakeFirst();
      return entity && entity.member_class === 'COM' && (policy.classify(request.actor, entity.id) || policy.editEntity(request.actor, entity.id)) ? entity : null;
    };
    const agreementsPage = async (request: FastifyRequest, errors: ErrorDetail[] = [], given: Record<string, string> = {}) => {
      const company = await companyOf(request);
      return <AgreementsPage c={pageContextOf(request)} agreements={await listAgreements(request.ctx)} form={company ? await agreementOptions(request.ctx, company.nit) : null} errors={errors} values={given} />;
    };
    app.get('/agreements', async (request, reply) => sendPage(reply, await agreementsPage(request)));
    app.post('/agreements', async (request, reply) => {
      const body = request.body as Body;
      const company = await companyOf(request);
      demand(company !== null, request.actor);
      try {
        await recordAgreement(request.ctx, company!.nit, body);
        return seeOther(reply, '/agreements');
      } catch (error) {
        return sendPage(reply, await agreementsPage(request, formErrors(error), values(body)), 400);
      }
    });

    app.get('/oversight', async (request, reply) => sendPage(reply, <OversightPage c={pageContextOf(request)} board={await oversightBoard(request.ctx)} divipola={await divipolaStatus(platform.store.db)} />));
    app.get('/oversight/:nit', async (request, reply) => sendPage(reply, <EntityOversightPage c={pageContextOf(request)} found={await oversightOfEntity(request.ctx, (request.params as { nit: string }).nit)} />));
    app.get('/rulings', async (request, reply) => sendPage(reply, <RulingsPage c={pageContextOf(request)} rulings={await publishedRulings(request.ctx)} />));
  };
}
