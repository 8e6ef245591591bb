import { LICENCES, SECTORS, THEMES, term } from '../catalog/vocabularies.ts';
import type { Context } from '../store/context.ts';
import { catalogDatasets } from './catalog.ts';
import { dcatDataset, loadDatasetSources } from './dataset-record.ts';
import type { DcatDataset } from './dcat.ts';

const SCHEMA = 'https://project-open-data.cio.gov/v1.1/schema';

/** ISO 8601 repeating durations, as DCAT-US writes accrualPeriodicity. */
const PERIODICITY: Record<string, string> = {
  continua: 'R/PT1S', diaria: 'R/P1D', semanal: 'R/P1W', quincenal: 'R/P0.5M', mensual: 'R/P1M', bimestral: 'R/P2M',
  trimestral: 'R/P3M', semestral: 'R/P6M', anual: 'R/P1Y', cuatrienal: 'R/P4Y', irregular: 'irregular',
};

const ACCESS_LEVEL: Record<DcatDataset['accessRight'], string> = { PUBLIC: 'public', RESTRICTED: 'restricted public', NON_PUBLIC: 'non-public' };

/** A DCAT-US 1.1 dataset entry: the same description DCAT-AP gives, in Project Open Data's JSON. */
function datasetEntry(d: DcatDataset, frequency: string | null) {
  const periodicity = frequency ? PERIODICITY[frequency] : undefined;
  const licence = term(LICENCES, d.licence)?.uri;
  const themes = [...d.themes.map((code) => term(THEMES, code)?.label.es ?? code), ...(term(SECTORS, d.publisher.sector) ? [term(SECTORS, d.publisher.sector)!.label.es] : [])];
  const temporal = d.temporal?.start && d.temporal.end ? `${d.temporal.start}/${d.temporal.end}` : undefined;
  const csv = d.distributions.find((x) => x.format === 'CSV');
  return {
    '@type': 'dcat:Dataset',
    identifier: d.uri,
    title: d.title,
    // DCAT-US requires a description and at least one keyword; the title stands in rather than omit the dataset.
    description: d.description || d.title,
    keyword: d.keywords.length ? d.keywords : [d.title],
    modified: (d.modified ?? d.issued ?? new Date(0)).toISOString(),
    ...(d.issued ? { issued: d.issued.toISOString().slice(0, 10) } : {}),
    publisher: { '@type': 'org:Organization', name: d.publisher.name },
    // Without an address on record hasEmail is left out, and harvesters' validators will say so.
    contactPoint: { '@type': 'vcard:Contact', fn: d.contact?.name ?? d.publisher.name, ...(d.contact ? { hasEmail: `mailto:${d.contact.email}` } : {}) },
    accessLevel: ACCESS_LEVEL[d.accessRight],
    // Rights explain a restricted level (DCAT-US asks for at most 255 characters).
    rights: d.accessRight === 'PUBLIC' ? null : d.rights.slice(0, 255),
    ...(licence ? { license: licence } : {}),
    ...(periodicity ? { accrualPeriodicity: periodicity } : {}),
    ...(d.spatial.length ? { spatial: d.spatial.join(',') } : {}),
    ...(temporal ? { temporal } : {}),
    ...(themes.length ? { theme: [...new Set(themes)] } : {}),
    language: [d.language === 'en' ? 'en' : `${d.language}-CO`],
    landingPage: d.landingPage,
    ...(csv ? { describedBy: `${csv.downloadURL!.replace(/data\.csv$/, 'datapackage.json')}`, describedByType: 'application/json' } : {}),
    distribution: [
      ...d.distributions.map((x) => ({
        '@type': 'dcat:Distribution',
        title: x.title,
        downloadURL: x.downloadURL,
        mediaType: x.mediaType,
        format: x.format,
      })),
      ...d.services.map((s) => ({
        '@type': 'dcat:Distribution',
        title: s.title,
        accessURL: s.endpointURL,
        format: 'API',
        ...(s.endpointDescription ? { describedBy: s.endpointDescription } : {}),
      })),
    ],
  };
}

/**
 * The catalog as DCAT-US 1.1 (Project Open Data's data.json), the format data.gov-style harvesters and
 * Socrata users read. Lists what the reader may see, as the DCAT-AP catalog does.
 */
export async function dataJson(ctx: Context, baseUrl: string) {
  const rows = await catalogDatasets(ctx);
  const dataset = [];
  for (const row of rows) {
    const sources = await loadDatasetSources(ctx, row.id);
    dataset.push(datasetEntry(await dcatDataset(ctx, sources, baseUrl), sources.asset?.update_frequency ?? null));
  }
  return {
    '@context': `${SCHEMA}/catalog.jsonld`,
    '@id': `${baseUrl}/data.json`,
    '@type': 'dcat:Catalog',
    conformsTo: SCHEMA,
    describedBy: `${SCHEMA}/catalog.json`,
    dataset,
  };
}
