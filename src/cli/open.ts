import { systemActor } from '../core/actor.ts';
import { loadConfig, type Config } from '../core/config.ts';
import type { Context } from '../store/context.ts';
import { lockDataDir } from '../store/lock.ts';
import { openPlatform, type Platform } from '../platform.ts';

/**
 * Opens the platform for one CLI command. On the embedded store the data directory is locked first:
 * while a server runs there, the command is refused (PGlite is single-process).
 */
export async function withPlatform<T>(purpose: string, run: (platform: Platform, ctx: Context, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const lock = config.databaseUrl ? undefined : lockDataDir(config.dataDir, purpose);
  try {
    const platform = await openPlatform(config);
    try {
      return await run(platform, platform.context(systemActor(`infradatos ${purpose} (línea de comandos)`)), config);
    } finally {
      await platform.close();
    }
  } finally {
    lock?.release();
  }
}
