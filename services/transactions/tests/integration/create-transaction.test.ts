// POST /accounts/{accountId}/transactions: balance invariant and exactly-once idempotency,
// in-process against DynamoDB Local.
import { randomUUID } from 'node:crypto';
import { closeTestDocumentClient } from '../../../../tests/support/dynamodb';
import { api, credit, ledgerState, openAccount, PROBLEM, service, user } from '../support';

jest.setTimeout(60_000);
afterAll(() => closeTestDocumentClient());

const usd = (value: number) => ({ value, currency: 'USD' });

describe('a credit or a debit', () => {
  it('answers 201 with the transaction, the new balance and a Location, and stores an audit record', async () => {
    const alice = user();
    const accountId = await openAccount(alice);

    const response = await api.createTransaction(
      alice,
      accountId,
      { type: 'credit', amount: usd(12345), description: 'Salary', reference: 'INV-1', counterparty: 'ACME' },
      'key-1',
      { 'User-Agent': 'bank-app/2.0' },
    );

    expect(response.statusCode).toBe(201);
    const transaction = response.json.transaction as Record<string, unknown>;
    expect(response.json).toEqual({
      transaction: {
        transactionId: expect.stringMatching(/^txn_[a-z2-7]{20}_1$/),
        accountId,
        type: 'credit',
        amount: usd(12345),
        description: 'Salary',
        reference: 'INV-1',
        counterparty: 'ACME',
        balanceBefore: usd(0),
        balanceAfter: usd(12345),
        createdAt: expect.any(String),
        createdBy: alice.sub,
      },
      balance: usd(12345),
    });
    expect(response.headers.location).toBe(`/transactions/${String(transaction.transactionId)}`);
    expect(response.headers['idempotent-replayed']).toBeUndefined();

    const state = await ledgerState(accountId);
    expect(state.balance).toBe(12345);
    expect(state.version).toBe(1);
    expect(state.transactions).toHaveLength(1);
    expect(state.transactions[0]!.audit).toEqual({
      actor: { sub: alice.sub, tokenType: 'access', clientId: 'mobile-client' },
      at: transaction.createdAt,
      requestId: expect.any(String),
      sourceIp: '203.0.113.10',
      userAgent: 'bank-app/2.0',
      balanceBefore: 0,
      balanceAfter: 12345,
    });
    expect(state.idempotencyRecords).toHaveLength(1);
    expect(state.idempotencyRecords[0]!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 23 * 3600);
  });

  it('debits down to exactly zero, and refuses a debit below zero with 422, writing nothing', async () => {
    const alice = user();
    const accountId = await openAccount(alice);
    await credit(alice, accountId, 500);

    const refused = await api.createTransaction(alice, accountId, { type: 'debit', amount: usd(501) });
    const before = await ledgerState(accountId);
    const accepted = await api.createTransaction(alice, accountId, { type: 'debit', amount: usd(500) });

    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toBe(PROBLEM);
    expect(refused.json.type).toBe('https://ledgerline.dev/problems/insufficient-funds');
    expect(before).toMatchObject({ balance: 500, version: 1 });
    expect(before.transactions).toHaveLength(1);
    expect(before.idempotencyRecords).toHaveLength(1);
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json.balance).toEqual(usd(0));
  });

  it('refuses an amount in another currency than the account’s with 422', async () => {
    const alice = user();
    const accountId = await openAccount(alice, 'EUR');

    const response = await api.createTransaction(alice, accountId, { type: 'credit', amount: usd(100) });

    expect(response.statusCode).toBe(422);
    expect((await ledgerState(accountId)).transactions).toEqual([]);
  });

  it('answers 404 on another user’s account and on a missing one, writing nothing', async () => {
    const alice = user();
    const accountId = await openAccount(alice);

    const foreign = await api.createTransaction(user(), accountId, { type: 'credit', amount: usd(1) });
    const missing = await api.createTransaction(alice, 'acc_aaaaaaaaaaaaaaaaaaaa', {
      type: 'credit',
      amount: usd(1),
    });

    expect(foreign.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(await ledgerState(accountId)).toMatchObject({
      balance: 0,
      transactions: [],
      idempotencyRecords: [],
    });
  });

  it('lets a service token with transactions:write act on any account, and refuses one without it', async () => {
    const accountId = await openAccount(user());

    const refused = await api.createTransaction(service('transactions:read'), accountId, {
      type: 'credit',
      amount: usd(7),
    });
    const accepted = await api.createTransaction(service(), accountId, { type: 'credit', amount: usd(7) });

    expect(refused.statusCode).toBe(403);
    expect(accepted.statusCode).toBe(201);
    const [stored] = (await ledgerState(accountId)).transactions;
    expect(stored!.audit).toMatchObject({ actor: { sub: 'ledgerline-backoffice', tokenType: 'service' } });
  });
});

describe('bad input', () => {
  const valid = { type: 'credit', amount: usd(100) };
  const cases: Array<[string, unknown, number]> = [
    ['malformed JSON', '{"type": "credit",', 400],
    ['an array body', [valid], 400],
    ['no type', { amount: usd(100) }, 400],
    ['an unknown type', { ...valid, type: 'refund' }, 400],
    ['no amount', { type: 'credit' }, 400],
    ['an amount as a number', { ...valid, amount: 100 }, 400],
    ['a string value', { ...valid, amount: { value: '100', currency: 'USD' } }, 400],
    ['a negative value', { ...valid, amount: usd(-100) }, 400],
    ['a zero value', { ...valid, amount: usd(0) }, 400],
    ['a fractional value', { ...valid, amount: usd(1.5) }, 400],
    ['a value above 2^53-1', { ...valid, amount: usd(Number.MAX_SAFE_INTEGER + 1) }, 400],
    ['a huge value', '{"type":"credit","amount":{"value":1e30,"currency":"USD"}}', 400],
    ['an unknown currency', { ...valid, amount: { value: 100, currency: 'ZZZ' } }, 400],
    ['no currency', { ...valid, amount: { value: 100 } }, 400],
    ['an extra field', { ...valid, balance: 0 }, 400],
    ['an extra amount field', { ...valid, amount: { ...usd(100), exponent: 2 } }, 400],
    ['an oversized description', { ...valid, description: 'x'.repeat(281) }, 400],
    ['an oversized reference', { ...valid, reference: 'x'.repeat(65) }, 400],
    ['a control character', { ...valid, counterparty: 'ACME\u0000' }, 400],
    ['an empty description', { ...valid, description: '' }, 400],
    ['a body over 4 KiB', { ...valid, description: 'x'.repeat(5_000) }, 413],
  ];

  it.each(cases)('rejects %s with a problem and writes nothing', async (_case, body, status) => {
    const alice = user();
    const accountId = await openAccount(alice);

    const response = await api.createTransaction(alice, accountId, body);

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe(PROBLEM);
    expect(await ledgerState(accountId)).toMatchObject({
      balance: 0,
      transactions: [],
      idempotencyRecords: [],
    });
  });

  it.each([
    ['no Idempotency-Key', null],
    ['an empty Idempotency-Key', ''],
    ['an Idempotency-Key of 256 characters', 'k'.repeat(256)],
    ['a non-printable Idempotency-Key', 'key\u0001one'],
  ])('rejects %s with 400 and writes nothing', async (_case, key) => {
    const alice = user();
    const accountId = await openAccount(alice);

    const response = await api.createTransaction(alice, accountId, valid, key);

    expect(response.statusCode).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ pointer: '/headers/idempotency-key' })]);
    expect(await ledgerState(accountId)).toMatchObject({ balance: 0, transactions: [] });
  });

  it('accepts an Idempotency-Key of 255 printable characters', async () => {
    const alice = user();
    const accountId = await openAccount(alice);

    const response = await api.createTransaction(alice, accountId, valid, `a b${'~'.repeat(252)}`);

    expect(response.statusCode).toBe(201);
  });
});

describe('idempotency', () => {
  it('replays the first answer to a retry: same status, identical body, Idempotent-Replayed, nothing written', async () => {
    const alice = user();
    const accountId = await openAccount(alice);
    const body = { type: 'credit', amount: usd(250), description: 'Refund' };
    const first = await api.createTransaction(alice, accountId, body, 'retry-me');

    // Same request, keys in another order: the canonical fingerprint is the same.
    const retry = await api.createTransaction(
      alice,
      accountId,
      { description: 'Refund', amount: { currency: 'USD', value: 250 }, type: 'credit' },
      'retry-me',
    );

    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    expect(await ledgerState(accountId)).toMatchObject({ balance: 250, version: 1 });
  });

  it('replays a successful debit even when the balance no longer allows it', async () => {
    const alice = user();
    const accountId = await openAccount(alice);
    await credit(alice, accountId, 100);
    const first = await api.createTransaction(
      alice,
      accountId,
      { type: 'debit', amount: usd(100) },
      'debit-1',
    );

    const retry = await api.createTransaction(
      alice,
      accountId,
      { type: 'debit', amount: usd(100) },
      'debit-1',
    );

    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.body).toBe(first.body);
    expect((await ledgerState(accountId)).balance).toBe(0);
  });

  it('answers 422 to the same key with another body, and writes nothing', async () => {
    const alice = user();
    const accountId = await openAccount(alice);
    await api.createTransaction(alice, accountId, { type: 'credit', amount: usd(100) }, 'reused');

    const reused = await api.createTransaction(
      alice,
      accountId,
      { type: 'credit', amount: usd(101) },
      'reused',
    );

    expect(reused.statusCode).toBe(422);
    expect(reused.json.type).toBe('https://ledgerline.dev/problems/idempotency-key-reused');
    expect(await ledgerState(accountId)).toMatchObject({ balance: 100, version: 1 });
  });

  it('scopes keys per caller and per account', async () => {
    const alice = user();
    const accountA = await openAccount(alice);
    const accountB = await openAccount(alice);
    const body = { type: 'credit', amount: usd(5) };

    const onA = await api.createTransaction(alice, accountA, body, 'shared-key');
    const onB = await api.createTransaction(alice, accountB, body, 'shared-key');
    const byService = await api.createTransaction(service(), accountA, body, 'shared-key');

    expect([onA, onB, byService].map((r) => r.headers['idempotent-replayed'])).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect((await ledgerState(accountA)).balance).toBe(10);
    expect((await ledgerState(accountB)).balance).toBe(5);
  });

  it('applies 50 concurrent requests with one key exactly once, and answers all of them alike', async () => {
    const alice = user();
    const accountId = await openAccount(alice);
    const key = randomUUID();

    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        api.createTransaction(alice, accountId, { type: 'credit', amount: usd(1000) }, key),
      ),
    );

    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const successes = responses.filter((r) => r.statusCode === 201);
    expect(successes.length).toBeGreaterThan(0);
    expect(new Set(successes.map((r) => r.body)).size).toBe(1);
    expect(successes.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
    const state = await ledgerState(accountId);
    expect(state).toMatchObject({ balance: 1000, version: 1 });
    expect(state.transactions).toHaveLength(1);
    expect(state.idempotencyRecords).toHaveLength(1);
  });

  it('never takes the balance below zero under concurrent debits with distinct keys', async () => {
    const alice = user();
    const accountId = await openAccount(alice);
    await credit(alice, accountId, 1000);

    const responses = await Promise.all(
      Array.from({ length: 30 }, () =>
        api.createTransaction(alice, accountId, { type: 'debit', amount: usd(100) }),
      ),
    );

    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.every((s) => [201, 409, 422].includes(s))).toBe(true);
    const applied = statuses.filter((s) => s === 201).length;
    const state = await ledgerState(accountId);
    expect(applied).toBeLessThanOrEqual(10);
    expect(state.balance).toBe(1000 - 100 * applied);
    expect(state.balance).toBeGreaterThanOrEqual(0);
    expect(state.transactions).toHaveLength(1 + applied);
    // The ledger replays to the stored balance: every after = before ± amount, in sequence.
    const ordered = [...state.transactions].sort((a, b) => (a.sequence as number) - (b.sequence as number));
    let balance = 0;
    for (const tx of ordered) {
      const audit = tx.audit as { balanceBefore: number; balanceAfter: number };
      expect(audit.balanceBefore).toBe(balance);
      balance = audit.balanceAfter;
    }
    expect(balance).toBe(state.balance);
  });
});
