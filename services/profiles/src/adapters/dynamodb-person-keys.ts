import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PersonKeys } from '../ports/person-keys';

// The person-keys table (shared/tables/person-keys.json): pk PERSON#<sub>, sk KEY#<version>, one
// wrapped data key per item; a global table, replicated to every API region.
const personKey = (sub: string) => `PERSON#${sub}`;

/**
 * The person's data keys on DynamoDB: deleted in the home region's replica (the deletion
 * replicates), counted in every region's replica. One implementation of these two operations
 * belongs to `@ledgerline/shared/privacy` (`shredPersonKeys`, `personKeyCount`); this adapter does
 * the same on the same table layout until the erasure wiring is pointed at them.
 *
 * @example
 * const keys = new DynamoDbPersonKeys('ledgerline-person-keys-dev', home, { 'us-east-1': home, 'us-west-2': west });
 */
export class DynamoDbPersonKeys implements PersonKeys {
  constructor(
    private readonly tableName: string,
    private readonly home: DynamoDBDocumentClient,
    private readonly replicas: Record<string, DynamoDBDocumentClient>,
  ) {}

  async shred(sub: string): Promise<number> {
    let deleted = 0;
    for (const sk of await this.keysOf(this.home, sub)) {
      await this.home.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: personKey(sub), sk } }));
      deleted += 1;
    }
    return deleted;
  }

  async remaining(sub: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [region, client] of Object.entries(this.replicas)) {
      counts[region] = (await this.keysOf(client, sub)).length;
    }
    return counts;
  }

  private async keysOf(client: DynamoDBDocumentClient, sub: string): Promise<string[]> {
    const keys: string[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': personKey(sub) },
          ProjectionExpression: 'sk',
          ExclusiveStartKey: exclusiveStartKey,
        }),
      );
      keys.push(...(page.Items ?? []).map((item) => String(item.sk)));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey);
    return keys;
  }
}
