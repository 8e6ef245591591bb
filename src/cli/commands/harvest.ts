import { parseArgs } from 'node:util';
import { invalid } from '../../core/errors.ts';
import { requireEntity } from '../../catalog/entities.ts';
import { harvestLimits } from '../../linked/harvest/jobs.ts';
import { createSource, HARVEST_TYPES, runHarvest } from '../../linked/harvest/service.ts';
import { withPlatform } from '../open.ts';
import { print, say } from '../output.ts';

const USAGE = {
  es: `Uso: infradatos harvest URL --type dcat|ckan|datajson --entity NIT [--title TÍTULO]
Cosecha un catálogo publicado en otra parte (DCAT en Turtle, RDF/XML o JSON-LD; la API de CKAN; data.json)
en los conjuntos de datos de la entidad. La fuente queda registrada y las cosechas siguientes son incrementales:
crea lo nuevo, actualiza lo que cambió y retira lo que la fuente ya no lista. Sale con 1 si hubo errores.`,
  en: `Usage: infradatos harvest URL --type dcat|ckan|datajson --entity NIT [--title TITLE]
Harvests a catalog published elsewhere (DCAT in Turtle, RDF/XML or JSON-LD; CKAN's API; data.json) into the
entity's datasets. The source is registered and later harvests are incremental: new records are created, changed
ones updated, and those the source no longer lists withdrawn. Exits with 1 when there were errors.`,
};

export async function harvestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { type: { type: 'string' }, entity: { type: 'string' }, title: { type: 'string' }, help: { type: 'boolean' } } });
  const url = positionals[0];
  if (values.help || !url || !values.type || !values.entity) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  if (!HARVEST_TYPES.includes(values.type as never)) throw invalid({ es: `--type es uno de: ${HARVEST_TYPES.join(', ')}.`, en: `--type is one of: ${HARVEST_TYPES.join(', ')}.` });
  return withPlatform('harvest', async (platform, ctx) => {
    const entity = await requireEntity(ctx, values.entity!);
    const source = (await ctx.db.selectFrom('harvest_sources').selectAll().where('entity_id', '=', entity.id).where('url', '=', url).executeTakeFirst())
      ?? (await createSource(ctx, entity.nit, { url, type: values.type, ...(values.title ? { title: values.title } : {}) }));
    print({ es: 'Cosechando {url} ({type}) para {entity}.', en: 'Harvesting {url} ({type}) for {entity}.' }, { url, type: source.type, entity: entity.name });
    // The total is not known until the source is read: a line every 50 records.
    const progress = (done: number) => done % 50 === 0 && process.stderr.write(`${say({ es: 'Registros leídos', en: 'Records read' })}: ${done}\n`);
    const outcome = await runHarvest(ctx, source.id, harvestLimits(platform.config), progress);
    for (const m of outcome.messages) print(`  ${m.level === 'error' ? say({ es: 'error', en: 'error' }) : say({ es: 'aviso', en: 'warning' })}${m.record ? ` [${m.record}]` : ''}: ${say(m.message)}`);
    const c = outcome.counts;
    print({ es: 'Leídos {read}: {created} nuevos, {updated} actualizados, {unchanged} sin cambios, {withdrawn} retirados; {errors} errores, {warnings} avisos.', en: 'Read {read}: {created} new, {updated} updated, {unchanged} unchanged, {withdrawn} withdrawn; {errors} errors, {warnings} warnings.' }, { ...c });
    return outcome.status === 'failed' || c.errors > 0 ? 1 : 0;
  });
}
