import type { Actor } from '../core/actor.ts';
import type { Bilingual } from '../core/errors.ts';
import { format, type Lang } from '../core/i18n.ts';

/** What every page component needs to know about the request it renders. */
export interface PageContext {
  lang: Lang;
  actor: Actor;
  csrf: string;
  /** Path and query of the current page, for the language switch and sign-in redirects. */
  url: string;
  t(text: Bilingual, params?: Record<string, string | number>): string;
}

export function pageContext(lang: Lang, actor: Actor, csrf: string, url: string): PageContext {
  return { lang, actor, csrf, url, t: (text, params) => format(text[lang], params) };
}
