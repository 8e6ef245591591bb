import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { systemActor, type Actor, type Role } from '../../src/core/actor.ts';
import { loadConfig, type Config } from '../../src/core/config.ts';
import type { Clock } from '../../src/core/clock.ts';
import { setPasswordCost } from '../../src/catalog/passwords.ts';
import { createEntity } from '../../src/catalog/entities.ts';
import { createPerson } from '../../src/catalog/people.ts';
import { openPlatform, type Platform } from '../../src/platform.ts';
import type { Context } from '../../src/store/context.ts';
import { createHttpApp } from '../../src/web/app.ts';
import { pgliteTemplateDir, postgresTemplateName, prepareTemplate } from './template.ts';

// Tests create many accounts; a lower scrypt cost keeps them fast (the cost is stored in each hash).
setPasswordCost(12);

export const TEST_PASSWORD = 'contraseña-de-prueba';
export const onPostgres = Boolean(process.env.DATABASE_URL);

export interface TestPlatform {
  platform: Platform;
  config: Config;
  dataDir: string;
  system: Context;
  as(actor: Actor): Context;
  close(): Promise<void>;
}

/** A fresh platform on a copy of the prepared database: PGlite in a temporary directory, or a new PostgreSQL database. */
export async function testPlatform(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<TestPlatform> {
  await prepareTemplate();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'infradatos-test-'));
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (onPostgres) {
    const name = `infradatos_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${postgresTemplateName()}"`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    };
  } else {
    cpSync(pgliteTemplateDir(), path.join(dataDir, 'pg'), { recursive: true });
  }
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    SECRET: 'x'.repeat(40),
    DEMO: '0',
    BASE_URL: 'http://localhost:8080',
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...options.env,
  });
  const platform = await openPlatform(config, options.clock ? { clock: options.clock } : {});
  const handle: TestPlatform = {
    platform,
    config,
    dataDir,
    get system() {
      return handle.platform.context(systemActor('pruebas'));
    },
    as: (actor) => handle.platform.context(actor),
    async close() {
      await handle.platform.close();
      await dropDatabase?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

export interface TestEntity {
  nit: string;
  id: string;
}

/** Two real entities (DANE and the Ministry of Education) to test own-entity and other-entity rules. */
export async function seedEntities(ctx: Context): Promise<{ dane: TestEntity; men: TestEntity }> {
  const dane = await createEntity(ctx, { nit: '899999027-8', name: 'Departamento Administrativo Nacional de Estadística', acronym: 'DANE', sector: 'estadistica', orden: 'nacional', department_code: '11', municipality_code: '11001', website: 'https://www.dane.gov.co' });
  const men = await createEntity(ctx, { nit: '899999001', name: 'Ministerio de Educación Nacional', acronym: 'MEN', sector: 'educacion', orden: 'nacional', department_code: '11', municipality_code: '11001', website: 'https://www.mineducacion.gov.co' });
  return { dane: { nit: dane.nit, id: dane.id }, men: { nit: men.nit, id: men.id } };
}

export async function seedPerson(ctx: Context, entity: TestEntity, roles: Role[], email = `${roles.join('-')}-${entity.nit}@prueba.gov.co`) {
  return createPerson(ctx, { email, name: `${roles.join('/')} ${entity.nit}`, entity: entity.nit, roles, password: TEST_PASSWORD });
}

/** A minimal valid asset input, overridable field by field. */
export function assetInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Presupuesto de Educación',
    description: 'Ejecución presupuestal del sector educación por rubro.',
    language: 'es',
    medium: 'electronico',
    formats: ['XLSX', 'PDF'],
    availability: 'publicada',
    link: 'https://www.example.gov.co/presupuesto',
    legal_class: 'publica',
    personal_data_class: 'ninguno',
    themes: ['EDUC', 'ECON'],
    keywords: 'presupuesto, educación',
    ...overrides,
  };
}

export function reservedInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return assetInput({
    title: 'Informes de inteligencia',
    description: 'Informes de inteligencia y contrainteligencia.',
    availability: 'disponible',
    link: '',
    published_where: '',
    legal_class: 'reservada',
    exception_ground: '19a',
    exception_scope: 'total',
    classified_on: '2024-01-10',
    exception_until: '2034-01-10',
    ...overrides,
  });
}

/** The HTTP app of a test platform, used through inject (real routing, no sockets). */
export async function testApp(t: TestPlatform): Promise<FastifyInstance> {
  const app = await createHttpApp(t.platform);
  await app.ready();
  return app;
}

/** Signs in through the API and returns the headers a browser-like client would send afterwards. */
export async function signInHeaders(app: FastifyInstance, email: string, password = TEST_PASSWORD): Promise<Record<string, string>> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed for ${email}: ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'infradatos_session')!;
  return { cookie: `infradatos_session=${cookie.value}`, 'x-csrf-token': response.json().csrf_token };
}

export function json(response: LightMyRequestResponse): any {
  return JSON.parse(response.body);
}

/** Waits until no job is queued or running (the background worker may hold one another caller cannot see). */
export async function jobsSettled(t: TestPlatform, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const busy = await t.platform.store.db.selectFrom('jobs').select('id').where('status', 'in', ['queued', 'running']).executeTakeFirst();
    if (!busy) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('jobs still running');
}
