import { updateDataset } from '../publish/datasets.ts';
import type { Context } from '../store/context.ts';
import { createStandard, publishStandardVersion } from './standards.ts';

/**
 * The demo's example of a standard for administrative records: the national data office's schema for school
 * enrolment by municipality, which the Ministry of Education's demo dataset declares it follows.
 */
export async function loadDemoStandards(ctx: Context): Promise<void> {
  if (await ctx.db.selectFrom('standards').select('id').where('id', '=', 'matricula-municipal').executeTakeFirst()) return;
  await createStandard(ctx, { id: 'matricula-municipal', kind: 'schema', title: 'Matrícula escolar por municipio y nivel', description: 'Estándar para los registros administrativos de matrícula (SIMAT) publicados por municipio, año, nivel y sector.' });
  await publishStandardVersion(ctx, 'matricula-municipal', {
    version: '1.0',
    notes: 'Primera versión.',
    schema: {
      fields: [
        { name: 'ano', title: 'Año', type: 'integer', constraints: { required: true, minimum: 2000, maximum: 2100 } },
        { name: 'codigo_dane', title: 'Código DANE del municipio', type: 'string', constraints: { required: true } },
        { name: 'municipio', title: 'Municipio', type: 'string' },
        { name: 'nivel', title: 'Nivel educativo', type: 'string', constraints: { required: true, enum: ['Preescolar', 'Básica primaria', 'Básica secundaria', 'Media'] } },
        { name: 'sector', title: 'Sector', type: 'string', constraints: { enum: ['Oficial', 'No oficial'] } },
        { name: 'matriculados', title: 'Estudiantes matriculados', type: 'integer', constraints: { required: true, minimum: 0 } },
        { name: 'tasa_de_cobertura_neta', title: 'Tasa de cobertura neta (%)', type: 'number', constraints: { minimum: 0, maximum: 100 } },
      ],
      foreignKeys: [{ fields: ['codigo_dane'], reference: { resource: 'divipola-municipios', fields: ['codigo'] } }],
    },
  });
  const dataset = await ctx.db.selectFrom('datasets').select(['id', 'version']).where('title', 'like', 'Matrícula escolar%').executeTakeFirst();
  if (dataset) await updateDataset(ctx, dataset.id, { conforms_to: 'matricula-municipal@1.0' }, dataset.version);
}
