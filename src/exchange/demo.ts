import { createAsset } from '../catalog/assets.ts';
import type { Context } from '../store/context.ts';
import { addAccountabilityRecord } from './accountability.ts';
import { COMMITMENTS, submitRequest } from './requests.ts';

/**
 * The demo's sharing: the Ministry of Education asks the ICBF for its restricted early-childhood records (waiting
 * for the ICBF's steward), DANE has started its accountability programme, and Leticia has two assets whose
 * classification its register left blank.
 */
export async function loadDemoExchange(ctx: Context): Promise<void> {
  if (await ctx.db.selectFrom('access_requests').select('id').limit(1).executeTakeFirst()) return;
  const men = await ctx.db.selectFrom('entities').select('id').where('nit', '=', '899999001').executeTakeFirst();
  const dataset = await ctx.db.selectFrom('datasets').select(['id', 'current_release']).where('title', 'like', 'Beneficiarios de los servicios de primera infancia%').executeTakeFirst();
  const release = dataset?.current_release ? await ctx.db.selectFrom('releases').select('schema').where('dataset_id', '=', dataset.id).where('number', '=', dataset.current_release).executeTakeFirst() : undefined;
  const names = ((release?.schema as { fields?: { name: string }[] } | undefined)?.fields ?? []).map((f) => f.name);
  const why: Record<string, string> = { fecha: 'Para saber cuándo cada niño llega a la edad del preescolar.', municipio: 'Para planear los cupos en cada municipio.', modalidad: 'Para coordinar la transición según la modalidad de atención.' };
  const fields = names.flatMap((name) => Object.entries(why).filter(([key]) => name.includes(key)).map(([, justification]) => ({ name, justification })));
  if (men && dataset && fields.length) {
    await submitRequest(ctx, men.id, {
      dataset: dataset.id,
      purpose: 'Planear la transición de los niños de primera infancia a la educación preescolar en cada municipio.',
      norm_id: 'ley-1581-2012-art-13b',
      legal_basis: 'El Ministerio de Educación ejerce la función legal de garantizar el acceso a la educación inicial y preescolar.',
      fields,
      duration_days: 180,
      commitments: [...COMMITMENTS],
    }, null).catch(() => undefined);
  }
  // Leticia's register came from an old spreadsheet without classification columns: the board shows it.
  if (await ctx.db.selectFrom('entities').select('id').where('nit', '=', '899999302').executeTakeFirst()) {
    for (const [title, description] of [
      ['Censo de vendedores informales', 'Vendedores del espacio público registrados por la Secretaría de Gobierno, con su puesto y actividad.'],
      ['Beneficiarios del programa del adulto mayor', 'Personas mayores inscritas en el programa municipal de protección social, con su subsidio.'],
    ] as const) {
      await createAsset(ctx, '899999302', { title, description, language: 'es', medium: 'electronico', formats: ['XLSX'], availability: 'disponible', producer: 'Secretaría de Gobierno', update_frequency: 'anual' }).catch(() => undefined);
    }
  }
  const dane = await ctx.db.selectFrom('entities').select('nit').where('nit', '=', '899999027').executeTakeFirst();
  if (dane) {
    await addAccountabilityRecord(ctx, dane.nit, { section: 'compromiso', element: 'politica', owner: 'Oficina Asesora Jurídica', evidence: 'Política de tratamiento de datos personales adoptada por resolución y publicada en la sede electrónica.', dated_on: '2026-03-02' });
    await addAccountabilityRecord(ctx, dane.nit, { section: 'controles', element: 'inventario', owner: 'Oficina de Sistemas', evidence: 'Inventario de bases de datos con datos personales, actualizado con el Registro de Activos.', dated_on: '2026-06-15' });
  }
}
