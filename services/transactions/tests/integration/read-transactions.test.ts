// GET /transactions/{transactionId} and GET /accounts/{accountId}/transactions (signed cursors),
// in-process against DynamoDB Local.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  closeTestDocumentClient,
  testDocumentClient,
  testTableName,
} from '../../../../tests/support/dynamodb';
import { api, credit, openAccount, PROBLEM, service, user } from '../support';

jest.setTimeout(60_000);
afterAll(() => closeTestDocumentClient());

describe('GET /transactions/{transactionId}', () => {
  it('returns the owner (and a reading service) the transaction exactly as created', async () => {
    const alice = user();
    const accountId = await openAccount(alice);
    const created = await credit(alice, accountId, 42);
    const { transactionId } = created.json.transaction as { transactionId: string };

    const mine = await api.getTransaction(alice, transactionId);
    const backOffice = await api.getTransaction(service('transactions:read'), transactionId);

    expect(mine.statusCode).toBe(200);
    expect(mine.json).toEqual(created.json.transaction);
    expect(backOffice.statusCode).toBe(200);
  });

  it('answers 404 alike to another user, for a missing sequence and for a malformed id', async () => {
    const alice = user();
    const accountId = await openAccount(alice);
    const { transactionId } = (await credit(alice, accountId, 42)).json.transaction as {
      transactionId: string;
    };

    const responses = await Promise.all([
      api.getTransaction(user(), transactionId),
      api.getTransaction(alice, transactionId.replace(/_1$/, '_2')),
      api.getTransaction(alice, 'txn_1'),
      api.getTransaction(alice, `${transactionId}0000000000000`),
    ]);

    for (const response of responses) {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe(PROBLEM);
    }
  });
});

describe('GET /accounts/{accountId}/transactions', () => {
  const alice = user();
  let accountId: string;
  const total = 250;

  beforeAll(async () => {
    accountId = await openAccount(alice);
    // 250 real transactions through the handler, one after the other (amounts 1..250).
    for (let i = 1; i <= total; i += 1) await credit(alice, accountId, i);
  });

  const listAll = async (limit: string) => {
    const seen: Array<Record<string, unknown>> = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await api.listTransactions(alice, accountId, { limit, ...(cursor && { cursor }) });
      expect(response.statusCode).toBe(200);
      const { items, nextCursor } = response.json as {
        items: Array<Record<string, unknown>>;
        nextCursor: string | null;
      };
      expect(items.length).toBeLessThanOrEqual(Number(limit));
      seen.push(...items);
      cursor = nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    return { seen, pages };
  };

  it.each(['1', '7', '100'])(
    'pages through 250 items with limit %s, newest first, no gaps or duplicates',
    async (limit) => {
      const { seen, pages } = await listAll(limit);

      expect(seen.map((t) => (t.amount as { value: number }).value)).toEqual(
        Array.from({ length: total }, (_, i) => total - i),
      );
      expect(new Set(seen.map((t) => t.transactionId)).size).toBe(total);
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(total / Number(limit)));
    },
  );

  it('defaults to 25 items a page', async () => {
    const response = await api.listTransactions(alice, accountId);

    expect((response.json.items as unknown[]).length).toBe(25);
    expect(response.json.nextCursor).toEqual(expect.any(String));
  });

  it('rejects a tampered cursor with 400, never 500 and never data', async () => {
    const first = await api.listTransactions(alice, accountId, { limit: '10' });
    const cursor = first.json.nextCursor as string;
    const [payload, signature] = cursor.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ sk: 'TX#000000000200' })).toString('base64url');
    const flip = (text: string) => (text[0] === 'A' ? 'B' : 'A') + text.slice(1);

    const attempts = [
      `${forged}.${signature}`,
      `${payload}.${flip(signature)}`,
      `${flip(payload)}.${signature}`,
      payload,
      'not a cursor',
      '.',
      'x'.repeat(2048),
      `${payload}.${signature}.${signature}`,
    ];
    for (const tampered of attempts) {
      const response = await api.listTransactions(alice, accountId, { limit: '10', cursor: tampered });
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe(PROBLEM);
      expect(response.json.items).toBeUndefined();
    }
  });

  it('rejects a cursor from another account or another caller with 400', async () => {
    const bob = user();
    const bobsAccount = await openAccount(bob);
    for (let i = 0; i < 3; i += 1) await credit(bob, bobsAccount, 1);
    const bobsCursor = (await api.listTransactions(bob, bobsAccount, { limit: '1' })).json
      .nextCursor as string;
    const alicesCursor = (await api.listTransactions(alice, accountId, { limit: '1' })).json
      .nextCursor as string;

    // Bob's cursor on Alice's account (her own listing), and Alice's cursor used by a service.
    expect((await api.listTransactions(alice, accountId, { cursor: bobsCursor })).statusCode).toBe(400);
    expect((await api.listTransactions(service(), accountId, { cursor: alicesCursor })).statusCode).toBe(400);
    expect((await api.listTransactions(bob, bobsAccount, { cursor: bobsCursor })).statusCode).toBe(200);
  });

  it('answers 404 for another user’s account and 400 for a bad limit', async () => {
    expect((await api.listTransactions(user(), accountId)).statusCode).toBe(404);
    for (const limit of ['0', '101', '-1', '1.5', 'ten']) {
      expect((await api.listTransactions(alice, accountId, { limit })).statusCode).toBe(400);
    }
    expect((await api.listTransactions(alice, accountId, { limit: '5', extra: '1' })).statusCode).toBe(400);
  });

  it('lists only transactions, not the account or idempotency records in the same partition', async () => {
    const other = user();
    const id = await openAccount(other);
    await credit(other, id, 5);
    // A stray item in the partition that sorts after TX# must not appear either.
    await testDocumentClient().send(
      new BatchWriteCommand({
        RequestItems: {
          [testTableName('transactions')]: [
            { PutRequest: { Item: { pk: `ACCOUNT#${id}`, sk: 'ZZZ', entity: 'x' } } },
          ],
        },
      }),
    );

    const response = await api.listTransactions(other, id);

    expect(response.json.items).toHaveLength(1);
    expect(response.json.nextCursor).toBeNull();
  });
});
