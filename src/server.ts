import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { systemActor } from './core/actor.ts';
import type { Config } from './core/config.ts';
import { loadDemo } from './catalog/demo/load.ts';
import { loadDemoDatasets } from './publish/demo.ts';
import { loadDemoStandards } from './quality/demo-standards.ts';
import { loadDemoExchange } from './exchange/demo.ts';
import { purgeExpiredSessions } from './catalog/sessions.ts';
import { openPlatform, type Platform } from './platform.ts';
import { lockDataDir, type DataDirLock } from './store/lock.ts';
import { QUALITY_REFRESH_JOB } from './quality/job-kinds.ts';
import { scheduleHarvests } from './linked/harvest/service.ts';
import { remindDueRequests } from './exchange/requests.ts';
import { createHttpApp } from './web/app.ts';

export interface RunningServer {
  app: FastifyInstance;
  platform: Platform;
  url: string;
  close(): Promise<void>;
}

/**
 * The composition root: locks the embedded store, opens the platform, loads the demo content on first
 * start, starts the job worker and the HTTP server, and shuts all of it down in order.
 */
export async function startServer(config: Config, options: { logLevel?: string; quiet?: boolean } = {}): Promise<RunningServer> {
  const logger = pino({ level: options.quiet ? 'warn' : options.logLevel ?? config.logLevel });
  const lock: DataDirLock | undefined = config.databaseUrl ? undefined : lockDataDir(config.dataDir, 'servidor infradatos', config.baseUrl);
  let platform: Platform | undefined;
  try {
    platform = await openPlatform(config, { log: logger });
    const stale = platform.engine.removeStaleScratch();
    if (stale) logger.info({ removed: stale }, 'scratch files of interrupted work removed');
    if (config.demo) {
      const started = Date.now();
      const summary = await loadDemo(platform.context(systemActor('demo')), (message) => logger.info({ demo: message }, 'loading demo content'));
      if (summary) logger.info({ ...summary, ms: Date.now() - started }, 'demo content loaded');
      const datasets = await loadDemoDatasets(platform.context(systemActor('demo')), (title) => logger.info({ demo: title }, 'publishing demo dataset'));
      if (datasets) logger.info({ datasets, ms: Date.now() - started }, 'demo datasets published');
      await loadDemoStandards(platform.context(systemActor('demo')));
      await loadDemoExchange(platform.context(systemActor('demo')));
    }
    const app = await createHttpApp(platform, { loggerInstance: logger as never });
    // Listening first: quality jobs check the platform's own links over HTTP.
    const address = await app.listen({ port: config.port, host: config.host });
    platform.queue.start();
    const purge = setInterval(() => void purgeExpiredSessions(platform!.store.db, new Date()).catch(() => {}), 3600_000);
    purge.unref();
    const refresh = config.qualityRefreshHours ? setInterval(() => void scheduleQualityRefresh(platform!).catch((error) => logger.error({ error }, 'quality refresh not scheduled')), config.qualityRefreshHours * 3600_000) : undefined;
    refresh?.unref();
    // Hourly, at start too: harvest sources due by their schedule are queued; providers are reminded of requests near their term.
    const queueHarvests = () => {
      void scheduleHarvests(platform!.context(systemActor('harvest'))).catch((error) => logger.error({ error }, 'harvests not scheduled'));
      void remindDueRequests(platform!.context(systemActor('exchange'))).catch((error) => logger.error({ error }, 'request reminders not sent'));
    };
    const harvests = setInterval(queueHarvests, 3600_000);
    harvests.unref();
    queueHarvests();
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        clearInterval(purge);
        clearInterval(refresh);
        clearInterval(harvests);
        // Requests in flight get a few seconds (a long export is cut), then the running job a few more; a job
        // still running then is left as it is and taken up again at the next start.
        if (!(await within(app.close(), 5000))) app.server.closeAllConnections();
        await within(platform!.queue.stop(), 3000);
        await platform!.close();
        lock?.release();
      })());
    return { app, platform, url: address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost'), close };
  } catch (error) {
    await platform?.close().catch(() => {});
    lock?.release();
    throw error;
  }
}

/** Waits for `work` at most `ms`; true when it finished in time. */
const within = (work: Promise<unknown>, ms: number) =>
  Promise.race([work.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);

/** Queues the periodic re-measurement of every dataset (links checked anew), unless one is already waiting. */
async function scheduleQualityRefresh(platform: Platform): Promise<void> {
  const waiting = await platform.store.db.selectFrom('jobs').select('id').where('kind', '=', QUALITY_REFRESH_JOB).where('status', 'in', ['queued', 'running']).executeTakeFirst();
  if (!waiting) await platform.queue.enqueue({ kind: QUALITY_REFRESH_JOB, payload: { trigger: 'schedule' } });
}
