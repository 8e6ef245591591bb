import { sql } from 'kysely';
import { words } from '../core/text.ts';
import type { Db } from '../store/database.ts';

/** From what a person typed to what PostgreSQL's text search understands. */

/**
 * Replaces each word unknown to the index by the most similar indexed word (trigram similarity), and says
 * how many words were unknown. Short words and numbers are kept as typed.
 */
export async function correctWords(db: Db, tokens: string[]): Promise<{ corrected: string[]; unknown: number }> {
  const rows = await sql<{ token: string; known: boolean; best: string | null }>`
    SELECT k.token, k.known, CASE WHEN k.known THEN NULL ELSE
      (SELECT w.word FROM search_words w WHERE w.word % k.token ORDER BY similarity(w.word, k.token) DESC, w.word LIMIT 1) END AS best
    FROM (SELECT t.token, t.n, (length(t.token) < 4 OR t.token ~ '^[0-9]+$' OR EXISTS (SELECT 1 FROM search_words w WHERE w.word = t.token)) AS known
          FROM unnest(${tokens}::text[]) WITH ORDINALITY AS t(token, n)) k
    ORDER BY k.n`.execute(db);
  return {
    corrected: rows.rows.map((r) => (r.known ? r.token : r.best ?? r.token)),
    unknown: rows.rows.filter((r) => !r.known).length,
  };
}

export async function hasLexemes(db: Db, tsquery: string): Promise<boolean> {
  const row = await sql<{ n: number }>`SELECT numnode(to_tsquery('es_unaccent', ${tsquery})) AS n`.execute(db);
  return Number(row.rows[0]!.n) > 0;
}

/** Turns free text into a tsquery: every word must match, each as a prefix (so "presup" finds "presupuesto"). */
export function toPrefixQuery(text: string): string | undefined {
  const tokens = words(text).filter((w) => w.length > 0).slice(0, 12);
  if (tokens.length === 0) return undefined;
  return tokens.map((t) => `${t}:*`).join(' & ');
}
