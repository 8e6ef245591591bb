import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { systemActor } from './core/actor.ts';
import type { Config } from './core/config.ts';
import { loadDemo } from './catalog/demo/load.ts';
import { loadDemoDatasets } from './publish/demo.ts';
import { purgeExpiredSessions } from './catalog/sessions.ts';
import { openPlatform, type Platform } from './platform.ts';
import { lockDataDir, type DataDirLock } from './store/lock.ts';
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
    if (config.demo) {
      const started = Date.now();
      const summary = await loadDemo(platform.context(systemActor('demo')), (message) => logger.info({ demo: message }, 'loading demo content'));
      if (summary) logger.info({ ...summary, ms: Date.now() - started }, 'demo content loaded');
      const datasets = await loadDemoDatasets(platform.context(systemActor('demo')), (title) => logger.info({ demo: title }, 'publishing demo dataset'));
      if (datasets) logger.info({ datasets, ms: Date.now() - started }, 'demo datasets published');
    }
    const app = await createHttpApp(platform, { loggerInstance: logger as never });
    platform.queue.start();
    const address = await app.listen({ port: config.port, host: config.host });
    const purge = setInterval(() => void purgeExpiredSessions(platform!.store.db, new Date()).catch(() => {}), 3600_000);
    purge.unref();
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        clearInterval(purge);
        await app.close(); // stops accepting connections and waits for requests in flight
        await platform!.close(); // waits for the running job, then closes the store
        lock?.release();
      })());
    return { app, platform, url: address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost'), close };
  } catch (error) {
    await platform?.close().catch(() => {});
    lock?.release();
    throw error;
  }
}
