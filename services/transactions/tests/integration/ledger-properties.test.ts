// Property-based: random workloads of deposits, withdrawals, P2P transfers (same and cross region),
// holds (post in full or in part, void, expiry) and reversals, submitted concurrently, some twice
// with the same key, some with their response lost (committed, then the call fails) and some hit by
// an injected DynamoDB fault before the commit; every failed call is retried with its key, as a
// client does after a 5xx. After quiescence (clock past every timeout, sweeper run) the ledger's
// invariants hold (src/domain/reconciliation.ts), nothing is pending, every key has at most one
// effect and every replay is the first answer. Runs on its own table (stage `prop<random>`) so that
// other test files cannot disturb the sums.
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { ProblemError } from '@ledgerline/shared/errors';
import type { Principal } from '@ledgerline/shared/principal';
import { tableName } from '@ledgerline/shared/tables';
import { createTables } from '../../../../scripts/local/dynamodb-local';
import { DynamoDbLedgerStore } from '../../src/adapters/dynamodb-ledger-store';
import { scanLedger } from '../../src/adapters/ledger-snapshot';
import { reconcile } from '../../src/domain/reconciliation';
import type { LedgerChange } from '../../src/domain/transfers';
import type { CommitResult } from '../../src/ports/ledger-store';
import { AccountCache } from '../../src/use-cases/account-cache';
import { createAccount } from '../../src/use-cases/accounts';
import type { LedgerAnswer, LedgerDeps, TransferRequest } from '../../src/use-cases/create-transfer';
import { createTransfer } from '../../src/use-cases/create-transfer';
import { deliverTransfer } from '../../src/use-cases/cross-region';
import { expireHolds, resolveHold } from '../../src/use-cases/holds';
import { reverseTransfer } from '../../src/use-cases/reverse-transfer';
import { ShardPicker } from '../../src/use-cases/system-shards';

jest.setTimeout(600_000);

const REGIONS = ['us-east-1', 'us-west-2'] as const;
const stage = `prop${randomUUID().slice(0, 8)}`;
const table = tableName('transactions', stage);

/** What the next commits suffer: a throttle before writing, or a lost response after writing. */
type Fault = 'none' | 'throttle' | 'lost-response';

/** A store whose commits fail as the workload says (the only mock: it injects faults). */
class FaultyStore extends DynamoDbLedgerStore {
  faults: Fault[] = [];
  override async commit(change: LedgerChange, region: string): Promise<CommitResult> {
    const fault = this.faults.shift() ?? 'none';
    if (fault === 'throttle')
      throw Object.assign(new Error('injected throttle'), { name: 'ThrottlingException' });
    const result = await super.commit(change, region);
    if (fault === 'lost-response')
      throw Object.assign(new Error('injected lost response'), { name: 'TimeoutError' });
    return result;
  }
}

let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
/** One "container" per region: its own cache and shard choice, as two Lambda instances would. */
const stores = REGIONS.map((region) => new FaultyStore(table, region));
const depsFor = (index: number): LedgerDeps => ({ clock, cache: caches[index]!, shards: new ShardPicker() });
const caches = REGIONS.map(() => new AccountCache());
const deps = REGIONS.map((_, index) => depsFor(index));

const user = (): Principal => ({
  sub: `prop-${randomUUID()}`,
  tokenType: 'access',
  scopes: [],
  clientId: 'prop',
});
const backOffice: Principal = {
  sub: 'prop-backoffice',
  tokenType: 'service',
  scopes: ['ledger:deposit', 'ledger:withdraw', 'ledger:admin', 'transactions:read'],
  clientId: 'prop-backoffice',
};
const context = { requestId: 'prop', sourceIp: '203.0.113.9', userAgent: 'fast-check' };

beforeAll(async () => {
  await createTables(process.env.DYNAMODB_ENDPOINT!, stage);
});

type Op =
  | { t: 'deposit' | 'withdraw'; account: number; value: number }
  | { t: 'p2p'; from: number; to: number; value: number }
  | { t: 'hold'; account: number; value: number; timeout: number }
  | { t: 'post'; hold: number; percent: number }
  | { t: 'void'; hold: number }
  | { t: 'reverse'; transfer: number }
  | { t: 'sweep'; advanceMs: number };

const amount = fc.integer({ min: 1, max: 5_000 });
const index = fc.nat({ max: 63 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('deposit' as const), account: index, value: amount }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('withdraw' as const), account: index, value: amount }) },
  {
    weight: 5,
    arbitrary: fc.record({ t: fc.constant('p2p' as const), from: index, to: index, value: amount }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('hold' as const),
      account: index,
      value: amount,
      timeout: fc.integer({ min: 60, max: 600 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('post' as const),
      hold: index,
      percent: fc.integer({ min: 1, max: 100 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('void' as const), hold: index }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reverse' as const), transfer: index }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('sweep' as const),
      advanceMs: fc.integer({ min: 0, max: 700_000 }),
    }),
  },
);
const submission = fc.record({
  op,
  /** Submitted twice at once with the same key. */
  duplicate: fc.boolean(),
  /** Which region's function handles it. */
  region: fc.nat({ max: 1 }),
  faults: fc.array(fc.constantFrom<Fault>('none', 'none', 'throttle', 'lost-response'), { maxLength: 2 }),
});

const isRefusal = (error: unknown) => error instanceof ProblemError && error.status < 500;

/** A client: retries a failed call (5xx-like error) with the same key; refusals are answers. */
async function asClient(call: () => Promise<LedgerAnswer>): Promise<LedgerAnswer | ProblemError> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (isRefusal(error)) return error as ProblemError;
      if (attempt >= 6) throw error;
    }
  }
}

async function sweep(region: number) {
  const store = stores[region]!;
  for (let round = 0; round < 10; round += 1) {
    const { expired, redelivered, failed } = await expireHolds(
      store,
      REGIONS[region]!,
      async (transfer) => {
        await deliverTransfer(store, transfer.transferId, transfer.homeRegion, deps[region]);
      },
      deps[region],
    );
    if (expired + redelivered + failed === 0) return;
  }
}

/** What the workloads did, summed over all runs: the property must have exercised every path. */
const seen = {
  crossRegion: 0,
  holdsPosted: 0,
  holdsVoided: 0,
  reversals: 0,
  replays: 0,
  refusals: 0,
  holdsExpired: 0,
};

describe('ledger properties', () => {
  it('conserves money and applies every key at most once under random concurrent workloads with faults', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(submission, { minLength: 1, maxLength: 4 }), { minLength: 4, maxLength: 12 }),
        async (batches) => {
          // Four users, each with an account in each region.
          const users = Array.from({ length: 4 }, user);
          const accounts: Array<{ id: string; owner: Principal }> = [];
          for (const owner of users) {
            for (const region of REGIONS) {
              const created = await createAccount(stores[0]!, owner, { currency: 'USD' }, region);
              accounts.push({ id: created.accountId, owner });
              // Funded, so that most operations succeed and the rare ones are the refusals.
              await createTransfer(
                stores[0]!,
                {
                  principal: backOffice,
                  idempotencyKey: randomUUID(),
                  request: {
                    from: 'system:settlement',
                    to: created.accountId,
                    amount: { value: 20_000, currency: 'USD' },
                  },
                  context,
                },
                deps[0],
              );
            }
          }
          const holds: string[] = [];
          const posted: string[] = [];
          const answers = new Map<string, string>();

          const run = async ({
            op,
            duplicate,
            region,
            faults,
          }: {
            op: Op;
            duplicate: boolean;
            region: number;
            faults: Fault[];
          }) => {
            const store = stores[region]!;
            store.faults.push(...faults);
            const key = randomUUID();
            const pick = <T>(list: T[], i: number) => (list.length ? list[i % list.length] : undefined);
            let call: (() => Promise<LedgerAnswer>) | undefined;
            const transfer = (principal: Principal, request: TransferRequest) => () =>
              createTransfer(store, { principal, idempotencyKey: key, request, context }, deps[region]);
            if (op.t === 'deposit') {
              call = transfer(backOffice, {
                from: 'system:settlement',
                to: pick(accounts, op.account)!.id,
                amount: { value: op.value, currency: 'USD' },
              });
            } else if (op.t === 'withdraw') {
              call = transfer(backOffice, {
                from: pick(accounts, op.account)!.id,
                to: 'system:settlement',
                amount: { value: op.value, currency: 'USD' },
              });
            } else if (op.t === 'p2p') {
              const from = pick(accounts, op.from)!;
              call = transfer(from.owner, {
                from: from.id,
                to: pick(accounts, op.to)!.id,
                amount: { value: op.value, currency: 'USD' },
              });
            } else if (op.t === 'hold') {
              call = transfer(backOffice, {
                from: pick(accounts, op.account)!.id,
                to: 'system:settlement',
                amount: { value: op.value, currency: 'USD' },
                hold: { timeoutSeconds: op.timeout },
              });
            } else if (op.t === 'post' || op.t === 'void') {
              // One of the three newest holds: older ones are mostly decided or expired already.
              const hold = holds[holds.length - 1 - (op.hold % Math.min(3, Math.max(1, holds.length)))];
              if (!hold) return;
              const held = await store.getTransfer(hold, REGIONS[0]);
              const part =
                op.t === 'post'
                  ? Math.max(1, Math.floor(((held?.amount.value ?? 1) * op.percent) / 100))
                  : undefined;
              call = () =>
                resolveHold(
                  store,
                  {
                    principal: backOffice,
                    transferId: hold,
                    action: op.t as 'post' | 'void',
                    ...(part !== undefined && { amount: part }),
                    idempotencyKey: key,
                  },
                  deps[region],
                );
            } else if (op.t === 'reverse') {
              const id = pick(posted, op.transfer);
              if (!id) return;
              call = () =>
                reverseTransfer(
                  store,
                  { principal: backOffice, transferId: id, idempotencyKey: key, context },
                  deps[region],
                );
            } else {
              offsetMs += (op as Extract<Op, { t: 'sweep' }>).advanceMs;
              await sweep(region);
              return;
            }
            const outcomes = await Promise.all((duplicate ? [call, call] : [call]).map((c) => asClient(c)));
            for (const outcome of outcomes) {
              if (outcome instanceof ProblemError) {
                seen.refusals += 1;
                continue;
              }
              if (outcome.replayed) seen.replays += 1;
              if (outcome.response.statusCode === 202) seen.crossRegion += 1;
              const body = outcome.response.body;
              const first = answers.get(key);
              // Every success for one key is the same answer, byte for byte.
              if (first !== undefined) expect(body).toBe(first);
              answers.set(key, body);
              const { transfer: view } = JSON.parse(body) as {
                transfer: { transferId: string; status: string; route?: unknown; kind: string };
              };
              if (view.status === 'pending' && !view.route) holds.push(view.transferId);
              if (view.status === 'posted' && view.kind !== 'reversal') posted.push(view.transferId);
              if (view.kind === 'reversal') seen.reversals += 1;
              if (op.t === 'post') seen.holdsPosted += 1;
              if (op.t === 'void') seen.holdsVoided += 1;
            }
          };

          for (const batch of batches) await Promise.all(batch.map(run));

          // Quiescence: past every timeout, every region swept until nothing is due.
          offsetMs += 2 * 60 * 60 * 1000;
          for (const store of stores) store.faults = [];
          await sweep(0);
          await sweep(1);

          const snapshot = await scanLedger(table, REGIONS[0]);
          const report = reconcile(snapshot, clock());
          expect(report.violations).toEqual([]);
          expect(report.imbalance).toBe(0);
          expect(snapshot.transfers.filter((t) => t.status === 'pending').map((t) => t.transferId)).toEqual(
            [],
          );
          seen.holdsExpired = snapshot.transfers.filter((t) => t.status === 'expired').length;
        },
      ),
      { numRuns: Number(process.env.LEDGER_PROPERTY_RUNS ?? 12), endOnFailure: true },
    );
    console.log(`ledger properties: ${JSON.stringify(seen)}`);
    expect(Object.entries(seen).filter(([, count]) => count === 0)).toEqual([]);
  });
});
