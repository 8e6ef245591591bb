import type { Lang } from '../core/i18n.ts';

/** Builds a URL from a path and query parameters, keeping repeated values and dropping empty ones. */
export function href(path: string, params: Record<string, string | number | string[] | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) search.append(key, String(v));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/**
 * Only same-site paths are followed after sign-in or a language switch (no open redirects): browsers drop tabs
 * and newlines and read a backslash as a slash, so "/\t/evil.example" or "/\\evil.example" would leave the site.
 */
export function safeNext(next: unknown): string {
  const value = typeof next === 'string' ? next : '';
  if (!value.startsWith('/') || value.length > 2000 || /[\u0000-\u001f\u007f\\\s]/.test(value)) return '/';
  try {
    const url = new URL(value, 'http://same.invalid');
    return url.origin === 'http://same.invalid' && !value.startsWith('//') ? url.pathname + url.search + url.hash : '/';
  } catch {
    return '/';
  }
}

export function nitPath(entityId: string): string {
  return entityId.split('/').pop()!;
}

export const yesNo = (value: boolean, lang: Lang) => (value ? (lang === 'es' ? 'Sí' : 'Yes') : 'No');
