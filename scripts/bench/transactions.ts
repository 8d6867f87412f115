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
// The stack (handlers, instrumented client, accounts, raw commits): transactions-stack.ts; item
// sizes and billed units: transactions-items.ts.
import { createTables, startDynamoDbLocal } from '../local/dynamodb-local';
import { awsWru, itemBytes, replicatedWru, TRANSACTIONAL_WRU_PER_KB, type Item } from './transactions-items';
import { DESCRIPTION, openTransferStack, rawTransfers, STAGE } from './transactions-stack';

export { indexEntryBytes, itemBytes } from './transactions-items';

const GOAL_RATIO = 0.8;
const GOAL_ROUND_TRIPS = 1;
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
    const {
      client,
      table,
      meter,
      resetMeter,
      muted,
      indexSizes,
      containerAccountCache,
      payer,
      transfer,
      openPair,
      p2p,
    } = await openTransferStack(dynamoDb.endpoint);

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
    const awsWruPerTransfer = awsWru(sizes, indexBytes);
    const awsReplicatedWruPerTransfer = replicatedWru([...sizes, ...indexBytes]);
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
    const raw = rawTransfers(client, table, template, concurrency);
    await raw.seed();
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
          else rawSeconds += await runPool(perRound, concurrency, raw.task);
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
