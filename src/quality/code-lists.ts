import type { Bilingual } from '../core/errors.ts';
import type { Db } from '../store/database.ts';
import { acceptedCodes, divipolaCodes } from '../catalog/divipola.ts';
import { keyOf } from './validate.ts';

/** Shared code lists a Table Schema's foreign keys may point to, by resource name. */
export const CODE_LISTS: Record<string, { field: string; kind: 'municipality' | 'department'; label: Bilingual }> = {
  'divipola-municipios': { field: 'codigo', kind: 'municipality', label: { es: 'DIVIPOLA: municipios (DANE)', en: 'DIVIPOLA: municipalities (DANE)' } },
  'divipola-departamentos': { field: 'codigo', kind: 'department', label: { es: 'DIVIPOLA: departamentos (DANE)', en: 'DIVIPOLA: departments (DANE)' } },
};

export const isCodeList = (resource: string | undefined): boolean => resource !== undefined && resource in CODE_LISTS;

type Places = { entries: { code: string; kind: string }[]; complete: boolean };

/**
 * The references map the validators take ("resource|field" → keys), for every code list the foreign keys
 * name. Codes are kept both zero-padded and without leading zeros, as DANE publishes them both ways.
 */
export async function codeListReferences(places: Places | Db, foreignKeys: { reference: { resource?: string; fields: string[] | string } }[]): Promise<Map<string, Set<string>>> {
  const references = new Map<string, Set<string>>();
  for (const fk of foreignKeys) {
    const resource = fk.reference.resource;
    if (!resource || !isCodeList(resource)) continue;
    const kind = CODE_LISTS[resource]!.kind;
    const codes = 'entries' in places ? acceptedCodes(places.entries, kind, places.complete) : (await divipolaCodes(places, kind)).codes;
    const keys = new Set<string>();
    for (const code of codes) {
      keys.add(keyOf([code]));
      keys.add(keyOf([code.replace(/^0+(?=\d)/, '')]));
    }
    const fields = Array.isArray(fk.reference.fields) ? fk.reference.fields : [fk.reference.fields];
    references.set(`${resource}|${fields.join(',')}`, keys);
  }
  return references;
}

/** Where a code list is served, as CSV, for Data Packages whose foreign keys point to it. */
export const codeListUrl = (baseUrl: string, name: string) => `${baseUrl}/api/v1/code-lists/${name}.csv`;

/** A code list as a Data Package resource, so that a package's foreign keys resolve anywhere. */
export function codeListResource(name: string, baseUrl: string) {
  const list = CODE_LISTS[name]!;
  return {
    name,
    title: list.label.es,
    path: codeListUrl(baseUrl, name),
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    schema: {
      fields: [
        { name: 'codigo', type: 'string', constraints: { required: true, unique: true } },
        { name: 'nombre', type: 'string' },
        ...(list.kind === 'municipality' ? [{ name: 'departamento', type: 'string' }] : []),
      ],
      primaryKey: ['codigo'],
    },
  };
}

/** A code list's rows as CSV text (about 1,100 municipalities: small enough to build at once). */
export async function codeListCsv(db: Db, name: string): Promise<string> {
  const list = CODE_LISTS[name]!;
  const rows = await db.selectFrom('divipola').select(['code', 'name', 'department_code']).where('kind', '=', list.kind).orderBy('code').execute();
  const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const header = list.kind === 'municipality' ? 'codigo,nombre,departamento' : 'codigo,nombre';
  return [header, ...rows.map((r) => [r.code, r.name, ...(list.kind === 'municipality' ? [r.department_code] : [])].map(cell).join(','))].join('\r\n') + '\r\n';
}
