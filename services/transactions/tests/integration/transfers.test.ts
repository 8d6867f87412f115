// POST /transfers and the hold lifecycle, in-process against DynamoDB Local: the double-entry
// invariants on every path (each transfer's two entries cancel, balances equal their entries), the
// exactly-once contract per Idempotency-Key, and bad input that changes nothing.
import { closeTestDocumentClient, scanTable } from '../../../../tests/support/dynamodb';
import { api, balances, deposit, ledgerState, openAccount, PROBLEM, service, user } from '../support';

afterAll(() => closeTestDocumentClient());

const usd = (value: number) => ({ value, currency: 'USD' });

/** Σ posted over every account of a currency, and Σ pending debits − Σ pending credits. */
async function totals(currency = 'USD') {
  const accounts = (await scanTable('transactions')).filter(
    (item) => item.entity === 'account' && item.currency === currency,
  );
  let posted = 0;
  let pending = 0;
  for (const account of accounts) {
    posted += account.posted as number;
    pending += (account.debitsPending as number) - (account.creditsPending as number);
  }
  return { posted, pending };
}

/** Every account's posted balance equals the sum of its entries, and the entries chain. */
async function expectEntriesMatch(accountId: string) {
  const { posted, entries } = await ledgerState(accountId);
  let running = 0;
  for (const [index, entry] of entries.entries()) {
    running += entry.amount as number;
    expect({ sequence: entry.sequence, balanceAfter: entry.balanceAfter }).toEqual({
      sequence: index + 1,
      balanceAfter: running,
    });
  }
  expect(posted).toBe(running);
}

describe('P2P transfers', () => {
  it('moves money from the caller to another customer: two entries, balances after, sum unchanged', async () => {
    const alice = user();
    const bob = user();
    const from = await openAccount(alice);
    const to = await openAccount(bob);
    await deposit(from, 10_000);
    const before = await totals();

    const response = await api.createTransfer(alice, {
      from,
      to,
      amount: usd(2_500),
      description: 'Rent share',
    });

    expect(response.statusCode).toBe(201);
    expect(response.json.transfer).toMatchObject({
      kind: 'p2p',
      from,
      to,
      amount: usd(2_500),
      postedAmount: usd(2_500),
      status: 'posted',
      createdBy: alice.sub,
    });
    expect(response.headers.location).toBe(
      `/transfers/${String((response.json.transfer as { transferId: string }).transferId)}`,
    );
    expect(await balances(from)).toEqual({ posted: 7_500, pending: 0, available: 7_500 });
    expect(await balances(to)).toEqual({ posted: 2_500, pending: 0, available: 2_500 });
    expect(await totals()).toEqual(before);
    await expectEntriesMatch(from);
    await expectEntriesMatch(to);
    const statement = await api.listEntries(bob, to);
    expect(statement.json.items).toEqual([
      expect.objectContaining({
        amount: usd(2_500),
        balanceAfter: usd(2_500),
        counterparty: from,
        kind: 'p2p',
      }),
    ]);
  });

  it('replays the first answer byte for byte to a retry with the same key, and 422s another body', async () => {
    const alice = user();
    const from = await openAccount(alice);
    const to = await openAccount(user());
    await deposit(from, 1_000);

    const first = await api.createTransfer(alice, { from, to, amount: usd(600) }, 'key-1');
    const retry = await api.createTransfer(alice, { amount: usd(600), to, from }, 'key-1');
    const other = await api.createTransfer(alice, { from, to, amount: usd(10) }, 'key-1');

    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(other.statusCode).toBe(422);
    expect(other.json.type).toBe('https://ledgerline.dev/problems/idempotency-key-reused');
    expect(await balances(from)).toMatchObject({ posted: 400 });
  });

  it('replays a succeeded transfer even when the balance left no longer covers it', async () => {
    const alice = user();
    const from = await openAccount(alice);
    const to = await openAccount(user());
    await deposit(from, 1_000);
    const first = await api.createTransfer(alice, { from, to, amount: usd(800) }, 'drain');
    const retry = await api.createTransfer(alice, { from, to, amount: usd(800) }, 'drain');
    expect([first.statusCode, retry.statusCode, retry.body === first.body]).toEqual([201, 201, true]);
    expect(await balances(from)).toMatchObject({ posted: 200 });
  });

  it.each([
    [
      'insufficient funds',
      422,
      'insufficient-funds',
      async (from: string, _to: string) => ({ from, amount: usd(5_001) }),
    ],
    [
      'a closed destination',
      422,
      'account-unavailable',
      async (from: string) => {
        const owner = user();
        const closed = await openAccount(owner);
        expect((await api.closeAccount(owner, closed)).statusCode).toBe(200);
        return { from, to: closed };
      },
    ],
    [
      'an unknown destination',
      422,
      'account-unavailable',
      async (from: string) => ({ from, to: 'acc_aaaaaaaaaaaaaaaaaaaa' }),
    ],
    [
      'another currency',
      422,
      'currency-mismatch',
      async (from: string) => ({ from, to: await openAccount(user(), 'EUR') }),
    ],
    ['the same account', 422, 'unprocessable-request', async (from: string) => ({ from, to: from })],
    ["someone else's source", 404, 'not-found', async (from: string, to: string) => ({ from: to, to: from })],
    ['a system destination', 403, 'forbidden', async (from: string) => ({ from, to: 'system:settlement' })],
    ['a system source', 403, 'forbidden', async () => ({ from: 'system:settlement' })],
  ])('refuses %s (%i %s) and changes nothing', async (_case, status, slug, shape) => {
    const alice = user();
    const from = await openAccount(alice);
    const to = await openAccount(user());
    await deposit(from, 5_000);
    const before = await totals();
    const body: Record<string, unknown> = { from, to, amount: usd(100) };
    Object.assign(body, await shape(from, to));

    const response = await api.createTransfer(alice, body);

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe(PROBLEM);
    expect(response.json.type).toBe(`https://ledgerline.dev/problems/${slug}`);
    expect(await balances(from)).toEqual({ posted: 5_000, pending: 0, available: 5_000 });
    expect(await totals()).toEqual(before);
  });
});

describe('holds (two-phase transfers)', () => {
  it('reserves, then posts part of a hold and releases the rest', async () => {
    const alice = user();
    const card = await openAccount(alice);
    await deposit(card, 10_000);
    const processor = service('ledger:withdraw');

    const held = await api.createTransfer(processor, {
      from: card,
      to: 'system:settlement',
      amount: usd(4_000),
      hold: { timeoutSeconds: 3600 },
    });
    expect(held.statusCode).toBe(201);
    const transfer = held.json.transfer as { transferId: string; status: string; timeoutAt: string };
    expect(transfer.status).toBe('pending');
    expect(await balances(card)).toEqual({ posted: 10_000, pending: 4_000, available: 6_000 });
    expect(await totals()).toEqual({ posted: 0, pending: 0 });

    const posted = await api.resolve(processor, 'post', transfer.transferId, { amount: 3_250 }, 'capture-1');
    expect(posted.statusCode).toBe(200);
    expect(posted.json.transfer).toMatchObject({ status: 'posted', postedAmount: usd(3_250) });
    expect(await balances(card)).toEqual({ posted: 6_750, pending: 0, available: 6_750 });
    await expectEntriesMatch(card);

    const again = await api.resolve(processor, 'post', transfer.transferId, { amount: 3_250 }, 'capture-1');
    expect([again.statusCode, again.body === posted.body]).toEqual([200, true]);
    const voided = await api.resolve(processor, 'void', transfer.transferId);
    expect([voided.statusCode, voided.json.type]).toEqual([
      409,
      'https://ledgerline.dev/problems/transfer-not-pending',
    ]);
    expect(await totals()).toEqual({ posted: 0, pending: 0 });
  });

  it('voids a hold: everything reserved comes back, no entries', async () => {
    const card = await openAccount(user());
    await deposit(card, 1_000);
    const processor = service('ledger:withdraw');
    const held = await api.createTransfer(processor, {
      from: card,
      to: 'system:settlement',
      amount: usd(1_000),
      hold: { timeoutSeconds: 600 },
    });
    const id = (held.json.transfer as { transferId: string }).transferId;
    const spend = await api.createTransfer(processor, {
      from: card,
      to: 'system:settlement',
      amount: usd(1),
    });
    expect(spend.json.type).toBe('https://ledgerline.dev/problems/insufficient-funds');

    const voided = await api.resolve(processor, 'void', id);

    expect(voided.json.transfer).toMatchObject({ status: 'voided', postedAmount: usd(0) });
    expect(await balances(card)).toEqual({ posted: 1_000, pending: 0, available: 1_000 });
    expect((await ledgerState(card)).entries).toHaveLength(1);
  });

  it('refuses a user posting or voiding a hold (403), and a post larger than the hold (422)', async () => {
    const alice = user();
    const card = await openAccount(alice);
    await deposit(card, 1_000);
    const processor = service('ledger:withdraw');
    const held = await api.createTransfer(processor, {
      from: card,
      to: 'system:settlement',
      amount: usd(500),
      hold: { timeoutSeconds: 600 },
    });
    const id = (held.json.transfer as { transferId: string }).transferId;
    expect((await api.resolve(alice, 'post', id)).statusCode).toBe(403);
    expect((await api.resolve(alice, 'void', id)).statusCode).toBe(403);
    expect((await api.resolve(service('ledger:deposit'), 'void', id)).statusCode).toBe(403);
    expect((await api.resolve(processor, 'post', id, { amount: 501 })).statusCode).toBe(422);
    expect(await balances(card)).toEqual({ posted: 1_000, pending: 500, available: 500 });
  });
});

describe('reversals', () => {
  it('undoes a posted transfer with a new linked one, once', async () => {
    const alice = user();
    const from = await openAccount(alice);
    const to = await openAccount(user());
    await deposit(from, 1_000);
    const original = await api.createTransfer(alice, { from, to, amount: usd(300) });
    const id = (original.json.transfer as { transferId: string }).transferId;
    const admin = service('ledger:admin');

    const reversal = await api.resolve(admin, 'reverse', id, { description: 'Fraud claim upheld' }, 'rev-1');
    const replay = await api.resolve(admin, 'reverse', id, { description: 'Fraud claim upheld' }, 'rev-1');
    const second = await api.resolve(admin, 'reverse', id, {}, 'rev-2');

    expect(reversal.statusCode).toBe(201);
    expect(reversal.json.transfer).toMatchObject({
      kind: 'reversal',
      from: to,
      to: from,
      reversalOf: id,
      amount: usd(300),
    });
    expect([replay.statusCode, replay.body === reversal.body]).toEqual([201, true]);
    expect([second.statusCode, second.json.type]).toEqual([
      409,
      'https://ledgerline.dev/problems/already-reversed',
    ]);
    expect(await balances(from)).toMatchObject({ posted: 1_000 });
    expect(await balances(to)).toMatchObject({ posted: 0 });
    expect((await api.getTransfer(alice, id)).json).toMatchObject({
      reversedBy: (reversal.json.transfer as { transferId: string }).transferId,
    });
    expect((await api.resolve(alice, 'reverse', id)).statusCode).toBe(403);
  });
});

describe('GET /transfers/{id}', () => {
  it('shows the debit side everything but the network audit, the credit side no audit fields, others 404', async () => {
    const alice = user();
    const bob = user();
    const from = await openAccount(alice);
    const to = await openAccount(bob);
    await deposit(from, 1_000);
    const created = await api.createTransfer(alice, { from, to, amount: usd(10), reference: 'INV-7' });
    const id = (created.json.transfer as { transferId: string }).transferId;

    const mine = await api.getTransfer(alice, id);
    const theirs = await api.getTransfer(bob, id);
    const stranger = await api.getTransfer(user(), id);
    const missing = await api.getTransfer(alice, 'tr_aaaaaaaaaaaaaaaaaaaaaaaaaa');

    expect(mine.json).toMatchObject({ reference: 'INV-7', createdBy: alice.sub });
    expect(mine.json).not.toHaveProperty('audit');
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json).not.toHaveProperty('reference');
    expect(theirs.json).not.toHaveProperty('createdBy');
    expect([stranger.statusCode, missing.statusCode]).toEqual([404, 404]);
    expect(stranger.body.replace(/"instance":"[^"]*"/, '')).toBe(
      missing.body.replace(/"instance":"[^"]*"/, ''),
    );
  });
});

describe('overdraft limits', () => {
  it('lets an account go below zero down to the limit back office set, and no further', async () => {
    const alice = user();
    const from = await openAccount(alice);
    const to = await openAccount(user());
    await deposit(from, 1_000);
    const admin = service('ledger:admin');

    const set = await api.setOverdraftLimit(admin, from, { limit: usd(500) });
    const within = await api.createTransfer(alice, { from, to, amount: usd(1_500) });
    const beyond = await api.createTransfer(alice, { from, to, amount: usd(1) });
    const lower = await api.setOverdraftLimit(admin, from, { limit: usd(100) });
    const otherCurrency = await api.setOverdraftLimit(admin, from, {
      limit: { value: 100, currency: 'EUR' },
    });

    expect(set.json.balances).toMatchObject({ overdraftLimit: usd(500), available: usd(1_000) });
    expect(within.statusCode).toBe(201);
    expect(await balances(from)).toEqual({ posted: -500, pending: 0, available: -500 });
    expect([beyond.statusCode, beyond.json.type]).toEqual([
      422,
      'https://ledgerline.dev/problems/insufficient-funds',
    ]);
    expect([lower.statusCode, otherCurrency.statusCode]).toEqual([422, 422]);
    await expectEntriesMatch(from);
  });
});
