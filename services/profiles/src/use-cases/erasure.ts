import type { RevocationStore } from '@ledgerline/auth/revocation';
import { notBeforeFor } from '@ledgerline/auth/revocation';
import { ProblemError } from '@ledgerline/shared/errors';
import { logger } from '@ledgerline/shared/logger';
import type { ErasureJob, ErasureStep } from '../domain/erasure';
import {
  BLOCKED_RETRY_SECONDS,
  ERASURE_LEASE_SECONDS,
  ERASURE_RECORD_RETENTION_DAYS,
  REAUTHENTICATION_WINDOW_SECONDS,
  epochSecondsAfter,
  isRecentSignIn,
  newErasureJob,
  nextStep,
} from '../domain/erasure';
import type { ErasureStore } from '../ports/erasure-store';
import type { ExportObjects } from '../ports/export-objects';
import type { LedgerHoldings } from '../ports/ledger-holdings';
import type { PersonKeys } from '../ports/person-keys';
import type { UserDirectory } from '../ports/user-directory';

/** What the erasure request and job talk to (src/wiring.ts builds the real ones). */
export interface ErasurePorts {
  store: ErasureStore;
  ledger: LedgerHoldings;
  users: Pick<UserDirectory, 'signOutEverywhere' | 'deleteUser'>;
  revocations: Pick<RevocationStore, 'raiseNotBefore'>;
  exportObjects: ExportObjects;
  personKeys: PersonKeys;
  now: () => Date;
  newId: () => string;
}

/** What starting an erasure needs (DELETE /me): no S3, no user pool. */
export type ErasureRequestPorts = Pick<ErasurePorts, 'store' | 'ledger' | 'now' | 'newId'>;

export const BALANCE_NOT_ZERO_DETAIL =
  'Your accounts must be empty before we can erase your data. Withdraw the balance to your own bank ' +
  'account (a withdrawal), wait until your pending transfers have completed, then ask again.';

/**
 * DELETE /me: starts the caller's erasure, or answers the job that exists (a second request is a
 * no-op, whatever the job's state). A new request needs a sign-in of the last 5 minutes (401
 * `reauthentication-required`, RFC 9470's step-up challenge in WWW-Authenticate) and no money in
 * any account (409 `balance-not-zero`, with the accounts). The job itself runs in the erasure
 * worker (runErasure).
 *
 * @example
 * const { job, created } = await requestErasure(ports, { sub, authTime });
 */
export async function requestErasure(
  ports: ErasureRequestPorts,
  caller: { sub: string; authTime?: number },
): Promise<{ job: ErasureJob; created: boolean }> {
  const existing = await ports.store.getJob(caller.sub);
  if (existing) return { job: existing, created: false };
  const now = ports.now();
  if (!isRecentSignIn(caller.authTime, now)) {
    throw new ProblemError('reauthentication-required', {
      detail:
        'Erasing your data needs a recent sign-in: sign in again (and complete the TOTP step if ' +
        'you use one), then send this request within 5 minutes.',
      headers: {
        'WWW-Authenticate': `Bearer error="insufficient_user_authentication", max_age=${REAUTHENTICATION_WINDOW_SECONDS}`,
      },
    });
  }
  const holdings = await ports.ledger.holdingsOf(caller.sub);
  if (holdings.length > 0) {
    throw new ProblemError('balance-not-zero', {
      detail: BALANCE_NOT_ZERO_DETAIL,
      extensions: {
        accounts: holdings.map(({ accountId, currency }) => ({ accountId, currency })),
      },
    });
  }
  const job = newErasureJob(caller.sub, ports.newId(), now);
  if ((await ports.store.createJob(job)) === 'created') return { job, created: true };
  // Two requests at once: the other one created it.
  const raced = await ports.store.getJob(caller.sub);
  if (!raced) throw new Error('profiles: erasure job vanished after a conflicting create');
  return { job: raced, created: false };
}

/** GET /me/erasure: the caller's erasure job (404 when they never asked). */
export async function erasureOf(store: Pick<ErasureStore, 'getJob'>, sub: string): Promise<ErasureJob> {
  const job = await store.getJob(sub);
  if (!job) throw new ProblemError('not-found', { detail: 'You have not asked for erasure.' });
  return job;
}

type StepOutcome = 'done' | 'blocked';

/** Each step: idempotent, so a run that repeats one after a crash changes nothing more. */
const steps: Record<ErasureStep, (ports: ErasurePorts, sub: string, now: Date) => Promise<StepOutcome>> = {
  // Our record first (the authorizer of every region refuses every token signed in before now),
  // then Cognito stops the refresh tokens; the user is deleted two steps later anyway.
  async revokeSessions(ports, sub, now) {
    await ports.revocations.raiseNotBefore(sub, notBeforeFor(now), 'erased', now);
    await ports.users.signOutEverywhere(sub);
    return 'done';
  },
  // Money may have arrived since the request: then nothing is closed and the step waits for the
  // person to withdraw it (the job shows the step blocked). The ledger's entries stay (AML).
  async closeAccounts(ports, sub) {
    if ((await ports.ledger.holdingsOf(sub)).length > 0) return 'blocked';
    await ports.ledger.closeAccountsOf(sub);
    return 'done';
  },
  async deleteUser(ports, sub) {
    await ports.users.deleteUser(sub);
    return 'done';
  },
  async deletePersonalData(ports, sub) {
    await ports.store.deletePersonalItems(sub);
    await ports.exportObjects.deleteAllOf(sub);
    return 'done';
  },
  // Done only once no replica holds a key any more (a replica that lags fails the run: retried).
  async shredKeys(ports, sub) {
    await ports.personKeys.shred(sub);
    const remaining = Object.entries(await ports.personKeys.remaining(sub)).filter(([, n]) => n > 0);
    if (remaining.length > 0) {
      throw new Error(`profiles: data keys remain in ${remaining.map(([region]) => region).join(', ')}`);
    }
    return 'done';
  },
};

/**
 * The erasure job of one person, run from its first unfinished step to the end (stream consumer
 * and sweeper, handlers/run-erasures.ts). Takes a lease first, so two workers never run one job
 * at once; a job not due yet (leased by another worker, or a blocked step waiting for its retry)
 * is left alone. A step that throws leaves the job as it is: the sweeper resumes it when the lease
 * ends. Returns the job as it was left, or undefined when there was nothing to do.
 *
 * @example
 * await runErasure(ports, sub);
 */
export async function runErasure(ports: ErasurePorts, sub: string): Promise<ErasureJob | undefined> {
  const job = await ports.store.getJob(sub);
  if (!job || job.status === 'complete' || !job.dueAt) return undefined;
  const started = ports.now();
  if (job.dueAt > started.toISOString()) return undefined;
  const leaseUntil = new Date(started.getTime() + ERASURE_LEASE_SECONDS * 1000);
  if (!(await ports.store.claim(job, job.dueAt, leaseUntil, started))) return undefined;
  job.status = 'running';
  job.startedAt ??= started.toISOString();
  job.dueAt = leaseUntil.toISOString();

  for (let step = nextStep(job); step; step = nextStep(job)) {
    const now = ports.now();
    const outcome = await steps[step](ports, sub, now).catch((error: unknown) => {
      // The error's name only: AWS messages may quote the user name (the sub) or other input.
      logger.warn('erasure step failed', { jobId: job.jobId, step, error: (error as Error).name });
      throw error;
    });
    if (outcome === 'blocked') {
      const retryAt = new Date(now.getTime() + BLOCKED_RETRY_SECONDS * 1000);
      job.steps[step] = { state: 'blocked', at: now.toISOString(), reason: 'balance-not-zero' };
      await ports.store.recordStep(job, step, job.steps[step], retryAt);
      job.dueAt = retryAt.toISOString();
      logger.info('erasure step blocked', { jobId: job.jobId, step });
      return job;
    }
    job.steps[step] = { state: 'done', at: now.toISOString() };
    await ports.store.recordStep(job, step, job.steps[step]);
    logger.info('erasure step done', { jobId: job.jobId, step });
  }
  const completed = ports.now();
  const expiresAt = epochSecondsAfter(completed, ERASURE_RECORD_RETENTION_DAYS * 24 * 60 * 60);
  await ports.store.complete(job, completed, expiresAt);
  logger.info('erasure complete', { jobId: job.jobId });
  return {
    ...job,
    status: 'complete',
    completedAt: completed.toISOString(),
    expiresAt,
    dueAt: undefined,
  };
}

/**
 * The sweeper (every 5 minutes on AWS, every few seconds locally): runs every unfinished job whose
 * dueAt has passed — never picked up, its worker crashed, or a blocked step's retry. One job's
 * failure does not stop the others. Returns how many were run to completion and how many failed.
 */
export async function sweepErasures(
  ports: ErasurePorts,
  limit = 25,
): Promise<{ completed: number; failed: number }> {
  let completed = 0;
  let failed = 0;
  for (const due of await ports.store.dueJobs(ports.now(), limit)) {
    try {
      if ((await runErasure(ports, due.sub))?.status === 'complete') completed += 1;
    } catch (error) {
      failed += 1;
      logger.warn('erasure not finished; resumed by the next sweep', {
        jobId: due.jobId,
        error: (error as Error).name,
      });
    }
  }
  return { completed, failed };
}
