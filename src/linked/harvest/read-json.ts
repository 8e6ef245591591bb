import type { Bilingual } from '../../core/errors.ts';
import { fetchDocument, FetchError, type FetchLimits } from './fetch.ts';
import { formatOf, frequencyCode, isoDate, licenceCode, mailto, temporalRange, themeCodes, type HarvestFile, type HarvestItem, type HarvestRecord } from './record.ts';

type Json = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : null);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => str(typeof v === 'object' && v ? (v as Json).name ?? (v as Json).id : v)).filter((v): v is string => Boolean(v)) : typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : []);
const size = (value: unknown) => (value === null || value === undefined || value === '' || !Number.isFinite(Number(value)) ? null : Math.round(Number(value)));

function parseJson(body: string, url: string): Json {
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    // reported below
  }
  throw new FetchError(`${url}: not a JSON object`);
}

function file(d: Json, warnings: Bilingual[]): HarvestFile | null {
  const url = str(d.downloadURL) ?? str(d.accessURL) ?? str(d.url);
  if (!url || !/^https?:\/\//i.test(url)) {
    warnings.push({ es: 'Una distribución sin dirección http(s) se omitió.', en: 'A distribution without an http(s) address was left out.' });
    return null;
  }
  const mediaType = str(d.mediaType) ?? str(d.mimetype);
  return { name: str(d.title) ?? str(d.name) ?? '', url, format: formatOf(str(d.format), mediaType, url), mediaType, description: str(d.description), size: size(d.byteSize ?? d.size), modified: isoDate(d.modified ?? d.last_modified) };
}

/** A record without identifier or title cannot become a dataset. */
function missing(identifier: string | null, title: string | null): HarvestItem | null {
  if (!identifier) return { problem: { identifier: null, message: { es: `Un conjunto sin identificador («${title ?? 'sin título'}»).`, en: `A dataset without identifier ("${title ?? 'untitled'}").` } } };
  if (!title) return { problem: { identifier, message: { es: 'El conjunto no tiene título.', en: 'The dataset has no title.' } } };
  return null;
}

/** One data.json entry (DCAT-US 1.1, and the Latin American profile with superTheme and themeTaxonomy). */
function dataJsonItem(d: Json): HarvestItem {
  const warnings: Bilingual[] = [];
  const identifier = str(d.identifier);
  const title = str(d.title);
  const invalid = missing(identifier, title);
  if (invalid) return invalid;
  const description = str(d.description) ?? '';
  if (!description) warnings.push({ es: 'Sin descripción.', en: 'No description.' });
  const contact = (d.contactPoint ?? {}) as Json;
  const email = mailto(contact.hasEmail);
  const level = str(d.accessLevel);
  const record: HarvestRecord = {
    identifier: identifier!,
    title: title!,
    description,
    keywords: [...new Set(list(d.keyword))],
    themes: themeCodes([...list(d.superTheme), ...list(d.theme)], warnings),
    licence: licenceCode(str(d.license), warnings),
    landingPage: str(d.landingPage),
    issued: isoDate(d.issued),
    modified: isoDate(d.modified),
    temporal: temporalRange(d.temporal),
    frequency: frequencyCode(str(d.accrualPeriodicity)),
    contact: email ? { name: str(contact.fn), email } : null,
    restricted: level === 'restricted public' || level === 'non-public',
    files: (Array.isArray(d.distribution) ? d.distribution : []).map((x) => file(x as Json, warnings)).filter((x): x is HarvestFile => x !== null),
    warnings,
  };
  return { record };
}

/** A data.json catalog: DCAT-US 1.1 as data.gov and Socrata publish it, or its Latin American profile. */
export async function* readDataJson(url: string, limits: FetchLimits): AsyncGenerator<HarvestItem> {
  const document = await fetchDocument(url, 'application/json', limits);
  const catalog = parseJson(document.body, document.url);
  if (!Array.isArray(catalog.dataset)) throw new FetchError(`${document.url}: no "dataset" list (not a data.json catalog)`);
  for (const entry of catalog.dataset) {
    yield entry && typeof entry === 'object' ? dataJsonItem(entry as Json) : { problem: { identifier: null, message: { es: 'Una entrada de «dataset» no es un objeto.', en: 'An entry of "dataset" is not an object.' } } };
  }
}

/** One CKAN package: core fields, ckanext-dcat and scheming fields when present, and extras. */
function packageItem(p: Json): HarvestItem {
  const warnings: Bilingual[] = [];
  const identifier = str(p.id) ?? str(p.name);
  const title = str(p.title) ?? str(p.name);
  const invalid = missing(identifier, title);
  if (invalid) return invalid;
  const extras = Object.fromEntries((Array.isArray(p.extras) ? p.extras : []).map((e) => [String((e as Json).key), (e as Json).value]));
  const description = str(p.notes) ?? '';
  if (!description) warnings.push({ es: 'Sin descripción (notes).', en: 'No description (notes).' });
  const contacts = Array.isArray(p.contact) ? (p.contact as Json[]) : [];
  const email = mailto(contacts[0]?.email) ?? mailto(p.maintainer_email) ?? mailto(p.author_email) ?? mailto(extras['contact-email']);
  const coverage = Array.isArray(p.temporal_coverage) ? (p.temporal_coverage[0] as Json | undefined) : undefined;
  const start = isoDate(coverage?.start ?? extras.temporal_start)?.slice(0, 10) ?? null;
  const end = isoDate(coverage?.end ?? extras.temporal_end)?.slice(0, 10) ?? null;
  const record: HarvestRecord = {
    identifier: identifier!,
    title: title!,
    description,
    keywords: [...new Set(list(p.tags))],
    themes: themeCodes([...list(p.theme), ...list(p.groups), ...list(extras.theme)], warnings),
    licence: licenceCode(str(p.license_url) ?? str(p.license_id) ?? str(p.license_title), warnings),
    landingPage: str(p.url),
    issued: isoDate(p.issued ?? p.metadata_created),
    modified: isoDate(p.modified ?? p.metadata_modified),
    temporal: start || end ? { start, end } : null,
    frequency: frequencyCode(str(p.frequency) ?? str(extras.frequency) ?? str(extras['frequency-of-update'])),
    contact: email ? { name: str(contacts[0]?.name) ?? str(p.maintainer) ?? str(p.author), email } : null,
    restricted: p.private === true,
    files: (Array.isArray(p.resources) ? p.resources : []).map((r) => file(r as Json, warnings)).filter((x): x is HarvestFile => x !== null),
    warnings,
  };
  return { record };
}

/** The CKAN API endpoint of a portal given by its address or by its API address. */
export function ckanSearchUrl(url: string): URL {
  const address = new URL(url);
  if (!/\/api\/3\/action\/package_search$/.test(address.pathname)) address.pathname = `${address.pathname.replace(/\/+$/, '').replace(/\/api(\/3)?(\/action)?$/, '')}/api/3/action/package_search`;
  address.search = '';
  return address;
}

/** A CKAN portal through package_search, 100 packages a page, oldest first so pages stay stable. */
export async function* readCkan(url: string, limits: FetchLimits): AsyncGenerator<HarvestItem> {
  const endpoint = ckanSearchUrl(url);
  const rows = 100;
  // Portals may cap rows below what was asked: the next page starts after what came.
  for (let start = 0, count = Infinity; start < count; ) {
    endpoint.search = new URLSearchParams({ q: '*:*', rows: String(rows), start: String(start), sort: 'metadata_created asc' }).toString();
    const document = await fetchDocument(endpoint.href, 'application/json', limits);
    const body = parseJson(document.body, document.url);
    const result = body.result as Json | undefined;
    if (body.success !== true || !result || !Array.isArray(result.results)) throw new FetchError(`${document.url}: not a CKAN package_search answer`);
    count = Number(result.count ?? 0);
    for (const p of result.results) yield packageItem(p as Json);
    if (!result.results.length) break;
    start += result.results.length;
  }
}
