// Bench: POST /accounts/{accountId}/transactions through the real handler on DynamoDB
// Local. Prints a table; never asserts timings (the numbers depend on the machine).
//   npx tsx scripts/bench/transactions.ts [requests=2000] [concurrency=16]
// 1. in-process overhead per create: handler wall time minus the time spent inside DynamoDB calls;
// 2. throughput of the handler vs raw TransactWriteItems (the same three items) at equal concurrency
//    (goal: ratio >= 0.8);
// 3. DynamoDB round trips and consumed write units per create (ReturnConsumedCapacity TOTAL).
// Starts its own DynamoDB Local (scripts/local/dynamodb-local.ts) on a free port, stage `bench`.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createTables, startDynamoDbLocal } from '../local/dynamodb-local';
import { apiEvent, lambdaContext } from '../../tests/support/api-gateway';

const STAGE = 'bench';
const REGION = 'us-east-1';
const GOAL_RATIO = 0.8;
const GOAL_WCU = 4;
/** Handler and raw throughput alternate in this many rounds. */
const ROUNDS = 6;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function runPool(
  total: number,
  concurrency: number,
  task: (worker: number, i: number) => Promise<void>,
) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < total) {
        const i = next;
        next += 1;
        await task(worker, i);
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

export interface TransactionsResult {
  requests: number;
  concurrency: number;
  overheadP50Ms: number;
  overheadP99Ms: number;
  wallP50Ms: number;
  handlerRate: number;
  rawRate: number;
  failures: number;
  callsPerCreate: number;
  wcuPerCreate: number;
}

/** Runs the create-transaction bench on its own DynamoDB Local, prints a table and returns it. */
export async function benchTransactions(requests = 2000, concurrency = 16): Promise<TransactionsResult> {
  const dynamoDb = await startDynamoDbLocal();
  try {
    await createTables(dynamoDb.endpoint, STAGE);
    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: dynamoDb.endpoint,
      STAGE,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    // Loaded after the environment is set: handlers read their configuration at module load.
    const { handler: createAccount } =
      await import('../../services/transactions/src/handlers/create-account');
    const { handler: createTransaction } =
      await import('../../services/transactions/src/handlers/create-transaction');
    const { documentClientFor } = await import('../../services/transactions/src/adapters/dynamodb-clients');
    const { tableName } = await import('../../shared/src/tables');
    const client = documentClientFor(REGION);
    const table = tableName('transactions', STAGE);

    // Instrument the client: time inside DynamoDB, round trips, consumed capacity.
    const meter = { dynamoMs: 0, calls: 0, wcu: 0, measureCapacity: false };
    const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
    (client as unknown as { send: (command: unknown) => Promise<unknown> }).send = async (command) => {
      if (meter.measureCapacity && command instanceof TransactWriteCommand) {
        command.input.ReturnConsumedCapacity = 'TOTAL';
      }
      const started = performance.now();
      try {
        const output = (await send(command)) as { ConsumedCapacity?: Array<{ CapacityUnits?: number }> };
        for (const c of output?.ConsumedCapacity ?? []) meter.wcu += c.CapacityUnits ?? 0;
        return output;
      } finally {
        meter.dynamoMs += performance.now() - started;
        meter.calls += 1;
      }
    };

    const user = { sub: `bench-${randomUUID()}`, tokenType: 'access', scope: '', clientId: 'bench' };
    const invoke = async (fn: unknown, options: Parameters<typeof apiEvent>[0]) =>
      (await (fn as (e: unknown, c: unknown) => Promise<APIGatewayProxyResult>)(
        apiEvent({ ...options, authorizer: user }),
        lambdaContext(),
      )) as APIGatewayProxyResult;
    const openAccount = async () =>
      JSON.parse(
        (await invoke(createAccount, { method: 'POST', path: '/accounts', body: { currency: 'USD' } })).body,
      ).accountId as string;
    const credit = (accountId: string) =>
      invoke(createTransaction, {
        method: 'POST',
        path: `/accounts/${accountId}/transactions`,
        pathParameters: { accountId },
        headers: { 'Idempotency-Key': randomUUID() },
        body: { type: 'credit', amount: { value: 1, currency: 'USD' }, description: 'bench' },
      });

    // 1. Overhead, sequential, one account.
    const account = await openAccount();
    for (let i = 0; i < Math.min(200, requests); i += 1) await credit(account); // warm-up (JIT, connections)
    const overheads: number[] = [];
    const totals: number[] = [];
    for (let i = 0; i < Math.min(requests, 1000); i += 1) {
      meter.dynamoMs = 0;
      const started = performance.now();
      const response = await credit(account);
      const total = performance.now() - started;
      if (response.statusCode !== 201) throw new Error(`create: ${response.statusCode} ${response.body}`);
      totals.push(total);
      overheads.push(total - meter.dynamoMs);
    }
    overheads.sort((a, b) => a - b);
    totals.sort((a, b) => a - b);

    // 3. Round trips and write units for one create.
    meter.calls = 0;
    meter.wcu = 0;
    meter.measureCapacity = true;
    const measured = Math.min(20, requests);
    for (let i = 0; i < measured; i += 1) await credit(account);
    meter.measureCapacity = false;
    const callsPerCreate = meter.calls / measured;
    const wcuPerCreate = meter.wcu / measured;

    // 2. Throughput: one account per worker (no cross-worker conflicts), same concurrency.
    const accounts = await Promise.all(Array.from({ length: concurrency }, openAccount));
    let failures = 0;
    const handlerTask = async (worker: number) => {
      const response = await credit(accounts[worker]!);
      if (response.statusCode !== 201) failures += 1;
    };
    // Raw: the same three-item TransactWriteItems the store issues, one per create, on separate
    // accounts (the handler's remembered account state makes it one round trip too).
    const rawAccounts = await Promise.all(Array.from({ length: concurrency }, openAccount));
    const versions = rawAccounts.map(() => 0);
    const rawTask = async (worker: number) => {
      const accountId = rawAccounts[worker]!;
      const version = versions[worker]!;
      const pk = `ACCOUNT#${accountId}`;
      const now = new Date().toISOString();
      await (client as DynamoDBDocumentClient).send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: { pk, sk: 'META' },
                UpdateExpression: 'SET balance = :b, version = :v, updatedAt = :u',
                ConditionExpression: 'version = :ev',
                ExpressionAttributeValues: {
                  ':b': version + 1,
                  ':v': version + 1,
                  ':u': now,
                  ':ev': version,
                },
              },
            },
            {
              Put: {
                TableName: table,
                Item: { pk, sk: `TX#${String(version + 1).padStart(12, '0')}`, amount: 1, createdAt: now },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: table,
                Item: { pk, sk: `IDEM#${randomUUID()}`, expiresAt: 0, body: '{}' },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      versions[worker] = version + 1;
    };
    // Interleaved in rounds (handler, raw, raw, handler, …) so that a change of machine load during
    // the run hits both alike; at first all handler requests ran first, then all raw ones, and
    // the ratio moved between 0.62 and 0.97 across runs on a shared machine.
    const rounds = Math.max(1, Math.min(ROUNDS, Math.floor(requests / concurrency)));
    const perRound = Math.floor(requests / rounds);
    let handlerSeconds = 0;
    let rawSeconds = 0;
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? (['handler', 'raw'] as const) : (['raw', 'handler'] as const);
      for (const which of order) {
        if (which === 'handler') handlerSeconds += await runPool(perRound, concurrency, handlerTask);
        else rawSeconds += await runPool(perRound, concurrency, rawTask);
      }
    }
    const measuredRequests = perRound * rounds;

    const handlerRate = measuredRequests / handlerSeconds;
    const rawRate = measuredRequests / rawSeconds;
    const rows = [
      ['overhead per create, p50 (excl. DynamoDB)', `${percentile(overheads, 50).toFixed(2)} ms`, ''],
      ['overhead per create, p99 (excl. DynamoDB)', `${percentile(overheads, 99).toFixed(2)} ms`, ''],
      ['handler wall time per create, p50', `${percentile(totals, 50).toFixed(2)} ms`, ''],
      [
        `handler throughput (c=${concurrency})`,
        `${handlerRate.toFixed(0)} req/s`,
        failures ? `${failures} non-201` : '',
      ],
      [`raw TransactWriteItems throughput (c=${concurrency})`, `${rawRate.toFixed(0)} req/s`, ''],
      ['handler / raw', (handlerRate / rawRate).toFixed(2), `goal >= ${GOAL_RATIO}`],
      [
        'DynamoDB round trips per create',
        callsPerCreate.toFixed(1),
        'warm container, one writer per account (GetItem only on a cache miss or stale state)',
      ],
      ['write units per create (ConsumedCapacity)', wcuPerCreate.toFixed(1), `goal <= ${GOAL_WCU}`],
    ];
    const width = Math.max(...rows.map((r) => r[0]!.length));
    console.log(`\ncreate-transaction bench: ${requests} requests, DynamoDB Local ${dynamoDb.endpoint}\n`);
    for (const [label, value, note] of rows)
      console.log(`${label!.padEnd(width)}  ${value!.padStart(12)}  ${note}`);
    return {
      requests,
      concurrency,
      overheadP50Ms: percentile(overheads, 50),
      overheadP99Ms: percentile(overheads, 99),
      wallP50Ms: percentile(totals, 50),
      handlerRate,
      rawRate,
      failures,
      callsPerCreate,
      wcuPerCreate,
    };
  } finally {
    await dynamoDb.stop();
  }
}

if (require.main === module) {
  benchTransactions(Number(process.argv[2] ?? 2000), Number(process.argv[3] ?? 16)).catch(
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
