import { randomBytes } from 'node:crypto';
import { demand, policy } from '../catalog/access.ts';
import { requireEntity } from '../catalog/entities.ts';
import { ledgerActor } from '../catalog/ledger-events.ts';
import { actorId } from '../core/actor.ts';
import { invalid, Problems } from '../core/errors.ts';
import { appendEvents } from '../ledger/log.ts';
import type { Context } from '../store/context.ts';

/**
 * Private-sector data of public interest: a company (member class COM) records the data-sharing agreements
 * under which it shares a dataset with a public entity — terms, purpose, duration, counterpart. Public entities
 * then ask for the data with an access request, exactly as between public entities.
 */
export async function recordAgreement(ctx: Context, companyKey: string, input: { counterpart?: unknown; dataset?: unknown; purpose?: unknown; terms?: unknown; starts_on?: unknown; ends_on?: unknown }) {
  const company = await requireEntity(ctx, companyKey);
  if (company.member_class !== 'COM') throw invalid({ es: 'Los acuerdos de intercambio los registran empresas (miembros de clase COM).', en: 'Data-sharing agreements are recorded by companies (class COM members).' });
  demand(policy.classify(ctx.actor, company.id) || policy.editEntity(ctx.actor, company.id), ctx.actor);
  const counterpart = await requireEntity(ctx, String(input.counterpart ?? ''));
  const problems = new Problems();
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const datasetId = text(input.dataset) || null;
  if (datasetId) {
    const dataset = await ctx.db.selectFrom('datasets').select(['entity_id']).where('id', '=', datasetId).executeTakeFirst();
    if (!dataset || dataset.entity_id !== company.id) problems.add('dataset', { es: 'El conjunto debe ser de la empresa.', en: 'The dataset must be the company’s.' }, datasetId);
  }
  if (text(input.purpose).length < 20) problems.add('purpose', { es: 'Describa la finalidad de interés público (al menos 20 caracteres).', en: 'Describe the public-interest purpose (at least 20 characters).' });
  if (text(input.terms).length < 20) problems.add('terms', { es: 'Resuma los términos del acuerdo (al menos 20 caracteres).', en: 'Summarise the agreement’s terms (at least 20 characters).' });
  const starts = text(input.starts_on);
  const ends = text(input.ends_on);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(starts) || !/^\d{4}-\d{2}-\d{2}$/.test(ends) || ends < starts) problems.add('ends_on', { es: 'Fechas AAAA-MM-DD, el fin después del inicio.', en: 'Dates YYYY-MM-DD, the end after the start.' });
  problems.throwIfAny({ es: 'El acuerdo tiene datos inválidos.', en: 'The agreement has invalid data.' });
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('agreements').values({ id: randomBytes(9).toString('base64url'), company_entity_id: company.id, counterpart_entity_id: counterpart.id, dataset_id: datasetId, purpose: text(input.purpose), terms: text(input.terms), starts_on: starts, ends_on: ends, created_at: ctx.clock.now(), created_by: actorId(ctx.actor) }).returningAll().executeTakeFirstOrThrow();
    await appendEvents(trx, [{ type: 'agreement.recorded', actor: ledgerActor(ctx.actor), entity: company.id, subject: `agreement:${row.id}`, time: ctx.clock.now().toISOString(), payload: { counterpart: counterpart.id, dataset: datasetId, starts_on: starts, ends_on: ends } }]);
    return row;
  });
}

/** Agreements are public: companies share under known terms. */
export const listAgreements = (ctx: Context) => ctx.db.selectFrom('agreements as a').innerJoin('entities as c', 'c.id', 'a.company_entity_id').innerJoin('entities as p', 'p.id', 'a.counterpart_entity_id')
  .select(['a.id', 'a.dataset_id', 'a.purpose', 'a.terms', 'a.starts_on', 'a.ends_on', 'c.name as company', 'c.nit as company_nit', 'p.name as counterpart', 'p.nit as counterpart_nit']).orderBy('a.created_at', 'desc').execute();

/** What the agreement form offers a company: public entities as counterparts, and the company's own datasets. */
export async function agreementOptions(ctx: Context, companyKey: string) {
  const company = await requireEntity(ctx, companyKey);
  const counterparts = await ctx.db.selectFrom('entities').select(['nit', 'name']).where('member_class', '=', 'GOV').orderBy('name').execute();
  const datasets = await ctx.db.selectFrom('datasets').select(['id', 'title']).where('entity_id', '=', company.id).where('state', '=', 'active').orderBy('title').execute();
  return { company: { nit: company.nit, name: company.name }, counterparts, datasets };
}
