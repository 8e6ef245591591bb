import type { Bilingual } from '../core/errors.ts';
import type { Db } from '../store/database.ts';
import { keyOf } from './validate.ts';

/** Shared code lists a Table Schema's foreign keys may point to, by resource name. */
export const CODE_LISTS: Record<string, { field: string; kind: 'municipality' | 'department'; label: Bilingual }> = {
  'divipola-municipios': { field: 'codigo', kind: 'municipality', label: { es: 'DIVIPOLA: municipios (DANE)', en: 'DIVIPOLA: municipalities (DANE)' } },
  'divipola-departamentos': { field: 'codigo', kind: 'department', label: { es: 'DIVIPOLA: departamentos (DANE)', en: 'DIVIPOLA: departments (DANE)' } },
};

export const isCodeList = (resource: string | undefined): boolean => resource !== undefined && resource in CODE_LISTS;

/**
 * The keys a code list offers, as the validators look them up ("resource|field"). Codes are kept both
 * zero-padded and without leading zeros, as DANE itself publishes them both ways ("05001" and "5001").
 */
export async function codeListKeys(db: Db, resource: string): Promise<Set<string>> {
  const list = CODE_LISTS[resource]!;
  const rows = await db.selectFrom('divipola').select('code').where('kind', '=', list.kind).execute();
  const keys = new Set<string>();
  for (const { code } of rows) {
    keys.add(keyOf([code]));
    keys.add(keyOf([code.replace(/^0+(?=\d)/, '')]));
  }
  return keys;
}

/** The references map the validators take, for every code list the foreign keys name. */
export async function codeListReferences(db: Db, foreignKeys: { reference: { resource?: string; fields: string[] | string } }[]): Promise<Map<string, Set<string>>> {
  const references = new Map<string, Set<string>>();
  for (const fk of foreignKeys) {
    const resource = fk.reference.resource;
    if (!resource || !isCodeList(resource)) continue;
    const fields = Array.isArray(fk.reference.fields) ? fk.reference.fields : [fk.reference.fields];
    references.set(`${resource}|${fields.join(',')}`, await codeListKeys(db, resource));
  }
  return references;
}
