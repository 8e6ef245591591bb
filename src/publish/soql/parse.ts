import type { BinaryOp, Expr, Ordering, Selection, SoqlQuery } from './ast.ts';
import { SoqlError } from './errors.ts';

type Token =
  | { t: 'ident'; v: string; pos: number; quoted: boolean }
  | { t: 'string'; v: string; pos: number }
  | { t: 'number'; v: number; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'end'; pos: number };

const OPERATORS = ['::', '<>', '!=', '<=', '>=', '||', '=', '<', '>', '+', '-', '*', '/', '%', '(', ')', ','];

function tokenize(text: string, parameter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (pos: number, es: string, en: string): never => {
    throw new SoqlError('query.soql.invalid-token', { es, en }, text, pos, parameter);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) fail(start, 'Texto sin comilla de cierre', 'Unterminated string');
        if (text[i] === "'") {
          if (text[i + 1] === "'") { value += "'"; i += 2; continue; }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ t: 'string', v: value, pos: start });
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) fail(start, 'Nombre entre ` sin cierre', 'Unterminated `quoted` name');
      tokens.push({ t: 'ident', v: text.slice(i + 1, end), pos: start, quoted: true });
      i = end + 1;
      continue;
    }
    const number = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    if (number) {
      tokens.push({ t: 'number', v: Number(number[0]), pos: start });
      i += number[0].length;
      continue;
    }
    const word = /^:?[A-Za-z_@][A-Za-z0-9_]*/.exec(text.slice(i));
    if (word) {
      tokens.push({ t: 'ident', v: word[0], pos: start, quoted: false });
      i += word[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ t: 'op', v: op, pos: start });
      i += op.length;
      continue;
    }
    fail(start, `Carácter inesperado «${c}»`, `Unexpected character "${c}"`);
  }
  tokens.push({ t: 'end', pos: text.length });
  return tokens;
}

const CLAUSE_WORDS = new Set(['SELECT', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'SEARCH']);

/** A recursive-descent parser over one parameter's text. */
class Parser {
  private i = 0;
  private readonly tokens: Token[];

  constructor(readonly text: string, readonly parameter: string) {
    this.tokens = tokenize(text, parameter);
  }

  private get token(): Token {
    return this.tokens[this.i]!;
  }

  fail(pos: number, es: string, en: string, code = 'query.soql.unexpected-token'): never {
    throw new SoqlError(code, { es, en }, this.text, pos, this.parameter);
  }

  private describe(token: Token): string {
    return token.t === 'end' ? 'end of input' : token.t === 'string' ? `'${token.v}'` : String(token.v);
  }

  private unexpected(expected: { es: string; en: string }): never {
    const tok = this.token;
    return this.fail(tok.pos, `Se esperaba ${expected.es}, pero se encontró ${tok.t === 'end' ? 'el final' : `«${this.describe(tok)}»`}`, `Expected ${expected.en}, but got ${this.describe(tok)}`);
  }

  keyword(word: string): boolean {
    const tok = this.token;
    if (tok.t === 'ident' && !tok.quoted && tok.v.toUpperCase() === word) {
      this.i++;
      return true;
    }
    return false;
  }

  peekKeyword(word: string, ahead = 0): boolean {
    const tok = this.tokens[this.i + ahead];
    return tok?.t === 'ident' && !tok.quoted && tok.v.toUpperCase() === word;
  }

  op(value: string): boolean {
    if (this.token.t === 'op' && this.token.v === value) {
      this.i++;
      return true;
    }
    return false;
  }

  expectOp(value: string): void {
    if (!this.op(value)) this.unexpected({ es: `«${value}»`, en: `"${value}"` });
  }

  expectKeyword(word: string): void {
    if (!this.keyword(word)) this.unexpected({ es: word, en: word });
  }

  atEnd(): boolean {
    return this.token.t === 'end';
  }

  expectEnd(): void {
    if (!this.atEnd()) this.unexpected({ es: 'el final de la expresión', en: 'end of expression' });
  }

  atClause(): boolean {
    return this.token.t === 'ident' && !this.token.quoted && CLAUSE_WORDS.has(this.token.v.toUpperCase());
  }

  expression(): Expr {
    return this.or();
  }

  private or(): Expr {
    let left = this.and();
    for (let pos = this.token.pos; this.keyword('OR'); pos = this.token.pos) left = { kind: 'binary', op: 'OR', left, right: this.and(), pos };
    return left;
  }

  private and(): Expr {
    let left = this.not();
    for (let pos = this.token.pos; this.keyword('AND'); pos = this.token.pos) left = { kind: 'binary', op: 'AND', left, right: this.not(), pos };
    return left;
  }

  private not(): Expr {
    const pos = this.token.pos;
    if (this.keyword('NOT')) return { kind: 'not', operand: this.not(), pos };
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.concat();
    const pos = this.token.pos;
    for (const op of ['=', '!=', '<>', '<=', '>=', '<', '>']) {
      if (this.op(op)) return { kind: 'binary', op: (op === '<>' ? '!=' : op) as BinaryOp, left, right: this.concat(), pos };
    }
    if (this.keyword('IS')) {
      const negated = this.keyword('NOT');
      this.expectKeyword('NULL');
      return { kind: 'isnull', operand: left, negated, pos };
    }
    const negated = this.peekKeyword('NOT') && (this.peekKeyword('BETWEEN', 1) || this.peekKeyword('IN', 1) || this.peekKeyword('LIKE', 1));
    if (negated) this.i++;
    if (this.keyword('BETWEEN')) {
      const low = this.concat();
      this.expectKeyword('AND');
      return { kind: 'between', operand: left, low, high: this.concat(), negated, pos };
    }
    if (this.keyword('IN')) {
      this.expectOp('(');
      const list = [this.expression()];
      while (this.op(',')) list.push(this.expression());
      this.expectOp(')');
      return { kind: 'in', operand: left, list, negated, pos };
    }
    if (this.keyword('LIKE')) return { kind: 'like', operand: left, pattern: this.concat(), negated, pos };
    return left;
  }

  private concat(): Expr {
    let left = this.additive();
    for (let pos = this.token.pos; this.op('||'); pos = this.token.pos) left = { kind: 'binary', op: '||', left, right: this.additive(), pos };
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const pos = this.token.pos;
      const op = this.op('+') ? '+' : this.op('-') ? '-' : undefined;
      if (!op) return left;
      left = { kind: 'binary', op, left, right: this.multiplicative(), pos };
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const pos = this.token.pos;
      const op = this.op('*') ? '*' : this.op('/') ? '/' : this.op('%') ? '%' : undefined;
      if (!op) return left;
      left = { kind: 'binary', op, left, right: this.unary(), pos };
    }
  }

  private unary(): Expr {
    const pos = this.token.pos;
    if (this.op('-')) return { kind: 'negate', operand: this.unary(), pos };
    if (this.op('+')) return this.unary();
    let expr = this.primary();
    while (this.token.t === 'op' && this.token.v === '::') {
      const castPos = this.token.pos;
      this.i++;
      const type: Token = this.tokens[this.i]!;
      if (type.t !== 'ident') this.unexpected({ es: 'un tipo (text, number…)', en: 'a type (text, number…)' });
      this.i++;
      expr = { kind: 'cast', operand: expr, type: String(type.v).toLowerCase(), pos: castPos };
    }
    return expr;
  }

  private primary(): Expr {
    const tok = this.token;
    if (tok.t === 'string') { this.i++; return { kind: 'string', value: tok.v, pos: tok.pos }; }
    if (tok.t === 'number') { this.i++; return { kind: 'number', value: tok.v, pos: tok.pos }; }
    if (tok.t === 'op' && tok.v === '(') {
      this.i++;
      const inner = this.expression();
      this.expectOp(')');
      return inner;
    }
    if (tok.t === 'op' && tok.v === '*') { this.i++; return { kind: 'star', pos: tok.pos }; }
    if (tok.t === 'ident') {
      this.i++;
      if (!tok.quoted) {
        const upper = tok.v.toUpperCase();
        if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'boolean', value: upper === 'TRUE', pos: tok.pos };
        if (upper === 'NULL') return { kind: 'null', pos: tok.pos };
        if (this.op('(')) {
          const distinct = this.keyword('DISTINCT');
          const args: Expr[] = [];
          if (!this.op(')')) {
            args.push(this.expression());
            while (this.op(',')) args.push(this.expression());
            this.expectOp(')');
          }
          return { kind: 'call', name: tok.v.toLowerCase(), args, distinct, pos: tok.pos };
        }
      }
      return { kind: 'column', name: tok.v, pos: tok.pos };
    }
    return this.unexpected({ es: 'un valor, una columna o una función', en: 'a value, a column or a function' });
  }

  selections(): Selection[] {
    const list: Selection[] = [];
    do {
      const expr = this.expression();
      let alias: string | undefined;
      if (this.keyword('AS')) {
        const tok = this.token;
        if (tok.t !== 'ident') this.unexpected({ es: 'un alias', en: 'an alias' });
        alias = String(tok.v);
        this.i++;
      }
      list.push(alias ? { expr, alias } : { expr });
    } while (this.op(','));
    return list;
  }

  orderings(): Ordering[] {
    const list: Ordering[] = [];
    do {
      const expr = this.expression();
      const descending = this.keyword('DESC') ? true : (this.keyword('ASC'), false);
      const ordering: Ordering = { expr, descending };
      if (this.keyword('NULL') || this.keyword('NULLS')) {
        if (this.keyword('FIRST')) ordering.nullsFirst = true;
        else { this.expectKeyword('LAST'); ordering.nullsFirst = false; }
      }
      list.push(ordering);
    } while (this.op(','));
    return list;
  }

  expressions(): Expr[] {
    const list = [this.expression()];
    while (this.op(',')) list.push(this.expression());
    return list;
  }

  integer(): number {
    const tok = this.token;
    if (tok.t !== 'number' || !Number.isInteger(tok.v) || tok.v < 0) this.unexpected({ es: 'un entero no negativo', en: 'a non-negative integer' });
    this.i++;
    return (tok as { v: number }).v;
  }

  stringLiteral(): string {
    const tok = this.token;
    if (tok.t !== 'string') this.unexpected({ es: 'un texto entre comillas', en: 'a quoted string' });
    this.i++;
    return (tok as { v: string }).v;
  }
}

function whole<T>(text: string, parameter: string, read: (p: Parser) => T): T {
  const parser = new Parser(text, parameter);
  if (parser.atEnd()) parser.fail(0, 'El parámetro está vacío', 'The parameter is empty', 'query.soql.empty');
  const value = read(parser);
  parser.expectEnd();
  return value;
}

function nonNegative(raw: string, parameter: string): number {
  if (!/^\d{1,15}$/.test(raw.trim())) {
    throw new SoqlError('query.soql.invalid-integer', { es: `${parameter} debe ser un entero no negativo`, en: `${parameter} must be a non-negative integer` }, raw, 0, parameter);
  }
  return Number(raw.trim());
}

/** The SODA query parameters ($select, $where, …) as one query. */
export function parseParameters(params: Record<string, string | undefined>): SoqlQuery {
  const query: SoqlQuery = {};
  if (params.$select !== undefined) query.select = whole(params.$select, '$select', (p) => p.selections());
  if (params.$where !== undefined) query.where = whole(params.$where, '$where', (p) => p.expression());
  if (params.$group !== undefined) query.group = whole(params.$group, '$group', (p) => p.expressions());
  if (params.$having !== undefined) query.having = whole(params.$having, '$having', (p) => p.expression());
  if (params.$order !== undefined) query.order = whole(params.$order, '$order', (p) => p.orderings());
  if (params.$limit !== undefined) query.limit = nonNegative(params.$limit, '$limit');
  if (params.$offset !== undefined) query.offset = nonNegative(params.$offset, '$offset');
  if (params.$q !== undefined && params.$q.trim() !== '') query.search = params.$q;
  return query;
}

/** A whole query in SoQL's SQL-like form: SELECT … WHERE … GROUP BY … HAVING … ORDER BY … LIMIT … OFFSET … SEARCH '…'. */
export function parseQuery(text: string): SoqlQuery {
  const p = new Parser(text, '$query');
  const query: SoqlQuery = {};
  if (p.keyword('SELECT')) query.select = p.selections();
  if (p.keyword('WHERE')) query.where = p.expression();
  if (p.keyword('GROUP')) { p.expectKeyword('BY'); query.group = p.expressions(); }
  if (p.keyword('HAVING')) query.having = p.expression();
  if (p.keyword('ORDER')) { p.expectKeyword('BY'); query.order = p.orderings(); }
  if (p.keyword('LIMIT')) query.limit = p.integer();
  if (p.keyword('OFFSET')) query.offset = p.integer();
  if (p.keyword('SEARCH')) query.search = p.stringLiteral();
  p.expectEnd();
  return query;
}
