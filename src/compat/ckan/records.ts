import { FREQUENCIES, LICENCES, SECTORS, THEMES, labelOf, term } from '../../catalog/vocabularies.ts';
import { fold } from '../../core/text.ts';
import { dcatDataset, loadDatasetSources } from '../../linked/dataset-record.ts';
import { datasetUri } from '../../linked/dcat.ts';
import { isPublished } from '../../publish/datasets.ts';
import type { Context } from '../../store/context.ts';
import type { DatasetRow, EntityRow } from '../../store/schema.ts';

/** CKAN writes times as naive UTC with microseconds: 2011-06-13T21:30:17.624899. */
export const ckanTime = (date: Date | null | undefined) => (date ? `${date.toISOString().slice(0, 23)}000` : null);

const OPEN_LICENCES = new Set(['CC-BY-4.0', 'CC-BY-SA-4.0', 'CC0-1.0', 'ODC-BY-1.0', 'ODbL-1.0']);

/** CKAN names are lowercase slugs of letters, digits, - and _. */
export function slug(text: string): string {
  return fold(text).replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'entidad';
}

/**
 * An entity as a CKAN organization. Its id is the NIT; its name a slug of its acronym (or name), made
 * unique with the NIT when two entities would share one.
 */
export interface Organizations {
  byId: Map<string, EntityRow>;
  nameOf(entity: EntityRow): string;
  find(key: string): EntityRow | undefined;
}

export async function loadOrganizations(ctx: Context): Promise<Organizations> {
  const entities = await ctx.db.selectFrom('entities').selectAll().orderBy('sort_key').execute();
  const base = (e: EntityRow) => slug(e.acronym ?? e.name);
  const counts = new Map<string, number>();
  for (const e of entities) counts.set(base(e), (counts.get(base(e)) ?? 0) + 1);
  const names = new Map(entities.map((e) => [e.id, counts.get(base(e))! > 1 ? `${base(e)}-${e.nit}` : base(e)]));
  const byName = new Map(entities.map((e) => [names.get(e.id)!, e]));
  const byNit = new Map(entities.map((e) => [e.nit, e]));
  return {
    byId: new Map(entities.map((e) => [e.id, e])),
    nameOf: (e) => names.get(e.id)!,
    find: (key) => byName.get(key) ?? byNit.get(key.replace(/-\d$/, '')),
  };
}

export function organizationDict(entity: EntityRow, orgs: Organizations, packageCount?: number) {
  return {
    id: entity.nit,
    name: orgs.nameOf(entity),
    title: entity.name,
    display_name: entity.name,
    type: 'organization',
    description: entity.description ?? '',
    image_url: '',
    image_display_url: '',
    created: ckanTime(entity.created_at),
    is_organization: true,
    approval_status: 'approved',
    state: 'active',
    ...(packageCount !== undefined ? { package_count: packageCount } : {}),
  };
}

/** The EU data themes as CKAN groups, named by their code in lowercase (econ, educ…). */
export function groupDict(code: string, packageCount?: number) {
  const theme = term(THEMES, code);
  return {
    id: code.toLowerCase(),
    name: code.toLowerCase(),
    title: theme?.label.es ?? code,
    display_name: theme?.label.es ?? code,
    description: theme ? `${theme.label.es} / ${theme.label.en}` : '',
    type: 'group',
    is_organization: false,
    image_display_url: '',
    state: 'active',
    ...(packageCount !== undefined ? { package_count: packageCount } : {}),
  };
}

export const tagDict = (name: string) => ({ id: name, name, display_name: name, state: 'active', vocabulary_id: null });

/** Resource ids: the dataset id and the format (abcd-1234-csv); all of them serve the current release. */
export const resourceId = (datasetId: string, format: string) => `${datasetId}-${format.toLowerCase()}`;
export const parseResourceId = (id: string) => /^([a-z0-9]{4}-[a-z0-9]{4})(?:-([a-z]+|link-[0-9a-z]+))?(?:@(\d+))?$/.exec(id);

export type CkanPackage = Awaited<ReturnType<typeof packageDict>>;

/** A dataset as CKAN's package_show gives it, from the same description DCAT-AP uses. */
export async function packageDict(ctx: Context, dataset: DatasetRow, orgs: Organizations, baseUrl: string) {
  const sources = await loadDatasetSources(ctx, dataset.id);
  const d = await dcatDataset(ctx, sources, baseUrl);
  const entity = orgs.byId.get(dataset.entity_id) ?? sources.entity;
  const licence = term(LICENCES, dataset.licence);
  const release = sources.release;
  const resources = d.distributions.map((x, position) => {
    // Files kept by a harvested source are links, not releases: their own ids, no DataStore.
    const link = /#link-(.+)$/.exec(x.uri)?.[1];
    return {
      id: link ? `${dataset.id}-link-${link}` : resourceId(dataset.id, x.format ?? 'data'),
      package_id: dataset.id,
      name: x.title,
      description: !link && release ? `Versión ${release.number}: ${release.row_count.toLocaleString('es-CO')} filas.` : '',
      format: x.format ?? '',
      mimetype: x.mediaType,
      url: x.downloadURL ?? x.accessURL,
      size: x.byteSize,
      hash: x.format === 'PARQUET' && release ? `sha256:${release.parquet_sha256}` : '',
      created: ckanTime(release?.created_at),
      last_modified: ckanTime(release?.created_at),
      metadata_modified: ckanTime(release?.created_at),
      position,
      state: 'active',
      url_type: null,
      resource_type: null,
      // Every format of a release can be queried with datastore_search.
      datastore_active: !link,
    };
  });
  const extras = [
    { key: 'uri', value: datasetUri(baseUrl, dataset.id) },
    { key: 'access_rights', value: d.rights },
    ...(d.spatial.length ? [{ key: 'spatial', value: d.spatial.join(',') }] : []),
    ...(d.temporal?.start ? [{ key: 'temporal_start', value: d.temporal.start }] : []),
    ...(d.temporal?.end ? [{ key: 'temporal_end', value: d.temporal.end }] : []),
    ...(d.frequency ? [{ key: 'frequency', value: term(FREQUENCIES, d.frequency)?.label.es ?? d.frequency }] : []),
    ...(entity.sector ? [{ key: 'sector', value: labelOf(SECTORS, entity.sector, 'es') }] : []),
    { key: 'language', value: d.language },
  ];
  return {
    id: dataset.id,
    name: dataset.id,
    title: dataset.title,
    notes: d.description,
    url: d.landingPage,
    version: release ? String(release.number) : null,
    author: entity.name,
    author_email: entity.contact_email,
    maintainer: d.contact?.name ?? null,
    maintainer_email: d.contact?.email ?? null,
    license_id: dataset.licence,
    license_title: licence?.label.es ?? null,
    license_url: licence?.uri ?? null,
    isopen: OPEN_LICENCES.has(dataset.licence ?? ''),
    // Drafts (nothing published yet) are private too: only the entity's people see them.
    private: dataset.access_level !== 'public' || !isPublished(dataset),
    state: dataset.state,
    type: 'dataset',
    metadata_created: ckanTime(dataset.created_at),
    metadata_modified: ckanTime(dataset.updated_at),
    creator_user_id: dataset.created_by,
    owner_org: entity.nit,
    organization: organizationDict(entity, orgs),
    groups: d.themes.map((code) => groupDict(code)),
    tags: d.keywords.map(tagDict),
    num_tags: d.keywords.length,
    resources,
    num_resources: resources.length,
    extras,
    relationships_as_object: [],
    relationships_as_subject: [],
  };
}
