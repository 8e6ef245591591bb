import { createHash } from 'node:crypto';
import { FREQUENCIES, LICENCES, THEMES, matchTerm } from '../../catalog/vocabularies.ts';
import type { Bilingual } from '../../core/errors.ts';

/** One dataset as a source describes it, in the platform's terms, whatever the source's format. */
export interface HarvestRecord {
  /** The record's identifier at the source (stable across runs). */
  identifier: string;
  title: string;
  description: string;
  keywords: string[];
  /** EU data-theme codes. */
  themes: string[];
  /** The platform's licence code, or null. */
  licence: string | null;
  landingPage: string | null;
  issued: string | null;
  modified: string | null;
  temporal: { start: string | null; end: string | null } | null;
  /** The platform's frequency code, or null. */
  frequency: string | null;
  contact: { name: string | null; email: string } | null;
  restricted: boolean;
  files: HarvestFile[];
  /** What the reader noticed but could keep going with. */
  warnings: Bilingual[];
}

export interface HarvestFile {
  name: string;
  url: string;
  format: string | null;
  mediaType: string | null;
  description: string | null;
  size: number | null;
  modified: string | null;
}

/** A record the reader could not turn into a dataset, with the reason. */
export interface HarvestProblem {
  identifier: string | null;
  message: Bilingual;
}

export type HarvestItem = { record: HarvestRecord } | { problem: HarvestProblem };

/** A stable hash of what the record says, so an unchanged record is not written again. */
export function recordHash(record: HarvestRecord): string {
  const { warnings: _w, ...content } = record;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

const EU_THEME = /data-theme\/([A-Z_]{4})$/;
const EU_FREQUENCY = /frequency\/([A-Z_0-9]+)$/;

/** EU theme codes from codes (JUST), EU URIs or labels; unknown ones are reported, not invented. */
export function themeCodes(values: string[], warnings: Bilingual[]): string[] {
  const out = new Set<string>();
  for (const value of values) {
    const code = EU_THEME.exec(value)?.[1] ?? (THEMES.terms.some((t) => t.code === value.toUpperCase()) ? value.toUpperCase() : matchTerm(THEMES, value));
    if (code && THEMES.terms.some((t) => t.code === code)) out.add(code);
  }
  if (values.length && !out.size) warnings.push({ es: `Ningún tema corresponde a los temas de datos de la UE: ${values.slice(0, 5).join(', ')}.`, en: `No theme matches the EU data themes: ${values.slice(0, 5).join(', ')}.` });
  return [...out];
}

/** ISO 8601 repeating durations (R/P1M), EU frequency URIs, CKAN words (monthly) and Spanish words. */
const ISO_FREQUENCIES: Record<string, string> = {
  'R/PT1S': 'continua', 'R/P1D': 'diaria', 'R/P1W': 'semanal', 'R/P0.5M': 'quincenal', 'R/P2W': 'quincenal', 'R/P1M': 'mensual', 'R/P2M': 'bimestral',
  'R/P3M': 'trimestral', 'R/P4M': 'trimestral', 'R/P6M': 'semestral', 'R/P1Y': 'anual', 'R/P4Y': 'cuatrienal', irregular: 'irregular',
};
const ENGLISH_FREQUENCIES: Record<string, string> = { daily: 'diaria', weekly: 'semanal', monthly: 'mensual', quarterly: 'trimestral', annual: 'anual', annually: 'anual', yearly: 'anual', irregular: 'irregular', continuous: 'continua', never: 'no_aplica' };

export function frequencyCode(value: string | null | undefined): string | null {
  if (!value) return null;
  const eu = EU_FREQUENCY.exec(value)?.[1];
  if (eu) return FREQUENCIES.terms.find((t) => t.uri === eu)?.code ?? null;
  return ISO_FREQUENCIES[value] ?? ENGLISH_FREQUENCIES[value.toLowerCase()] ?? matchTerm(FREQUENCIES, value) ?? null;
}

const LICENCE_PATTERNS: [RegExp, string][] = [
  [/creativecommons\.org\/licenses\/by\/|^cc[- ]?by(-4\.0)?$|attribution 4\.0|atribuci[oó]n 4\.0|^cc-by$/i, 'CC-BY-4.0'],
  [/creativecommons\.org\/licenses\/by-sa\/|^cc[- ]?by[- ]?sa|sharealike|compartir ?igual/i, 'CC-BY-SA-4.0'],
  [/publicdomain\/zero|^cc0|^cc-zero$|public domain|dominio p[uú]blico/i, 'CC0-1.0'],
  [/odbl|open database license/i, 'ODbL-1.0'],
  [/opendatacommons\.org\/licenses\/by|^odc-by|open data commons attribution/i, 'ODC-BY-1.0'],
];

/** The platform's licence for a URI, id or name; unknown licences are reported. */
export function licenceCode(value: string | null | undefined, warnings: Bilingual[]): string | null {
  if (!value) return null;
  const code = LICENCES.terms.find((t) => t.code.toLowerCase() === value.toLowerCase() || t.uri === value)?.code ?? LICENCE_PATTERNS.find(([pattern]) => pattern.test(value))?.[1];
  if (!code) warnings.push({ es: `Licencia no reconocida: «${value}».`, en: `Licence not recognised: "${value}".` });
  return code ?? null;
}

/** A date or date-time as ISO text, or null when it is not one. */
export function isoDate(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const date = new Date(/Z|[+-]\d\d:?\d\d$/.test(value) || value.length <= 10 ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** "2015-01-01/2015-12-31" (DCAT-US temporal), start and end dates only. */
export function temporalRange(value: unknown): { start: string | null; end: string | null } | null {
  if (typeof value !== 'string' || !value.includes('/')) return null;
  const [start, end] = value.split('/').map((part) => isoDate(part)?.slice(0, 10) ?? null);
  return start || end ? { start: start ?? null, end: end ?? null } : null;
}

export const mailto = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().replace(/^mailto:/i, '') : null);

/** The file format from a declared format, a media type or the URL's extension. */
export function formatOf(format: string | null, mediaType: string | null, url: string): string | null {
  const clean = format?.replace(/^.*\//, '').replace(/^\./, '').trim();
  if (clean && !clean.includes(' ') && clean.length <= 10 && !format!.includes('/')) return clean.toUpperCase();
  const byType: Record<string, string> = { 'text/csv': 'CSV', 'application/json': 'JSON', 'application/zip': 'ZIP', 'application/vnd.ms-excel': 'XLS', 'application/pdf': 'PDF', 'text/html': 'HTML', 'application/xml': 'XML', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX' };
  const type = mediaType ?? (format?.includes('/') ? format : null);
  if (type && byType[type.toLowerCase()]) return byType[type.toLowerCase()]!;
  const extension = /\.([a-z0-9]{2,7})(?:[?#].*)?$/i.exec(url)?.[1];
  return extension ? extension.toUpperCase() : null;
}
