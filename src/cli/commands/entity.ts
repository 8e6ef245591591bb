import { parseArgs } from 'node:util';
import { invalid } from '../../core/errors.ts';
import { createEntity } from '../../catalog/entities.ts';
import { withPlatform } from '../open.ts';
import { print } from '../output.ts';

const USAGE = {
  es: 'Uso: infradatos entity add --nit NIT-DV --name NOMBRE --sector SECTOR --orden nacional|territorial --department DD [--municipality DDMMM] [--website URL] [--acronym SIGLA] [--class GOV|COM]  (COM: empresa que comparte datos de interés público)',
  en: 'Usage: infradatos entity add --nit NIT-DV --name NAME --sector SECTOR --orden nacional|territorial --department DD [--municipality DDMMM] [--website URL] [--acronym ACRONYM] [--class GOV|COM]  (COM: a company sharing data of public interest)',
};

export async function entityCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add') {
    print(USAGE);
    return sub === undefined || sub === '--help' ? 0 : 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      nit: { type: 'string' }, name: { type: 'string' }, sector: { type: 'string' }, orden: { type: 'string' },
      department: { type: 'string' }, municipality: { type: 'string' }, website: { type: 'string' }, acronym: { type: 'string' },
      'contact-email': { type: 'string' }, class: { type: 'string' },
    },
  });
  if (!values.nit || !values.name) throw invalid({ es: USAGE.es, en: USAGE.en });
  if (values.class && values.class !== 'GOV' && values.class !== 'COM') throw invalid({ es: '--class es GOV (entidad pública) o COM (empresa).', en: '--class is GOV (public entity) or COM (company).' });
  return withPlatform('entity add', async (_platform, ctx) => {
    const entity = await createEntity(ctx, {
      nit: values.nit, name: values.name, sector: values.sector, orden: values.orden, department_code: values.department,
      municipality_code: values.municipality, website: values.website, acronym: values.acronym, contact_email: values['contact-email'], ...(values.class ? { member_class: values.class } : {}),
    });
    print({ es: 'Entidad creada: {id} — {name}', en: 'Entity created: {id} — {name}' }, { id: entity.id, name: entity.name });
    return 0;
  });
}
