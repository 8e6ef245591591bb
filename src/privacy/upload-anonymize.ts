import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { AppError, invalid } from '../core/errors.ts';
import { demand, policy } from '../catalog/access.ts';
import { ledgerActor } from '../catalog/ledger-events.ts';
import { appendEvents } from '../ledger/log.ts';
import { requireUpload, startUpload } from '../publish/datasets.ts';
import type { Context } from '../store/context.ts';
import type { UploadRow } from '../store/schema.ts';
import type { PrivacyModel } from './anonymize.ts';
import { anonymizeFile, type FileResult } from './file.ts';
import { roleOf, type UploadPrivacy } from './gate.ts';

export interface AnonymizeRequest {
  quasi_identifiers?: unknown;
  sensitive?: unknown;
  k?: unknown;
  l?: unknown;
  suppression?: unknown;
  mode?: unknown;
}

export interface UploadAnonymization {
  result: FileResult;
  quasiIdentifiers: { name: string; title: string }[];
  /** Direct identifiers left out of the anonymized file. */
  dropped: string[];
  preview: { header: string[]; rows: string[][] };
  /** The new upload holding the anonymized file, when it was published to the dataset. */
  upload: UploadRow | null;
}

const PREVIEW_ROWS = 20;

/**
 * Anonymizes a CSV upload in the publishing flow: the steward picks the quasi-identifiers and the model, sees
 * the loss, the risk before and after and the first rows, and may make the result a new upload of the dataset
 * (which is scanned and published like any other). Hierarchies are built from the values.
 */
export async function anonymizeUpload(ctx: Context, datasetId: string, uploadId: string, request: AnonymizeRequest, options: { keep: boolean }): Promise<UploadAnonymization> {
  const { dataset, upload } = await requireUpload(ctx, datasetId, uploadId);
  demand(policy.writeAssets(ctx.actor, dataset.entity_id), ctx.actor);
  const source = upload.source as { format: string; columns: { name: string; title: string }[] } | null;
  if (upload.status !== 'ready' || !source) throw new AppError('conflict', { es: 'Solo se anonimiza una carga lista para publicar.', en: 'Only an upload ready to publish is anonymized.' });
  if (source.format !== 'csv') throw invalid({ es: 'Por ahora se anonimizan cargas CSV; convierta el archivo a CSV o use npx infradatos anonymize.', en: 'CSV uploads are anonymized for now; convert the file to CSV or use npx infradatos anonymize.' });
  const names = Array.isArray(request.quasi_identifiers) ? request.quasi_identifiers.map(String) : typeof request.quasi_identifiers === 'string' ? [request.quasi_identifiers] : [];
  const qi = names.map((name) => source.columns.find((c) => c.name === name));
  if (!qi.length || qi.some((c) => !c)) throw invalid({ es: 'Elija los cuasi-identificadores entre las columnas de la carga.', en: "Choose the quasi-identifiers among the upload's columns." }, [{ field: 'quasi_identifiers', message: { es: 'Elija al menos una columna.', en: 'Choose at least one column.' } }]);
  const sensitive = request.sensitive ? source.columns.find((c) => c.name === String(request.sensitive)) : undefined;
  const k = Number(request.k ?? 5);
  const l = request.l === undefined || request.l === '' ? undefined : Number(request.l);
  const suppression = Number(request.suppression ?? 0.05);
  const mode = request.mode === 'fast' ? 'fast' : 'optimal';
  if (!Number.isInteger(k) || k < 2 || k > 1000) throw invalid({ es: 'k es un entero de 2 a 1.000.', en: 'k is an integer from 2 to 1,000.' }, [{ field: 'k', message: { es: 'Entero de 2 a 1.000.', en: 'Integer from 2 to 1,000.' } }]);
  if (l !== undefined && (!Number.isInteger(l) || l < 2 || !sensitive)) throw invalid({ es: 'l es un entero de al menos 2 y necesita un atributo sensible.', en: 'l is an integer of at least 2 and needs a sensitive attribute.' }, [{ field: 'l', message: { es: 'l ≥ 2 con atributo sensible.', en: 'l ≥ 2 with a sensitive attribute.' } }]);
  const model: PrivacyModel = { k, suppressionLimit: suppression, ...(l ? { l: { value: l, variant: 'distinct' as const } } : {}) };
  // Direct identifiers never reach the anonymized file: anonymity is about what remains.
  const privacy = upload.privacy as UploadPrivacy | null;
  const dropped = privacy ? source.columns.filter((c) => roleOf(privacy, c.name) === 'identifier' && !qi.includes(c)).map((c) => c.title) : [];
  const municipalities = new Set((await ctx.db.selectFrom('divipola').select('code').where('kind', '=', 'municipality').execute()).map((r) => r.code));
  const scratch = ctx.engine.scratch('anonymize');
  try {
    const out = path.join(scratch.dir, `${path.parse(upload.file_name).name}-anonimizado.csv`);
    const result = await anonymizeFile({
      file: ctx.blobs.location(upload.blob_key), out, quasiIdentifiers: qi.map((c) => c!.title), sensitive: sensitive ? [sensitive.title] : [],
      hierarchies: new Map(), model, mode, municipalities, workDir: scratch.dir, drop: dropped,
    });
    const head = readFileSync(out, 'utf8').split('\n').slice(0, PREVIEW_ROWS + 1).join('\n');
    const parsed = parse(head, { delimiter: result.delimiter, relax_column_count: true }) as string[][];
    let created: UploadRow | null = null;
    if (options.keep) {
      created = await startUpload(ctx, datasetId, { fileName: path.basename(out), stream: createReadStream(out) }, { publish: false });
      const summary = { from_upload: upload.id, upload: created.id, mode, model, dropped, quasi_identifiers: qi.map((c) => c!.name), suppressed: 'suppressed' in result ? result.suppressed : 0, loss: result.loss.value, risk_before: result.risk.before.prosecutor, risk_after: result.risk.after.prosecutor };
      await ctx.db.transaction().execute((trx) => appendEvents(trx, [{ type: 'privacy.anonymized', actor: ledgerActor(ctx.actor), entity: dataset.entity_id, subject: `dataset:${dataset.id}`, time: ctx.clock.now().toISOString(), payload: summary }]));
    }
    return { result, quasiIdentifiers: qi.map((c) => ({ name: c!.name, title: c!.title })), dropped, preview: { header: parsed[0] ?? [], rows: parsed.slice(1) }, upload: created };
  } finally {
    scratch.done();
  }
}
