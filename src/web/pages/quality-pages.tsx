import type { FastifyInstance } from 'fastify';
import { policy } from '../../catalog/access.ts';
import { requireDataset } from '../../publish/datasets.ts';
import { datasetView } from '../../publish/views.ts';
import { RULES as FORMULAS } from '../../quality/criteria.ts';
import { loadRules } from '../../quality/rules.ts';
import { datasetQuality, qualitySummary, requestReport } from '../../quality/service.ts';
import type { Platform } from '../../platform.ts';
import { pageContextOf } from '../auth.ts';
import { sendPage } from '../render.tsx';
import { seeOther } from './forms.ts';
import { DatasetQualityPage, NationalQualityPage, QualityRulesPage } from './quality.tsx';

/** Quality pages: a dataset's full report, the national dashboard and the rules in force. */
export function qualityPages(platform: Platform) {
  return async (app: FastifyInstance) => {
    app.get('/datasets/:id/quality', async (request, reply) => {
      const { id } = request.params as { id: string };
      const row = await requireDataset(request.ctx, id);
      const quality = await datasetQuality(request.ctx, id);
      return sendPage(reply, <DatasetQualityPage c={pageContextOf(request)} dataset={await datasetView(request.ctx, row, platform.config.baseUrl)} quality={quality} canEdit={policy.writeAssets(request.actor, row.entity_id)} />);
    });

    app.post('/datasets/:id/quality', async (request, reply) => {
      const { id } = request.params as { id: string };
      await requestReport(request.ctx, id);
      return seeOther(reply, `/datasets/${id}/quality`);
    });

    // The DQV metrics' namespace (…/quality/metrics#mqa-score) leads to the rules that define them.
    app.get('/quality/metrics', async (_request, reply) => seeOther(reply, '/quality/rules'));

    app.get('/quality', async (request, reply) => {
      const { national, entities } = await qualitySummary(request.ctx);
      return sendPage(reply, <NationalQualityPage c={pageContextOf(request)} national={national} entities={entities} />);
    });

    app.get('/quality/rules', async (request, reply) => {
      const stored = await loadRules(platform.store.db);
      return sendPage(reply, <QualityRulesPage c={pageContextOf(request)} rules={{ ...stored, formulas: FORMULAS }} />);
    });
  };
}
