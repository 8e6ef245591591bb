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

/** Only same-site relative paths are followed after sign-in (no open redirects). */
export function safeNext(next: unknown): string {
  const value = typeof next === 'string' ? next : '';
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

export function nitPath(entityId: string): string {
  return entityId.split('/').pop()!;
}

export const yesNo = (value: boolean, lang: Lang) => (value ? (lang === 'es' ? 'Sí' : 'Yes') : 'No');
