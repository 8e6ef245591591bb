import { THEMES } from '../../catalog/vocabularies.ts';
import { fold } from '../../core/text.ts';
import { listDatasets } from '../../publish/datasets.ts';
import type { Context } from '../../store/context.ts';
import { CkanError } from './errors.ts';
import { groupDict, loadOrganizations, organizationDict, packageDict, parseResourceId, tagDict, type CkanPackage, type Organizations } from './records.ts';
import { matchesSolr, parseSolr, SolrSyntaxError, type SolrDocument, type SolrQuery } from './solr.ts';

export type Params = Record<string, unknown>;

/** Reading parameters as CKAN does: strings from a query string, or JSON values from a POST body. */
export const param = {
  string(params: Params, name: string): string | undefined {
    const value = params[name];
    if (value === undefined || value === null) return undefined;
    return Array.isArray(value) ? String(value[0]) : String(value);
  },
  int(params: Params, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
    const raw = param.string(params, name);
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new CkanError('validation', '', { [name]: ['Invalid integer'] });
    return Math.min(n, max);
  },
  bool(params: Params, name: string, fallback: boolean): boolean {
    const value = params[name];
    if (value === undefined || value === null || value === '') return fallback;
    if (typeof value === 'boolean') return value;
    return ['true', '1', 'yes', 'on'].includes(String(value).toLowerCase());
  },
  /** A list given as a JSON array, a JSON-encoded string, repeated parameters or commas. */
  list(params: Params, name: string): string[] {
    const value = params[name];
    if (value === undefined || value === null || value === '') return [];
    if (Array.isArray(value)) return value.map(String);
    const text = String(value);
    if (text.trim().startsWith('[')) {
      try {
        const parsed = JSON.parse(text);
        if (Array.isArray(parsed)) return parsed.map(String);
      } catch {
        throw new CkanError('validation', '', { [name]: ['Invalid JSON list'] });
      }
    }
    return text.split(',').map((s) => s.trim()).filter(Boolean);
  },
  required(params: Params, name: string): string {
    const value = param.string(params, name);
    if (!value) throw new CkanError('validation', '', { [name]: ['Missing value'] });
    return value;
  },
};

/** Everything a read action needs: the packages the actor may see, built once per request. */
export class Catalogue {
  private packages: CkanPackage[] | undefined;
  private orgs: Organizations | undefined;

  constructor(readonly ctx: Context, readonly baseUrl: string) {}

  async organizations(): Promise<Organizations> {
    return (this.orgs ??= await loadOrganizations(this.ctx));
  }

  /** Datasets the actor may read (for an entity's people, its drafts too, as private), newest change first. */
  async all(): Promise<CkanPackage[]> {
    if (this.packages) return this.packages;
    const orgs = await this.organizations();
    const rows = (await listDatasets(this.ctx)).sort((a, b) => b.updated_at.getTime() - a.updated_at.getTime());
    const out: CkanPackage[] = [];
    for (const row of rows) out.push(await packageDict(this.ctx, row, orgs, this.baseUrl));
    return (this.packages = out);
  }

  async find(id: string): Promise<CkanPackage> {
    const found = (await this.all()).find((p) => p.id === id || p.name === id);
    if (!found) throw new CkanError('not_found', 'Dataset not found');
    return found;
  }
}

function documentOf(p: CkanPackage): SolrDocument {
  const formats = p.resources.map((r) => r.format);
  return {
    text: fold([p.title, p.notes, p.name, ...p.tags.map((t) => t.name), p.organization.title, ...p.groups.map((g) => g.title), ...p.extras.map((e) => e.value)].join(' ')),
    fields: {
      id: [p.id], name: [p.name], title: [p.title], notes: [p.notes],
      organization: [p.organization.name], owner_org: [p.owner_org],
      tags: p.tags.map((t) => t.name), groups: p.groups.map((g) => g.name), res_format: formats,
      license_id: p.license_id ? [p.license_id] : [], private: [String(p.private)], state: [p.state], type: [p.type],
      metadata_modified: [`${p.metadata_modified}Z`], metadata_created: [`${p.metadata_created}Z`],
      author: p.author ? [p.author] : [], maintainer: p.maintainer ? [p.maintainer] : [],
      ...Object.fromEntries(p.extras.map((e) => [`extras_${e.key}`, [e.value]])),
    },
  };
}

function parse(text: string): SolrQuery {
  try {
    return parseSolr(text);
  } catch (error) {
    if (error instanceof SolrSyntaxError) throw new CkanError('search_query', `'${text}': ${error.message}`);
    throw error;
  }
}

/** Relevance: each word of q found in the title counts 3, in tags 2, anywhere else 1. */
function score(p: CkanPackage, words: string[]): number {
  const title = fold(p.title);
  const tags = fold(p.tags.map((t) => t.name).join(' '));
  return words.reduce((sum, w) => sum + (title.includes(w) ? 3 : 0) + (tags.includes(w) ? 2 : 0) + 1, 0);
}

const SORT_FIELDS: Record<string, (p: CkanPackage) => string | number> = {
  metadata_modified: (p) => p.metadata_modified ?? '',
  metadata_created: (p) => p.metadata_created ?? '',
  title_string: (p) => fold(p.title),
  title: (p) => fold(p.title),
  name: (p) => p.name,
  num_resources: (p) => p.num_resources,
  num_tags: (p) => p.num_tags,
};

const FACET_VALUES: Record<string, (p: CkanPackage) => { name: string; display_name: string }[]> = {
  organization: (p) => [{ name: p.organization.name, display_name: p.organization.title }],
  groups: (p) => p.groups.map((g) => ({ name: g.name, display_name: g.title })),
  tags: (p) => p.tags.map((t) => ({ name: t.name, display_name: t.name })),
  res_format: (p) => [...new Set(p.resources.map((r) => r.format))].map((f) => ({ name: f, display_name: f })),
  license_id: (p) => (p.license_id ? [{ name: p.license_id, display_name: p.license_title ?? p.license_id }] : []),
};

/** package_search: Solr-style q and filters over the readable catalogue, with facets, sorting and paging. */
export async function packageSearch(catalogue: Catalogue, params: Params) {
  const q = param.string(params, 'q') || '*:*';
  const filters = [param.string(params, 'fq'), ...param.list(params, 'fq_list')].filter((f): f is string => Boolean(f && f.trim()));
  const rows = param.int(params, 'rows', 10, 1000);
  const start = param.int(params, 'start', 0);
  const includePrivate = param.bool(params, 'include_private', false);
  const query = parse(q);
  const filterQueries = filters.map(parse);
  const now = catalogue.ctx.clock.now();
  const words = fold(q).split(/\s+/).filter((w) => w && !w.includes(':') && !['and', 'or', 'not'].includes(w));
  const matched = (await catalogue.all())
    .filter((p) => includePrivate || !p.private)
    .map((p) => ({ p, doc: documentOf(p) }))
    .filter(({ doc }) => matchesSolr(query, doc, now) && filterQueries.every((f) => matchesSolr(f, doc, now)))
    .map(({ p }) => ({ p, score: score(p, words) }));

  const sort = param.string(params, 'sort') || 'score desc, metadata_modified desc';
  const keys = sort.split(',').map((part) => {
    const [field = '', direction = 'asc'] = part.trim().split(/\s+/);
    if (field !== 'score' && !SORT_FIELDS[field]) throw new CkanError('search_query', `cannot sort by ${field}`);
    return { field, descending: direction.toLowerCase() === 'desc' };
  });
  matched.sort((a, b) => {
    for (const { field, descending } of keys) {
      const x = field === 'score' ? a.score : SORT_FIELDS[field]!(a.p);
      const y = field === 'score' ? b.score : SORT_FIELDS[field]!(b.p);
      if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  });

  const facetFields = param.list(params, 'facet.field');
  const facetLimit = Number(param.string(params, 'facet.limit') ?? 50);
  const mincount = param.int(params, 'facet.mincount', 1);
  const facets: Record<string, Record<string, number>> = {};
  const searchFacets: Record<string, { title: string; items: { name: string; display_name: string; count: number }[] }> = {};
  if (param.bool(params, 'facet', true)) {
    for (const field of facetFields) {
      const values = FACET_VALUES[field];
      if (!values) throw new CkanError('search_query', `cannot facet on ${field}`);
      const counts = new Map<string, { display_name: string; count: number }>();
      for (const { p } of matched) for (const v of values(p)) counts.set(v.name, { display_name: v.display_name, count: (counts.get(v.name)?.count ?? 0) + 1 });
      const items = [...counts].map(([name, v]) => ({ name, display_name: v.display_name, count: v.count })).filter((i) => i.count >= mincount)
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
      const limited = facetLimit < 0 ? items : items.slice(0, facetLimit);
      facets[field] = Object.fromEntries(limited.map((i) => [i.name, i.count]));
      searchFacets[field] = { title: field, items: limited };
    }
  }
  return { count: matched.length, facets, results: matched.slice(start, start + rows).map(({ p }) => p), sort, search_facets: searchFacets };
}

export async function packageList(catalogue: Catalogue, params: Params) {
  const names = (await catalogue.all()).filter((p) => !p.private).map((p) => p.name).sort();
  const offset = param.int(params, 'offset', 0);
  const limit = param.int(params, 'limit', names.length);
  return names.slice(offset, offset + limit);
}

export async function currentPackageListWithResources(catalogue: Catalogue, params: Params) {
  const limit = param.int(params, 'limit', 1000, 1000);
  const page = param.int(params, 'page', 1);
  const offset = param.int(params, 'offset', (Math.max(page, 1) - 1) * limit);
  return (await catalogue.all()).filter((p) => !p.private).slice(offset, offset + limit);
}

async function packageCounts(catalogue: Catalogue, key: (p: CkanPackage) => string[]) {
  const counts = new Map<string, number>();
  for (const p of await catalogue.all()) if (!p.private) for (const k of key(p)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

function sortAndPage<T extends { name: string; package_count?: number; title: string }>(items: T[], params: Params): T[] {
  const [field = 'name', direction = 'asc'] = (param.string(params, 'sort') ?? 'name asc').trim().split(/\s+/);
  const value = (i: T) => (field === 'package_count' ? i.package_count ?? 0 : field === 'title' ? fold(i.title) : i.name);
  items.sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (x < y ? -1 : x > y ? 1 : 0) * (direction === 'desc' ? -1 : 1);
  });
  const offset = param.int(params, 'offset', 0);
  const limit = param.int(params, 'limit', items.length);
  return items.slice(offset, offset + limit);
}

export async function organizationList(catalogue: Catalogue, params: Params) {
  const orgs = await catalogue.organizations();
  const counts = await packageCounts(catalogue, (p) => [p.owner_org]);
  const wanted = param.list(params, 'organizations');
  const q = fold(param.string(params, 'q') ?? '');
  const items = [...orgs.byId.values()]
    .map((e) => organizationDict(e, orgs, counts.get(e.nit) ?? 0))
    .filter((o) => (!wanted.length || wanted.includes(o.name)) && (!q || fold(`${o.name} ${o.title}`).includes(q)));
  const page = sortAndPage(items, params);
  return param.bool(params, 'all_fields', false) ? page : page.map((o) => o.name);
}

export async function organizationShow(catalogue: Catalogue, params: Params) {
  const orgs = await catalogue.organizations();
  const entity = orgs.find(param.required(params, 'id'));
  if (!entity) throw new CkanError('not_found', 'Organization was not found.');
  const packages = (await catalogue.all()).filter((p) => p.owner_org === entity.nit && !p.private);
  return {
    ...organizationDict(entity, orgs, packages.length),
    ...(param.bool(params, 'include_datasets', false) ? { packages: packages.slice(0, 1000) } : {}),
    users: [],
    extras: [{ key: 'nit', value: entity.nit }, { key: 'sector', value: entity.sector }, { key: 'orden', value: entity.orden }],
  };
}

export async function groupList(catalogue: Catalogue, params: Params) {
  const counts = await packageCounts(catalogue, (p) => p.groups.map((g) => g.name));
  const items = THEMES.terms.map((t) => groupDict(t.code, counts.get(t.code.toLowerCase()) ?? 0));
  const page = sortAndPage(items, params);
  return param.bool(params, 'all_fields', false) ? page : page.map((g) => g.name);
}

export async function groupShow(catalogue: Catalogue, params: Params) {
  const id = param.required(params, 'id').toLowerCase();
  const theme = THEMES.terms.find((t) => t.code.toLowerCase() === id);
  if (!theme) throw new CkanError('not_found', 'Group was not found.');
  const packages = (await catalogue.all()).filter((p) => !p.private && p.groups.some((g) => g.name === id));
  return { ...groupDict(theme.code, packages.length), ...(param.bool(params, 'include_datasets', false) ? { packages } : {}) };
}

export async function tagList(catalogue: Catalogue, params: Params) {
  const counts = await packageCounts(catalogue, (p) => p.tags.map((t) => t.name));
  const query = fold(param.string(params, 'query') ?? param.string(params, 'q') ?? '');
  const names = [...counts.keys()].filter((n) => !query || fold(n).includes(query)).sort((a, b) => a.localeCompare(b, 'es'));
  return param.bool(params, 'all_fields', false) ? names.map(tagDict) : names;
}

export async function resourceShow(catalogue: Catalogue, params: Params) {
  const id = param.required(params, 'id');
  const match = parseResourceId(id);
  if (!match) throw new CkanError('not_found', 'Resource was not found.');
  const pkg = await catalogue.find(match[1]!).catch(() => {
    throw new CkanError('not_found', 'Resource was not found.');
  });
  const resource = pkg.resources.find((r) => r.id === id);
  if (!resource) throw new CkanError('not_found', 'Resource was not found.');
  return resource;
}
