import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import { BUILTIN_SHAPES } from '../../src/quality/shacl.ts';

/** The official suites and test data beside the project; a user's clone has none. */
export const SHARED_DIR = path.resolve(PROJECT_ROOT, '..', 'shared');

export const sharedPath = (...parts: string[]) => path.join(SHARED_DIR, ...parts);

/**
 * Test options that skip, with a one-line reason, a test needing `../shared/<parts>` when it is absent.
 * With REQUIRE_SHARED=1 (set by .ci/run) a missing file fails the run instead.
 */
export function needsShared(what: string, ...parts: string[]): { skip?: string } {
  const file = sharedPath(...parts);
  if (existsSync(file)) return {};
  const reason = `needs ${what} in ../shared/${parts.join('/')} (not in a plain clone)`;
  if (process.env.REQUIRE_SHARED) throw new Error(`${reason}; REQUIRE_SHARED is set`);
  return { skip: reason };
}

/** The official DCAT-AP 3.0.1 shapes, when ../shared has them. */
export const OFFICIAL_DCAT_AP_SHAPES = sharedPath('conformance', 'dcat-ap', '3.0.1', 'shacl', 'dcat-ap-SHACL.ttl');

/** The shapes a catalog test runs: the project's own, and the official ones when they are at hand. */
export const catalogShapes = (): string[] => [BUILTIN_SHAPES, ...(existsSync(OFFICIAL_DCAT_AP_SHAPES) ? [OFFICIAL_DCAT_AP_SHAPES] : [])];

/**
 * Inside a test that checks more than the shared file serves: the file's path, or (in a plain clone) undefined
 * with a note in the test's output, so the rest of the test still runs. REQUIRE_SHARED makes it mandatory.
 */
export function sharedFileOrNote(t: { diagnostic(message: string): void }, what: string, ...parts: string[]): string | undefined {
  const file = sharedPath(...parts);
  if (existsSync(file)) return file;
  if (process.env.REQUIRE_SHARED) throw new Error(`needs ${what} in ../shared/${parts.join('/')}; REQUIRE_SHARED is set`);
  t.diagnostic(`part skipped: needs ${what} in ../shared/${parts.join('/')} (not in a plain clone)`);
  return undefined;
}
