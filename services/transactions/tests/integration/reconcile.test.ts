// The reconciliation job, incremental and full, on its own table: clean books report nothing and
// move the checkpoint; a balance edited behind the ledger's back, a deleted entry or a transfer with
// one entry are found, alarm (metrics) and keep the checkpoint where it was.
import { randomUUID } from 'node:crypto';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '@ledgerline/shared/principal';
import { tableName } from '@ledgerline/shared/tables';
import { createTables } from '../../../../scripts/local/dynamodb-local';
import { closeTestDocumentClient, testDocumentClient } from '../../../../tests/support/dynamodb';
import { DynamoDbLedgerStore } from '../../src/adapters/dynamodb-ledger-store';
import { accountPk, entrySk } from '../../src/adapters/ledger-items';
import { scanLedger } from '../../src/adapters/ledger-snapshot';
import type { LedgerMetrics } from '../../src/ports/ledger-metrics';
import { AccountCache } from '../../src/use-cases/account-cache';
import { createAccount } from '../../src/use-cases/accounts';
import type { LedgerDeps } from '../../src/use-cases/create-transfer';
import { createTransfer } from '../../src/use-cases/create-transfer';
import { reconcileFully, reconcileIncrementally } from '../../src/use-cases/reconcile';
import { ShardPicker } from '../../src/use-cases/system-shards';

afterAll(() => closeTestDocumentClient());

const stage = `recon${randomUUID().slice(0, 8)}`;
const table = tableName('transactions', stage);
const store = new DynamoDbLedgerStore(table, 'us-east-1');
const west = new DynamoDbLedgerStore(table, 'us-west-2');
const context = { requestId: 'r', sourceIp: '203.0.113.1', userAgent: 'jest' };
const backOffice: Principal = { sub: 'bo', tokenType: 'service', scopes: ['ledger:deposit'], clientId: 'bo' };
const usd = (value: number) => ({ value, currency: 'USD' as const });

/** The metrics port, recording what the job published (the alarms' inputs). */
const published: Array<{ imbalance: number; violations: number; stuckPending: number }> = [];
const metrics: LedgerMetrics = {
  transfer: () => undefined,
  replay: () => undefined,
  rejection: () => undefined,
  reconciliation: (figures) => published.push(figures),
};

/** Transfers happened "ten minutes ago": the job verifies up to a minute before now. */
const past: LedgerDeps = {
  clock: () => new Date(Date.now() - 10 * 60_000),
  cache: new AccountCache(),
  shards: new ShardPicker(),
};

async function someActivity() {
  const alice: Principal = { sub: `a-${randomUUID()}`, tokenType: 'access', scopes: [], clientId: 'app' };
  const from = (await createAccount(store, alice, { currency: 'USD' }, 'us-east-1')).accountId;
  const to = (
    await createAccount(west, { ...alice, sub: `b-${randomUUID()}` }, { currency: 'USD' }, 'us-west-2')
  ).accountId;
  const local = (
    await createAccount(store, { ...alice, sub: `c-${randomUUID()}` }, { currency: 'USD' }, 'us-east-1')
  ).accountId;
  const move = (principal: Principal, request: Parameters<typeof createTransfer>[1]['request']) =>
    createTransfer(store, { principal, idempotencyKey: randomUUID(), request, context }, past);
  await move(backOffice, { from: 'system:settlement', to: from, amount: usd(5_000) });
  const p2p = await move(alice, { from, to: local, amount: usd(1_200) });
  return {
    from,
    local,
    p2p: (JSON.parse(p2p.response.body) as { transfer: { transferId: string } }).transfer.transferId,
    to,
  };
}

beforeAll(async () => {
  await createTables(process.env.DYNAMODB_ENDPOINT!, stage);
});

describe('reconciliation', () => {
  it('finds clean books clean, publishes zeros and moves its checkpoint', async () => {
    await someActivity();

    const report = await reconcileIncrementally(store, metrics, 'us-east-1', new Date());

    expect(report).toMatchObject({ imbalance: 0, violations: [], stuckPending: [] });
    expect(report.transfers).toBeGreaterThanOrEqual(2);
    expect(published.at(-1)).toEqual({ imbalance: 0, violations: 0, stuckPending: 0 });
    expect(await store.getCheckpoint('us-east-1')).toBe(report.window.to);
    const full = await reconcileFully(() => scanLedger(table, 'us-east-1'), metrics, new Date());
    expect({ violations: full.violations, imbalance: full.imbalance }).toEqual({
      violations: [],
      imbalance: 0,
    });
  });

  it('finds a balance edited outside the ledger, a lost entry, and keeps the checkpoint', async () => {
    const { from, p2p } = await someActivity();
    const checkpoint = await store.getCheckpoint('us-east-1');
    // Rewind the checkpoint so this activity is in the window (it happened "ten minutes ago").
    await store.saveCheckpoint('us-east-1', new Date(Date.now() - 20 * 60_000).toISOString());
    const db = testDocumentClient();
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: accountPk(from), sk: 'META' },
        UpdateExpression: 'SET posted = posted + :one',
        ExpressionAttributeValues: { ':one': 1_000_000 },
      }),
    );
    const transfer = (await store.getTransfer(p2p))!;
    const creditEntry = transfer.entryRefs!.find((ref) => ref.accountId !== from)!;
    await db.send(
      new DeleteCommand({
        TableName: table,
        Key: { pk: accountPk(creditEntry.accountId), sk: entrySk(creditEntry) },
      }),
    );
    const rewound = await store.getCheckpoint('us-east-1');

    const report = await reconcileIncrementally(store, metrics, 'us-east-1', new Date());

    expect(report.violations).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`${from}: posted`),
        expect.stringContaining(`${p2p} (posted): 1 entries`),
        expect.stringContaining(`${creditEntry.accountId}:`),
      ]),
    );
    expect(report.imbalance).toBe(1_200);
    expect(published.at(-1)).toMatchObject({ imbalance: 1_200 });
    expect(published.at(-1)!.violations).toBeGreaterThanOrEqual(3);
    expect(await store.getCheckpoint('us-east-1')).toBe(rewound);
    expect(checkpoint).not.toBe(rewound);
    const full = await reconcileFully(() => scanLedger(table, 'us-east-1'), metrics, new Date());
    expect(full.violations).toEqual(
      expect.arrayContaining([expect.stringContaining('USD: Σ posted 1000000')]),
    );
  });
});
