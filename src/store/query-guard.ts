/**
 * What untrusted SQL may not reach, judged on DuckDB's own parse tree (json_serialize_sql): functions that
 * read files, settings, secrets or the environment, or run other SQL; and any table but the published views
 * and the query's own CTEs (so no catalog table shows a view's definition, with its server path).
 */
const REFUSED_FUNCTION = /^(duckdb_|pragma_|read_|parquet_|sniff_|iceberg|delta_|postgres_|sqlite_|mysql_|test_|glob$|current_setting$|getenv$|which_secret$|query$|query_table$|json_execute_serialized_sql$|json_deserialize_sql$|checkpoint$|force_checkpoint$|arrow_scan)/i;

/** How deep a parse tree may go: far beyond any real query, well before a parser's or planner's stack runs out. */
const MAX_DEPTH = 400;

export function refusedReferences(tree: unknown, views: Set<string>): string | undefined {
  const ctes = new Set<string>();
  const tables: { schema: string; name: string }[] = [];
  const functions: string[] = [];
  let deepest = 0;
  const walk = (node: unknown, depth: number) => {
    if (depth > deepest) deepest = depth;
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.function_name === 'string') functions.push(record.function_name);
    if (record.type === 'BASE_TABLE' && typeof record.table_name === 'string') tables.push({ schema: String(record.schema_name ?? ''), name: record.table_name });
    if (record.type === 'TABLE_FUNCTION' && record.function && typeof (record.function as Record<string, unknown>).function_name === 'string') functions.push(String((record.function as Record<string, unknown>).function_name));
    const map = (record.cte_map as { map?: { key?: string }[] } | undefined)?.map;
    if (Array.isArray(map)) for (const entry of map) if (typeof entry?.key === 'string') ctes.add(entry.key.toLowerCase());
    for (const value of Object.values(record)) walk(value, depth + 1);
  };
  walk((tree as { statements?: unknown }).statements ?? tree, 0);
  if (deepest > MAX_DEPTH) return 'nesting';
  const fn = functions.find((f) => REFUSED_FUNCTION.test(f));
  if (fn) return `function:${fn}`;
  const lowered = new Set([...views].map((v) => v.toLowerCase()));
  const table = tables.find((t) => !(['', 'main'].includes(t.schema.toLowerCase()) && (lowered.has(t.name.toLowerCase()) || ctes.has(t.name.toLowerCase()))));
  if (table) return `table:${table.schema ? `${table.schema}.` : ''}${table.name}`;
  return undefined;
}
