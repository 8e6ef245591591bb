// Updates one asset again and again until killed; used to show a crash never leaves a change without
// its ledger entry, or the reverse. Mode `between` makes the same steps as updateAsset by hand and,
// on the third change, stops after the state change and before the ledger append, and says so, so
// the test can kill it exactly there.
import { systemActor } from '../../src/core/actor.ts';
import { loadConfig } from '../../src/core/config.ts';
import { applyAssetUpdate, getAsset, pickFields, updateAsset } from '../../src/catalog/assets.ts';
import { appendEvents, LedgerBatch } from '../../src/ledger/log.ts';
import { openPlatform } from '../../src/platform.ts';

const platform = await openPlatform(loadConfig());
const ctx = platform.context(systemActor('churn'));
const [id, mode] = process.argv.slice(2) as [string, string | undefined];

for (let i = 0; ; i++) {
  const asset = await getAsset(ctx, id);
  const description = `Versión ${asset.version + 1} de la descripción (${i}).`;
  if (mode === 'between') {
    await ctx.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const entity = await trx.selectFrom('entities').selectAll().where('id', '=', current.entity_id).executeTakeFirstOrThrow();
      const batch = new LedgerBatch();
      await applyAssetUpdate(trx, batch, ctx.actor, new Date(), entity, current, { ...pickFields(current), description }, current.version);
      if (i === 2) {
        process.stdout.write('between\n');
        await new Promise(() => {}); // wait here, inside the transaction, to be killed
      }
      await appendEvents(trx, batch.events);
    });
  } else {
    await updateAsset(ctx, id, { description }, asset.version);
  }
  process.stdout.write(`committed ${asset.version + 1}\n`);
}
