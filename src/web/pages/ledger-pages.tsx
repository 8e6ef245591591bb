import type { FastifyInstance } from 'fastify';
import { listEntities } from '../../catalog/entities.ts';
import { provenEntry } from '../../ledger/routes.ts';
import { entryTypes, findEntries, latestCheckpoint } from '../../ledger/service.ts';
import type { Platform } from '../../platform.ts';
import { pageContextOf } from '../auth.ts';
import { sendPage } from '../render.tsx';
import { LedgerEntryPage, LedgerPage } from './ledger.tsx';

/** Pages of the transparency ledger: the latest checkpoint with recent entries, and one entry with its proof. */
export function ledgerPages(platform: Platform) {
  return async (app: FastifyInstance) => {
    const db = platform.store.db;
    app.get('/ledger', async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const filters = { entity: query.entity || undefined, type: query.type || undefined, subject: query.subject || undefined };
      const before = Number(query.before);
      const [checkpoint, entries, types, entities] = await Promise.all([
        latestCheckpoint(db, platform.signer),
        findEntries(db, { ...filters, ...(Number.isInteger(before) && before > 0 ? { before } : {}), limit: 50 }),
        entryTypes(db),
        listEntities(request.ctx),
      ]);
      return sendPage(reply, <LedgerPage c={pageContextOf(request)} checkpoint={checkpoint} entries={entries} types={types} entities={entities} filters={filters} verifierKey={platform.signer.verifierKey} baseUrl={platform.config.baseUrl} />);
    });

    app.get('/ledger/entry/:index', async (request, reply) => {
      const index = Number((request.params as { index: string }).index);
      const proven = await provenEntry(db, platform.signer, Number.isInteger(index) && index >= 0 ? index : -1);
      const entity = proven.entry.entity ? (await listEntities(request.ctx)).find((e) => e.id === proven.entry.entity) : undefined;
      return sendPage(reply, <LedgerEntryPage c={pageContextOf(request)} {...proven} entityName={entity?.name ?? null} baseUrl={platform.config.baseUrl} />);
    });
  };
}
