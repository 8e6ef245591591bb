/** Lower case without diacritics, as PostgreSQL's unaccent would give for Spanish text. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * A byte-comparable sort key for Spanish collation: case and accents ignored, ñ after n and
 * before o. Sorting it with COLLATE "C" gives the same order on PGlite (no ICU) and PostgreSQL.
 */
export function spanishSortKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ñ/g, 'n\u007f')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}\u007f]+/gu, ' ')
    .trim();
}

/** Words of a text, folded, for search queries and header matching. */
export function words(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
