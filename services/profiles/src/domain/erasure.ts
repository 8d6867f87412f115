/**
 * The right to erasure (docs/privacy.md, "Erasure"): the pure rules of the erasure job. One job per
 * person (the profiles table item `USER#<sub>` / `ERASURE`), run by the erasure worker step by step
 * in a fixed order; each step is idempotent and recorded on the job when done, so a worker that
 * dies between two steps is resumed (by the stream consumer or the sweeper) at the first unfinished
 * one. The record keeps only the subject id, timestamps and step states: it is the evidence that
 * the request was honoured, never personal data.
 */

/** The steps, in the order they run (each one assumes the ones before it are done). */
export const ERASURE_STEPS = [
  /** Every token refused (not-before raised in the auth table) and every refresh token ended at Cognito. */
  'revokeSessions',
  /** Holdings re-checked (must be none) and the person's accounts closed; the ledger itself stays. */
  'closeAccounts',
  /** The Cognito user deleted (sign-up email and every attribute). */
  'deleteUser',
  /** Profile, device sessions, consent records and export jobs deleted, and the export files. */
  'deletePersonalData',
  /** The person's data keys deleted (crypto-shredding of the ledger's personal fields). */
  'shredKeys',
] as const;

export type ErasureStep = (typeof ERASURE_STEPS)[number];
export type ErasureStatus = 'pending' | 'running' | 'complete';

/**
 * One step's state. `blocked`: it cannot finish yet and is retried by the sweeper (closeAccounts
 * while money arrived after the request: the person must withdraw it first).
 */
export interface StepState {
  state: 'pending' | 'done' | 'blocked';
  /** When it was done, or last found blocked (ISO 8601). */
  at?: string;
  /** Why it is blocked (a stable code, never personal data). */
  reason?: 'balance-not-zero';
}

export interface ErasureJob {
  /** The data subject (Cognito `sub`): the record's only identifier. */
  sub: string;
  jobId: string;
  status: ErasureStatus;
  steps: Record<ErasureStep, StepState>;
  requestedAt: string;
  startedAt?: string;
  completedAt?: string;
  /**
   * While unfinished: when a worker may (re)take it — now for a new job, a lease's end while one
   * runs it. The sweeper takes jobs whose dueAt has passed (stalled or never picked up).
   */
  dueAt?: string;
  /** Epoch seconds: the profiles table's TTL removes the record then (ERASURE_RECORD_RETENTION_DAYS). */
  expiresAt?: number;
}

/** How recent the sign-in behind a DELETE /me must be (the access token's `auth_time`). */
export const REAUTHENTICATION_WINDOW_SECONDS = 5 * 60;

/**
 * How long a worker holds a job before another may take it over: longer than the worker's Lambda
 * timeout (60 s), so a live worker is never overtaken, and one sweep (5 min) of delay at most
 * after a crash.
 */
export const ERASURE_LEASE_SECONDS = 5 * 60;

/** A blocked step is retried this often (the person has to withdraw their money first). */
export const BLOCKED_RETRY_SECONDS = 60 * 60;

/**
 * How long the erasure record is kept after completion: the 35-day point-in-time-recovery window
 * (until then a restore could bring erased data back, and the record says it must be erased again)
 * plus one year as evidence that the request was honoured (a complaint to a supervisory
 * authority). It holds no personal data: the subject id, timestamps and step states.
 */
export const ERASURE_RECORD_RETENTION_DAYS = 35 + 365;

/** Whether a sign-in at `authTime` (epoch seconds) is recent enough for erasure at `now`. */
export function isRecentSignIn(authTime: number | undefined, now: Date): boolean {
  if (authTime === undefined) return false;
  const age = now.getTime() / 1000 - authTime;
  // A sign-in "in the future" by more than a little clock skew is not trusted either.
  return age <= REAUTHENTICATION_WINDOW_SECONDS && age >= -60;
}

/**
 * A new job: every step pending, due at once (the stream consumer takes it within seconds; the
 * sweeper if the stream does not).
 *
 * @example
 * const job = newErasureJob('8f2d…', 'c0ffee…', new Date());
 */
export function newErasureJob(sub: string, jobId: string, now: Date): ErasureJob {
  const at = now.toISOString();
  return {
    sub,
    jobId,
    status: 'pending',
    steps: Object.fromEntries(ERASURE_STEPS.map((step) => [step, { state: 'pending' }])) as Record<
      ErasureStep,
      StepState
    >,
    requestedAt: at,
    dueAt: at,
  };
}

/** The first step not done yet, or undefined when every step is. */
export function nextStep(job: Pick<ErasureJob, 'steps'>): ErasureStep | undefined {
  return ERASURE_STEPS.find((step) => job.steps[step]?.state !== 'done');
}

/** `<dueAt>#<sub>#<jobId>`: the sparse gsi1 sort key of an unfinished job (oldest due first). */
export const jobsIndexKey = (job: Pick<ErasureJob, 'sub' | 'jobId'>, dueAt: string): string =>
  `${dueAt}#${job.sub}#${job.jobId}`;

/** Epoch seconds `seconds` after `at`. */
export const epochSecondsAfter = (at: Date, seconds: number): number =>
  Math.floor(at.getTime() / 1000) + seconds;

/** What GET /me/erasure and DELETE /me answer: the job's state (no internals such as the lease). */
export function erasureView(job: ErasureJob) {
  return {
    jobId: job.jobId,
    status: job.status,
    steps: ERASURE_STEPS.map((name) => ({
      name,
      state: job.steps[name]?.state ?? 'pending',
      ...(job.steps[name]?.at && { at: job.steps[name].at }),
      ...(job.steps[name]?.reason && { reason: job.steps[name].reason }),
    })),
    requestedAt: job.requestedAt,
    ...(job.startedAt && { startedAt: job.startedAt }),
    ...(job.completedAt && { completedAt: job.completedAt }),
  };
}
