import type { Lang } from '../core/i18n.ts';
import type { Db } from '../store/database.ts';
import { divipolaFor } from './divipola.ts';
import type { Facet, SearchResult } from './search.ts';
import { FORMATS, LEGAL_CLASSES, LICENCES, SECTORS, THEMES, labelOf } from './vocabularies.ts';

const TYPES = { asset: { es: 'Activo de información', en: 'Information asset' }, dataset: { es: 'Conjunto de datos', en: 'Dataset' } } as const;

/** Adds a human label (in the caller's language) to every facet value. */
export type LabeledSearchResult = Omit<SearchResult, 'facets'> & { facets: Record<Facet, { value: string; count: number; label: string }[]> };

export async function labelFacets(db: Db, result: SearchResult, lang: Lang): Promise<LabeledSearchResult> {
  const divipola = await divipolaFor(db);
  const entityIds = result.facets.entity.map((f) => f.value);
  const names = new Map(
    entityIds.length
      ? (await db.selectFrom('entities').select(['id', 'name']).where('id', 'in', entityIds).execute()).map((e) => [e.id, e.name])
      : [],
  );
  const label = (facet: Facet, value: string): string => {
    switch (facet) {
      case 'entity': return names.get(value) ?? value;
      case 'sector': return labelOf(SECTORS, value, lang);
      case 'department': return divipola.label(value);
      case 'theme': return labelOf(THEMES, value, lang);
      case 'format': return labelOf(FORMATS, value, lang);
      case 'legal_class': return labelOf(LEGAL_CLASSES, value, lang);
      case 'licence': return labelOf(LICENCES, value, lang);
      case 'type': return TYPES[value as keyof typeof TYPES]?.[lang] ?? value;
    }
  };
  const facets = Object.fromEntries(
    Object.entries(result.facets).map(([facet, values]) => [facet, values.map((v) => ({ ...v, label: label(facet as Facet, v.value) }))]),
  ) as Record<Facet, { value: string; count: number; label: string }[]>;
  return { ...result, facets };
}
