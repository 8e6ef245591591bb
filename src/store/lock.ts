import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../core/errors.ts';
import { processAlive } from '../core/process.ts';

export interface LockInfo {
  pid: number;
  host: string;
  purpose: string;
  url?: string;
  started_at: string;
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

export function readLock(dataDir: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, 'LOCK'), 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/**
 * PGlite is single-process: a second process writing the same directory silently loses writes.
 * Whoever opens DATA_DIR first holds this lock until it exits; others are refused.
 */
export function lockDataDir(dataDir: string, purpose: string, url?: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'LOCK');
  const info: LockInfo = { pid: process.pid, host: os.hostname(), purpose, started_at: new Date().toISOString(), ...(url ? { url } : {}) };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const current = readLock(dataDir);
        if (current?.pid === process.pid) unlinkSync(file);
      };
      process.once('exit', release);
      return { file, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(dataDir);
      const stale = holder && holder.host === os.hostname() && !processAlive(holder.pid);
      if (stale || !holder) {
        try {
          unlinkSync(file);
        } catch {
          /* another process took it first; the next attempt decides */
        }
        continue;
      }
      throw lockedError(dataDir, holder);
    }
  }
  throw lockedError(dataDir, readLock(dataDir));
}

function lockedError(dataDir: string, holder: LockInfo | undefined): AppError {
  const who = holder
    ? `${holder.purpose} (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''})`
    : '?';
  return new AppError('locked', {
    es:
      `El directorio de datos ${dataDir} está en uso por otro proceso: ${who}. ` +
      'La base embebida (PGlite) admite un solo proceso. Detenga ese proceso, o haga el trabajo a través de la ' +
      'interfaz web o la API del servidor en ejecución, o use un servidor PostgreSQL (DATABASE_URL).',
    en:
      `The data directory ${dataDir} is in use by another process: ${who}. ` +
      'The embedded store (PGlite) allows a single process. Stop that process, or do the work through the ' +
      "running server's web interface or API, or use a PostgreSQL server (DATABASE_URL).",
  });
}
