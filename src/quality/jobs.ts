import { systemActor, type Actor } from '../core/actor.ts';
import type { Context } from '../store/context.ts';
import type { JobQueue } from '../store/jobs.ts';
import { QUALITY_JOB, QUALITY_REFRESH_JOB, requestQualityReport, type QualityPayload, type QualityTrigger } from './job-kinds.ts';
import { computeReport, type QualityDeps } from './report.ts';

export function registerQualityJobs(platform: { queue: JobQueue; quality: QualityDeps; context(actor: Actor): Context }): void {
  platform.queue.register(QUALITY_JOB, async (payload: QualityPayload, job) => {
    const ctx = platform.context(systemActor('quality'));
    const exists = await ctx.db.selectFrom('datasets').select('id').where('id', '=', payload.dataset_id).executeTakeFirst();
    if (!exists) return { skipped: 'dataset deleted' };
    const report = await computeReport(ctx, platform.quality, payload.dataset_id, payload.trigger, {
      recheckLinks: payload.recheck_links ?? false,
      progress: (fraction) => job.progress(Math.round(fraction * 1000), 1000),
    });
    return { mqa: report.mqa.score, band: report.mqa.band, seal: report.seal.level, criteria: report.criteria.score };
  });
  // Every dataset measured again (links checked anew): on a schedule and when the rules change.
  platform.queue.register(QUALITY_REFRESH_JOB, async (payload: { trigger: QualityTrigger }, job) => {
    const ctx = platform.context(systemActor('quality'));
    const datasets = await ctx.db.selectFrom('datasets').select('id').orderBy('id').execute();
    for (const [i, d] of datasets.entries()) {
      await requestQualityReport(ctx.queue, ctx.db, d.id, payload.trigger, payload.trigger === 'schedule');
      job.progress(i + 1, datasets.length);
    }
    return { datasets: datasets.length };
  });
}
