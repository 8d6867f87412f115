// @ledgerline/transactions/privacy against DynamoDB Local: one person's accounts, entries and
// transfers, what they still hold, and closing the empty accounts, next to another person's data.
import { tableName } from '@ledgerline/shared/tables';
import { closeTestDocumentClient } from '../../../../tests/support/dynamodb';
import { DynamoDbLedgerStore } from '../../src/adapters/dynamodb-ledger-store';
import type { LedgerStore } from '../../src/ports/ledger-store';
import { ledgerPrivacy } from '../../src/privacy';
import { ledgerPrivacyOver } from '../../src/use-cases/privacy';
import type { Caller } from '../support';
import { api, deposit, openAccount, partition, service, user } from '../support';

afterAll(() => closeTestDocumentClient());

const usd = (value: number) => ({ value, currency: 'USD' });
const idOf = (response: { json: Record<string, unknown> }) =>
  (response.json.transfer as { transferId: string }).transferId;

async function transfer(caller: Caller, body: Record<string, unknown>) {
  const response = await api.createTransfer(caller, body);
  if (response.statusCode !== 201) throw new Error(`transfer: ${response.statusCode} ${response.body}`);
  return idOf(response);
}

const collect = async <T>(items: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
};

/** The real store, counting the pages it is asked for. */
function countingStore() {
  const store = new DynamoDbLedgerStore(tableName('transactions', 'test'), 'us-east-1');
  const calls = { listEntries: 0, accountsOwnedBy: 0 };
  const counted = Object.create(store) as LedgerStore;
  counted.listEntries = (...args) => {
    calls.listEntries += 1;
    return store.listEntries(...args);
  };
  counted.accountsOwnedBy = (...args) => {
    calls.accountsOwnedBy += 1;
    return store.accountsOwnedBy(...args);
  };
  return { store: counted, calls };
}

describe('@ledgerline/transactions/privacy', () => {
  const alice = user();
  const bob = user();
  const processor = service('ledger:withdraw');
  const ledger = ledgerPrivacy();
  let main: string, savings: string, spare: string, bobs: string;
  const t = {} as Record<'deposit' | 'bobDeposit' | 'toBob' | 'fromBob' | 'own' | 'bobOnly' | 'hold', string>;

  beforeAll(async () => {
    main = await openAccount(alice);
    bobs = await openAccount(bob);
    t.deposit = idOf(await deposit(main, 10_000));
    // Opened after a write round trip: a later createdAt than main's, so the order is known.
    savings = await openAccount(alice);
    t.bobDeposit = idOf(await deposit(bobs, 5_000));
    t.toBob = await transfer(alice, { from: main, to: bobs, amount: usd(2_000) });
    t.fromBob = await transfer(bob, { from: bobs, to: savings, amount: usd(500) });
    t.own = await transfer(alice, { from: main, to: savings, amount: usd(300) });
    t.bobOnly = await transfer(processor, { from: bobs, to: 'system:settlement', amount: usd(100) });
    t.hold = await transfer(processor, {
      from: main,
      to: 'system:settlement',
      amount: usd(1_000),
      hold: { timeoutSeconds: 3600 },
    });
    spare = await openAccount(alice);
  });

  it('accountsOf: every account of the person, newest first, with balances; none of anyone else', async () => {
    const accounts = await ledger.accountsOf(alice.sub);

    expect(accounts.map((account) => account.accountId)).toEqual([spare, savings, main]);
    expect(accounts[2]).toMatchObject({
      accountId: main,
      currency: 'USD',
      status: 'open',
      posted: 7_700,
      debitsPending: 1_000,
      creditsPending: 0,
    });
    expect(accounts[1]).toMatchObject({ posted: 800, debitsPending: 0 });
    expect((await ledger.accountsOf(bob.sub)).map((account) => account.accountId)).toEqual([bobs]);
  });

  it('accountsOf pages through the owner index', async () => {
    const { store, calls } = countingStore();

    const accounts = await ledgerPrivacyOver(store, { pageSize: 1 }).accountsOf(alice.sub);

    expect(accounts.map((account) => account.accountId)).toEqual([spare, savings, main]);
    expect(calls.accountsOwnedBy).toBeGreaterThanOrEqual(3);
  });

  it('entriesOf: every entry of the account, oldest first, page by page', async () => {
    const { store, calls } = countingStore();
    const stored = (await partition(main))
      .filter((item) => item.entity === 'entry')
      .map((item) => item.sequence);

    const entries = await collect(ledgerPrivacyOver(store, { pageSize: 2 }).entriesOf(main));

    expect(stored).toHaveLength(3);
    expect(entries.map((entry) => entry.sequence)).toEqual([1, 2, 3]);
    expect(entries.map((entry) => entry.transferId)).toEqual([t.deposit, t.toBob, t.own]);
    expect(entries.map((entry) => entry.balanceAfter)).toEqual([10_000, 8_000, 7_700]);
    expect(calls.listEntries).toBeGreaterThan(1);
  });

  it('transfersOf: each transfer once, oldest first, audit only where the person is the debit owner', async () => {
    const views = await collect(
      ledgerPrivacyOver(countingStore().store, { pageSize: 2 }).transfersOf(alice.sub),
    );

    expect(views.map((view) => view.transferId)).toEqual([t.deposit, t.toBob, t.fromBob, t.own]);
    const byId = new Map(views.map((view) => [view.transferId, view]));
    expect(byId.get(t.toBob)?.audit?.actor.sub).toBe(alice.sub);
    expect(byId.get(t.own)?.audit?.actor.sub).toBe(alice.sub);
    // Credit side only: a deposit from back office, a payment from bob.
    expect(byId.get(t.deposit)).not.toHaveProperty('audit');
    expect(byId.get(t.fromBob)).not.toHaveProperty('audit');
    expect(byId.get(t.fromBob)).not.toHaveProperty('createdBy');
    expect(views.map((view) => view.transferId)).not.toContain(t.bobOnly);
    expect(views.map((view) => view.transferId)).not.toContain(t.bobDeposit);
  });

  it('holdingsOf: accounts with a posted balance or anything pending', async () => {
    const holdings = await ledger.holdingsOf(alice.sub);

    expect(holdings).toEqual(
      expect.arrayContaining([
        { accountId: main, currency: 'USD', posted: 7_700, pending: 1_000 },
        { accountId: savings, currency: 'USD', posted: 800, pending: 0 },
      ]),
    );
    expect(holdings).toHaveLength(2);
  });

  it('closeAccountsOf: closes the empty accounts only, once; an account holding money stays open', async () => {
    const closed = await ledger.closeAccountsOf(alice.sub);

    expect(closed).toEqual([spare]);
    expect(await ledger.closeAccountsOf(alice.sub)).toEqual([]);
    const accounts = new Map((await ledger.accountsOf(alice.sub)).map((a) => [a.accountId, a]));
    expect(accounts.get(spare)).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    expect(accounts.get(main)?.status).toBe('open');
    expect(accounts.get(savings)?.status).toBe('open');
  });

  it('closeAccountsOf: an account whose only money is pending stays open until the hold is voided', async () => {
    const carol = user();
    const card = await openAccount(carol);
    await deposit(card, 1_000);
    const hold = await transfer(processor, {
      from: card,
      to: 'system:settlement',
      amount: usd(1_000),
      hold: { timeoutSeconds: 3600 },
    });
    // The hold posted in full: posted 0, nothing pending; then money on its way in, held.
    expect((await api.resolve(processor, 'post', hold, { amount: 1_000 })).statusCode).toBe(200);
    const pendingIn = await transfer(service('ledger:deposit'), {
      from: 'system:settlement',
      to: card,
      amount: usd(250),
      hold: { timeoutSeconds: 3600 },
    });

    expect(await ledger.holdingsOf(carol.sub)).toEqual([
      { accountId: card, currency: 'USD', posted: 0, pending: 250 },
    ]);
    expect(await ledger.closeAccountsOf(carol.sub)).toEqual([]);

    expect((await api.resolve(service('ledger:deposit'), 'void', pendingIn)).statusCode).toBe(200);
    expect(await ledger.holdingsOf(carol.sub)).toEqual([]);
    expect(await ledger.closeAccountsOf(carol.sub)).toEqual([card]);
  });
});
