// Direct reads of the stack's DynamoDB Local tables (the suite knows its endpoint): "nothing
// written" and "accepted ≡ stored" are checked in the tables, not through the API under test.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

export const TABLES = [
  'ledgerline-auth-dev',
  'ledgerline-transactions-dev',
  'ledgerline-profiles-dev',
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

/** A canonical, order-independent picture of every table: compare two to prove nothing was written. */
export async function snapshot(client: DynamoDBDocumentClient): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of TABLES) {
    const items = await scanAll(client, table);
    result[table] = items.map((item) => JSON.stringify(item, Object.keys(item).sort())).sort();
  }
  return result;
}

/** The transactions table, grouped: accounts by id, transactions and idempotency records per account. */
export async function ledger(client: DynamoDBDocumentClient) {
  const items = await scanAll(client, 'ledgerline-transactions-dev');
  const accounts = new Map<string, Item>();
  const transactions = new Map<string, Item[]>();
  const idempotency = new Map<string, Item[]>();
  for (const item of items) {
    const accountId = String(item.pk).replace(/^ACCOUNT#/, '');
    const sk = String(item.sk);
    if (sk === 'META') accounts.set(accountId, item);
    else if (sk.startsWith('TX#'))
      transactions.set(accountId, [...(transactions.get(accountId) ?? []), item]);
    else if (sk.startsWith('IDEM#'))
      idempotency.set(accountId, [...(idempotency.get(accountId) ?? []), item]);
  }
  return { accounts, transactions, idempotency, items };
}
