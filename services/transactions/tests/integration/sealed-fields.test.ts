// The ledger's personal fields at rest: sealed under the payer's own data key (descriptions on the
// transfer and both entries, the audit's source IP and user agent, the kept answers), opened for
// the routes that show them, and unrecoverable once the person's keys are deleted
// (crypto-shredding), while amounts, balances and entries stay exactly as they were.
// In-process handlers against DynamoDB Local, as the other integration files.
import { randomUUID } from 'node:crypto';
import { personKeyCount, shredPersonKeys } from '@ledgerline/shared/privacy/person-keys';
import { KEY_CACHE_MS } from '@ledgerline/shared/privacy/personal-data-cipher';
import { closeTestDocumentClient, scanTable } from '../../../../tests/support/dynamodb';
import { api, balances, deposit, ledgerState, openAccount, partition, service, user } from '../support';

afterAll(() => closeTestDocumentClient());
afterEach(() => jest.restoreAllMocks());

const usd = (value: number) => ({ value, currency: 'USD' });

/** Every stored string of the items, nested maps included. */
const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : value && typeof value === 'object'
      ? Object.values(value as Record<string, unknown>).flatMap(strings)
      : [];

async function transferItem(transferId: string) {
  return (await scanTable('transactions')).find(
    (item) => item.pk === `TRANSFER#${transferId}` && item.sk === 'META',
  )!;
}

async function payment() {
  const alice = user();
  const bob = user();
  const from = await openAccount(alice);
  const to = await openAccount(bob);
  await deposit(from, 10_000);
  const description = `Rent ${randomUUID()}`;
  const userAgent = `LedgerlineApp/${randomUUID()}`;
  const response = await api.createTransfer(
    alice,
    { from, to, amount: usd(2_500), description },
    randomUUID(),
    { 'User-Agent': userAgent },
  );
  expect(response.statusCode).toBe(201);
  const transferId = (response.json.transfer as { transferId: string }).transferId;
  return { alice, bob, from, to, description, userAgent, transferId };
}

describe('personal fields at rest', () => {
  it('stores no description, IP or user agent in clear; the routes show them opened', async () => {
    const { alice, bob, from, to, description, userAgent, transferId } = await payment();

    const stored = [
      await transferItem(transferId),
      ...(await partition(from)).filter((item) => item.entity === 'entry'),
      ...(await partition(to)).filter((item) => item.entity === 'entry'),
    ];
    const all = stored.flatMap(strings).join('\n');
    expect(all).not.toContain(description);
    expect(all).not.toContain(userAgent);
    expect(all).not.toContain('203.0.113.10');
    const transfer = stored[0]!;
    expect(transfer.description).toMatch(new RegExp(`^pd1:${alice.sub}:`));
    expect((transfer.audit as Record<string, string>).sourceIp).toMatch(/^pd1:/);
    expect((transfer.response as Record<string, string>).body).toMatch(/^pd1:/);
    // Both entries repeat the payer's sealed description: the payee's statement opens it too.
    for (const entry of stored.slice(1).filter((e) => e.transferId === transferId)) {
      expect(entry.description).toMatch(new RegExp(`^pd1:${alice.sub}:`));
    }
    expect(await personKeyCount(alice.sub)).toBe(1);
    expect(await personKeyCount(bob.sub)).toBe(0);

    const own = await api.getTransfer(alice, transferId);
    expect(own.body).toContain(description);
    const shown = await api.getTransfer(service('ledger:admin'), transferId);
    expect(shown.json).toMatchObject({
      description,
      audit: { sourceIp: '203.0.113.10', userAgent },
    });
    const payeeLines = await api.listEntries(bob, to);
    expect(payeeLines.json.items).toEqual([expect.objectContaining({ transferId, description })]);
  });

  it('after the payer’s keys are shredded: no description, audit erased, amounts and balances intact', async () => {
    const { alice, bob, from, to, transferId } = await payment();
    const before = { from: await balances(from), to: await balances(to) };
    const entriesBefore = { from: (await ledgerState(from)).entries, to: (await ledgerState(to)).entries };

    expect(await shredPersonKeys(alice.sub)).toBe(1);
    expect(await personKeyCount(alice.sub)).toBe(0);
    // Past the containers' key cache (the stated bound), nothing opens any more.
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + KEY_CACHE_MS + 1);

    const shown = await api.getTransfer(service('ledger:admin'), transferId);
    expect(shown.statusCode).toBe(200);
    const view = shown.json;
    expect(view).not.toHaveProperty('description');
    expect(view.audit).toMatchObject({ sourceIp: '[erased]', userAgent: '[erased]' });
    expect(view).toMatchObject({ amount: usd(2_500), status: 'posted' });
    const payeeLines = await api.listEntries(bob, to);
    expect(payeeLines.statusCode).toBe(200);
    const line = (payeeLines.json.items as Array<Record<string, unknown>>).find(
      (e) => e.transferId === transferId,
    )!;
    expect(line).not.toHaveProperty('description');
    expect(line).toMatchObject({ amount: usd(2_500) });

    // The money's history is untouched: balances, entries (amounts, balanceAfter, sealed copies).
    expect({ from: await balances(from), to: await balances(to) }).toEqual(before);
    expect({ from: (await ledgerState(from)).entries, to: (await ledgerState(to)).entries }).toEqual(
      entriesBefore,
    );
  });
});

describe('AML retention of the sealed fields', () => {
  const keyItems = async (sub: string) =>
    (await scanTable('person-keys')).filter((item) => item.pk === `PERSON#${sub}`);

  it('expires the payer’s keys 5 years after their last account closes, and keeps them again when one opens', async () => {
    const { alice, from } = await payment();
    const second = await openAccount(alice);
    // Empty the first account (a withdrawal to settlement), then close both, one after the other.
    const withdrawn = await api.createTransfer(service('ledger:withdraw'), {
      from,
      to: 'system:settlement',
      amount: usd(7_500),
    });
    expect(withdrawn.statusCode).toBe(201);

    expect((await api.closeAccount(alice, from)).statusCode).toBe(200);
    // Another account is still open: the relationship goes on, nothing expires.
    expect((await keyItems(alice.sub)).map((item) => item.expiresAt)).toEqual([undefined]);

    const closedAt = Date.now();
    expect((await api.closeAccount(alice, second)).statusCode).toBe(200);
    const [key] = await keyItems(alice.sub);
    const fiveYears = new Date(closedAt);
    fiveYears.setUTCFullYear(fiveYears.getUTCFullYear() + 5);
    // The table's TTL attribute, in epoch seconds, 5 years after the close (to the minute).
    expect(Math.abs((key!.expiresAt as number) - fiveYears.getTime() / 1000)).toBeLessThan(60);

    await openAccount(alice);
    expect((await keyItems(alice.sub)).map((item) => item.expiresAt)).toEqual([undefined]);
  });
});
