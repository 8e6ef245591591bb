import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src/core/actor.ts';
import { createAsset } from '../../src/catalog/assets.ts';
import { signIn } from '../../src/catalog/sessions.ts';
import { createApiToken } from '../../src/catalog/tokens.ts';
import { createDataset } from '../../src/publish/datasets.ts';
import { latin1Csv, REGISTRO_HEADER, registroRow } from '../support/files.ts';
import { assetInput, reservedInput, seedEntities, seedPerson, testApp, testPlatform, TEST_PASSWORD, type TestEntity, type TestPlatform } from '../support/platform.ts';

/**
 * Authorization as a matrix: every role × every action × the caller's own entity or another one ×
 * public or non-public information, through the HTTP API with real accounts and tokens.
 */
type Who = 'anonymous' | Role;
const WHO: Who[] = ['anonymous', 'editor', 'steward', 'entity_admin', 'data_office', 'arbiter'];
/** 400: allowed, and the (deliberately invalid) input was then judged, so nothing changes. */
type Outcome = 'ok' | 400 | 401 | 403 | 404;

let t: TestPlatform;
let app: FastifyInstance;
let own: TestEntity;
let other: TestEntity;
const tokens = new Map<Who, string>();

before(async () => {
  t = await testPlatform();
  app = await testApp(t);
  ({ dane: own, men: other } = await seedEntities(t.system));
  for (const role of WHO.filter((w): w is Role => w !== 'anonymous')) {
    const person = await seedPerson(t.system, own, [role]);
    const { actor } = await signIn(t.platform.store.db, person.email, TEST_PASSWORD, new Date());
    tokens.set(role, (await createApiToken(t.as(actor), 'matriz')).token);
  }
});

after(async () => {
  await app.close();
  await t.close();
});

let counter = 0;
async function makeAsset(entity: TestEntity, isPublic: boolean) {
  counter++;
  return createAsset(t.system, entity.nit, isPublic ? assetInput({ title: `Activo público ${counter}` }) : reservedInput({ title: `Activo reservado ${counter}` }));
}

async function makeDataset(entity: TestEntity, isPublic: boolean) {
  return createDataset(t.system, entity.nit, { title: `Conjunto ${++counter}`, access_level: isPublic ? 'public' : 'restricted' });
}

function request(who: Who, method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const token = tokens.get(who);
  return app.inject({ method: method as 'GET', url, ...(payload !== undefined ? { payload: payload as object } : {}), headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
}

function outcomeOf(status: number): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 400 || status === 401 || status === 403 || status === 404) return status;
  throw new Error(`unexpected status ${status}`);
}

const writer = (who: Who) => who === 'editor' || who === 'steward';
const denied = (who: Who): Outcome => (who === 'anonymous' ? 401 : 403);

function visible(who: Who, isOwn: boolean, isPublic: boolean): boolean {
  return isPublic || (who !== 'anonymous' && (isOwn || who === 'data_office'));
}

const ACTIONS: { name: string; expect(who: Who, isOwn: boolean, isPublic: boolean): Outcome; run(who: Who, entity: TestEntity, isPublic: boolean): Promise<number> }[] = [
  {
    name: 'read the asset (API)',
    expect: (who, isOwn, isPublic) => (visible(who, isOwn, isPublic) ? 'ok' : 404),
    run: async (who, entity, isPublic) => (await request(who, 'GET', `/api/v1/assets/${(await makeAsset(entity, isPublic)).id}`)).statusCode,
  },
  {
    name: 'read the asset page',
    expect: (who, isOwn, isPublic) => (visible(who, isOwn, isPublic) ? 'ok' : 404),
    run: async (who, entity, isPublic) => (await request(who, 'GET', `/assets/${(await makeAsset(entity, isPublic)).id}`)).statusCode,
  },
  {
    name: 'find the asset in search',
    expect: (who, isOwn, isPublic) => (visible(who, isOwn, isPublic) ? 'ok' : 404),
    run: async (who, entity, isPublic) => {
      const asset = await makeAsset(entity, isPublic);
      const response = await request(who, 'GET', `/api/v1/search?q=${encodeURIComponent(asset.title)}&per_page=100`);
      return response.json().results.some((r: { id: string }) => r.id === asset.id) ? 200 : 404;
    },
  },
  {
    name: 'see the asset in the entity inventory',
    expect: (who, isOwn, isPublic) => (visible(who, isOwn, isPublic) ? 'ok' : 404),
    run: async (who, entity, isPublic) => {
      const asset = await makeAsset(entity, isPublic);
      const response = await request(who, 'GET', `/api/v1/entities/${entity.nit}/assets?per_page=1000`);
      return response.json().results.some((r: { id: string }) => r.id === asset.id) ? 200 : 404;
    },
  },
  {
    name: 'create an asset',
    expect: (who, isOwn) => (isOwn && writer(who) ? 'ok' : denied(who)),
    run: async (who, entity, isPublic) => (await request(who, 'POST', `/api/v1/entities/${entity.nit}/assets`, isPublic ? assetInput({ title: `Nuevo ${++counter}` }) : reservedInput({ title: `Nuevo ${++counter}` }))).statusCode,
  },
  {
    name: 'update an asset',
    expect: (who, isOwn, isPublic) => (!visible(who, isOwn, isPublic) ? 404 : isOwn && writer(who) ? 'ok' : denied(who)),
    run: async (who, entity, isPublic) => (await request(who, 'PATCH', `/api/v1/assets/${(await makeAsset(entity, isPublic)).id}`, { description: 'Descripción corregida del activo.', version: 1 })).statusCode,
  },
  {
    name: 'change a classification',
    expect: (who, isOwn, isPublic) => (!visible(who, isOwn, isPublic) ? 404 : isOwn && who === 'steward' ? 'ok' : denied(who)),
    run: async (who, entity, isPublic) => {
      const asset = await makeAsset(entity, isPublic);
      const change = isPublic
        ? { legal_class: 'clasificada', exception_ground: '18a', exception_scope: 'parcial', personal_data_class: 'privado', version: 1 }
        : { legal_class: 'clasificada', exception_ground: '18b', exception_until: '', version: 1 };
      return (await request(who, 'PATCH', `/api/v1/assets/${asset.id}`, change)).statusCode;
    },
  },
  {
    name: 'delete an asset',
    expect: (who, isOwn, isPublic) => (!visible(who, isOwn, isPublic) ? 404 : isOwn && writer(who) ? 'ok' : denied(who)),
    run: async (who, entity, isPublic) => (await request(who, 'DELETE', `/api/v1/assets/${(await makeAsset(entity, isPublic)).id}?version=1`)).statusCode,
  },
  {
    name: 'import a Registro',
    expect: (who, isOwn) => (isOwn && writer(who) ? 'ok' : denied(who)),
    run: async (who, entity) => {
      const boundary = '----matriz';
      const file = latin1Csv([REGISTRO_HEADER, registroRow(`Importado ${++counter}`)]);
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\nContent-Type: text/csv\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return (await request(who, 'POST', `/api/v1/entities/${entity.nit}/imports`, body, { 'content-type': `multipart/form-data; boundary=${boundary}` })).statusCode;
    },
  },
  {
    name: 'edit the entity',
    expect: (who, isOwn) => (who === 'data_office' || (isOwn && who === 'entity_admin') ? 'ok' : denied(who)),
    run: async (who, entity) => {
      const current = (await request('data_office', 'GET', `/api/v1/entities/${entity.nit}`)).json();
      return (await request(who, 'PATCH', `/api/v1/entities/${entity.nit}`, { contact_phone: `601 ${++counter}000`, version: current.version })).statusCode;
    },
  },
  {
    name: 'list the entity’s people',
    expect: (who, isOwn) => (who === 'data_office' || (isOwn && who === 'entity_admin') ? 'ok' : denied(who)),
    run: async (who, entity) => (await request(who, 'GET', `/api/v1/entities/${entity.nit}/people`)).statusCode,
  },
  {
    name: 'create an account in the entity',
    expect: (who, isOwn) => (who === 'data_office' || (isOwn && who === 'entity_admin') ? 'ok' : denied(who)),
    run: async (who, entity) => (await request(who, 'POST', `/api/v1/entities/${entity.nit}/people`, { email: `nueva${++counter}@prueba.gov.co`, roles: ['editor'], password: 'una-contraseña-larga' })).statusCode,
  },
  {
    name: 'create a dataset',
    expect: (who, isOwn) => (isOwn && writer(who) ? 'ok' : denied(who)),
    run: async (who, entity, isPublic) => (await request(who, 'POST', `/api/v1/entities/${entity.nit}/datasets`, { title: `Conjunto ${++counter}`, access_level: isPublic ? 'public' : 'restricted' })).statusCode,
  },
  {
    name: "edit a dataset's description",
    // Unpublished, a dataset is seen by its entity and the data office only, whatever its access level.
    expect: (who, isOwn) => (!visible(who, isOwn, false) ? 404 : isOwn && writer(who) ? 'ok' : denied(who)),
    run: async (who, entity, isPublic) => (await request(who, 'PATCH', `/api/v1/datasets/${(await makeDataset(entity, isPublic)).id}`, { description: 'Descripción corregida del conjunto de datos.', version: 1 })).statusCode,
  },
  {
    name: 'open or restrict a dataset (a steward’s decision)',
    expect: (who, isOwn) => (!visible(who, isOwn, false) ? 404 : who === 'data_office' || (isOwn && who === 'steward') ? 'ok' : denied(who)),
    run: async (who, entity, isPublic) => (await request(who, 'PATCH', `/api/v1/datasets/${(await makeDataset(entity, isPublic)).id}`, { access_level: isPublic ? 'restricted' : 'public', version: 1 })).statusCode,
  },
  {
    name: "reset a person's password (public: an editor's account; non-public: another administrator's)",
    expect: (who, isOwn, isPublic) => (who === 'data_office' ? 'ok' : who === 'anonymous' ? 401 : !(isOwn && who === 'entity_admin') ? 404 : isPublic ? 'ok' : 403),
    run: async (who, entity, isPublic) => {
      const person = await seedPerson(t.system, entity, [isPublic ? 'editor' : 'entity_admin'], `cuenta${++counter}@prueba.gov.co`);
      return (await request(who, 'PATCH', `/api/v1/people/${person.id}`, { password: 'otra-contraseña-larga' })).statusCode;
    },
  },
  {
    name: 'load the DIVIPOLA list (the national data office)',
    expect: (who) => (who === 'data_office' ? 400 : denied(who)),
    run: async (who) => {
      const boundary = '----divipola';
      const body = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="d.csv"\r\nContent-Type: text/csv\r\n\r\nCOD_DPTO,COD_MPIO,NOM_MPIO\n5,"5,001",MEDELLÍN\n\r\n--${boundary}--\r\n`);
      return (await request(who, 'POST', '/api/v1/divipola/load', body, { 'content-type': `multipart/form-data; boundary=${boundary}` })).statusCode;
    },
  },
  {
    name: 'set the quality rules (the national data office)',
    expect: (who) => (who === 'data_office' ? 400 : denied(who)),
    run: async (who) => (await request(who, 'PUT', '/api/v1/quality/rules', { version: 0, rules: { seals: 'ninguno' } })).statusCode,
  },
  {
    name: 'create a records standard (the national data office)',
    expect: (who) => (who === 'data_office' ? 400 : denied(who)),
    run: async (who) => (await request(who, 'POST', '/api/v1/standards', { id: '!', kind: 'schema', title: '' })).statusCode,
  },
  {
    name: 'register a harvest source',
    expect: (who, isOwn) => (isOwn && writer(who) ? 400 : denied(who)),
    run: async (who, entity) => (await request(who, 'POST', `/api/v1/entities/${entity.nit}/harvest-sources`, { url: 'ftp://ejemplo', type: 'dcat' })).statusCode,
  },
  {
    name: 'set a differential-privacy budget (the steward)',
    expect: (who, isOwn) => (!visible(who, isOwn, false) ? 404 : isOwn && who === 'steward' ? 400 : denied(who)),
    run: async (who, entity, isPublic) => (await request(who, 'PUT', `/api/v1/datasets/${(await makeDataset(entity, isPublic)).id}/dp-budget`, { epsilon: 'mucho' })).statusCode,
  },
  {
    name: 'register a ledger witness for the entity',
    expect: (who, isOwn) => (who === 'data_office' || (isOwn && who === 'entity_admin') ? 400 : denied(who)),
    run: async (who, entity) => (await request(who, 'POST', '/api/v1/ledger/witnesses', { vkey: 'no-es-una-clave', entity_id: entity.id })).statusCode,
  },
  {
    name: 'add a norm to the national catalog (the national data office)',
    expect: (who) => (who === 'data_office' ? 400 : denied(who)),
    run: async (who) => (await request(who, 'POST', '/api/v1/norms', { id: '!', title: '', article: '', summary: '' })).statusCode,
  },
  {
    name: 'register an exchange client for the entity (its steward or administrator)',
    expect: (who, isOwn) => (who === 'data_office' || (isOwn && (who === 'steward' || who === 'entity_admin')) ? 400 : denied(who)),
    run: async (who, entity) => (await request(who, 'POST', `/api/v1/entities/${entity.nit}/exchange-clients`, { subsystem: '!', public_key: 'no-es-una-clave' })).statusCode,
  },
  {
    name: "record an element of the entity's accountability programme (its steward or administrator)",
    expect: (who, isOwn) => (who === 'data_office' || (isOwn && (who === 'steward' || who === 'entity_admin')) ? 400 : denied(who)),
    run: async (who, entity) => (await request(who, 'POST', `/api/v1/entities/${entity.nit}/accountability`, { section: '?', element: '?', owner: '', evidence: '', dated_on: 'ayer' })).statusCode,
  },
  {
    name: 'ask for a quality report again (the entity’s writers)',
    expect: (who, isOwn) => (!visible(who, isOwn, false) ? 404 : isOwn && writer(who) ? 'ok' : denied(who)),
    run: async (who, entity, isPublic) => (await request(who, 'POST', `/api/v1/datasets/${(await makeDataset(entity, isPublic)).id}/quality`)).statusCode,
  },
  {
    name: 'upload a file to a dataset (the entity’s writers)',
    expect: (who, isOwn) => (!visible(who, isOwn, false) ? 404 : isOwn && writer(who) ? 400 : denied(who)),
    run: async (who, entity, isPublic) => (await request(who, 'POST', `/api/v1/datasets/${(await makeDataset(entity, isPublic)).id}/uploads?file_name=vacio.csv`, '', { 'content-type': 'text/csv' })).statusCode,
  },
  // An upload's schema, personal-data decisions, publication and anonymization: the dataset is checked first, then
  // who asks, then the upload (here one that does not exist: 404 for those allowed, refused for the rest).
  ...(['schema', 'privacy', 'publish', 'anonymize'] as const).map((step) => ({
    name: `${step} an upload (the entity’s writers)`,
    expect: (who: Who, isOwn: boolean): Outcome => (!visible(who, isOwn, false) ? 404 : isOwn && writer(who) ? 404 : denied(who)),
    run: async (who: Who, entity: TestEntity, isPublic: boolean) => {
      const url = `/api/v1/datasets/${(await makeDataset(entity, isPublic)).id}/uploads/no-existe/${step}`;
      const body = { schema: { fields: [] }, privacy: { columns: [] }, publish: {}, anonymize: { quasi_identifiers: ['edad'] } }[step];
      return (await request(who, step === 'schema' || step === 'privacy' ? 'PUT' : 'POST', url, body)).statusCode;
    },
  })),
  {
    name: 'create an entity',
    expect: (who) => (who === 'data_office' ? 'ok' : denied(who)),
    run: async (who) => {
      const nits = ['800197268', '890903938', '899999090', '830115395', '899999028', '899999055', '900457461'];
      const nit = nits[counter++ % nits.length]!;
      const response = await request(who, 'POST', '/api/v1/entities', { nit, name: `Entidad ${nit}`, sector: 'hacienda', orden: 'nacional', department_code: '11' });
      return response.statusCode === 409 ? 201 : response.statusCode;
    },
  },
];

for (const action of ACTIONS) {
  test(`authorization matrix: ${action.name}`, async () => {
    const failures: string[] = [];
    for (const who of WHO) {
      for (const isOwn of [true, false]) {
        for (const isPublic of [true, false]) {
          const expected = action.expect(who, isOwn, isPublic);
          const actual = outcomeOf(await action.run(who, isOwn ? own : other, isPublic));
          if (actual !== expected) failures.push(`${who} · ${isOwn ? 'own' : 'other'} entity · ${isPublic ? 'public' : 'non-public'}: expected ${expected}, got ${actual}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
}

test('roles only the national data office may grant', async () => {
  const response = await request('entity_admin', 'POST', `/api/v1/entities/${own.nit}/people`, { email: 'jefe@prueba.gov.co', roles: ['data_office'], password: 'una-contraseña-larga' });
  assert.equal(response.statusCode, 403);
  const allowed = await request('data_office', 'POST', `/api/v1/entities/${own.nit}/people`, { email: 'jefe@prueba.gov.co', roles: ['arbiter'], password: 'una-contraseña-larga' });
  assert.equal(allowed.statusCode, 201);
});
