import type { SparqlBinding } from './sparql-protocol.ts';

/** SPARQL 1.1 result formats for SELECT and ASK, by short name. */
export const RESULT_FORMATS = {
  json: 'application/sparql-results+json',
  xml: 'application/sparql-results+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
} as const;
export type ResultFormat = keyof typeof RESULT_FORMATS;

type Term = SparqlBinding[string];

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function xmlTerm(term: Term): string {
  if (term.type === 'uri') return `<uri>${xml(term.value)}</uri>`;
  if (term.type === 'bnode') return `<bnode>${xml(term.value)}</bnode>`;
  const attribute = term['xml:lang'] ? ` xml:lang="${xml(term['xml:lang'])}"` : term.datatype ? ` datatype="${xml(term.datatype)}"` : '';
  return `<literal${attribute}>${xml(term.value)}</literal>`;
}

/** A term as CSV writes it: the plain value (SPARQL 1.1 CSV drops datatypes and languages). */
function csvField(term: Term | undefined): string {
  if (!term) return '';
  const value = term.type === 'bnode' ? `_:${term.value}` : term.value;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const escapeLiteral = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');

/** A term as TSV writes it: Turtle/N-Triples syntax. */
function tsvField(term: Term | undefined): string {
  if (!term) return '';
  if (term.type === 'uri') return `<${term.value}>`;
  if (term.type === 'bnode') return `_:${term.value}`;
  const literal = `"${escapeLiteral(term.value)}"`;
  if (term['xml:lang']) return `${literal}@${term['xml:lang']}`;
  return term.datatype && term.datatype !== 'http://www.w3.org/2001/XMLSchema#string' ? `${literal}^^<${term.datatype}>` : literal;
}

export function serializeBindings(vars: string[], bindings: SparqlBinding[], format: ResultFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ head: { vars }, results: { bindings } });
    case 'xml':
      return `<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>${vars.map((v) => `<variable name="${xml(v)}"/>`).join('')}</head>\n<results>\n${bindings
        .map((b) => `<result>${vars.filter((v) => b[v]).map((v) => `<binding name="${xml(v)}">${xmlTerm(b[v]!)}</binding>`).join('')}</result>`).join('\n')}\n</results>\n</sparql>\n`;
    case 'csv':
      return [vars.join(','), ...bindings.map((b) => vars.map((v) => csvField(b[v])).join(','))].join('\r\n') + '\r\n';
    case 'tsv':
      return [vars.map((v) => `?${v}`).join('\t'), ...bindings.map((b) => vars.map((v) => tsvField(b[v])).join('\t'))].join('\n') + '\n';
  }
}

/** ASK answers exist in JSON and XML only (SPARQL 1.1 defines no CSV/TSV boolean). */
export function serializeBoolean(value: boolean, format: 'json' | 'xml'): string {
  if (format === 'json') return JSON.stringify({ head: {}, boolean: value });
  return `<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head/>\n<boolean>${value}</boolean>\n</sparql>\n`;
}
