// Faults injected with aws-sdk-client-mock into the real store (everything else goes through to
// DynamoDB Local): conflicts are retried, throttling is a 503 with nothing written, a lost response
// is repaired by the client's retry, and nothing is ever half-written.
import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { closeTestDocumentClient } from '../../../../tests/support/dynamodb';
import { documentClientFor } from '../../src/adapters/dynamodb-clients';
import { retryPolicy } from '../../src/use-cases/record-transaction';
import { api, ledgerState, openAccount, user } from '../support';

afterAll(() => closeTestDocumentClient());

const client = documentClientFor('us-east-1');
const prototypeSend = (Object.getPrototypeOf(client) as DynamoDBDocumentClient).send;
/** The client's real send, bypassing the stub (which replaces `send` on the instance only). */
const realSend = (command: unknown) =>
  (prototypeSend as unknown as (command: unknown) => Promise<never>).call(client, command);

let mock: { restore(): void } | undefined;
const savedPolicy = { ...retryPolicy };

/** Mocks the client: every command goes through to DynamoDB Local unless a test overrides it. */
function injectFaults() {
  const stub = mockClient(client);
  stub.on(GetCommand).callsFake((input) => realSend(new GetCommand(input)));
  stub.on(PutCommand).callsFake((input) => realSend(new PutCommand(input)));
  stub.on(QueryCommand).callsFake((input) => realSend(new QueryCommand(input)));
  stub.on(TransactWriteCommand).callsFake((input) => realSend(new TransactWriteCommand(input)));
  mock = stub;
  return stub;
}

afterEach(() => {
  mock?.restore();
  mock = undefined;
  Object.assign(retryPolicy, savedPolicy);
});

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
const usd = (value: number) => ({ value, currency: 'USD' });

it('retries a TransactionConflict and applies the transaction once', async () => {
  const alice = user();
  const accountId = await openAccount(alice);
  const stub = injectFaults();
  stub
    .on(TransactWriteCommand)
    .rejectsOnce(cancelled(['TransactionConflict', 'None', 'None']))
    .rejectsOnce(cancelled(['None', 'TransactionConflict', 'None']))
    .callsFake((input) => realSend(new TransactWriteCommand(input)));

  const response = await api.createTransaction(alice, accountId, { type: 'credit', amount: usd(10) });

  expect(response.statusCode).toBe(201);
  expect(stub.commandCalls(TransactWriteCommand)).toHaveLength(3);
  expect(await ledgerState(accountId)).toMatchObject({ balance: 10, version: 1 });
});

it('answers 409 request-in-progress when the same key stays locked by another transaction, writing nothing', async () => {
  const alice = user();
  const accountId = await openAccount(alice);
  retryPolicy.maxAttempts = 3;
  injectFaults()
    .on(TransactWriteCommand)
    .rejects(cancelled(['None', 'None', 'TransactionConflict']));

  const response = await api.createTransaction(alice, accountId, { type: 'credit', amount: usd(10) });

  expect(response.statusCode).toBe(409);
  expect(response.json.type).toBe('https://ledgerline.dev/problems/request-in-progress');
  expect(response.headers['retry-after']).toBe('1');
  expect(await ledgerState(accountId)).toMatchObject({
    balance: 0,
    transactions: [],
    idempotencyRecords: [],
  });
});

it('answers 503 with Retry-After when DynamoDB throttles, writing nothing', async () => {
  const alice = user();
  const accountId = await openAccount(alice);
  injectFaults()
    .on(TransactWriteCommand)
    .rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));

  const response = await api.createTransaction(alice, accountId, { type: 'credit', amount: usd(10) });

  expect(response.statusCode).toBe(503);
  expect(response.headers['retry-after']).toBe('1');
  expect(await ledgerState(accountId)).toMatchObject({
    balance: 0,
    transactions: [],
    idempotencyRecords: [],
  });
});

it('repairs a lost response: the commit happened, the client saw a 503, its retry replays the result', async () => {
  const alice = user();
  const accountId = await openAccount(alice);
  const timeout = Object.assign(new Error('socket timed out after commit'), { name: 'TimeoutError' });
  injectFaults()
    .on(TransactWriteCommand)
    .callsFakeOnce(async (input) => {
      await realSend(new TransactWriteCommand(input));
      throw timeout;
    });

  const lost = await api.createTransaction(alice, accountId, { type: 'credit', amount: usd(10) }, 'lost-1');
  mock?.restore();
  mock = undefined;
  const retry = await api.createTransaction(alice, accountId, { type: 'credit', amount: usd(10) }, 'lost-1');

  expect(lost.statusCode).toBe(503);
  expect(retry.statusCode).toBe(201);
  expect(retry.headers['idempotent-replayed']).toBe('true');
  expect(await ledgerState(accountId)).toMatchObject({ balance: 10, version: 1 });
});
