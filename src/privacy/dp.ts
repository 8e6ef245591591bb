import { actorId } from '../core/actor.ts';
import { AppError, invalid, notFound } from '../core/errors.ts';
import { demand, policy } from '../catalog/access.ts';
import { ledgerActor } from '../catalog/ledger-events.ts';
import { withLedger } from '../ledger/log.ts';
import type { TableSchema } from '../publish/table-schema.ts';
import { CODE_LISTS } from '../quality/code-lists.ts';
import type { Context } from '../store/context.ts';
import { ident, literal } from '../store/duckdb.ts';
import { noiseFor, parseEpsilon, type Rational } from './dp-noise.ts';

/**
 * Differentially private aggregates of a dataset that cannot be opened as microdata: noisy counts, sums,
 * means and histograms by group, each query paid from the dataset's privacy budget (ε, with δ = 0: the
 * discrete Laplace mechanism is pure ε-DP). The steward sets the budget; anyone may query until it is spent.
 * Groups and bins come from the request or a public code list, never from the data, so their presence
 * reveals nothing.
 */

const MICRO = 1_000_000n;
const toMicro = (e: Rational) => (e.n * MICRO) / e.d;
const fromMicro = (micro: number | bigint) => Number(micro) / 1e6;

export interface DpQuery {
  aggregate?: unknown;
  field?: unknown;
  group_by?: unknown;
  groups?: unknown;
  bounds?: unknown;
  bins?: unknown;
  epsilon?: unknown;
}

export interface DpAnswer {
  aggregate: string;
  epsilon: number;
  delta: 0;
  mechanism: 'discrete Laplace';
  release: number;
  budget: { total: number; spent: number; remaining: number };
  results: { group: string; value: number; count?: number; sum?: number }[];
}

const datasetNotFound = (id: string) => notFound({ es: `el conjunto de datos «${id}» con presupuesto de privacidad`, en: `dataset "${id}" with a privacy budget` });

export async function getBudget(ctx: Context, datasetId: string) {
  const row = await ctx.db.selectFrom('dp_budgets').selectAll().where('dataset_id', '=', datasetId).executeTakeFirst();
  if (!row) throw datasetNotFound(datasetId);
  const total = fromMicro(row.epsilon_total_micro);
  const spent = fromMicro(row.epsilon_spent_micro);
  return { dataset_id: datasetId, epsilon_total: total, epsilon_spent: spent, epsilon_remaining: Math.round((total - spent) * 1e6) / 1e6, delta: 0 };
}

/** Sets (or raises) a dataset's total budget; only its entity's steward, and never below what was spent. */
export async function setBudget(ctx: Context, datasetId: string, epsilonText: unknown) {
  const dataset = await ctx.db.selectFrom('datasets').selectAll().where('id', '=', datasetId).executeTakeFirst();
  if (!dataset || !policy.readNonPublic(ctx.actor, dataset.entity_id)) throw datasetNotFound(datasetId);
  demand(policy.classify(ctx.actor, dataset.entity_id), ctx.actor);
  const epsilon = parseEpsilon(String(epsilonText ?? ''));
  const micro = Number(toMicro(epsilon));
  const now = ctx.clock.now();
  await ctx.db.transaction().execute((trx) => withLedger(trx, async (ledger) => {
    const current = await trx.selectFrom('dp_budgets').selectAll().where('dataset_id', '=', datasetId).forUpdate().executeTakeFirst();
    if (current && Number(current.epsilon_spent_micro) > micro) {
      throw invalid({ es: `Ya se gastó ε = ${fromMicro(current.epsilon_spent_micro)}; el presupuesto no puede ser menor.`, en: `ε = ${fromMicro(current.epsilon_spent_micro)} was already spent; the budget cannot be lower.` }, [{ field: 'epsilon', message: { es: 'Menor que lo gastado.', en: 'Below what was spent.' } }]);
    }
    await trx.insertInto('dp_budgets').values({ dataset_id: datasetId, epsilon_total_micro: micro, updated_at: now, updated_by: actorId(ctx.actor) })
      .onConflict((oc) => oc.column('dataset_id').doUpdateSet({ epsilon_total_micro: micro, updated_at: now, updated_by: actorId(ctx.actor) })).execute();
    ledger.add({ type: 'dp.budget_set', actor: ledgerActor(ctx.actor), entity: dataset.entity_id, subject: `dataset:${datasetId}`, time: now.toISOString(), payload: { epsilon_total: fromMicro(micro), delta: 0 } });
  }));
  return getBudget(ctx, datasetId);
}

function list(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 2000 || !value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw invalid({ es: `«${what}» es una lista de 1 a 2.000 valores.`, en: `"${what}" is a list of 1 to 2,000 values.` }, [{ field: what, message: { es: 'Lista inválida.', en: 'Invalid list.' } }]);
  }
  const values = value.map(String);
  // The same group asked twice would get two independent noises for one price: averaging them cancels the noise.
  const repeated = values.find((v, i) => values.indexOf(v) !== i);
  if (repeated !== undefined) throw invalid({ es: `«${what}» repite el grupo «${repeated}»: cada grupo se pide una vez.`, en: `"${what}" repeats group "${repeated}": ask for each group once.` }, [{ field: what, message: { es: 'Grupo repetido.', en: 'Repeated group.' }, value: repeated }]);
  return values;
}

function bounds(value: unknown): [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => Number.isInteger(v)) || (value[0] as number) >= (value[1] as number) || Math.abs(value[0] as number) > 1e12 || Math.abs(value[1] as number) > 1e12) {
    throw invalid({ es: '«bounds» son dos enteros [mínimo, máximo]: los valores se recortan a ese rango, que fija la sensibilidad.', en: '"bounds" are two integers [min, max]: values are clamped to that range, which sets the sensitivity.' }, [{ field: 'bounds', message: { es: 'Rango inválido.', en: 'Invalid range.' } }]);
  }
  return [value[0] as number, value[1] as number];
}

/** Answers one query with noise, paying its ε from the budget (nothing is returned if the budget is short). */
export async function dpQuery(ctx: Context, datasetId: string, query: DpQuery): Promise<DpAnswer> {
  const dataset = await ctx.db.selectFrom('datasets').selectAll().where('id', '=', datasetId).executeTakeFirst();
  const budget = await ctx.db.selectFrom('dp_budgets').selectAll().where('dataset_id', '=', datasetId).executeTakeFirst();
  if (!dataset || !budget || !dataset.current_release) throw datasetNotFound(datasetId);
  const release = await ctx.db.selectFrom('releases').selectAll().where('dataset_id', '=', datasetId).where('number', '=', dataset.current_release).executeTakeFirstOrThrow();
  const schema = release.schema as TableSchema;
  const aggregate = String(query.aggregate ?? '');
  if (!['count', 'sum', 'mean', 'histogram'].includes(aggregate)) throw invalid({ es: '«aggregate» es count, sum, mean o histogram.', en: '"aggregate" is count, sum, mean or histogram.' }, [{ field: 'aggregate', message: { es: 'Agregado desconocido.', en: 'Unknown aggregate.' } }]);
  const epsilon = parseEpsilon(String(query.epsilon ?? ''));
  const fieldOf = (name: unknown, what: string) => {
    const field = schema.fields.find((f) => f.name === name);
    if (!field) throw invalid({ es: `«${what}» debe ser un campo: ${schema.fields.map((f) => f.name).join(', ')}.`, en: `"${what}" must be a field: ${schema.fields.map((f) => f.name).join(', ')}.` }, [{ field: what, message: { es: 'Campo desconocido.', en: 'Unknown field.' } }]);
    return field;
  };
  const from = `read_parquet(${literal(ctx.blobs.location(release.parquet_key))})`;
  // Groups: given by the requester or a public code list, never read from the data.
  let groups: string[] = ['*'];
  let groupExpr = `'*'`;
  if (aggregate === 'histogram') {
    const field = fieldOf(query.field, 'field');
    const [lo, hi] = bounds(query.bounds);
    const bins = Number(query.bins ?? 10);
    if (!Number.isInteger(bins) || bins < 1 || bins > 200) throw invalid({ es: '«bins» es un entero de 1 a 200.', en: '"bins" is an integer from 1 to 200.' }, [{ field: 'bins', message: { es: 'Entero de 1 a 200.', en: 'Integer from 1 to 200.' } }]);
    const width = (hi - lo) / bins;
    groups = Array.from({ length: bins }, (_, i) => `${lo + i * width}–${lo + (i + 1) * width}`);
    groupExpr = `CAST(least(${bins - 1}, greatest(0, floor((CAST(${ident(field.name)} AS DOUBLE) - ${lo}) / ${width}))) AS INTEGER)`;
  } else if (query.group_by !== undefined) {
    const field = fieldOf(query.group_by, 'group_by');
    const codeList = schema.foreignKeys?.find((fk) => fk.fields[0] === field.name && fk.reference.resource && CODE_LISTS[fk.reference.resource])?.reference.resource;
    if (query.groups !== undefined) groups = list(query.groups, 'groups');
    else if (codeList) groups = (await ctx.db.selectFrom('divipola').select('code').where('kind', '=', CODE_LISTS[codeList]!.kind).orderBy('code').execute()).map((r) => r.code);
    else throw invalid({ es: 'Indique «groups», la lista pública de grupos (o agrupe por un campo enlazado a una lista de códigos).', en: 'Give "groups", the public list of groups (or group by a field linked to a code list).' }, [{ field: 'groups', message: { es: 'Grupos requeridos.', en: 'Groups required.' } }]);
    groupExpr = `CAST(${ident(field.name)} AS VARCHAR)`;
  }
  const valueField = aggregate === 'sum' || aggregate === 'mean' ? fieldOf(query.field, 'field') : undefined;
  if (valueField && !['integer', 'number'].includes(valueField.type)) throw invalid({ es: 'Solo se suman campos numéricos.', en: 'Only numeric fields are summed.' }, [{ field: 'field', message: { es: 'Campo no numérico.', en: 'Not a numeric field.' } }]);
  const range = valueField ? bounds(query.bounds) : undefined;
  const clamped = valueField ? `round(least(${range![1]}, greatest(${range![0]}, CAST(${ident(valueField.name)} AS DOUBLE))))` : '0';
  const exact = await ctx.engine.use(async (c) => (await c.runAndReadAll(`SELECT ${groupExpr} AS g, count(*) AS n, sum(${clamped}) AS s FROM ${from} GROUP BY 1`)).getRowObjectsJson());
  const byGroup = new Map(exact.map((r) => [String(r.g), { n: BigInt(Math.round(Number(r.n))), s: BigInt(Math.round(Number(r.s ?? 0))) }]));
  const keyOf = (group: string, i: number) => (aggregate === 'histogram' ? String(i) : group);
  // Mean: half of ε for the sum, half for the count.
  const half: Rational = { n: epsilon.n, d: epsilon.d * 2n };
  const sensitivity = range ? BigInt(Math.max(Math.abs(range[0]), Math.abs(range[1]), 1)) : 1n;
  const results = groups.map((group, i) => {
    const truth = byGroup.get(keyOf(group, i)) ?? { n: 0n, s: 0n };
    if (aggregate === 'count' || aggregate === 'histogram') return { group, value: Number(truth.n + noiseFor(1n, epsilon)) };
    if (aggregate === 'sum') return { group, value: Number(truth.s + noiseFor(sensitivity, epsilon)) };
    const sum = Number(truth.s + noiseFor(sensitivity, half));
    const count = Number(truth.n + noiseFor(1n, half));
    return { group, value: count > 0 ? sum / count : 0, count, sum };
  });
  // Each answered group is paid for (sequential composition): the platform does not assume that the groups a
  // requester names split the people apart. Histogram bins do, by construction (one bin per value), and cost ε once.
  const cost = Number(toMicro(epsilon)) * (aggregate === 'histogram' ? 1 : groups.length);
  const now = ctx.clock.now();
  const spent = await ctx.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('dp_budgets').selectAll().where('dataset_id', '=', datasetId).forUpdate().executeTakeFirstOrThrow();
    const after = Number(current.epsilon_spent_micro) + cost;
    if (after > Number(current.epsilon_total_micro)) {
      throw new AppError('conflict', {
        es: `El presupuesto de privacidad no alcanza: quedan ε = ${fromMicro(Number(current.epsilon_total_micro) - Number(current.epsilon_spent_micro))} y la consulta pide ${fromMicro(cost)}.`,
        en: `The privacy budget is not enough: ε = ${fromMicro(Number(current.epsilon_total_micro) - Number(current.epsilon_spent_micro))} is left and the query asks ${fromMicro(cost)}.`,
      });
    }
    await trx.updateTable('dp_budgets').set({ epsilon_spent_micro: after }).where('dataset_id', '=', datasetId).execute();
    await trx.insertInto('dp_queries').values({ dataset_id: datasetId, release_number: release.number, aggregate, request: JSON.stringify(query), epsilon_micro: cost, actor: actorId(ctx.actor) ?? ctx.actor.kind, created_at: now }).execute();
    return { total: Number(current.epsilon_total_micro), spent: after };
  });
  return {
    aggregate,
    epsilon: fromMicro(cost),
    delta: 0,
    mechanism: 'discrete Laplace',
    release: release.number,
    budget: { total: fromMicro(spent.total), spent: fromMicro(spent.spent), remaining: fromMicro(spent.total - spent.spent) },
    results,
  };
}
