import { fold } from '../../core/text.ts';

/**
 * The part of Solr's standard query syntax CKAN clients send in q, fq and fq_list: field:value,
 * field:"a phrase", field:[from TO to] / {from TO to} (with * and NOW, NOW-7DAYS), field:(a OR b),
 * *:*, AND / OR / NOT, + and -, parentheses, trailing * wildcards, and bare words searched in the text.
 * Clauses without an operator must all hold (CKAN's Solr schema sets the default operator to AND).
 */
export type SolrQuery =
  | { kind: 'all' }
  | { kind: 'text'; value: string }
  | { kind: 'term'; field: string; value: string }
  | { kind: 'range'; field: string; from: string | null; to: string | null; inclusive: [boolean, boolean] }
  | { kind: 'not'; query: SolrQuery }
  | { kind: 'and' | 'or'; queries: SolrQuery[] };

/** A searchable record: its full text (folded) and its fields' values. */
export interface SolrDocument {
  text: string;
  fields: Record<string, string[]>;
}

export class SolrSyntaxError extends Error {}

type Token = { type: 'word' | 'phrase' | 'range' | '(' | ')' | ':'; value: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ':') {
      tokens.push({ type: c, value: c });
      i++;
    } else if (c === '"') {
      const end = input.indexOf('"', i + 1);
      if (end < 0) throw new SolrSyntaxError(`unclosed quote at ${i}`);
      tokens.push({ type: 'phrase', value: input.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '[' || c === '{') {
      const end = input.slice(i).search(/[\]}]/);
      if (end < 0) throw new SolrSyntaxError(`unclosed range at ${i}`);
      tokens.push({ type: 'range', value: input.slice(i, i + end + 1) });
      i += end + 1;
    } else {
      let j = i;
      while (j < input.length && !/[\s():"]/.test(input[j]!)) j += input[j] === '\\' ? 2 : 1;
      tokens.push({ type: 'word', value: input.slice(i, j).replace(/\\(.)/g, '$1') });
      i = j;
    }
  }
  return tokens;
}

export function parseSolr(input: string): SolrQuery {
  const tokens = tokenize(input);
  let at = 0;
  const peek = () => tokens[at];
  const isOperator = (t: Token | undefined, op: string) => t?.type === 'word' && t.value === op;

  function parseOr(field: string | null): SolrQuery {
    const queries = [parseAnd(field)];
    while (isOperator(peek(), 'OR') || peek()?.value === '||') {
      at++;
      queries.push(parseAnd(field));
    }
    return queries.length === 1 ? queries[0]! : { kind: 'or', queries };
  }

  function parseAnd(field: string | null): SolrQuery {
    const queries = [parseUnary(field)];
    for (;;) {
      const t = peek();
      if (!t || t.type === ')' || isOperator(t, 'OR') || t.value === '||') break;
      if (isOperator(t, 'AND') || t.value === '&&') at++;
      queries.push(parseUnary(field));
    }
    return queries.length === 1 ? queries[0]! : { kind: 'and', queries };
  }

  function parseUnary(field: string | null): SolrQuery {
    const t = peek();
    if (!t) throw new SolrSyntaxError('unexpected end of query');
    if (isOperator(t, 'NOT') || t.value === '!') {
      at++;
      return { kind: 'not', query: parseUnary(field) };
    }
    if (t.type === 'word' && (t.value.startsWith('-') || t.value.startsWith('+')) && t.value.length > 1) {
      const negate = t.value.startsWith('-');
      t.value = t.value.slice(1);
      const query = parseUnary(field);
      return negate ? { kind: 'not', query } : query;
    }
    if (t.type === 'word' && (t.value === '-' || t.value === '+') && tokens[at + 1]?.type === '(') {
      at++;
      const query = parseUnary(field);
      return t.value === '-' ? { kind: 'not', query } : query;
    }
    return parsePrimary(field);
  }

  function value(field: string | null, token: Token): SolrQuery {
    if (token.type === 'range') {
      const match = /^([[{])\s*(\S+)\s+TO\s+(\S+)\s*([\]}])$/.exec(token.value);
      if (!match || !field) throw new SolrSyntaxError(`invalid range ${token.value}`);
      const bound = (v: string) => (v === '*' ? null : v.replace(/^"|"$/g, ''));
      return { kind: 'range', field, from: bound(match[2]!), to: bound(match[3]!), inclusive: [match[1] === '[', match[4] === ']'] };
    }
    if (field === null) return token.type === 'word' && token.value === '*:*' ? { kind: 'all' } : { kind: 'text', value: token.value };
    return { kind: 'term', field, value: token.value };
  }

  function parsePrimary(field: string | null): SolrQuery {
    const t = tokens[at++]!;
    if (t.type === '(') {
      const inner = parseOr(field);
      if (tokens[at++]?.type !== ')') throw new SolrSyntaxError('missing )');
      return inner;
    }
    if (t.type === ')' || t.type === ':') throw new SolrSyntaxError(`unexpected ${t.value}`);
    if (t.type === 'word' && t.value === '*' && peek()?.type === ':' && tokens[at + 1]?.value === '*') {
      at += 2;
      return { kind: 'all' };
    }
    if (t.type === 'word' && peek()?.type === ':') {
      at++;
      const next = tokens[at++];
      if (!next) throw new SolrSyntaxError(`no value for ${t.value}`);
      if (next.type === '(') {
        const inner = parseOr(t.value);
        if (tokens[at++]?.type !== ')') throw new SolrSyntaxError('missing )');
        return inner;
      }
      if (next.type === ')' || next.type === ':') throw new SolrSyntaxError(`no value for ${t.value}`);
      return value(t.value, next);
    }
    return value(field, t);
  }

  if (!tokens.length) return { kind: 'all' };
  const query = parseOr(null);
  if (at < tokens.length) throw new SolrSyntaxError(`unexpected ${tokens[at]!.value}`);
  return query;
}

/** NOW, NOW-7DAYS, NOW/DAY: Solr date math, enough for metadata_modified ranges. */
function resolveDate(value: string, now: Date): string {
  const match = /^NOW(?:([+-])(\d+)(YEARS?|MONTHS?|DAYS?|HOURS?|MINUTES?))?(?:\/(DAY|HOUR|MONTH|YEAR))?$/.exec(value);
  if (!match) return value;
  const date = new Date(now);
  if (match[1]) {
    const n = Number(match[2]) * (match[1] === '-' ? -1 : 1);
    const unit = match[3]!.replace(/S$/, '');
    if (unit === 'YEAR') date.setUTCFullYear(date.getUTCFullYear() + n);
    else if (unit === 'MONTH') date.setUTCMonth(date.getUTCMonth() + n);
    else date.setTime(date.getTime() + n * { DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000 }[unit as 'DAY' | 'HOUR' | 'MINUTE']);
  }
  if (match[4] === 'DAY') date.setUTCHours(0, 0, 0, 0);
  return date.toISOString();
}

function matchesValue(candidate: string, pattern: string): boolean {
  const a = fold(candidate);
  const b = fold(pattern);
  if (b.endsWith('*')) return a.startsWith(b.slice(0, -1));
  return a === b;
}

function inRange(candidate: string, from: string | null, to: string | null, inclusive: [boolean, boolean]): boolean {
  const numeric = [candidate, from, to].every((v) => v === null || (v !== '' && Number.isFinite(Number(v))));
  const cmp = (x: string, y: string) => (numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0);
  if (from !== null && (inclusive[0] ? cmp(candidate, from) < 0 : cmp(candidate, from) <= 0)) return false;
  if (to !== null && (inclusive[1] ? cmp(candidate, to) > 0 : cmp(candidate, to) >= 0)) return false;
  return true;
}

export function matchesSolr(query: SolrQuery, doc: SolrDocument, now: Date): boolean {
  switch (query.kind) {
    case 'all':
      return true;
    case 'text': {
      const word = fold(query.value).replace(/\*$/, '');
      return !word || doc.text.includes(word);
    }
    case 'term':
      if (query.field === 'text') return matchesSolr({ kind: 'text', value: query.value }, doc, now);
      return (doc.fields[query.field] ?? []).some((v) => matchesValue(v, query.value));
    case 'range': {
      const from = query.from === null ? null : resolveDate(query.from, now);
      const to = query.to === null ? null : resolveDate(query.to, now);
      return (doc.fields[query.field] ?? []).some((v) => inRange(v, from, to, query.inclusive));
    }
    case 'not':
      return !matchesSolr(query.query, doc, now);
    case 'and':
      return query.queries.every((q) => matchesSolr(q, doc, now));
    case 'or':
      return query.queries.some((q) => matchesSolr(q, doc, now));
  }
}
