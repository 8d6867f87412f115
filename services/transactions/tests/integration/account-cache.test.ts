// "One round trip" (docs/transactions.md): POST /transactions commits against the account state this container
// remembers and reads only on a miss or a failed condition. Two AccountCaches over one DynamoDB
// Local table are two Lambda containers. Round trips are counted on the real client.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '@ledgerline/shared/principal';
import { randomUUID } from 'node:crypto';
import { closeTestDocumentClient } from '../../../../tests/support/dynamodb';
import { documentClientFor } from '../../src/adapters/dynamodb-clients';
import { ledgerStore } from '../../src/wiring';
import { AccountCache } from '../../src/use-cases/account-cache';
import { recordTransaction } from '../../src/use-cases/record-transaction';
import { api, ledgerState, openAccount, user } from '../support';

afterAll(() => closeTestDocumentClient());

const store = ledgerStore();
const client = documentClientFor('us-east-1') as DynamoDBDocumentClient;
const realSend = client.send.bind(client);
let calls: string[] = [];
beforeEach(() => {
  calls = [];
  (client as unknown as { send: unknown }).send = (command: object) => {
    calls.push(command.constructor.name);
    return realSend(command as never);
  };
});
afterEach(() => ((client as unknown as { send: unknown }).send = realSend));

const usd = (value: number) => ({ value, currency: 'USD' as const });
const principalOf = (caller: ReturnType<typeof user>): Principal => ({
  sub: caller.sub,
  scopes: caller.scope.split(' '),
  tokenType: caller.tokenType,
  clientId: caller.clientId,
});
const create = (
  cache: AccountCache,
  caller: ReturnType<typeof user>,
  accountId: string,
  type: 'credit' | 'debit',
  value: number,
  key: string = randomUUID(),
) =>
  recordTransaction(
    store,
    {
      principal: principalOf(caller),
      accountId,
      idempotencyKey: key,
      command: { type, amount: usd(value) },
      context: { requestId: randomUUID(), sourceIp: '127.0.0.1', userAgent: 'jest' },
    },
    () => new Date(),
    cache,
  );
const balanceOf = (body: string) => (JSON.parse(body) as { balance: { value: number } }).balance.value;

it('reads the account once on a cache miss, then commits in ONE round trip per create', async () => {
  const alice = user();
  const accountId = await openAccount(alice);
  const container = new AccountCache();
  calls = [];

  await create(container, alice, accountId, 'credit', 100);
  expect(calls).toEqual(['GetCommand', 'TransactWriteCommand']);
  calls = [];
  const second = await create(container, alice, accountId, 'debit', 30);
  const third = await create(container, alice, accountId, 'credit', 5);

  expect(calls).toEqual(['TransactWriteCommand', 'TransactWriteCommand']);
  expect(balanceOf(second.response.body)).toBe(70);
  expect(balanceOf(third.response.body)).toBe(75);
  expect(await ledgerState(accountId)).toMatchObject({ balance: 75, version: 3 });
});

it('recovers from a stale cache (another container moved the account): condition fails, re-read, commit', async () => {
  const alice = user();
  const accountId = await openAccount(alice);
  const containerA = new AccountCache();
  const containerB = new AccountCache();
  await create(containerA, alice, accountId, 'credit', 100); // A remembers version 1
  await create(containerB, alice, accountId, 'credit', 50); // B moves it to version 2
  calls = [];

  const result = await create(containerA, alice, accountId, 'debit', 120);

  // The remembered state said 100 (a debit of 120 is refused on it): A re-reads before judging,
  // finds 150 and commits once, with the audit balances of the real state.
  expect(calls).toEqual(['GetCommand', 'TransactWriteCommand']);
  expect(result.replayed).toBe(false);
  const state = await ledgerState(accountId);
  expect(state).toMatchObject({ balance: 30, version: 3 });
  const last = state.transactions.find((tx) => tx.sequence === 3) as { audit: Record<string, number> };
  expect(last.audit).toMatchObject({ balanceBefore: 150, balanceAfter: 30 });
});

it('retries a stale-cache commit whose condition failed, and lands the transaction once', async () => {
  const alice = user();
  const accountId = await openAccount(alice);
  const containerA = new AccountCache();
  const containerB = new AccountCache();
  await create(containerA, alice, accountId, 'credit', 10);
  await create(containerB, alice, accountId, 'credit', 10);
  calls = [];

  const result = await create(containerA, alice, accountId, 'credit', 1);

  // Commit against version 1 (cancelled: the account is at 2), read, commit against 2.
  expect(calls).toEqual(['TransactWriteCommand', 'GetCommand', 'TransactWriteCommand']);
  expect(balanceOf(result.response.body)).toBe(21);
  const state = await ledgerState(accountId);
  expect(state).toMatchObject({ balance: 21, version: 3 });
  expect(state.transactions).toHaveLength(3);
  expect(state.idempotencyRecords).toHaveLength(3);
});

it('keeps exactly-once across containers: the same key from a stale container replays byte-identically', async () => {
  const alice = user();
  const accountId = await openAccount(alice);
  const containerA = new AccountCache();
  const containerB = new AccountCache();
  await create(containerA, alice, accountId, 'credit', 10);
  const key = randomUUID();
  const first = await create(containerB, alice, accountId, 'credit', 7, key);

  const retry = await create(containerA, alice, accountId, 'credit', 7, key);

  expect(retry).toEqual({ response: first.response, replayed: true });
  await expect(create(containerA, alice, accountId, 'credit', 8, key)).rejects.toMatchObject({
    slug: 'idempotency-key-reused',
  });
  expect(await ledgerState(accountId)).toMatchObject({ balance: 17, version: 2 });
});

it('never overdraws from a stale memory: a debit the real balance cannot cover is refused with 422', async () => {
  const alice = user();
  const accountId = await openAccount(alice);
  const containerA = new AccountCache();
  const containerB = new AccountCache();
  await create(containerA, alice, accountId, 'credit', 100); // A remembers 100
  await create(containerB, alice, accountId, 'debit', 100); // the real balance is 0

  await expect(create(containerA, alice, accountId, 'debit', 60)).rejects.toMatchObject({
    slug: 'insufficient-funds',
  });
  expect(await ledgerState(accountId)).toMatchObject({ balance: 0, version: 2 });
});

it('through the handler: the container cache serves concurrent creates on two accounts correctly', async () => {
  const alice = user();
  const [a, b] = [await openAccount(alice), await openAccount(alice)];
  const responses = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      api.createTransaction(alice, i % 2 ? a : b, { type: 'credit', amount: usd(1) }),
    ),
  );
  const applied = responses.filter((r) => r.statusCode === 201).length;
  expect(responses.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
  const [stateA, stateB] = [await ledgerState(a), await ledgerState(b)];
  expect(Number(stateA.balance) + Number(stateB.balance)).toBe(applied);
  expect(stateA.transactions.length + stateB.transactions.length).toBe(applied);
  expect(calls.filter((name) => name === GetCommand.name).length).toBeGreaterThan(0);
  expect(calls.filter((name) => name === TransactWriteCommand.name).length).toBeGreaterThanOrEqual(applied);
});
