// Transfers between accounts homed in different regions (both regions served by one DynamoDB Local,
// the region boundary explicit in the code): 202 pending with the source reserved, then the
// destination leg and the source's completion, each idempotent by transfer id — run twice, out of
// order, or after the destination closed — and money conserved at every step.
import { randomUUID } from 'node:crypto';
import type { Principal } from '@ledgerline/shared/principal';
import { tableName } from '@ledgerline/shared/tables';
import { closeTestDocumentClient } from '../../../../tests/support/dynamodb';
import { DynamoDbLedgerStore } from '../../src/adapters/dynamodb-ledger-store';
import { AccountCache } from '../../src/use-cases/account-cache';
import { closeAccount, createAccount, getAccount } from '../../src/use-cases/accounts';
import type { LedgerDeps } from '../../src/use-cases/create-transfer';
import { createTransfer } from '../../src/use-cases/create-transfer';
import { deliverLeg, deliverTransfer } from '../../src/use-cases/cross-region';
import { expireHolds } from '../../src/use-cases/holds';
import { getTransfer, listEntries } from '../../src/use-cases/read-ledger';
import { ShardPicker } from '../../src/use-cases/system-shards';

afterAll(() => closeTestDocumentClient());

const table = tableName('transactions', 'test');
const east = new DynamoDbLedgerStore(table, 'us-east-1');
const west = new DynamoDbLedgerStore(table, 'us-west-2');
const deps = (): LedgerDeps => ({
  clock: () => new Date(),
  cache: new AccountCache(),
  shards: new ShardPicker(),
});
const user = (): Principal => ({
  sub: `x-${randomUUID()}`,
  tokenType: 'access',
  scopes: [],
  clientId: 'app',
});
const backOffice: Principal = {
  sub: 'bo',
  tokenType: 'service',
  scopes: ['ledger:deposit', 'transactions:read'],
  clientId: 'bo',
};
const context = { requestId: 'r', sourceIp: '203.0.113.1', userAgent: 'jest' };
const usd = (value: number) => ({ value, currency: 'USD' as const });
const cursorKey = async () => Buffer.alloc(32, 7);

async function funded(owner: Principal, region: 'us-east-1' | 'us-west-2', value: number) {
  const store = region === 'us-east-1' ? east : west;
  const { accountId } = await createAccount(store, owner, { currency: 'USD' }, region);
  if (value > 0) {
    await createTransfer(
      store,
      {
        principal: backOffice,
        idempotencyKey: randomUUID(),
        request: { from: 'system:settlement', to: accountId, amount: usd(value) },
        context,
      },
      deps(),
    );
  }
  return accountId;
}

const balancesOf = async (accountId: string) => (await getAccount(east, backOffice, accountId)).balances;

describe('cross-region transfers', () => {
  it('answers 202 pending with the source reserved, then completes exactly once however often it is driven', async () => {
    const alice = user();
    const bob = user();
    const from = await funded(alice, 'us-east-1', 10_000);
    const to = await funded(bob, 'us-west-2', 0);

    const { response } = await createTransfer(
      east,
      { principal: alice, idempotencyKey: 'x-1', request: { from, to, amount: usd(2_500) }, context },
      deps(),
    );

    expect(response.statusCode).toBe(202);
    const { transfer } = JSON.parse(response.body) as {
      transfer: { transferId: string; status: string; route: unknown };
    };
    expect(transfer).toMatchObject({
      status: 'pending',
      route: { sourceRegion: 'us-east-1', destinationRegion: 'us-west-2' },
    });
    expect((await balancesOf(from)).available.value).toBe(7_500);
    expect((await balancesOf(to)).posted.value).toBe(0);

    // The destination leg twice (a retried stream record), then the completion twice, from both regions' functions.
    const stored = (await east.getTransfer(transfer.transferId, 'us-east-1'))!;
    const legs = await Promise.all([deliverLeg(west, stored, deps()), deliverLeg(east, stored, deps())]);
    expect(legs.map((leg) => leg.outcome)).toEqual(['delivered', 'delivered']);
    expect((await balancesOf(to)).posted.value).toBe(2_500);
    const outcomes = await Promise.all([
      deliverTransfer(east, transfer.transferId, 'us-east-1', deps()),
      deliverTransfer(west, transfer.transferId, 'us-east-1', deps()),
    ]);
    expect(outcomes).toEqual(['posted', 'posted']);

    expect(await balancesOf(from)).toMatchObject({
      posted: usd(7_500),
      pending: usd(0),
      available: usd(7_500),
    });
    expect(await balancesOf(to)).toMatchObject({ posted: usd(2_500) });
    expect(await getTransfer(east, alice, transfer.transferId)).toMatchObject({
      status: 'posted',
      postedAmount: usd(2_500),
    });
    const bobsStatement = await listEntries(west, cursorKey, bob, to, { limit: 10 });
    expect(bobsStatement.items).toEqual([
      expect.objectContaining({ amount: usd(2_500), counterparty: from }),
    ]);
    const alicesStatement = await listEntries(east, cursorKey, alice, from, { limit: 10 });
    expect(alicesStatement.items[0]).toMatchObject({
      amount: usd(-2_500),
      counterparty: to,
      balanceAfter: usd(7_500),
    });
  });

  it('refunds the source when the destination closed before the money arrived', async () => {
    const alice = user();
    const bob = user();
    const from = await funded(alice, 'us-west-2', 1_000);
    const to = await funded(bob, 'us-east-1', 0);
    const { response } = await createTransfer(
      west,
      { principal: alice, idempotencyKey: 'x-2', request: { from, to, amount: usd(400) }, context },
      deps(),
    );
    const { transfer } = JSON.parse(response.body) as { transfer: { transferId: string } };
    await closeAccount(east, bob, to, deps());

    expect(await deliverTransfer(west, transfer.transferId, 'us-west-2', deps())).toBe('voided');

    expect(await balancesOf(from)).toMatchObject({
      posted: usd(1_000),
      pending: usd(0),
      available: usd(1_000),
    });
    expect((await west.getDelivery(transfer.transferId, 'us-east-1'))?.outcome).toBe('refused');
  });

  it('is completed by the sweeper when no stream consumer ran (delivery deadline passed)', async () => {
    const alice = user();
    const from = await funded(alice, 'us-east-1', 1_000);
    const to = await funded(user(), 'us-west-2', 0);
    const { response } = await createTransfer(
      east,
      { principal: alice, idempotencyKey: 'x-3', request: { from, to, amount: usd(1_000) }, context },
      deps(),
    );
    const { transfer } = JSON.parse(response.body) as { transfer: { transferId: string } };
    const later: LedgerDeps = { ...deps(), clock: () => new Date(Date.now() + 5 * 60_000) };

    const swept = await expireHolds(
      east,
      'us-east-1',
      async (due) => {
        await deliverTransfer(east, due.transferId, due.homeRegion, later);
      },
      later,
    );

    expect(swept.redelivered).toBeGreaterThanOrEqual(1);
    expect((await east.getTransfer(transfer.transferId))?.status).toBe('posted');
    expect((await balancesOf(to)).posted.value).toBe(1_000);
  });
});

describe('the stream consumer (deliverTransfers)', () => {
  it('completes a pending cross-region transfer from its stream record, and ignores what is not its own', async () => {
    const { marshall } = await import('@aws-sdk/util-dynamodb');
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { testDocumentClient } = await import('../../../../tests/support/dynamodb');
    const { handler, transfersToDeliver } = await import('../../src/handlers/deliver-transfers');
    const alice = user();
    const from = await funded(alice, 'us-east-1', 900);
    const to = await funded(user(), 'us-west-2', 0);
    const { response } = await createTransfer(
      east,
      { principal: alice, idempotencyKey: 'x-stream', request: { from, to, amount: usd(900) }, context },
      deps(),
    );
    const { transfer } = JSON.parse(response.body) as { transfer: { transferId: string } };
    const { Item } = await testDocumentClient().send(
      new GetCommand({ TableName: table, Key: { pk: `TRANSFER#${transfer.transferId}`, sk: 'META' } }),
    );
    const record = (image: Record<string, unknown>, sequence: string) => ({
      eventName: 'INSERT' as const,
      dynamodb: {
        NewImage: marshall(image, { removeUndefinedValues: true }) as never,
        SequenceNumber: sequence,
      },
    });
    const event = {
      Records: [
        record(Item!, '1'),
        record({ ...Item!, homeRegion: 'us-west-2' }, '2'),
        record({ ...Item!, entity: 'account' }, '3'),
        record({ ...Item!, status: 'posted' }, '4'),
      ],
    };

    expect(transfersToDeliver(event as never, 'us-east-1')).toEqual([
      { transferId: transfer.transferId, sequence: '1' },
    ]);
    const result = await (handler as unknown as (e: unknown, c: unknown) => Promise<unknown>)(event, {
      awsRequestId: 'stream-test',
      functionName: 'deliverTransfers',
    });

    expect(result).toEqual({ batchItemFailures: [] });
    expect((await east.getTransfer(transfer.transferId))?.status).toBe('posted');
    expect((await balancesOf(to)).posted.value).toBe(900);
  });
});
