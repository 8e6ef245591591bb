import { systemActor, type Actor } from '../../core/actor.ts';
import type { Config } from '../../core/config.ts';
import type { Context } from '../../store/context.ts';
import type { JobQueue } from '../../store/jobs.ts';
import type { FetchLimits } from './fetch.ts';
import { HARVEST_JOB, runHarvest } from './service.ts';

/** What the harvester may fetch: 30 s and 100 MB per document; private hosts only when configured. */
export function harvestLimits(config: Config): FetchLimits {
  return { timeoutMs: 30_000, maxBytes: 100 * 1024 * 1024, privateHostsAllowed: [new URL(config.baseUrl).host, ...config.linkCheckPrivateHosts] };
}

export function registerHarvestJobs(platform: { queue: JobQueue; config: Config; context(actor: Actor): Context }): void {
  platform.queue.register(HARVEST_JOB, async (payload: { source_id: number }, job) => {
    const ctx = platform.context(systemActor('harvest'));
    const outcome = await runHarvest(ctx, payload.source_id, harvestLimits(platform.config), (done) => job.progress(done));
    return { run: outcome.runId, status: outcome.status, ...outcome.counts };
  });
}
