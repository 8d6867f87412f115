// Bench: POST /transfers (a same-region P2P transfer) through the real handler on DynamoDB Local.
// Prints a table; never asserts timings (the numbers depend on the machine).
//   npx tsx scripts/bench/transactions.ts [requests=2000] [concurrency=16]
// 1. in-process overhead per transfer: handler wall time minus the time spent inside DynamoDB calls;
// 2. throughput of the handler vs raw TransactWriteItems of the same five items (two account Puts,
//    the transfer, two entries: copied from a transfer the handler committed) at equal concurrency
//    (goal: ratio >= 0.8), interleaved in rounds;
// 3. DynamoDB round trips per transfer on a warm container (goal 1), by operation, and after the
//    container forgot both accounts;
// 4. consumed capacity per transfer (ReturnConsumedCapacity TOTAL on every call) as DynamoDB Local
//    reports it, beside what AWS bills for the same items (2 WRU per transactional item-KB, 1 WRU
//    per index-entry-KB, and the replica's writes in the other region).
// Per worker: one source account owned by a payer, funded by a deposit through the same handler
// (service token, scope ledger:deposit, from system:settlement), and one destination of a payee.
// Starts its own DynamoDB Local (scripts/local/dynamodb-local.ts) on a free port, stage `bench`.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { createTables, startDynamoDbLocal } from '../local/dynamodb-local';
import { apiEvent, lambdaContext } from '../../tests/support/api-gateway';
import type { TableDefinition } from '../../shared/src/tables';

const STAGE = 'bench';
const REGION = 'us-east-1';
const GOAL_RATIO = 0.8;
const GOAL_ROUND_TRIPS = 1;
/** Handler and raw throughput alternate in this many rounds. */
const ROUNDS = 6;
/** Minor units deposited into every source: far more than the bench moves out of it. */
const FUNDING = 1_000_000_000;
/**
 * The mobile app's User-Agent (as in services/transactions/events/createTransfer.json; the transfer's
 * audit keeps it) and a short description, as a client sends them.
 */
const USER_AGENT = 'LedgerlineMobile/3.4.1 (iOS 18.1; iPhone15,2)';
const DESCRIPTION = 'Rent share';
/**
 * AWS bills a transactional write at 2 WRU per started KB of the item; an index entry it causes at 1
 * WRU per started KB; a replica applies each item (and maintains its own indexes) at 1 per KB.
 */
const TRANSACTIONAL_WRU_PER_KB = 2;
const kb = (bytes: number) => Math.ceil(bytes / 1024);

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * The size DynamoDB bills for an item (developer guide, "Item sizes and formats"): attribute names
 * and string values in UTF-8 bytes, a number ~1 byte per two significant digits + 1, booleans and
 * nulls 1 byte, a map or list 3 bytes + 1 per element + its contents.
 */
export function itemBytes(item: Item): number {
  const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
  const value = (v: unknown): number => {
    if (typeof v === 'string') return utf8(v);
    if (typeof v === 'number') {
      const digits = String(Math.abs(v)).replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
      return Math.ceil(Math.max(1, digits.length) / 2) + 1;
    }
    if (typeof v === 'boolean' || v === null) return 1;
    if (Array.isArray(v)) return 3 + v.reduce((sum: number, e) => sum + 1 + value(e), 0);
    if (typeof v === 'object' && v !== undefined) {
      return 3 + Object.entries(v).reduce((sum, [k, e]) => sum + 1 + utf8(k) + value(e), 0);
    }
    return 0;
  };
  return Object.entries(item).reduce((sum, [k, v]) => (v === undefined ? sum : sum + utf8(k) + value(v)), 0);
}

/** A table's global secondary indexes as shared/tables/<stem>.json declares them. */
type Indexes = TableDefinition['globalSecondaryIndexes'];

/**
 * The index entries an item writes: one per GSI whose key attributes it carries, of the projected
 * size (ALL: the item; KEYS_ONLY: the table's and the index's keys). Billed as standard writes,
 * 1 WRU per started KB, in every region that holds a replica.
 */
export function indexEntryBytes(item: Item, indexes: Indexes, tableKeys: string[]): number[] {
  return indexes
    .filter(
      (index) =>
        item[index.partitionKey.name] !== undefined &&
        (!index.sortKey || item[index.sortKey.name] !== undefined),
    )
    .map((index) => {
      if (index.projection === 'ALL') return itemBytes(item);
      const keys = [...tableKeys, index.partitionKey.name, ...(index.sortKey ? [index.sortKey.name] : [])];
      return itemBytes(Object.fromEntries(keys.map((key) => [key, item[key]])));
    });
}

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
  /** Mean wall time per sequential transfer (ms): compare with dynamoMsByOperation (means too). */
  wallMeanMs: number;
  handlerRate: number;
  rawRate: number;
  failures: number;
  /** DynamoDB round trips per same-region transfer, warm container (both accounts remembered). */
  callsPerTransfer: number;
  /** The same by operation, e.g. `{ GetCommand: 2, TransactWriteCommand: 1 }`. */
  callsByOperation: Record<string, number>;
  /** Mean time per sequential transfer inside each DynamoDB operation (ms), e.g. `{ GetCommand: 4.1 }`. */
  dynamoMsByOperation: Record<string, number>;
  /** Round trips of a transfer between two accounts this container does not remember. */
  callsPerTransferMiss: number;
  /** Write units per transfer as DynamoDB Local reports them (ConsumedCapacity TOTAL). */
  wcuPerTransfer: number;
  /** Read units per transfer as DynamoDB Local reports them. */
  rcuPerTransfer: number;
  /** Billed size of each item of the transfer's TransactWriteItems, in commit order. */
  itemBytes: number[];
  /** Projected size of each index entry those items write (GSIs, shared/tables/transactions.json). */
  indexBytes: number[];
  /**
   * What AWS bills in the write region: 2 WRU per started KB of each transactional item, plus 1 WRU
   * per started KB of each index entry.
   */
  awsWruPerTransfer: number;
  /** The same with the longest description the schema admits (280 characters). */
  awsWruLongDescription: number;
  /** What the other region's replica writes: 1 per started KB of each item and index entry. */
  awsReplicatedWruPerTransfer: number;
}

/** Runs the transfer bench on its own DynamoDB Local, prints a table and returns it. */
export async function benchTransactions(requests = 2000, concurrency = 16): Promise<TransactionsResult> {
  // Lambda runs Node 22; the SDK's notice about Node 20 is noise (set before the first client).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamoDb = await startDynamoDbLocal();
  try {
    await createTables(dynamoDb.endpoint, STAGE);
    Object.assign(process.env, {
      DYNAMODB_ENDPOINT: dynamoDb.endpoint,
      STAGE,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      // As deployed (serverless.common.yml): INFO logs and EMF metric lines, serialised but not
      // printed (stdout is muted while transfers run). No X-Ray daemon here: tracing off.
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    delete process.env.TABLE_NAME;
    // Loaded after the environment is set: handlers read their configuration at module load.
    const { handler: createAccount } =
      await import('../../services/transactions/src/handlers/create-account');
    const { handler: createTransfer } =
      await import('../../services/transactions/src/handlers/create-transfer');
    const { documentClientFor } = await import('../../services/transactions/src/adapters/dynamodb-clients');
    const { containerAccountCache } = await import('../../services/transactions/src/use-cases/account-cache');
    const { tableDefinitions, tableName } = await import('../../shared/src/tables');
    const definition = tableDefinitions.transactions;
    const tableKeys = [
      definition.partitionKey.name,
      ...(definition.sortKey ? [definition.sortKey.name] : []),
    ];
    const indexSizes = (items: Item[]) =>
      items.flatMap((item) => indexEntryBytes(item, definition.globalSecondaryIndexes, tableKeys));
    const client = documentClientFor(REGION);
    const table = tableName('transactions', STAGE);

    // Instrument the client: time inside DynamoDB, round trips by operation, and while measuring
    // capacity, consumed units and a copy of the last TransactWriteItems (the raw part replays it).
    const meter = {
      dynamoMs: 0,
      msByOperation: {} as Record<string, number>,
      calls: 0,
      byOperation: {} as Record<string, number>,
      wcu: 0,
      rcu: 0,
      measureCapacity: false,
      lastTransact: undefined as TransactWriteCommandInput | undefined,
    };
    const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
    (client as unknown as { send: (command: unknown) => Promise<unknown> }).send = async (command) => {
      const input = (command as { input: Record<string, unknown> }).input;
      if (meter.measureCapacity) input.ReturnConsumedCapacity = 'TOTAL';
      if (meter.measureCapacity && command instanceof TransactWriteCommand) {
        meter.lastTransact = structuredClone(command.input);
      }
      const operation = (command as object).constructor.name;
      const started = performance.now();
      try {
        // A list for TransactWriteItems, one object for single-item calls.
        type Consumed = { CapacityUnits?: number };
        const output = (await send(command)) as { ConsumedCapacity?: Consumed | Consumed[] };
        for (const c of [output?.ConsumedCapacity ?? []].flat()) {
          if (operation === 'GetCommand' || operation === 'QueryCommand') meter.rcu += c.CapacityUnits ?? 0;
          else meter.wcu += c.CapacityUnits ?? 0;
        }
        return output;
      } finally {
        const ms = performance.now() - started;
        meter.dynamoMs += ms;
        meter.msByOperation[operation] = (meter.msByOperation[operation] ?? 0) + ms;
        meter.calls += 1;
        meter.byOperation[operation] = (meter.byOperation[operation] ?? 0) + 1;
      }
    };
    const resetMeter = () => {
      meter.calls = 0;
      meter.byOperation = {};
      meter.wcu = 0;
      meter.rcu = 0;
    };

    // Handlers log and emit EMF lines on stdout, as on AWS; muted while they run.
    const write = process.stdout.write.bind(process.stdout);
    const muted = async <T>(run: () => Promise<T>): Promise<T> => {
      process.stdout.write = () => true;
      try {
        return await run();
      } finally {
        process.stdout.write = write;
      }
    };

    const principal = (sub: string, tokenType: 'access' | 'service', scope: string) => ({
      sub,
      tokenType,
      scope,
      clientId: tokenType === 'service' ? 'ledgerline-backoffice' : 'bench-client',
    });
    // Cognito subs are UUIDs; they are stored on the transfer (owners, audit, the stored answer).
    const payer = principal(randomUUID(), 'access', 'aws.cognito.signin.user.admin');
    const payee = principal(randomUUID(), 'access', 'aws.cognito.signin.user.admin');
    const backOffice = principal('ledgerline-backoffice', 'service', 'ledger:deposit');
    type Caller = typeof payer;
    const invoke = async (fn: unknown, caller: Caller, options: Parameters<typeof apiEvent>[0]) =>
      (await (fn as (e: unknown, c: unknown) => Promise<APIGatewayProxyResult>)(
        apiEvent({ ...options, authorizer: caller }),
        lambdaContext(),
      )) as APIGatewayProxyResult;
    const openAccount = async (owner: Caller) => {
      const response = await invoke(createAccount, owner, {
        method: 'POST',
        path: '/accounts',
        body: { currency: 'USD' },
      });
      if (response.statusCode !== 201)
        throw new Error(`open account: ${response.statusCode} ${response.body}`);
      return (JSON.parse(response.body) as { accountId: string }).accountId;
    };
    const transfer = (caller: Caller, from: string, to: string, value: number) =>
      invoke(createTransfer, caller, {
        method: 'POST',
        path: '/transfers',
        resource: '/transfers',
        headers: { 'Idempotency-Key': randomUUID(), 'User-Agent': USER_AGENT },
        body: { from, to, amount: { value, currency: 'USD' }, description: DESCRIPTION },
      });
    /** A funded source of the payer and a destination of the payee. */
    const openPair = async () => {
      const [source, destination] = await Promise.all([openAccount(payer), openAccount(payee)]);
      const funded = await transfer(backOffice, 'system:settlement', source, FUNDING);
      if (funded.statusCode !== 201) throw new Error(`deposit: ${funded.statusCode} ${funded.body}`);
      return { source, destination };
    };
    const p2p = async (pair: { source: string; destination: string }) => {
      const response = await transfer(payer, pair.source, pair.destination, 1);
      if (response.statusCode !== 201) throw new Error(`transfer: ${response.statusCode} ${response.body}`);
    };

    // 1. Overhead, sequential, one pair.
    const pair = await muted(openPair);
    const overheads: number[] = [];
    const totals: number[] = [];
    const sequential = Math.min(requests, 1000);
    await muted(async () => {
      for (let i = 0; i < Math.min(200, requests); i += 1) await p2p(pair); // warm-up (JIT, connections)
      meter.msByOperation = {};
      for (let i = 0; i < sequential; i += 1) {
        meter.dynamoMs = 0;
        const started = performance.now();
        await p2p(pair);
        const total = performance.now() - started;
        totals.push(total);
        overheads.push(total - meter.dynamoMs);
      }
    });
    overheads.sort((a, b) => a - b);
    totals.sort((a, b) => a - b);
    const wallMeanMs = totals.reduce((a, b) => a + b, 0) / totals.length;
    const dynamoMsByOperation = Object.fromEntries(
      Object.entries(meter.msByOperation).map(([operation, ms]) => [operation, ms / sequential]),
    );

    // 3./4. Round trips and capacity units of one transfer, warm container.
    const measured = Math.min(20, requests);
    resetMeter();
    meter.measureCapacity = true;
    await muted(async () => {
      for (let i = 0; i < measured; i += 1) await p2p(pair);
    });
    meter.measureCapacity = false;
    const callsPerTransfer = meter.calls / measured;
    const callsByOperation = Object.fromEntries(
      Object.entries(meter.byOperation).map(([operation, n]) => [operation, n / measured]),
    );
    const wcuPerTransfer = meter.wcu / measured;
    const rcuPerTransfer = meter.rcu / measured;
    const template = meter.lastTransact!.TransactItems!;
    const items = template.map((t) => t.Put!.Item as Item);
    const sizes = items.map(itemBytes);
    const indexBytes = indexSizes(items);
    const awsWru = (itemSizes: number[], entrySizes: number[]) =>
      itemSizes.reduce((sum, b) => sum + TRANSACTIONAL_WRU_PER_KB * kb(b), 0) +
      entrySizes.reduce((sum, b) => sum + kb(b), 0);
    const awsWruPerTransfer = awsWru(sizes, indexBytes);
    const awsReplicatedWruPerTransfer = [...sizes, ...indexBytes].reduce((sum, b) => sum + kb(b), 0);
    // The same items with the longest description the schema admits (280 characters): it is stored
    // on both entries, on the transfer and inside the transfer's stored answer.
    const longest = 'x'.repeat(280);
    const longItems = items.map(
      (item) => JSON.parse(JSON.stringify(item).replaceAll(DESCRIPTION, longest)) as Item,
    );
    const longSizes = longItems.map(itemBytes);
    const awsWruLongDescription = awsWru(longSizes, indexSizes(longItems));
    // The same transfer after this container forgot both accounts (a cold container, or a new pair).
    containerAccountCache.forget(pair.source);
    containerAccountCache.forget(pair.destination);
    resetMeter();
    await muted(() => p2p(pair));
    const callsPerTransferMiss = meter.calls;

    // 2. Throughput: one pair per worker (no cross-worker conflicts), same concurrency.
    const pairs = await muted(() => Promise.all(Array.from({ length: concurrency }, openPair)));
    let failures = 0;
    const handlerTask = async (worker: number) => {
      const response = await transfer(payer, pairs[worker]!.source, pairs[worker]!.destination, 1);
      if (response.statusCode !== 201) failures += 1;
    };
    // Raw: the five Puts the handler committed (the template above: same attributes and sizes, same
    // conditions, a ClientRequestToken as the store sends), re-keyed per worker: the two account
    // items at the next version, a new transfer id, two new entries. One call per transfer: the
    // handler's commit with nothing around it, what a warm container could reach at best.
    const [debitPut, creditPut, transferPut, debitEntryPut, creditEntryPut] = template.map((t) => t.Put!);
    const idLike = (prefix: string, length: number) =>
      (prefix + randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, '')).slice(0, length);
    const raw = Array.from({ length: concurrency }, () => ({
      debit: idLike('acc_', 24),
      credit: idLike('acc_', 24),
      version: 1,
    }));
    const accountItem = (put: typeof debitPut, accountId: string, version: number): Item => ({
      ...(put!.Item as Item),
      pk: `ACCOUNT#${accountId}`,
      accountId,
      version,
    });
    await Promise.all(
      raw.flatMap((r) => [
        (client as DynamoDBDocumentClient).send(
          new PutCommand({ TableName: table, Item: accountItem(debitPut, r.debit, r.version) }),
        ),
        (client as DynamoDBDocumentClient).send(
          new PutCommand({ TableName: table, Item: accountItem(creditPut, r.credit, r.version) }),
        ),
      ]),
    );
    const transferTemplate = transferPut!.Item as Item;
    const rawTask = async (worker: number) => {
      const r = raw[worker]!;
      const { version } = r;
      const at = new Date().toISOString();
      const transferId = idLike('tr_', String(transferTemplate.transferId).length);
      const sequence = String(version).padStart(12, '0');
      const entry = (put: typeof debitPut, accountId: string): TransactItem => ({
        Put: {
          ...put!,
          TableName: table,
          Item: {
            ...(put!.Item as Item),
            pk: `ACCOUNT#${accountId}`,
            sk: `ENTRY#${at}#${sequence}`,
            accountId,
            transferId,
            sequence: version,
            at,
          },
        },
      });
      await (client as DynamoDBDocumentClient).send(
        new TransactWriteCommand({
          ClientRequestToken: randomUUID(),
          TransactItems: [
            {
              Put: {
                ...debitPut!,
                TableName: table,
                Item: accountItem(debitPut, r.debit, version + 1),
                ExpressionAttributeValues: { ':v': version },
              },
            },
            {
              Put: {
                ...creditPut!,
                TableName: table,
                Item: accountItem(creditPut, r.credit, version + 1),
                ExpressionAttributeValues: { ':v': version },
              },
            },
            {
              Put: {
                ...transferPut!,
                TableName: table,
                Item: {
                  ...transferTemplate,
                  pk: `TRANSFER#${transferId}`,
                  transferId,
                  createdAt: at,
                  updatedAt: at,
                },
              },
            },
            entry(debitEntryPut, r.debit),
            entry(creditEntryPut, r.credit),
          ],
        }),
      );
      r.version = version + 1;
    };
    // Interleaved in rounds (handler, raw, raw, handler, …) so that a change of machine load during
    // the run hits both alike (sequential phases moved the ratio by ±0.2 on a shared machine).
    const rounds = Math.max(1, Math.min(ROUNDS, Math.floor(requests / concurrency)));
    const perRound = Math.floor(requests / rounds);
    let handlerSeconds = 0;
    let rawSeconds = 0;
    await muted(async () => {
      for (let round = 0; round < rounds; round += 1) {
        const order = round % 2 === 0 ? (['handler', 'raw'] as const) : (['raw', 'handler'] as const);
        for (const which of order) {
          if (which === 'handler') handlerSeconds += await runPool(perRound, concurrency, handlerTask);
          else rawSeconds += await runPool(perRound, concurrency, rawTask);
        }
      }
    });
    const measuredRequests = perRound * rounds;

    const handlerRate = measuredRequests / handlerSeconds;
    const rawRate = measuredRequests / rawSeconds;
    const operations = Object.entries(callsByOperation)
      .map(([operation, n]) => `${n.toFixed(1)} ${operation.replace(/Command$/, '')}`)
      .join(' + ');
    const rows = [
      ['overhead per transfer, p50 (excl. DynamoDB)', `${percentile(overheads, 50).toFixed(2)} ms`, ''],
      ['overhead per transfer, p99 (excl. DynamoDB)', `${percentile(overheads, 99).toFixed(2)} ms`, ''],
      ['handler wall time per transfer, p50', `${percentile(totals, 50).toFixed(2)} ms`, ''],
      ['handler wall time per transfer, mean', `${wallMeanMs.toFixed(2)} ms`, ''],
      [
        'time inside DynamoDB per transfer, mean',
        `${Object.values(dynamoMsByOperation)
          .reduce((a, b) => a + b, 0)
          .toFixed(2)} ms`,
        Object.entries(dynamoMsByOperation)
          .map(([operation, ms]) => `${operation.replace(/Command$/, '')} ${ms.toFixed(2)} ms`)
          .join(' + '),
      ],
      [
        `handler throughput (c=${concurrency})`,
        `${handlerRate.toFixed(0)} req/s`,
        failures ? `${failures} non-201` : '',
      ],
      [`raw TransactWriteItems, same 5 items (c=${concurrency})`, `${rawRate.toFixed(0)} req/s`, ''],
      ['handler / raw', (handlerRate / rawRate).toFixed(2), `goal >= ${GOAL_RATIO}`],
      [
        'DynamoDB round trips per transfer, warm',
        callsPerTransfer.toFixed(1),
        `goal ${GOAL_ROUND_TRIPS}; ${operations}`,
      ],
      ['DynamoDB round trips, both accounts forgotten', callsPerTransferMiss.toFixed(0), ''],
      ['write units per transfer (DynamoDB Local)', wcuPerTransfer.toFixed(1), 'ConsumedCapacity TOTAL'],
      ['read units per transfer (DynamoDB Local)', rcuPerTransfer.toFixed(1), ''],
      [
        'write units per transfer (AWS)',
        String(awsWruPerTransfer),
        `${TRANSACTIONAL_WRU_PER_KB} WRU x started KB of items ${sizes.join(', ')} B; 1 WRU x started KB of index entries ${indexBytes.join(', ') || 'none'} B`,
      ],
      [
        'replicated write units per transfer (AWS, other region)',
        String(awsReplicatedWruPerTransfer),
        '1 per started KB of each item and index entry',
      ],
      [
        'write units per transfer (AWS), 280-char description',
        String(awsWruLongDescription),
        `items ${longSizes.join(', ')} B`,
      ],
    ];
    const width = Math.max(...rows.map((r) => r[0]!.length));
    console.log(`\ntransfer bench: ${requests} requests, DynamoDB Local ${dynamoDb.endpoint}\n`);
    for (const [label, value, note] of rows)
      console.log(`${label!.padEnd(width)}  ${value!.padStart(12)}  ${note}`);
    return {
      requests,
      concurrency,
      overheadP50Ms: percentile(overheads, 50),
      overheadP99Ms: percentile(overheads, 99),
      wallP50Ms: percentile(totals, 50),
      wallMeanMs,
      handlerRate,
      rawRate,
      failures,
      callsPerTransfer,
      callsByOperation,
      dynamoMsByOperation,
      callsPerTransferMiss,
      wcuPerTransfer,
      rcuPerTransfer,
      itemBytes: sizes,
      indexBytes,
      awsWruPerTransfer,
      awsWruLongDescription,
      awsReplicatedWruPerTransfer,
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
