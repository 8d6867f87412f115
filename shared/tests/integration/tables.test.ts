// The test harness itself: every table exists in DynamoDB Local as the shared definitions describe.
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createTableInput, tableDefinitions, timeToLive } from '../../src/tables';
import type { TableStem } from '../../src/tables';
import {
  clearTable,
  closeTestDocumentClient,
  scanTable,
  testDocumentClient,
  testTableName,
} from '../../../tests/support/dynamodb';

const stems = Object.keys(tableDefinitions) as TableStem[];

afterAll(() => closeTestDocumentClient());

describe.each(stems)('table %s', (stem) => {
  const definition = tableDefinitions[stem];

  it('exists for the test stage with the keys, indexes and TTL of its definition', async () => {
    const expected = createTableInput(definition, 'test');

    const { Table } = await testDocumentClient().send(
      new DescribeTableCommand({ TableName: testTableName(stem) }),
    );
    const ttl = await testDocumentClient().send(
      new DescribeTimeToLiveCommand({ TableName: testTableName(stem) }),
    );

    expect(Table?.TableName).toBe(`ledgerline-${stem}-test`);
    expect(Table?.KeySchema).toEqual(expected.KeySchema);
    expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(
      (expected.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort(),
    );
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe(timeToLive(definition)?.AttributeName);
  });

  it('can be cleared by the test helpers', async () => {
    const { partitionKey, sortKey } = definition;
    const Item = { [partitionKey.name]: `#HARNESS-${stem}`, ...(sortKey && { [sortKey.name]: '#HARNESS' }) };
    await testDocumentClient().send(new PutCommand({ TableName: testTableName(stem), Item }));

    const removed = await clearTable(stem);

    expect(removed).toBeGreaterThanOrEqual(1);
    expect(await scanTable(stem)).toEqual([]);
  });
});
