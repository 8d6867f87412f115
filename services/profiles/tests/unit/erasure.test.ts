// The erasure rules and the job's control flow (src/domain/erasure.ts, src/use-cases/erasure.ts),
// without I/O: an in-memory job store and recording ports. What the steps really do to DynamoDB,
// Cognito, S3 and the revocation records is proven in tests/integration/erasure.test.ts.
import type { ErasureJob, ErasureStep, StepState } from '../../src/domain/erasure';
import {
  ERASURE_STEPS,
  erasureView,
  isRecentSignIn,
  newErasureJob,
  nextStep,
} from '../../src/domain/erasure';
import type { ErasureStore } from '../../src/ports/erasure-store';
import type { ErasurePorts } from '../../src/use-cases/erasure';
import { requestErasure, runErasure, sweepErasures } from '../../src/use-cases/erasure';

const NOW = new Date('2026-12-04T12:00:00.000Z');
const nowSeconds = NOW.getTime() / 1000;

class MemoryErasureStore implements ErasureStore {
  readonly jobs = new Map<string, ErasureJob>();
  deletedFor: string[] = [];
  async getJob(sub: string) {
    const job = this.jobs.get(sub);
    return job && structuredClone(job);
  }
  async createJob(job: ErasureJob) {
    if (this.jobs.has(job.sub)) return 'exists' as const;
    this.jobs.set(job.sub, structuredClone(job));
    return 'created' as const;
  }
  async claim(job: ErasureJob, seenDueAt: string, leaseUntil: Date, now: Date) {
    const stored = this.jobs.get(job.sub);
    if (!stored || stored.dueAt !== seenDueAt || stored.status === 'complete') return false;
    Object.assign(stored, {
      status: 'running',
      startedAt: stored.startedAt ?? now.toISOString(),
      dueAt: leaseUntil.toISOString(),
    });
    return true;
  }
  async recordStep(job: ErasureJob, step: ErasureStep, state: StepState, dueAt?: Date) {
    const stored = this.jobs.get(job.sub)!;
    stored.steps[step] = { ...state };
    if (dueAt) stored.dueAt = dueAt.toISOString();
  }
  async complete(job: ErasureJob, now: Date, expiresAt: number) {
    const stored = this.jobs.get(job.sub)!;
    Object.assign(stored, { status: 'complete', completedAt: now.toISOString(), expiresAt });
    delete stored.dueAt;
  }
  async dueJobs(now: Date) {
    return [...this.jobs.values()].filter((job) => job.dueAt && job.dueAt <= now.toISOString());
  }
  async deletePersonalItems(sub: string) {
    this.deletedFor.push(sub);
    return 0;
  }
}

function portsWith(overrides: Partial<ErasurePorts> = {}) {
  const calls: string[] = [];
  const store = new MemoryErasureStore();
  let holdings: Array<{ accountId: string; currency: string; posted: number; pending: number }> = [];
  const ports: ErasurePorts = {
    store,
    ledger: {
      holdingsOf: async () => holdings,
      closeAccountsOf: async () => (calls.push('closeAccountsOf'), []),
    },
    users: {
      signOutEverywhere: async () => void calls.push('signOutEverywhere'),
      deleteUser: async () => void calls.push('deleteUser'),
    },
    revocations: { raiseNotBefore: async () => void calls.push('raiseNotBefore') },
    exportObjects: { deleteAllOf: async () => (calls.push('deleteExports'), 0) },
    personKeys: {
      shred: async () => (calls.push('shred'), 1),
      remaining: async () => ({ 'us-east-1': 0, 'us-west-2': 0 }),
    },
    now: () => NOW,
    newId: () => 'job-1',
    ...overrides,
  };
  return { ports, store, calls, setHoldings: (h: typeof holdings) => (holdings = h) };
}

describe('isRecentSignIn', () => {
  it.each([
    ['just now', nowSeconds, true],
    ['exactly 5 minutes ago', nowSeconds - 300, true],
    ['5 minutes and 1 second ago', nowSeconds - 301, false],
    ['yesterday', nowSeconds - 86_400, false],
    ['an hour in the future', nowSeconds + 3_600, false],
    ['unknown', undefined, false],
  ])('%s → %s', (_case, authTime, expected) => {
    expect(isRecentSignIn(authTime, NOW)).toBe(expected);
  });
});

describe('erasure job', () => {
  it('starts with every step pending, due at once, and runs the steps in their fixed order', () => {
    const job = newErasureJob('sub-1', 'job-1', NOW);
    expect(job).toMatchObject({ status: 'pending', dueAt: NOW.toISOString() });
    expect(nextStep(job)).toBe('revokeSessions');
    job.steps.revokeSessions = { state: 'done' };
    job.steps.closeAccounts = { state: 'blocked' };
    expect(nextStep(job)).toBe('closeAccounts');
    for (const step of ERASURE_STEPS) job.steps[step] = { state: 'done' };
    expect(nextStep(job)).toBeUndefined();
    expect(erasureView(job).steps.map((s) => s.name)).toEqual([...ERASURE_STEPS]);
  });
});

describe('requestErasure', () => {
  it('refuses a sign-in older than 5 minutes with the step-up challenge, and creates nothing', async () => {
    const { ports, store } = portsWith();
    const refused = requestErasure(ports, { sub: 'sub-1', authTime: nowSeconds - 600 });
    await expect(refused).rejects.toMatchObject({
      slug: 'reauthentication-required',
      status: 401,
      headers: { 'WWW-Authenticate': expect.stringContaining('max_age=300') },
    });
    expect(store.jobs.size).toBe(0);
  });

  it('refuses while an account holds money, listing the accounts and saying how to withdraw', async () => {
    const { ports, store, setHoldings } = portsWith();
    setHoldings([{ accountId: 'acc_1', currency: 'EUR', posted: 500, pending: 0 }]);
    const refused = requestErasure(ports, { sub: 'sub-1', authTime: nowSeconds });
    await expect(refused).rejects.toMatchObject({
      slug: 'balance-not-zero',
      status: 409,
      detail: expect.stringContaining('withdrawal'),
      extensions: { accounts: [{ accountId: 'acc_1', currency: 'EUR' }] },
    });
    expect(store.jobs.size).toBe(0);
  });

  it('creates the job once; a second request answers it, even without a recent sign-in', async () => {
    const { ports } = portsWith();
    const first = await requestErasure(ports, { sub: 'sub-1', authTime: nowSeconds });
    expect(first).toMatchObject({ created: true, job: { status: 'pending', jobId: 'job-1' } });
    const second = await requestErasure(ports, { sub: 'sub-1', authTime: nowSeconds - 86_400 });
    expect(second).toEqual({ created: false, job: first.job });
  });
});

describe('runErasure', () => {
  it('runs every step in order, then completes the job and keeps the record for 400 days', async () => {
    const { ports, store, calls } = portsWith();
    await requestErasure(ports, { sub: 'sub-1', authTime: nowSeconds });
    const done = await runErasure(ports, 'sub-1');
    expect(calls).toEqual([
      'raiseNotBefore',
      'signOutEverywhere',
      'closeAccountsOf',
      'deleteUser',
      'deleteExports',
      'shred',
    ]);
    expect(store.deletedFor).toEqual(['sub-1']);
    expect(done).toMatchObject({ status: 'complete', completedAt: NOW.toISOString() });
    expect(store.jobs.get('sub-1')).toMatchObject({
      status: 'complete',
      expiresAt: nowSeconds + 400 * 86_400,
    });
    expect(store.jobs.get('sub-1')?.dueAt).toBeUndefined();
    // Run again (a replayed stream record): nothing happens.
    expect(await runErasure(ports, 'sub-1')).toBeUndefined();
    expect(calls).toHaveLength(6);
  });

  it('blocks closeAccounts when money arrived after the request, and retries it an hour later', async () => {
    const { ports, store, calls, setHoldings } = portsWith();
    await requestErasure(ports, { sub: 'sub-1', authTime: nowSeconds });
    setHoldings([{ accountId: 'acc_1', currency: 'USD', posted: 0, pending: 100 }]);
    const blocked = await runErasure(ports, 'sub-1');
    expect(blocked?.status).toBe('running');
    expect(store.jobs.get('sub-1')?.steps.closeAccounts).toMatchObject({
      state: 'blocked',
      reason: 'balance-not-zero',
    });
    expect(calls).toEqual(['raiseNotBefore', 'signOutEverywhere']);
    // Not due yet: the sweeper leaves it alone.
    expect(await sweepErasures(ports)).toEqual({ completed: 0, failed: 0 });
    // An hour later, with the money withdrawn, the sweeper finishes it.
    setHoldings([]);
    ports.now = () => new Date(NOW.getTime() + 3_600_000);
    expect(await sweepErasures(ports)).toEqual({ completed: 1, failed: 0 });
    expect(calls.slice(2)).toEqual(['closeAccountsOf', 'deleteUser', 'deleteExports', 'shred']);
  });

  it('fails the run while a replica still holds a data key; the sweeper resumes at shredKeys', async () => {
    let remaining = 1;
    const { ports, store, calls } = portsWith();
    ports.personKeys = {
      shred: async () => (calls.push('shred'), 0),
      remaining: async () => ({ 'us-east-1': 0, 'us-west-2': remaining }),
    };
    await requestErasure(ports, { sub: 'sub-1', authTime: nowSeconds });
    await expect(runErasure(ports, 'sub-1')).rejects.toThrow(/us-west-2/);
    expect(nextStep(store.jobs.get('sub-1')!)).toBe('shredKeys');
    // Leased: not due again until the lease (5 minutes) has passed.
    expect(await sweepErasures(ports)).toEqual({ completed: 0, failed: 0 });
    remaining = 0;
    ports.now = () => new Date(NOW.getTime() + 301_000);
    expect(await sweepErasures(ports)).toEqual({ completed: 1, failed: 0 });
    expect(calls.filter((c) => c === 'deleteUser')).toHaveLength(1);
  });
});

describe('erasuresToRun (the stream trigger)', () => {
  it('takes only new erasure jobs, whatever else the profiles table stream carries', async () => {
    // Loading the handler builds its ports (clients only: nothing is called here).
    const { erasuresToRun } = await import('../../src/handlers/run-erasures');
    const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', entity: string, sub = 'sub-1') => ({
      eventName,
      dynamodb: {
        SequenceNumber: `${eventName}-${entity}-${sub}`,
        NewImage: { entity: { S: entity }, sub: { S: sub } },
      },
    });
    const due = erasuresToRun({
      Records: [
        record('INSERT', 'erasure', 'sub-1'),
        record('MODIFY', 'erasure', 'sub-2'),
        record('INSERT', 'export', 'sub-3'),
        record('INSERT', 'profile', 'sub-4'),
        { eventName: 'REMOVE', dynamodb: { SequenceNumber: 'gone' } },
      ],
    } as never);
    expect(due).toEqual([{ sub: 'sub-1', sequence: 'INSERT-erasure-sub-1' }]);
  });
});
