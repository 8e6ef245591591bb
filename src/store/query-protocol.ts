/** Messages between the web process and a query worker (query-pool.ts ⇄ query-worker-child.ts). */

export interface InitMessage {
  type: 'init';
  /** Views the queries may name (untrusted SQL may name nothing else), each over one Parquet file. */
  views: { name: string; file: string }[];
  /** The only directories DuckDB may read, after which external access is disabled and the configuration locked. */
  allowedDirectories: string[];
  memoryLimit: string;
  threads: number;
  /** Where DuckDB may spill (absent: no spilling at all). */
  tempDirectory?: string;
  maxTempSize?: string;
}

export interface QueryMessage {
  type: 'query';
  id: number;
  sql: string;
  params?: unknown[];
  /** Untrusted SQL: one SELECT, naming only the views and no function that reads files, settings or the environment. */
  untrusted: boolean;
  /** Row batches the worker may send before it is granted more. */
  credits: number;
}

export type ParentMessage = InitMessage | QueryMessage | { type: 'more'; id: number; credits: number } | { type: 'cancel'; id: number };

export type Refusal = 'syntax' | 'one_statement' | 'select_only' | 'refused';

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'init_failed'; message: string }
  | { type: 'columns'; id: number; columns: string[] }
  | { type: 'rows'; id: number; rows: Record<string, unknown>[] }
  | { type: 'done'; id: number }
  | { type: 'refused'; id: number; code: Refusal; detail?: string }
  | { type: 'failed'; id: number; message: string; outOfMemory: boolean; interrupted: boolean };
