/**
 * A data-subject access/portability export (GDPR Art. 15 and 20): one job per request, kept on the
 * person's partition of the profiles table, run by the export worker (handlers/run-exports.ts).
 * While unfinished it sits in the sparse jobs index (gsi1), keyed by the time it is due: a pending
 * job at once, a running one when its lease ends (a worker that died leaves it there, and the
 * sweeper resumes it).
 */
export type ExportStatus = 'pending' | 'running' | 'ready' | 'failed';

export interface ExportJob {
  userId: string;
  exportId: string;
  status: ExportStatus;
  createdAt: string;
  /** Pending: when it was asked for; running: when the lease of the worker running it ends. */
  dueAt?: string;
  /** How many times a worker claimed it; each claim fences the previous one's writes. */
  attempts: number;
  readyAt?: string;
  /** When the files are deleted (bucket lifecycle) and the job stops handing out links. */
  expiresAt?: string;
}

/** The two files of every export, in the order they are written. */
export const EXPORT_FILES = ['export.json', 'entries.csv'] as const;
export type ExportFileName = (typeof EXPORT_FILES)[number];

/** Version of the export.json document; bump it when a field changes meaning or disappears. */
export const EXPORT_SCHEMA_VERSION = 1;
/** A presigned link lives at most this long (the brief of the route: ≤ 15 min). */
export const LINK_TTL_SECONDS = 900;
/** How long a finished export can be downloaded; the bucket's lifecycle rule deletes it after. */
export const EXPORT_RETENTION_DAYS = 7;
/** A worker that has not finished within this long is presumed dead; the sweeper takes over. */
export const LEASE_MS = 10 * 60_000;
/** Claims before a job is given up as failed (a poison job must not run forever). */
export const MAX_ATTEMPTS = 5;

/** The S3 key of one file: `exports/<sub>/<exportId>/<name>` (IAM grants `exports/*` only). */
export const exportObjectKey = (userId: string, exportId: string, name: ExportFileName): string =>
  `exports/${userId}/${exportId}/${name}`;

/** A job is done once ready or failed; only then may the person ask for a new one. */
export const isUnfinished = (job: Pick<ExportJob, 'status'>): boolean =>
  job.status === 'pending' || job.status === 'running';

const DAY_MS = 86_400_000;
/** When a job finished at `readyAt` stops being downloadable. */
export const expiryOf = (readyAt: Date): Date => new Date(readyAt.getTime() + EXPORT_RETENTION_DAYS * DAY_MS);
