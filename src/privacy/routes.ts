import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { dpQuery, getBudget, setBudget } from './dp.ts';
import { anonymizeUpload } from './upload-anonymize.ts';

const DatasetId = Type.Object({ id: Type.String() });

/** Privacy's JSON API: differentially private aggregates and their budget. */
export function privacyRoutes(): FastifyPluginAsync {
  return async (plain: FastifyInstance) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/datasets/:id/uploads/:upload/anonymize', {
      schema: {
        tags: ['privacidad'],
        summary: 'Anonimizar una carga CSV (vista previa con pérdida y riesgo; keep=true la vuelve una nueva carga) / Anonymize a CSV upload',
        params: Type.Object({ id: Type.String(), upload: Type.String() }),
        body: Type.Object({
          quasi_identifiers: Type.Array(Type.String(), { minItems: 1 }),
          sensitive: Type.Optional(Type.String()),
          k: Type.Optional(Type.Integer()),
          l: Type.Optional(Type.Integer()),
          suppression: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
          mode: Type.Optional(Type.String()),
          keep: Type.Optional(Type.Boolean()),
        }),
      },
    }, async (request) => {
      const outcome = await anonymizeUpload(request.ctx, request.params.id, request.params.upload, request.body, { keep: request.body.keep ?? false });
      return { ...outcome, upload: outcome.upload ? { id: outcome.upload.id, url: `/api/v1/datasets/${request.params.id}/uploads/${outcome.upload.id}` } : null };
    });

    app.get('/datasets/:id/dp-budget', {
      schema: { tags: ['privacidad'], summary: 'Presupuesto de privacidad diferencial del conjunto (ε total, gastado, restante) / Differential privacy budget', params: DatasetId },
    }, async (request) => getBudget(request.ctx, request.params.id));

    app.put('/datasets/:id/dp-budget', {
      schema: { tags: ['privacidad'], summary: 'Fijar el presupuesto ε (responsable de datos) / Set the ε budget (data steward)', params: DatasetId, body: Type.Object({ epsilon: Type.String({ description: 'ε total, decimal, p. ej. "1.0"' }) }) },
    }, async (request) => setBudget(request.ctx, request.params.id, request.body.epsilon));

    app.post('/datasets/:id/dp-query', {
      schema: {
        tags: ['privacidad'],
        summary: 'Agregado con privacidad diferencial: count, sum, mean o histogram por grupo, pagado del presupuesto / Differentially private aggregate',
        params: DatasetId,
        body: Type.Object({
          aggregate: Type.String(),
          epsilon: Type.String(),
          field: Type.Optional(Type.String()),
          group_by: Type.Optional(Type.String()),
          groups: Type.Optional(Type.Array(Type.Union([Type.String(), Type.Number()]))),
          bounds: Type.Optional(Type.Array(Type.Integer())),
          bins: Type.Optional(Type.Integer()),
        }),
      },
    }, async (request) => dpQuery(request.ctx, request.params.id, request.body));
  };
}
