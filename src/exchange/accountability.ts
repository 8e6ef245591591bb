import { randomBytes } from 'node:crypto';
import { demand, policy } from '../catalog/access.ts';
import { requireEntity } from '../catalog/entities.ts';
import { ledgerActor } from '../catalog/ledger-events.ts';
import { actorId } from '../core/actor.ts';
import type { Bilingual } from '../core/errors.ts';
import { Problems } from '../core/errors.ts';
import { appendEvents } from '../ledger/log.ts';
import type { Context } from '../store/context.ts';

/**
 * Demonstrated accountability (responsabilidad demostrada) in the structure of the SIC's guide: the
 * organisation's commitment, the programme's controls, continuous evaluation, and demonstration. Each
 * element is kept as dated records with an owner and evidence; an element without evidence in the last year
 * shows as missing on the oversight board.
 */
export const ACCOUNTABILITY: { section: string; title: Bilingual; elements: { id: string; title: Bilingual }[] }[] = [
  { section: 'compromiso', title: { es: 'Compromiso de la organización', en: 'Organisational commitment' }, elements: [
    { id: 'politica', title: { es: 'Política de tratamiento de datos personales adoptada y publicada', en: 'Personal data processing policy adopted and published' } },
    { id: 'oficial', title: { es: 'Oficial o área de protección de datos designada', en: 'Data protection officer or unit designated' } },
    { id: 'direccion', title: { es: 'Apoyo de la alta dirección y recursos asignados', en: 'Senior management support and resources' } },
  ] },
  { section: 'controles', title: { es: 'Controles del programa', en: 'Programme controls' }, elements: [
    { id: 'inventario', title: { es: 'Inventario de bases de datos con datos personales', en: 'Inventory of databases with personal data' } },
    { id: 'riesgos', title: { es: 'Evaluación de riesgos e impacto', en: 'Risk and impact assessment' } },
    { id: 'seguridad', title: { es: 'Medidas de seguridad de la información', en: 'Information security measures' } },
    { id: 'capacitacion', title: { es: 'Capacitación del personal', en: 'Staff training' } },
    { id: 'incidentes', title: { es: 'Gestión de incidentes de seguridad', en: 'Security incident management' } },
    { id: 'titulares', title: { es: 'Atención de consultas y reclamos de los titulares', en: 'Data subjects’ queries and complaints' } },
    { id: 'encargados', title: { es: 'Contratos con encargados del tratamiento', en: 'Contracts with data processors' } },
    { id: 'rnbd', title: { es: 'Registro Nacional de Bases de Datos al día', en: 'National Register of Databases up to date' } },
  ] },
  { section: 'evaluacion', title: { es: 'Evaluación y revisión continua', en: 'Continuous evaluation and review' }, elements: [
    { id: 'supervision', title: { es: 'Plan de supervisión y revisión', en: 'Oversight and review plan' } },
    { id: 'auditoria', title: { es: 'Auditoría o evaluación del programa', en: 'Programme audit or assessment' } },
  ] },
  { section: 'demostracion', title: { es: 'Demostración', en: 'Demonstration' }, elements: [
    { id: 'informe', title: { es: 'Informe de cumplimiento a la dirección', en: 'Compliance report to management' } },
    { id: 'evidencias', title: { es: 'Evidencias disponibles para la autoridad', en: 'Evidence available to the authority' } },
  ] },
];

const ELEMENTS = new Map(ACCOUNTABILITY.flatMap((s) => s.elements.map((e) => [`${s.section}/${e.id}`, e])));

/** A record of the entity's programme; its stewards and administrators keep it. */
export async function addAccountabilityRecord(ctx: Context, entityKey: string, input: { section?: unknown; element?: unknown; owner?: unknown; evidence?: unknown; dated_on?: unknown }) {
  const entity = await requireEntity(ctx, entityKey);
  demand(policy.classify(ctx.actor, entity.id) || policy.editEntity(ctx.actor, entity.id), ctx.actor);
  const problems = new Problems();
  const section = String(input.section ?? '');
  const element = String(input.element ?? '');
  if (!ELEMENTS.has(`${section}/${element}`)) problems.add('element', { es: 'Elija un elemento del programa (guía de la SIC).', en: 'Choose an element of the programme (SIC guide).' }, `${section}/${element}`);
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  if (text(input.owner).length < 3) problems.add('owner', { es: 'Diga quién es el responsable.', en: 'Say who is responsible.' });
  if (text(input.evidence).length < 10) problems.add('evidence', { es: 'Describa la evidencia o enlace a ella.', en: 'Describe the evidence or link to it.' });
  const dated = text(input.dated_on);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dated) || Number.isNaN(Date.parse(dated))) problems.add('dated_on', { es: 'Fecha AAAA-MM-DD.', en: 'Date YYYY-MM-DD.' }, dated);
  problems.throwIfAny({ es: 'El registro tiene datos inválidos.', en: 'The record has invalid data.' });
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('accountability_records').values({ id: randomBytes(9).toString('base64url'), entity_id: entity.id, section, element, owner: text(input.owner), evidence: text(input.evidence), dated_on: dated, created_at: ctx.clock.now(), created_by: actorId(ctx.actor) }).returningAll().executeTakeFirstOrThrow();
    await appendEvents(trx, [{ type: 'accountability.recorded', actor: ledgerActor(ctx.actor), entity: entity.id, subject: `entity:${entity.id}`, time: ctx.clock.now().toISOString(), payload: { section, element, dated_on: dated } }]);
    return row;
  });
}

/** The programme of an entity, element by element, with what is missing (no evidence within a year). */
export async function accountabilityProgramme(ctx: Context, entityKey: string) {
  const entity = await requireEntity(ctx, entityKey);
  demand(policy.readNonPublic(ctx.actor, entity.id), ctx.actor);
  const records = await ctx.db.selectFrom('accountability_records').selectAll().where('entity_id', '=', entity.id).orderBy('dated_on', 'desc').execute();
  const yearAgo = new Date(ctx.clock.now().getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
  const sections = ACCOUNTABILITY.map((s) => ({
    ...s,
    elements: s.elements.map((e) => {
      const own = records.filter((r) => r.section === s.section && r.element === e.id);
      return { ...e, records: own, current: own.some((r) => r.dated_on >= yearAgo) };
    }),
  }));
  const personalAssets = await ctx.db.selectFrom('assets').select(['id', 'title', 'personal_data_class', 'children_data', 'legal_class']).where('entity_id', '=', entity.id).where('personal_data_class', '!=', 'ninguno').orderBy('title').execute();
  return { entity: { nit: entity.nit, name: entity.name }, sections, missing: sections.flatMap((s) => s.elements.filter((e) => !e.current).map((e) => `${s.section}/${e.id}`)), personal_data_assets: personalAssets };
}
