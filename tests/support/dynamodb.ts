// DynamoDB access for integration tests: the DynamoDB Local of the Jest run (tests/setup/).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TableStem } from '../../shared/src/tables';
import { tableDefinitions, tableName } from '../../shared/src/tables';

/** Endpoint of the test run's DynamoDB Local (set by tests/setup/integration-env.ts). */
export function testEndpoint(): string {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: is this an integration test?');
  return endpoint;
}

/** Table name for the test stage, e.g. `ledgerline-transactions-test`. */
export function testTableName(stem: TableStem): string {
  return tableName(stem, process.env.STAGE ?? 'test');
}

let documentClient: DynamoDBDocumentClient | undefined;

/**
 * A DocumentClient on the test endpoint (one per test file; closed by `closeTestDocumentClient`).
 *
 * @example
 * await testDocumentClient().send(new PutCommand({ TableName: testTableName('profiles'), Item }));
 */
export function testDocumentClient(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: testEndpoint(),
      region: process.env.AWS_REGION ?? 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return documentClient;
}

/** Call in `afterAll` so the test file leaves no open sockets. */
export function closeTestDocumentClient(): void {
  documentClient?.destroy();
  documentClient = undefined;
}

/** Every item of a table (all pages). */
export async function scanTable(stem: TableStem): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await testDocumentClient().send(
      new ScanCommand({ TableName: testTableName(stem), ExclusiveStartKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/**
 * Deletes every item of a table (test files share one DynamoDB Local: clear what you use in
 * `beforeEach`, and prefer unique keys so files running in parallel don't collide).
 */
export async function clearTable(stem: TableStem): Promise<number> {
  const { partitionKey, sortKey } = tableDefinitions[stem];
  const keys = (await scanTable(stem)).map((item) => ({
    [partitionKey.name]: item[partitionKey.name],
    ...(sortKey && { [sortKey.name]: item[sortKey.name] }),
  }));
  for (let start = 0; start < keys.length; start += 25) {
    let pending: Record<string, unknown>[] | undefined = keys
      .slice(start, start + 25)
      .map((Key) => ({ DeleteRequest: { Key } }));
    while (pending && pending.length > 0) {
      const result: BatchWriteCommandOutput = await testDocumentClient().send(
        new BatchWriteCommand({ RequestItems: { [testTableName(stem)]: pending } }),
      );
      pending = result.UnprocessedItems?.[testTableName(stem)];
    }
  }
  return keys.length;
}
