import type { ErasureJob, ErasureStep, StepState } from '../domain/erasure';

/**
 * Where erasure jobs are kept (the profiles table, item `USER#<sub>` / `ERASURE`) and what the job
 * deletes there. DynamoDB implements it (adapters/dynamodb-erasure-store.ts).
 */
export interface ErasureStore {
  /** A strongly consistent read of the person's erasure job. */
  getJob(sub: string): Promise<ErasureJob | undefined>;
  /** Writes a new job unless the person has one (a second DELETE /me is a no-op). */
  createJob(job: ErasureJob): Promise<'created' | 'exists'>;
  /**
   * Takes the job for one run: status running, a lease until `leaseUntil` (the new dueAt), only if
   * its dueAt is still `seenDueAt` (another worker that took it first wins); false otherwise.
   */
  claim(job: ErasureJob, seenDueAt: string, leaseUntil: Date, now: Date): Promise<boolean>;
  /** Records one step's state; with `dueAt`, the job is next due then (a blocked step's retry). */
  recordStep(job: ErasureJob, step: ErasureStep, state: StepState, dueAt?: Date): Promise<void>;
  /** Marks the job complete: off the jobs index, kept until `expiresAt` (epoch seconds) as evidence. */
  complete(job: ErasureJob, now: Date, expiresAt: number): Promise<void>;
  /** Unfinished jobs due at or before `now` (the sweeper's work), oldest first, at most `limit`. */
  dueJobs(now: Date, limit: number): Promise<ErasureJob[]>;
  /**
   * Deletes every item of the person's partition but the erasure record itself: profile, device
   * sessions, consent records, export jobs. Returns how many were deleted (0 when run again).
   */
  deletePersonalItems(sub: string): Promise<number>;
}
