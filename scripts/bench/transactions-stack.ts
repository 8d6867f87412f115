// The transfer bench's stack: the real handlers on DynamoDB Local with an instrumented client
// (time inside DynamoDB, round trips and capacity by operation), the callers and their funded
// accounts, and the raw TransactWriteItems the handler's commit is compared with.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { apiEvent, lambdaContext } from '../../tests/support/api-gateway';
import { indexEntryBytes, type Item } from './transactions-items';

export const STAGE = 'bench';
export const REGION = 'us-east-1';
/** Minor units deposited into every source: far more than the bench moves out of it. */
const FUNDING = 1_000_000_000;
/**
 * The mobile app's User-Agent (as in services/transactions/events/createTransfer.json; the transfer's
 * audit keeps it) and a short description, as a client sends them.
 */
const USER_AGENT = 'LedgerlineMobile/3.4.1 (iOS 18.1; iPhone15,2)';
export const DESCRIPTION = 'Rent share';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The handlers and their instrumented client on DynamoDB Local at `endpoint` (tables created), with
 * the callers: a payer, a payee and the back office. Call after nothing else loaded the handlers:
 * they read their configuration at module load.
 */
export async function openTransferStack(endpoint: string) {
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: endpoint,
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
  const { handler: createAccount } = await import('../../services/transactions/src/handlers/create-account');
  const { handler: createTransfer } =
    await import('../../services/transactions/src/handlers/create-transfer');
  const { documentClientFor } = await import('../../services/transactions/src/adapters/dynamodb-clients');
  const { containerAccountCache } = await import('../../services/transactions/src/use-cases/account-cache');
  const { tableDefinitions, tableName } = await import('../../shared/src/tables');
  const definition = tableDefinitions.transactions;
  const tableKeys = [definition.partitionKey.name, ...(definition.sortKey ? [definition.sortKey.name] : [])];
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
    if (response.statusCode !== 201) throw new Error(`open account: ${response.statusCode} ${response.body}`);
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

  return {
    client: client as DynamoDBDocumentClient,
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
  };
}

/**
 * Raw TransactWriteItems of a committed transfer's five Puts (`template`: same attributes and
 * sizes, same conditions, a ClientRequestToken as the store sends), re-keyed per worker: the two
 * account items at the next version, a new transfer id, two new entries. One call per transfer:
 * the handler's commit with nothing around it, what a warm container could reach at best.
 * `seed()` writes each worker's two accounts; `task(worker)` commits one transfer.
 */
export function rawTransfers(
  client: DynamoDBDocumentClient,
  table: string,
  template: TransactItem[],
  concurrency: number,
) {
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
  const seed = async () => {
    await Promise.all(
      raw.flatMap((r) => [
        client.send(new PutCommand({ TableName: table, Item: accountItem(debitPut, r.debit, r.version) })),
        client.send(new PutCommand({ TableName: table, Item: accountItem(creditPut, r.credit, r.version) })),
      ]),
    );
  };
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
    await client.send(
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
  return { seed, task: rawTask };
}
