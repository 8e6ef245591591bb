import { parseTemplate } from 'url-template';
import { fetchMetadata, MetadataError, type Fetcher, type GroupMeta, type Inherited } from './metadata.ts';
import { annotateTable, type Group } from './table.ts';

/**
 * Reading tabular data and its metadata as the Model for Tabular Data says (§5): metadata given by the user
 * first, then the Link header (rel="describedby"), then the site's /.well-known/csvm locations (by default
 * {+url}-metadata.json and csv-metadata.json); metadata found by location is used only if it describes the
 * file. Without any, the file's own header is the metadata. A metadata document may also be the starting point.
 */

const DEFAULT_LOCATIONS = ['{+url}-metadata.json', 'csv-metadata.json'];

/** The describedby link of a Link header, if any (RFC 8288). */
function describedBy(link: string | null, base: string): string | null {
  if (!link) return null;
  for (const part of link.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>(.*)$/.exec(part.trim());
    if (!match) continue;
    const rel = /rel="?([^";]+)"?/.exec(match[2]!)?.[1]?.split(/\s+/) ?? [];
    const type = /type="?([^";]+)"?/.exec(match[2]!)?.[1];
    if (rel.includes('describedby') && (!type || /json/.test(type))) return new URL(match[1]!, base).href;
  }
  return null;
}

async function siteLocations(csvUrl: string, fetcher: Fetcher): Promise<string[]> {
  const wellKnown = new URL('/.well-known/csvm', csvUrl).href;
  const response = await fetcher(wellKnown).catch(() => ({ status: 404, body: '' }));
  if (response.status !== 200) return DEFAULT_LOCATIONS;
  return response.body.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

const describes = (meta: GroupMeta, url: string) => meta.tables.some((t) => t.url === url);

async function tryMetadata(url: string, fetcher: Fetcher) {
  try {
    return await fetchMetadata(url, fetcher);
  } catch (error) {
    if (error instanceof MetadataError || error instanceof SyntaxError) return null;
    throw error;
  }
}

export interface ProcessOptions {
  /** Metadata given by the user (overriding metadata), as a URL. */
  metadataUrl?: string;
  fetcher: Fetcher;
}

/** The annotated table group for a starting CSV or metadata URL. */
export async function processTabular(startUrl: string, options: ProcessOptions): Promise<Group> {
  const { fetcher } = options;
  let meta: (GroupMeta & { inherited: Inherited }) | null = null;
  let csvCache: { url: string; body: string } | null = null;
  if (options.metadataUrl) meta = await fetchMetadata(options.metadataUrl, fetcher);
  else if (/\.json(\?|#|$)/.test(new URL(startUrl).pathname) || /\.json$/.test(startUrl)) meta = await fetchMetadata(startUrl, fetcher);
  else {
    const response = await fetcher(startUrl);
    if (response.status !== 200) throw new MetadataError(`${startUrl}: HTTP ${response.status}`);
    csvCache = { url: startUrl, body: response.body };
    const linked = describedBy(response.link, startUrl);
    if (linked) {
      const found = await tryMetadata(linked, fetcher);
      if (found && describes(found, startUrl)) meta = found;
    }
    if (!meta) {
      for (const template of await siteLocations(startUrl, fetcher)) {
        const location = new URL(parseTemplate(template).expand({ url: startUrl }), startUrl).href;
        const found = await tryMetadata(location, fetcher);
        if (found && describes(found, startUrl)) {
          meta = found;
          break;
        }
      }
    }
    meta ??= { id: null, tables: [{ url: startUrl, id: null, schema: null, dialect: undefined, suppressOutput: false, notes: [], annotations: [], inherited: {} }], notes: [], annotations: [], inherited: {} };
  }
  const tables = [];
  for (const table of meta.tables) {
    let body: string;
    if (csvCache && csvCache.url === table.url) body = csvCache.body;
    else {
      const response = await fetcher(table.url);
      if (response.status !== 200) throw new MetadataError(`${table.url}: HTTP ${response.status}`);
      body = response.body;
    }
    tables.push(annotateTable(table, meta.inherited, body));
  }
  return { id: meta.id, notes: meta.notes, annotations: meta.annotations, tables };
}
