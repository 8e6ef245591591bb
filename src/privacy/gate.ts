import type { DuckDBConnection } from '@duckdb/node-api';
import type { Bilingual, ErrorDetail } from '../core/errors.ts';
import { ident } from '../store/duckdb.ts';
import type { Source } from '../publish/sources.ts';
import type { Field } from '../publish/table-schema.ts';
import { detectPersonalData, KIND_LABELS, type ColumnReport, type Role } from './detect.ts';

/** Records read for the scan: a reservoir sample, the same every time for the same file. */
export const SCAN_SAMPLE = 5000;

export interface ColumnDecision {
  /** The role the steward confirmed or changed. */
  role: Role;
  /**
   * Drop the column from the release, replace its values by keyed pseudonyms (direct identifiers), or keep it
   * (with a legal justification when it holds personal data).
   */
  action: 'keep' | 'drop' | 'pseudonymize';
  justification?: string;
  decided_by?: string;
  decided_at?: string;
}

export interface UploadPrivacy {
  sampled: number;
  columns: (ColumnReport & { name: string })[];
  decisions: Record<string, ColumnDecision>;
}

/** Scans a sample of the upload's rows (every column as text) for personal data. */
export async function scanSource(connection: DuckDBConnection, source: Source): Promise<UploadPrivacy> {
  const columns = source.columns.filter((c) => c.fieldType !== 'geojson');
  if (!columns.length) return { sampled: 0, columns: [], decisions: {} };
  const rows = (await connection.runAndReadAll(`SELECT ${columns.map((c) => `CAST(${ident(c.name)} AS VARCHAR)`).join(', ')} FROM ${source.relation} USING SAMPLE reservoir(${SCAN_SAMPLE} ROWS) REPEATABLE (7)`))
    .getRowsJson().map((row) => (row as unknown[]).map((v) => (v === null || v === undefined ? '' : String(v))));
  const reports = detectPersonalData(columns.map((c) => c.title), rows);
  return { sampled: rows.length, columns: reports.map((r, i) => ({ ...r, name: columns[i]!.name })), decisions: {} };
}

const protectedRole = (role: Role) => role === 'identifier' || role === 'sensitive';

export const roleOf = (privacy: UploadPrivacy, name: string): Role => privacy.decisions[name]?.role ?? privacy.columns.find((c) => c.name === name)?.role ?? 'other';

/**
 * The publication gate: an open release may not hold direct identifiers or sensitive data. Each such column
 * must be dropped, or kept with a legal justification (which the ledger records). Restricted datasets pass.
 */
export function gateProblems(privacy: UploadPrivacy | null, accessLevel: 'public' | 'restricted'): ErrorDetail[] {
  if (!privacy || accessLevel !== 'public') return [];
  return privacy.columns.flatMap((column) => {
    const decision = privacy.decisions[column.name];
    const role = roleOf(privacy, column.name);
    const resolved = decision?.action === 'drop' || Boolean(decision?.justification) || (role === 'identifier' && decision?.action === 'pseudonymize');
    if (!protectedRole(role) || resolved) return [];
    const what: Bilingual = column.findings[0] ? KIND_LABELS[column.findings[0].kind] : column.sensitive ? { es: 'dato sensible', en: 'sensitive data' } : { es: 'datos personales', en: 'personal data' };
    return [{
      field: column.name,
      message: {
        es: `«${column.column}» contiene ${what.es.toLowerCase()}: quítela, seudonimícela${role === 'identifier' ? '' : ' (solo identificadores)'}, anonimícela o registre la justificación legal para publicarla abierta.`,
        en: `"${column.column}" holds ${what.en.toLowerCase()}: drop it, pseudonymize it${role === 'identifier' ? '' : ' (identifiers only)'}, anonymize it, or record the legal justification to publish it openly.`,
      },
    }];
  });
}

/** Columns to publish as keyed pseudonyms. */
export const pseudonymized = (privacy: UploadPrivacy | null): string[] => Object.entries(privacy?.decisions ?? {}).filter(([, d]) => d.action === 'pseudonymize').map(([name]) => name);

/** The release's fields: the schema's, without the columns the steward dropped. */
export function keptFields(fields: Field[], privacy: UploadPrivacy | null): Field[] {
  return privacy ? fields.filter((f) => privacy.decisions[f.name]?.action !== 'drop') : fields;
}
