#!/usr/bin/env node
// Runs every test file: prepares the database template once, then Node's test runner over the
// expanded file list (Node 20 does not expand globs). Extra arguments select files or pass flags.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const selected = args.filter((a) => !a.startsWith('--'));

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return find(full);
    return /\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

const files = selected.length ? selected : find(path.join(root, 'test')).sort();
const run = (command, commandArgs) => spawnSync(command, commandArgs, { stdio: 'inherit', cwd: root, env: process.env });

const typecheck = run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', root]);
if (typecheck.status !== 0) process.exit(typecheck.status ?? 1);

const prepare = run(process.execPath, ['--import', 'tsx', '-e', "await (await import('./test/support/template.ts')).prepareTemplate()"]);
if (prepare.status !== 0) process.exit(prepare.status ?? 1);

const reporter = flags.some((f) => f.startsWith('--test-reporter')) ? [] : ['--test-reporter=spec'];
const result = run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...reporter, ...flags, ...files]);
process.exit(result.status ?? 1);
