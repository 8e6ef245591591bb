import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps: written as Date or ISO text, read as Date. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface DivipolaTable {
  code: string;
  kind: 'department' | 'municipality';
  name: string;
  department_code: string;
  municipality_type: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** One row per reference list the national data office has loaded (today DIVIPOLA's municipalities). */
export interface CodeListLoadsTable {
  name: string;
  rows: number;
  sha256: string | null;
  file_name: string | null;
  loaded_by: string;
  loaded_at: Timestamp;
}

export interface EntitiesTable {
  id: string;
  nit: string;
  check_digit: number;
  member_class: string;
  name: string;
  acronym: string | null;
  sector: string;
  orden: 'nacional' | 'territorial';
  department_code: string;
  municipality_code: string | null;
  website: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  description: string | null;
  sort_key: string;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PeopleTable {
  id: string;
  email: string;
  name: string;
  entity_id: string;
  roles: string[];
  password_hash: string | null;
  disabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  person_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ApiTokensTable {
  id: string;
  person_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AssetsTable {
  id: string;
  entity_id: string;
  code: string | null;
  title: string;
  title_key: string;
  description: string;
  language: string;
  medium: 'fisico' | 'electronico' | 'ambos';
  formats: string[];
  availability: 'publicada' | 'disponible';
  published_where: string | null;
  link: string | null;
  producer: string | null;
  owner: string | null;
  generated_on: string | null;
  update_frequency: string | null;
  legal_class: 'publica' | 'clasificada' | 'reservada';
  exception_ground: string | null;
  exception_norm: string | null;
  exception_scope: 'total' | 'parcial' | null;
  classified_on: string | null;
  exception_until: string | null;
  personal_data_class: 'ninguno' | 'publico' | 'semiprivado' | 'privado' | 'sensible';
  children_data: boolean;
  themes: string[];
  keywords: string[];
  spatial: string[];
  temporal_start: string | null;
  temporal_end: string | null;
  licence: string | null;
  contact_name: string | null;
  contact_email: string | null;
  /** The Ley 1712 or Ley 1581 class was left blank and assumed, until the steward confirms it. */
  classification_assumed: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
  updated_by: string | null;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface CatalogChangesTable {
  id: Generated<number>;
  subject_type: 'entity' | 'asset' | 'person';
  subject_id: string;
  entity_id: string | null;
  version: number | null;
  action: 'create' | 'update' | 'delete';
  actor_id: string | null;
  actor_label: string;
  at: Timestamp;
  changes: Json<FieldChange[]>;
  reason: string | null;
}

export interface SearchDocumentsTable {
  doc_type: 'asset' | 'dataset';
  ref_id: string;
  entity_id: string;
  title: string;
  summary: string;
  keywords: string;
  body: string;
  sort_key: string;
  sector: string | null;
  department_code: string | null;
  themes: string[];
  formats: string[];
  legal_class: string | null;
  licence: string | null;
  is_public: boolean;
  updated_at: Timestamp;
  tsv: ColumnType<string, never, never>;
}

export interface SearchWordsTable {
  word: string;
}

export interface SearchStateTable {
  id: number;
  version: number;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobsTable {
  id: string;
  kind: string;
  status: JobStatus;
  payload: Json<unknown>;
  result: Json<unknown> | null;
  error: Json<unknown> | null;
  progress_done: Generated<number>;
  progress_total: number | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_after: Timestamp;
  locked_by: string | null;
  heartbeat_at: Timestamp | null;
  entity_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface LedgerStateTable {
  id: number;
  size: number;
  root: Buffer;
  updated_at: Timestamp;
  /** The verifier key of the log's signer, recorded by the first checkpoint. */
  verifier_key: string | null;
}

export interface LedgerEntriesTable {
  idx: number;
  leaf_hash: Buffer;
  data: string;
  type: string;
  entity_id: string | null;
  subject: string;
  actor: string;
  created_at: Timestamp;
  content_hashes: string[];
}

export interface LedgerTilesTable {
  level: number;
  idx: number;
  width: number;
  hashes: Buffer;
}

export interface LedgerCheckpointsTable {
  size: number;
  root: Buffer;
  note: string;
  created_at: Timestamp;
}

export interface LedgerWitnessesTable {
  name: string;
  entity_id: string;
  public_key: Buffer;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface LedgerCosignaturesTable {
  size: number;
  witness: string;
  signed_at: number;
  line: string;
  created_at: Timestamp;
}

export interface Database {
  divipola: DivipolaTable;
  code_list_loads: CodeListLoadsTable;
  entities: EntitiesTable;
  people: PeopleTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  assets: AssetsTable;
  catalog_changes: CatalogChangesTable;
  search_documents: SearchDocumentsTable;
  search_words: SearchWordsTable;
  search_state: SearchStateTable;
  jobs: JobsTable;
  ledger_state: LedgerStateTable;
  ledger_entries: LedgerEntriesTable;
  ledger_tiles: LedgerTilesTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  ledger_witnesses: LedgerWitnessesTable;
  ledger_cosignatures: LedgerCosignaturesTable;
  datasets: DatasetsTable;
  dataset_uploads: DatasetUploadsTable;
  releases: ReleasesTable;
  quality_reports: QualityReportsTable;
  release_validations: ReleaseValidationsTable;
  link_checks: LinkChecksTable;
  dataset_usage: DatasetUsageTable;
  quality_rules: QualityRulesTable;
  dp_budgets: DpBudgetsTable;
  harvest_sources: HarvestSourcesTable;
  disputes: DisputesTable;
  agreements: AgreementsTable;
  accountability_records: AccountabilityRecordsTable;
  norms: NormsTable;
  exchange_clients: ExchangeClientsTable;
  access_requests: AccessRequestsTable;
  grants: GrantsTable;
  exchange_accesses: ExchangeAccessesTable;
  standards: StandardsTable;
  standard_versions: StandardVersionsTable;
  conformance_checks: ConformanceChecksTable;
  harvest_runs: HarvestRunsTable;
  dp_queries: DpQueriesTable;
}

export type EntityRow = Selectable<EntitiesTable>;
export type AssetRow = Selectable<AssetsTable>;
export type NewAssetRow = Insertable<AssetsTable>;
export type AssetUpdate = Updateable<AssetsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type JobRow = Selectable<JobsTable>;

export interface DatasetsTable {
  id: string;
  entity_id: string;
  asset_id: string | null;
  title: string;
  description: Generated<string>;
  keywords: Generated<string[]>;
  themes: Generated<string[]>;
  licence: string | null;
  access_level: Generated<'public' | 'restricted'>;
  current_release: number | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
  created_by: string | null;
  /** 'active', or 'deleted' when withdrawn (its releases stay in the record). */
  state: Generated<'active' | 'deleted'>;
  /** Files kept by the dataset's source, published as links (harvested catalogs, CKAN link resources). */
  links: ColumnType<DatasetLink[], string | undefined, string>;
  /** What a harvested record says beyond our fields: its landing page, temporal and spatial coverage, source identifiers. */
  extra: ColumnType<Record<string, unknown>, string | undefined, string>;
  harvest_source_id: number | null;
  harvest_identifier: string | null;
  harvest_hash: string | null;
  /** The standard (a Table Schema version, "id@version") the dataset declares it conforms to. */
  conforms_to: Generated<string | null>;
}

/** A file published by link: where it is, what it is. */
export interface DatasetLink {
  id: string;
  name: string;
  url: string;
  format: string | null;
  media_type: string | null;
  description: string | null;
  size: number | null;
  /** When the source says the file last changed. */
  modified: string | null;
}

export interface StandardsTable {
  id: string;
  kind: 'schema' | 'codelist';
  title: string;
  description: Generated<string>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface StandardVersionsTable {
  standard_id: string;
  version: string;
  body: ColumnType<unknown, string, string>;
  notes: Generated<string>;
  published_at: Timestamp;
  published_by: string | null;
}

export interface ConformanceChecksTable {
  dataset_id: string;
  release_number: number;
  standard: string;
  valid: boolean;
  report: ColumnType<unknown, string, string>;
  checked_at: Timestamp;
}

export interface NormsTable {
  id: string;
  title: string;
  article: string;
  summary: string;
  created_at: Timestamp;
  created_by: string | null;
}

export interface ExchangeClientsTable {
  id: string;
  entity_id: string;
  subsystem: string;
  /** The client's Ed25519 public key, base64 of the 32 raw bytes. */
  public_key: string;
  created_at: Timestamp;
  created_by: string | null;
  revoked_at: Timestamp | null;
}

export type AccessRequestStatus = 'submitted' | 'info_requested' | 'approved' | 'denied';

export interface RequestedField {
  name: string;
  justification: string;
}

export interface RequestMessage {
  at: string;
  from: 'requester' | 'provider' | 'arbiter';
  actor: string;
  text: string;
}

export interface AccessRequestsTable {
  id: string;
  requester_entity_id: string;
  provider_entity_id: string;
  dataset_id: string;
  purpose: string;
  norm_id: string;
  legal_basis: string;
  fields: ColumnType<RequestedField[], string, string>;
  row_filter: ColumnType<Record<string, string[]>, string | undefined, string>;
  duration_days: number;
  commitments: ColumnType<string[], string, string>;
  status: AccessRequestStatus;
  messages: ColumnType<RequestMessage[], string | undefined, string>;
  decision: ColumnType<unknown, string | null, string | null>;
  submitted_at: Timestamp;
  due_at: Timestamp;
  decided_at: Timestamp | null;
  reminded_at: Timestamp | null;
  created_by: string | null;
}

export interface GrantsTable {
  id: string;
  request_id: string;
  dataset_id: string;
  provider_entity_id: string;
  consumer_entity_id: string;
  fields: ColumnType<string[], string, string>;
  row_filter: ColumnType<Record<string, string[]>, string | undefined, string>;
  starts_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface ExchangeAccessesTable {
  id: Generated<number>;
  grant_id: string | null;
  client_id: string;
  dataset_id: string;
  nonce: string;
  request_hash: string;
  status: number;
  rows: Generated<number>;
  at: Timestamp;
}

export interface DisputeRuling {
  outcome: 'grant' | 'denial_stands';
  reasoning: string;
  grant_id: string | null;
}

export interface DisputesTable {
  id: string;
  request_id: string;
  reason: string;
  status: 'open' | 'info_requested' | 'ruled';
  messages: ColumnType<RequestMessage[], string | undefined, string>;
  ruling: ColumnType<DisputeRuling | null, string | null, string | null>;
  opened_at: Timestamp;
  opened_by: string | null;
  ruled_at: Timestamp | null;
  ruled_by: string | null;
}

export interface AgreementsTable {
  id: string;
  company_entity_id: string;
  counterpart_entity_id: string;
  dataset_id: string | null;
  purpose: string;
  terms: string;
  starts_on: string;
  ends_on: string;
  created_at: Timestamp;
  created_by: string | null;
}

export interface AccountabilityRecordsTable {
  id: string;
  entity_id: string;
  section: string;
  element: string;
  owner: string;
  evidence: string;
  dated_on: string;
  created_at: Timestamp;
  created_by: string | null;
}

export interface HarvestSourcesTable {
  id: Generated<number>;
  entity_id: string;
  url: string;
  type: 'dcat' | 'ckan' | 'datajson';
  title: string;
  schedule_hours: Generated<number>;
  enabled: Generated<boolean>;
  created_at: Timestamp;
  created_by: string | null;
  last_run_at: Timestamp | null;
}

/** One record's error or warning in a harvest run. */
export interface HarvestMessage {
  record: string | null;
  level: 'error' | 'warning';
  message: { es: string; en: string };
}

export interface HarvestRunsTable {
  id: Generated<number>;
  source_id: number;
  job_id: string | null;
  status: 'running' | 'done' | 'failed';
  started_at: Timestamp;
  finished_at: Timestamp | null;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  messages: ColumnType<HarvestMessage[], string | undefined, string>;
}

export type UploadStatus = 'inspecting' | 'ready' | 'publishing' | 'published' | 'failed';

export interface DatasetUploadsTable {
  id: string;
  dataset_id: string;
  file_name: string;
  blob_key: string;
  size: number;
  sha256: string;
  sheet: string | null;
  /** The personal-data scan and the decisions taken on it (see privacy/gate.ts). */
  privacy: ColumnType<unknown, string | undefined, string | null>;
  status: UploadStatus;
  job_id: string | null;
  source: Json<unknown> | null;
  schema: Json<unknown> | null;
  inferred_schema: Json<unknown> | null;
  row_count: number | null;
  error: Json<unknown> | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ReleasesTable {
  dataset_id: string;
  number: number;
  upload_id: string;
  row_count: number;
  schema: Json<unknown>;
  original_key: string;
  original_name: string;
  original_sha256: string;
  original_size: number;
  parquet_key: string;
  parquet_sha256: string;
  parquet_size: number;
  created_by: string | null;
  created_at: Generated<Date>;
}

export type DatasetRow = Selectable<DatasetsTable>;
export type UploadRow = Selectable<DatasetUploadsTable>;
export type ReleaseRow = Selectable<ReleasesTable>;

export interface QualityReportsTable {
  id: Generated<number>;
  dataset_id: string;
  entity_id: string;
  release_number: number | null;
  trigger: string;
  mqa_score: number;
  mqa_band: string;
  seal: number;
  criteria_score: number;
  report: Json<unknown>;
  rules_version: number;
  computed_at: Timestamp;
}

export interface ReleaseValidationsTable {
  dataset_id: string;
  release_number: number;
  valid: boolean;
  report: Json<unknown>;
  created_at: Timestamp;
}

export interface LinkChecksTable {
  url: string;
  host: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  attempts: number;
  ms: number;
  checked_at: Timestamp;
}

export interface DatasetUsageTable {
  dataset_id: string;
  day: string;
  views: Generated<number>;
  downloads: Generated<number>;
  api_calls: Generated<number>;
}

export interface QualityRulesTable {
  id: number;
  version: number;
  rules: Json<unknown>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface DpBudgetsTable {
  dataset_id: string;
  epsilon_total_micro: number;
  epsilon_spent_micro: Generated<number>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface DpQueriesTable {
  id: Generated<number>;
  dataset_id: string;
  release_number: number;
  aggregate: string;
  request: Json<unknown>;
  epsilon_micro: number;
  actor: string;
  created_at: Timestamp;
}
