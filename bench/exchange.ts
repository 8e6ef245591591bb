/**
 * The exchange API on the 1,000,000-row contracts file published as restricted: another entity's client reads
 * its grant (3 of 10 fields, the rows of one department) with signed requests. p50/p95 of a signed read of
 * 1,000 and of 10,000 rows through the HTTP app — signature check, nonce log, ledger event, the DuckDB read and the
 * platform's response signature included — and the client-side verification of that signature.
 */
import { generateKeyPairSync } from 'node:crypto';
import { systemActor } from '../src/core/actor.ts';
import { createEntity } from '../src/catalog/entities.ts';
import { registerClient } from '../src/exchange/clients.ts';
import { approveRequest, COMMITMENTS, submitRequest } from '../src/exchange/requests.ts';
import { rawPublicKey, requestHashOf, signedRequestHeaders, verifyResponse } from '../src/exchange/signatures.ts';
import { createHttpApp } from '../src/web/app.ts';
import { csvFile, ingest } from './publish.ts';
import { figure, note, percentile } from './report.ts';
import { onEveryStore } from './store.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 25);

export async function run(): Promise<void> {
  const file = await csvFile();
  await onEveryStore('exchange', async (platform) => {
    const { id } = await ingest(platform, file, 'restricted');
    const ctx = platform.context(systemActor('benchmark'));
    const consumer = await createEntity(ctx, { nit: '899999001', name: 'Ministerio de Educación Nacional', sector: 'educacion', orden: 'nacional', department_code: '11', municipality_code: '11001' });
    const request = await submitRequest(ctx, consumer.id, {
      dataset: id, purpose: 'Seguimiento de la contratación del Programa de Alimentación Escolar por departamento.', norm_id: 'ley-1712-2014-art-18',
      legal_basis: 'El Ministerio ejerce la vigilancia del Programa de Alimentación Escolar.', duration_days: 30, commitments: [...COMMITMENTS],
      fields: ['municipio', 'entidad', 'valor'].map((name) => ({ name, justification: `Se necesita ${name} para el seguimiento.` })),
      row_filter: { departamento: ['Antioquia'] },
    }, null);
    await approveRequest(ctx, request.id, {});
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const { client } = await registerClient(ctx, consumer.nit, { subsystem: 'pae', public_key: rawPublicKey(publicKey) });
    const app = await createHttpApp(platform);
    await app.ready();
    const platformKey = (await app.inject('/api/v1/exchange/key')).json().public_key as string;
    for (const limit of [1_000, 10_000]) {
      const reads: number[] = [];
      const verifications: number[] = [];
      for (let i = 0; i < RUNS + 2; i++) {
        // Pages spread over the first 200,000 of the department's ~250,000 rows.
        const target = `/api/v1/exchange/${id}?limit=${limit}&offset=${(i * limit) % 200_000}`;
        const started = performance.now();
        const headers = signedRequestHeaders({ client, privateKey, method: 'GET', target });
        const response = await app.inject({ url: target, headers });
        if (response.statusCode !== 200) throw new Error(response.body);
        const body = JSON.parse(response.body) as { rows: Record<string, unknown>[] };
        if (body.rows.length !== limit || body.rows.some((r) => Object.keys(r).length !== 3)) throw new Error(`page ${i}: ${body.rows.length} rows, not ${limit} rows of the 3 granted fields`);
        const read = performance.now();
        if (!verifyResponse(platformKey, requestHashOf(headers, 'GET', target), response.body, response.headers['x-infradatos-signature'] as string)) throw new Error('the signature does not verify');
        if (i >= 2) {
          reads.push(read - started);
          verifications.push(performance.now() - read);
        }
      }
      reads.sort((a, b) => a - b);
      verifications.sort((a, b) => a - b);
      note(`${platform.store.kind} signed read of ${limit} rows: p50 ${percentile(reads, 50).toFixed(1)} ms, p95 ${percentile(reads, 95).toFixed(1)} ms; verification p50 ${percentile(verifications, 50).toFixed(2)} ms`);
      figure('exchange', `${platform.store.kind}_read_${limit}_p50`, percentile(reads, 50), 'ms');
      figure('exchange', `${platform.store.kind}_read_${limit}_p95`, percentile(reads, 95), 'ms');
      figure('exchange', `${platform.store.kind}_verify_${limit}_p50`, percentile(verifications, 50), 'ms');
    }
    await app.close();
  });
}
