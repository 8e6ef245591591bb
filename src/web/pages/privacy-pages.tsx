import type { FastifyInstance } from 'fastify';
import { AppError, type ErrorDetail } from '../../core/errors.ts';
import { requireUpload } from '../../publish/datasets.ts';
import { roleOf, type UploadPrivacy } from '../../privacy/gate.ts';
import { anonymizeUpload, type UploadAnonymization } from '../../privacy/upload-anonymize.ts';
import { pageContextOf } from '../auth.ts';
import { sendPage } from '../render.tsx';
import type { Body } from './forms.ts';
import { AnonymizePage, type AnonymizeForm } from './privacy.tsx';

/** The guided anonymization of an upload, in plain forms. */
export function privacyPages() {
  return async (app: FastifyInstance) => {
    const load = async (request: { ctx: Parameters<typeof requireUpload>[0]; params: unknown }) => {
      const { id, upload: uploadId } = request.params as { id: string; upload: string };
      const { dataset, upload } = await requireUpload(request.ctx, id, uploadId);
      const privacy = upload.privacy as UploadPrivacy | null;
      const source = (upload.source as { columns: { name: string; title: string }[] } | null)?.columns ?? [];
      const columns = source.map((col) => ({ ...col, role: privacy ? roleOf(privacy, col.name) : 'other' as const }));
      return { dataset, upload, columns };
    };

    app.get('/datasets/:id/uploads/:upload/anonymize', async (request, reply) => {
      const { dataset, upload, columns } = await load(request);
      const form: AnonymizeForm = { quasi_identifiers: columns.filter((col) => col.role === 'quasi_identifier').map((col) => col.name), sensitive: '', k: '5', l: '', suppression: '0.05', mode: 'optimal' };
      return sendPage(reply, <AnonymizePage c={pageContextOf(request)} dataset={dataset} upload={upload} columns={columns} form={form} outcome={null} errors={[]} />);
    });

    app.post('/datasets/:id/uploads/:upload/anonymize', async (request, reply) => {
      const { dataset, upload, columns } = await load(request);
      const body = request.body as Body;
      const picked = body.quasi_identifiers;
      const form: AnonymizeForm = {
        quasi_identifiers: Array.isArray(picked) ? picked.map(String) : picked ? [String(picked)] : [],
        sensitive: String(body.sensitive ?? ''), k: String(body.k ?? '5'), l: String(body.l ?? ''), suppression: String(body.suppression ?? '0.05'), mode: String(body.mode ?? 'optimal'),
      };
      let outcome: UploadAnonymization | null = null;
      let errors: ErrorDetail[] = [];
      try {
        outcome = await anonymizeUpload(request.ctx, dataset.id, upload.id, { ...form, sensitive: form.sensitive || undefined, l: form.l || undefined }, { keep: body.action === 'keep' });
      } catch (error) {
        if (!(error instanceof AppError) || ['forbidden', 'unauthorized', 'not_found'].includes(error.code)) throw error;
        errors = error.details.length ? error.details : [{ message: error.messages }];
      }
      return sendPage(reply, <AnonymizePage c={pageContextOf(request)} dataset={dataset} upload={upload} columns={columns} form={form} outcome={outcome} errors={errors} />, errors.length ? 400 : 200);
    });
  };
}
