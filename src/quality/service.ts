import { sql } from 'kysely';
import { demand, policy } from '../catalog/access.ts';
import { requireEntity } from '../catalog/entities.ts';
import type { Context } from '../store/context.ts';
import type { Db } from '../store/database.ts';
import { isPublished, requireDataset } from '../publish/datasets.ts';
import { requestQualityReport } from './job-kinds.ts';
import { BANDS, bandOf, type Band } from './mqa.ts';
import type { QualityReport } from './report.ts';

export interface HistoryPoint {
  id: number;
  computed_at: Date;
  trigger: string;
  release: number | null;
  mqa_score: number;
  criteria_score: number;
  seal: number;
}

/** The dataset's latest report and its whole history (oldest first), for whoever may read the dataset. */
export async function datasetQuality(ctx: Context, datasetId: string): Promise<{ report: QualityReport | null; history: HistoryPoint[]; pending: boolean }> {
  const dataset = await requireDataset(ctx, datasetId);
  const rows = await ctx.db.selectFrom('quality_reports')
    .select(['id', 'computed_at', 'trigger', 'release_number', 'mqa_score', 'criteria_score', 'seal'])
    .where('dataset_id', '=', dataset.id).orderBy('id').execute();
  const last = rows.at(-1);
  const report = last ? ((await ctx.db.selectFrom('quality_reports').select('report').where('id', '=', last.id).executeTakeFirstOrThrow()).report as QualityReport) : null;
  const pending = Boolean(await ctx.db.selectFrom('jobs').select('id').where('kind', '=', 'quality_report').where('status', 'in', ['queued', 'running'])
    .where(sql<string>`payload->>'dataset_id'`, '=', dataset.id).executeTakeFirst());
  return {
    report,
    pending,
    history: rows.map((r) => ({ id: r.id, computed_at: r.computed_at, trigger: r.trigger, release: r.release_number, mqa_score: r.mqa_score, criteria_score: r.criteria_score, seal: r.seal })),
  };
}

/** Asks for a new report now (the dataset's editors), checking links again. */
export async function requestReport(ctx: Context, datasetId: string): Promise<void> {
  const dataset = await requireDataset(ctx, datasetId);
  demand(policy.writeAssets(ctx.actor, dataset.entity_id), ctx.actor);
  await requestQualityReport(ctx.queue, ctx.db, dataset.id, 'request', true);
}

export interface QualityAggregate {
  datasets: number;
  mqa_average: number | null;
  band: Band | null;
  criteria_average: number | null;
  bands: Record<Band, number>;
  seals: Record<'0' | '1' | '2' | '3', number>;
}

export interface EntityQuality extends QualityAggregate {
  entity: { nit: string; name: string };
}

function aggregate(rows: { mqa_score: number; criteria_score: number; seal: number; mqa_band: string }[]): QualityAggregate {
  const bands = Object.fromEntries(Object.keys(BANDS).map((b) => [b, 0])) as Record<Band, number>;
  const seals = { '0': 0, '1': 0, '2': 0, '3': 0 };
  for (const r of rows) {
    bands[r.mqa_band as Band]++;
    seals[String(r.seal) as keyof typeof seals]++;
  }
  const mean = (values: number[]) => (values.length ? Math.round(values.reduce((s, v) => s + v, 0) / values.length) : null);
  const mqa = mean(rows.map((r) => r.mqa_score));
  return { datasets: rows.length, mqa_average: mqa, band: mqa === null ? null : bandOf(mqa), criteria_average: mean(rows.map((r) => r.criteria_score)), bands, seals };
}

/**
 * National and per-entity quality: the latest report of each dataset the actor may read (public datasets
 * with a release for everyone), averaged as data.europa.eu averages a catalogue's datasets.
 */
export async function qualitySummary(ctx: Context, filters: { entity?: string } = {}): Promise<{ national: QualityAggregate; entities: EntityQuality[] }> {
  const entityId = filters.entity ? (await requireEntity(ctx, filters.entity)).id : undefined;
  let query = ctx.db.selectFrom('quality_reports as q')
    .innerJoin('datasets as d', 'd.id', 'q.dataset_id')
    .innerJoin('entities as e', 'e.id', 'q.entity_id')
    .select(['q.mqa_score', 'q.criteria_score', 'q.seal', 'q.mqa_band', 'e.nit', 'e.name', 'e.sort_key', 'd.entity_id', 'd.access_level', 'd.current_release', 'd.state', 'd.links'])
    .where('q.id', 'in', (eb) => eb.selectFrom('quality_reports').select((e) => e.fn.max<number>('id').as('id')).groupBy('dataset_id'));
  if (entityId) query = query.where('d.entity_id', '=', entityId);
  const rows = (await query.orderBy('e.sort_key').execute())
    .filter((r) => (r.access_level === 'public' && isPublished(r)) || policy.readNonPublic(ctx.actor, r.entity_id));
  const byEntity = new Map<string, typeof rows>();
  for (const r of rows) byEntity.set(r.nit, [...(byEntity.get(r.nit) ?? []), r]);
  return {
    national: aggregate(rows),
    entities: [...byEntity.values()].map((list) => ({ entity: { nit: list[0]!.nit, name: list[0]!.name }, ...aggregate(list) })),
  };
}

export interface QualityBadge {
  seal: number;
  mqa_score: number;
  mqa_band: string;
  criteria_score: number;
  computed_at: Date;
}

/** The latest scores of several datasets, in one query, for lists. */
export async function latestScores(db: Db, datasetIds: string[]): Promise<Map<string, QualityBadge>> {
  if (!datasetIds.length) return new Map();
  const rows = await db.selectFrom('quality_reports')
    .select(['dataset_id', 'seal', 'mqa_score', 'mqa_band', 'criteria_score', 'computed_at'])
    .where('id', 'in', (eb) => eb.selectFrom('quality_reports').select((e) => e.fn.max<number>('id').as('id')).where('dataset_id', 'in', datasetIds).groupBy('dataset_id'))
    .execute();
  return new Map(rows.map(({ dataset_id, ...badge }) => [dataset_id, badge]));
}
