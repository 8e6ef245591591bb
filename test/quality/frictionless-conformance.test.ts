import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config.ts';
import { validatePackage, validateResource } from '../../src/quality/resource.ts';
import { needsShared } from '../support/shared.ts';

const ROOT = path.join(PROJECT_ROOT, '..', 'shared', 'conformance', 'frictionless', 'fixtures', 'frictionless-py');
interface Case {
  id: string;
  kind: 'resource' | 'package';
  path?: string;
  data?: unknown[][];
  schema?: object;
  schemaPath?: string;
  dialect?: { header?: boolean };
  options?: { limitErrors?: number; pickErrors?: string[] };
  valid: boolean;
  errors: unknown[][];
}
const shared = needsShared('the Frictionless fixtures', 'conformance', 'frictionless', 'fixtures', 'frictionless-py', 'expected-errors.json');
const { cases } = (shared.skip ? { cases: [] } : JSON.parse(readFileSync(path.join(ROOT, 'expected-errors.json'), 'utf8'))) as { cases: Case[] };

test('every Frictionless fixture gives the errors frictionless-py gives, in its order', shared, async (context) => {
  let passed = 0;
  for (const c of cases) {
    if (c.kind === 'package') {
      const report = await validatePackage(path.join(ROOT, c.path!));
      const got = report.tasks.flatMap((task, i) => task.errors.map((e) => [i + 1, e.rowNumber, e.fieldNumber, e.type]));
      assert.equal(report.valid, c.valid, c.id);
      // The fixture lists package errors as [task, row, field, type]; a null type means "any".
      assert.deepEqual(got.map((e, i) => (c.errors[i]?.[3] === null ? e.slice(0, 3) : e)), c.errors.map((e) => (e[3] === null ? e.slice(0, 3) : e)), c.id);
    } else {
      const report = await validateResource({
        ...(c.path ? { path: path.join(ROOT, c.path) } : {}),
        ...(c.data ? { data: c.data } : {}),
        ...(c.schema ? { schema: c.schema } : c.schemaPath ? { schema: path.join(ROOT, c.schemaPath) } : {}),
        ...(c.dialect ? { dialect: c.dialect } : {}),
        ...(c.options ? { options: c.options } : {}),
      });
      assert.equal(report.valid, c.valid, c.id);
      assert.deepEqual(report.errors.map((e) => [e.rowNumber, e.fieldNumber, e.type]), c.errors, c.id);
    }
    passed++;
  }
  context.diagnostic(`${passed}/${cases.length} Frictionless fixtures pass`);
  assert.equal(passed, cases.length);
});
