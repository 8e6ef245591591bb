import type { TableSchema } from '../table-schema.ts';

/** DuckDB gives big integers as strings: integer and number fields back as JSON numbers when exact. */
export function jsonRows(rows: Record<string, unknown>[], schema: TableSchema): Record<string, unknown>[] {
  const numeric = new Set(schema.fields.filter((f) => f.type === 'integer' || f.type === 'number').map((f) => f.name));
  const asNumber = (v: unknown) => (typeof v === 'string' && Number.isSafeInteger(Number(v)) ? Number(v) : v);
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, numeric.has(k) ? asNumber(v) : v])));
}
