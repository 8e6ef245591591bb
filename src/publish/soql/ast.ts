/** SoQL's syntax tree. Every node keeps the offset where it starts, for Socrata-style error positions. */
export type Expr =
  | { kind: 'column'; name: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'boolean'; value: boolean; pos: number }
  | { kind: 'null'; pos: number }
  | { kind: 'star'; pos: number }
  | { kind: 'call'; name: string; args: Expr[]; distinct: boolean; pos: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: number }
  | { kind: 'not'; operand: Expr; pos: number }
  | { kind: 'negate'; operand: Expr; pos: number }
  | { kind: 'isnull'; operand: Expr; negated: boolean; pos: number }
  | { kind: 'between'; operand: Expr; low: Expr; high: Expr; negated: boolean; pos: number }
  | { kind: 'in'; operand: Expr; list: Expr[]; negated: boolean; pos: number }
  | { kind: 'like'; operand: Expr; pattern: Expr; negated: boolean; pos: number }
  | { kind: 'cast'; operand: Expr; type: string; pos: number };

export type BinaryOp = 'AND' | 'OR' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '||';

export interface Selection {
  expr: Expr;
  alias?: string;
}

export interface Ordering {
  expr: Expr;
  descending: boolean;
  nullsFirst?: boolean;
}

/** One query, whether it came as $select/$where/… parameters or as one $query. */
export interface SoqlQuery {
  select?: Selection[];
  where?: Expr;
  group?: Expr[];
  having?: Expr;
  order?: Ordering[];
  limit?: number;
  offset?: number;
  search?: string;
}
