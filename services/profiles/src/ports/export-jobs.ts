import type { ExportJob } from '../domain/export-job';

/** Where export jobs live (the profiles table, adapters/dynamodb-export-jobs.ts). */
export interface ExportJobStore {
  /**
   * The person's unfinished export if there is one, else `job` written as new: at most one
   * unfinished export per person, even under concurrent requests.
   */
  openExport(job: ExportJob): Promise<ExportJob>;
  /** A strongly consistent read of one of the person's exports. */
  getExport(userId: string, exportId: string): Promise<ExportJob | undefined>;
  /**
   * Takes the job for one run: pending, or running with its lease ended (`now` past dueAt).
   * Returns the claimed job (attempts incremented, status running, lease until `leaseUntil`), or
   * undefined when it is finished or another worker holds a live lease.
   */
  claimExport(userId: string, exportId: string, now: Date, leaseUntil: Date): Promise<ExportJob | undefined>;
  /**
   * Finishes the run of claim `attempt` (ready with its times, or failed) and frees the person's
   * slot; false when a later claim took the job over meanwhile (its result wins).
   */
  finishExport(
    job: ExportJob,
    outcome: { status: 'ready'; readyAt: Date; expiresAt: Date } | { status: 'failed'; at: Date },
  ): Promise<boolean>;
  /** Unfinished jobs due at `now` or earlier (pending, or with a lapsed lease), oldest first. */
  dueExports(now: Date, limit: number): Promise<Array<{ userId: string; exportId: string }>>;
}
