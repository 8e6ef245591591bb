import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { invalid } from './errors.ts';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL server; when absent the embedded PGlite store in DATA_DIR is used. */
  databaseUrl: string | undefined;
  /** Where files go: a directory path or file:// URL. */
  blobUrl: string;
  baseUrl: string;
  secret: string;
  demo: boolean;
  logLevel: string;
  /** DANE's DIVIPOLA list (DIVIPOLA_FILE), loaded at start when the national data office has not loaded one yet. */
  divipolaFile: string | undefined;
  maxUploadBytes: number;
  /** Largest dataset file accepted for publishing (MAX_DATASET_MB, default 20 GB). */
  maxDatasetBytes: number;
  /** The ledger's signer key (PRIVATE+KEY+…); generated in DATA_DIR when absent. */
  ledgerKey: string | undefined;
  /** The ledger's origin (and key name) when its key is generated; default: BASE_URL's host + /ledger. */
  ledgerOrigin: string | undefined;
  /** The official DCAT-AP 3 SHACL shapes, run besides the built-in ones when DCAT_AP_SHAPES names them. */
  dcatApShapes: string | undefined;
  /** Hosts on private networks whose links may be checked besides BASE_URL's (LINK_CHECK_PRIVATE_HOSTS, comma-separated). */
  linkCheckPrivateHosts: string[];
  /** Hours between scheduled re-checks of every dataset's quality and links (QUALITY_REFRESH_HOURS; 0: never). */
  qualityRefreshHours: number;
  /** A SPARQL query running longer is stopped (SPARQL_TIMEOUT_MS, default 10 s). */
  sparqlTimeoutMs: number;
  /** Rows or triples a SPARQL query returns at most (SPARQL_MAX_RESULTS, default 10,000). */
  sparqlMaxResults: number;
}

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalid({
      es: `La variable ${name} debe ser un entero entre ${min} y ${max}; se recibió «${raw}».`,
      en: `${name} must be an integer between ${min} and ${max}; got "${raw}".`,
    });
  }
  return n;
}

function flag(raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(raw.toLowerCase());
}

/** Reads the secret from SECRET, else from DATA_DIR/secret, creating it on first start. */
function resolveSecret(env: NodeJS.ProcessEnv, dataDir: string): string {
  if (env.SECRET) {
    if (env.SECRET.length < 32) {
      throw invalid({
        es: 'SECRET debe tener al menos 32 caracteres.',
        en: 'SECRET must be at least 32 characters long.',
      });
    }
    return env.SECRET;
  }
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/** DANE's DIVIPOLA list when DIVIPOLA_FILE names it; without it the built-in departments and demo municipalities serve. */
export function divipolaFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.DIVIPOLA_FILE ? path.resolve(env.DIVIPOLA_FILE) : undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer('PORT', env.PORT, 8080, 0, 65535);
  const dataDir = path.resolve(env.DATA_DIR || path.join(PROJECT_ROOT, 'data'));
  const baseUrl = (env.BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw invalid({ es: `BASE_URL no es una URL válida: «${baseUrl}».`, en: `BASE_URL is not a valid URL: "${baseUrl}".` });
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    blobUrl: env.BLOB_URL || path.join(dataDir, 'blobs'),
    baseUrl,
    secret: resolveSecret(env, dataDir),
    demo: flag(env.DEMO, true),
    logLevel: env.LOG_LEVEL || 'info',
    divipolaFile: divipolaFile(env),
    maxUploadBytes: integer('MAX_UPLOAD_MB', env.MAX_UPLOAD_MB, 50, 1, 1_000_000) * 1024 * 1024,
    maxDatasetBytes: integer('MAX_DATASET_MB', env.MAX_DATASET_MB, 20_480, 1, 10_000_000) * 1024 * 1024,
    ledgerKey: env.LEDGER_KEY || undefined,
    ledgerOrigin: env.LEDGER_ORIGIN || undefined,
    dcatApShapes: env.DCAT_AP_SHAPES ? path.resolve(env.DCAT_AP_SHAPES) : undefined,
    linkCheckPrivateHosts: [new URL(baseUrl).host, ...(env.LINK_CHECK_PRIVATE_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean)],
    qualityRefreshHours: integer('QUALITY_REFRESH_HOURS', env.QUALITY_REFRESH_HOURS, 24, 0, 24 * 365),
    sparqlTimeoutMs: integer('SPARQL_TIMEOUT_MS', env.SPARQL_TIMEOUT_MS, 10_000, 100, 600_000),
    sparqlMaxResults: integer('SPARQL_MAX_RESULTS', env.SPARQL_MAX_RESULTS, 10_000, 1, 1_000_000),
  };
}
