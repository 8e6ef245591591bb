import type { Context } from '../store/context.ts';
import type { ReleaseRow } from '../store/schema.ts';
import { datasetQuads } from '../linked/dcat.ts';
import { dcatDataset, loadDatasetSources } from '../linked/dataset-record.ts';
import { releaseFile, XLSX_MAX_ROWS } from '../publish/downloads.ts';
import { summarizeRelease } from '../publish/explore.ts';
import { validateRelease, type ContentReport } from './content.ts';
import { checkConformance, type ConformanceReport } from './standards.ts';
import { assessCriteria, type CriterionResult } from './criteria.ts';
import type { QualityTrigger } from './job-kinds.ts';
import type { LinkChecker, LinkResult } from './links.ts';
import { assessMetadata, type MqaResult } from './mqa.ts';
import { profileRelease, type ReleaseProfile } from './profile.ts';
import { loadRules } from './rules.ts';
import { awardSeal, type SealResult } from './seals.ts';
import { validateAllShapes, type ShaclOutcome } from './shacl.ts';
import { usesSince } from './usage.ts';

/** What the quality service needs from the platform. */
export interface QualityDeps {
  baseUrl: string;
  /** The official DCAT-AP SHACL shapes (Turtle). */
  /** SHACL shapes to run: the built-in DCAT-AP 3 shapes, and the official ones when configured. */
  shapesFiles: string[];
  links: LinkChecker;
}

export interface QualityReport {
  dataset: { id: string; title: string; entity: { nit: string; name: string } };
  release: number | null;
  computed_at: string;
  trigger: QualityTrigger;
  rules_version: number;
  mqa: MqaResult;
  dcat_ap: (ShaclOutcome & { shapes: string }) | null;
  links: Pick<LinkResult, 'url' | 'ok' | 'status' | 'error' | 'checked_at'>[];
  content: ContentReport | null;
  /** The release checked against the schema standard the dataset declares (dct:conformsTo), if any. */
  conformance?: ConformanceReport | null;
  profile: ReleaseProfile | null;
  criteria: { score: number; items: CriterionResult[] };
  seal: SealResult;
}

/** Small XLSX files are made at once so that every distribution has a known size; big ones on first download. */
const EAGER_XLSX_ROWS = 100_000;

/** A release's content validation and profile: computed once, as releases never change. */
async function releaseChecks(ctx: Context, release: ReleaseRow, detectDivipola: boolean): Promise<{ content: ContentReport; profile: ReleaseProfile }> {
  const stored = await ctx.db.selectFrom('release_validations').select('report').where('dataset_id', '=', release.dataset_id).where('release_number', '=', release.number).executeTakeFirst();
  if (stored) return stored.report as { content: ContentReport; profile: ReleaseProfile };
  const content = await validateRelease(ctx, release);
  const profile = await profileRelease(ctx, release, detectDivipola);
  const report = { content, profile };
  await ctx.db.insertInto('release_validations')
    .values({ dataset_id: release.dataset_id, release_number: release.number, valid: content.valid, report: JSON.stringify(report), created_at: ctx.clock.now() })
    .onConflict((oc) => oc.columns(['dataset_id', 'release_number']).doNothing()).execute();
  return report;
}

/** The last check of each URL: links that answered recently are trusted for a while, failing ones are always checked again. */
async function checkLinks(ctx: Context, deps: QualityDeps, urls: string[], recheckHours: number, force: boolean, progress: (done: number, total: number) => void) {
  const known = urls.length ? await ctx.db.selectFrom('link_checks').selectAll().where('url', 'in', urls).execute() : [];
  const fresh = new Map(known.filter((k) => !force && k.ok && ctx.clock.now().getTime() - k.checked_at.getTime() < recheckHours * 3_600_000).map((k) => [k.url, k]));
  const results = new Map<string, Pick<LinkResult, 'url' | 'ok' | 'status' | 'error' | 'checked_at'>>();
  for (const [url, k] of fresh) results.set(url, { url, ok: k.ok, status: k.status, error: k.error, checked_at: k.checked_at.toISOString() });
  const stale = urls.filter((u) => !fresh.has(u));
  const checked = await deps.links.checkAll(stale, progress);
  for (const r of checked.values()) {
    results.set(r.url, r);
    const row = { host: new URL(r.url).host, ok: r.ok, status: r.status, error: r.error, attempts: r.attempts, ms: r.ms, checked_at: new Date(r.checked_at) };
    await ctx.db.insertInto('link_checks').values({ url: r.url, ...row }).onConflict((oc) => oc.column('url').doUpdateSet(row)).execute();
  }
  return results;
}

/**
 * Measures a dataset: its release's content (validated once), its DCAT-AP description against the official
 * shapes, its links, the MQA, the MinTIC/ISO 25012 criteria and the seal; stores the report as a new entry
 * of the dataset's history and returns it.
 */
export async function computeReport(ctx: Context, deps: QualityDeps, datasetId: string, trigger: QualityTrigger, options: { recheckLinks?: boolean; progress?: (fraction: number) => void } = {}): Promise<QualityReport> {
  const progress = options.progress ?? (() => {});
  const { version: rulesVersion, rules } = await loadRules(ctx.db);
  const sources = await loadDatasetSources(ctx, datasetId);
  const release = sources.release;
  let checks: { content: ContentReport; profile: ReleaseProfile } | null = null;
  let summary = null;
  if (release) {
    checks = await releaseChecks(ctx, release, rules.accuracy.detectDivipola);
    progress(0.4);
    summary = await summarizeRelease(ctx, release);
    for (const format of ['csv', 'json'] as const) await releaseFile(ctx, release, format);
    if (release.row_count <= Math.min(EAGER_XLSX_ROWS, XLSX_MAX_ROWS)) await releaseFile(ctx, release, 'xlsx');
  }
  progress(0.6);
  const dcat = await dcatDataset(ctx, sources, deps.baseUrl);
  const shacl = await validateAllShapes(deps.shapesFiles, datasetQuads(dcat, deps.baseUrl));
  const urls = [...new Set(dcat.distributions.flatMap((d) => [d.accessURL, d.downloadURL].filter((u): u is string => Boolean(u))))];
  const links = await checkLinks(ctx, deps, urls, rules.links.recheckHours, options.recheckLinks ?? false, (done, total) => progress(0.6 + (0.35 * done) / total));
  const mqa = assessMetadata({ dataset: dcat, shacl, links });
  const releases = await ctx.db.selectFrom('releases').select(['original_key', 'parquet_key']).where('dataset_id', '=', datasetId).execute();
  let stored = 0;
  for (const r of releases) if ((await ctx.blobs.size(r.original_key)) !== undefined && (await ctx.blobs.size(r.parquet_key)) !== undefined) stored++;
  const ledger = await ctx.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject', '=', `dataset:${datasetId}`).where('type', '=', 'release.published').executeTakeFirstOrThrow();
  const now = ctx.clock.now();
  const { criteria, score } = assessCriteria({
    sources, dcat, mqa, shacl, content: checks?.content ?? null, profile: checks?.profile ?? null, summary, links,
    uses: await usesSince(ctx.db, datasetId, now, rules.relevance.windowDays),
    storedReleases: { stored, total: releases.length },
    ledgerReleases: Number(ledger.n),
    now,
    rules,
  });
  const seal = awardSeal({ mqa, criteria, shacl, content: checks?.content ?? null, dcat, rules });
  const report: QualityReport = {
    dataset: { id: datasetId, title: sources.dataset.title, entity: { nit: sources.entity.nit, name: sources.entity.name } },
    release: release?.number ?? null,
    computed_at: now.toISOString(),
    trigger,
    rules_version: rulesVersion,
    mqa,
    dcat_ap: shacl ? { ...shacl, violations: shacl.violations.slice(0, 100), shapes: deps.shapesFiles.length > 1 ? 'DCAT-AP 3.0.1 (infradatos + SEMIC)' : 'DCAT-AP 3.0.1 (infradatos)' } : null,
    links: urls.map((u) => links.get(u)!).filter(Boolean),
    content: checks?.content ?? null,
    conformance: release ? await checkConformance(ctx, sources.dataset, release) : null,
    profile: checks?.profile ?? null,
    criteria: { score, items: criteria },
    seal,
  };
  await ctx.db.insertInto('quality_reports').values({
    dataset_id: datasetId,
    entity_id: sources.dataset.entity_id,
    release_number: report.release,
    trigger,
    mqa_score: mqa.score,
    mqa_band: mqa.band,
    seal: seal.level,
    criteria_score: score,
    report: JSON.stringify(report),
    rules_version: rulesVersion,
    computed_at: now,
  }).execute();
  progress(1);
  return report;
}
