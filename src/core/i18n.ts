import type { Bilingual } from './errors.ts';

export type Lang = 'es' | 'en';
export const LANGS: readonly Lang[] = ['es', 'en'];
export const DEFAULT_LANG: Lang = 'es';

export function isLang(value: unknown): value is Lang {
  return value === 'es' || value === 'en';
}

/** Picks the language from an Accept-Language header; Spanish unless English is preferred. */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return DEFAULT_LANG;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('es')) return 'es';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LANG;
}

/**
 * Fills `{name}` placeholders, and `{name|singular|plural}` by the number in `name`
 * ("{n} {n|activo|activos}" → "1 activo", "1.250 activos").
 */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (whole, name: string, one: string, many: string) => {
      if (!(name in params)) return whole;
      const value = params[name]!;
      const n = typeof value === 'number' ? value : Number(String(value).replace(/[^\d]/g, ''));
      return n === 1 ? one : many;
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function pick(text: Bilingual, lang: Lang, params?: Record<string, string | number>): string {
  return format(text[lang], params);
}

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  es: new Intl.NumberFormat('es-CO'),
  en: new Intl.NumberFormat('en-US'),
};

export function formatNumber(n: number, lang: Lang): string {
  return numberFormats[lang].format(n);
}

export function formatDate(value: string | Date | null | undefined, lang: Lang, withTime = false): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-CO' : 'en-GB', {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: 'short' } : {}),
    timeZone: withTime ? 'America/Bogota' : 'UTC',
  }).format(date);
}
