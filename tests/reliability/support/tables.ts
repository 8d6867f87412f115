// Direct reads of the stack's DynamoDB Local tables (the suite knows its endpoint): "nothing
// written" and "accepted ≡ stored" are checked in the tables, not through the API under test.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

export const TABLES = [
  'ledgerline-auth-dev',
  'ledgerline-transactions-dev',
  'ledgerline-profiles-dev',
  'ledgerline-person-keys-dev',
] as const;
export type Item = Record<string, unknown>;

export function tableClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 3,
    }),
  );
}

/** Every item of a table (consistent, paginated). */
export async function scanAll(client: DynamoDBDocumentClient, table: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Items no request writes: the local stack's reconciliation job (scripts/local/ledger-jobs.ts) moves
 * its checkpoint every minute, whatever the requests do.
 */
const isBackgroundItem = (item: Item) => item.entity === 'checkpoint';

/**
 * A canonical, order-independent picture of every table, less the background job's checkpoint:
 * compare two to prove a batch of requests wrote nothing.
 */
export async function snapshot(client: DynamoDBDocumentClient): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of TABLES) {
    const items = (await scanAll(client, table)).filter((item) => !isBackgroundItem(item));
    result[table] = items.map((item) => JSON.stringify(item, Object.keys(item).sort())).sort();
  }
  return result;
}

/**
 * The transactions table, grouped by entity (services/transactions/src/adapters/ledger-items.ts):
 * accounts (customers `acc_…` and system shards `sys_…`) by id, each account's entries by sequence,
 * transfers by id, cross-region deliveries by transfer id.
 */
export async function ledger(client: DynamoDBDocumentClient) {
  const items = await scanAll(client, 'ledgerline-transactions-dev');
  const accounts = new Map<string, Item>();
  const entries = new Map<string, Item[]>();
  const transfers = new Map<string, Item>();
  const deliveries = new Map<string, Item>();
  for (const item of items) {
    if (item.entity === 'account') accounts.set(String(item.accountId), item);
    else if (item.entity === 'entry') {
      const accountId = String(item.accountId);
      entries.set(accountId, [...(entries.get(accountId) ?? []), item]);
    } else if (item.entity === 'transfer') transfers.set(String(item.transferId), item);
    else if (item.entity === 'delivery') deliveries.set(String(item.transferId), item);
  }
  for (const list of entries.values()) list.sort((a, b) => Number(a.sequence) - Number(b.sequence));
  return { accounts, entries, transfers, deliveries, items };
}
