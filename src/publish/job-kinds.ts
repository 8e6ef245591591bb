export const INGEST_JOB = 'dataset_ingest';
export const PUBLISH_JOB = 'dataset_publish';

export interface IngestPayload {
  upload_id: string;
  /** Who asked; null for the system (CLI, demo). Rights are checked again when the job runs. */
  person_id: string | null;
  /** Publish right after inspection, with the inferred schema (the CLI and API shortcut). */
  publish: boolean;
}
