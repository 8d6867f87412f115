import type { CreateTableCommandInput, TimeToLiveSpecification } from '@aws-sdk/client-dynamodb';
import authTable from '../tables/auth.json';
import personKeysTable from '../tables/person-keys.json';
import profilesTable from '../tables/profiles.json';
import transactionsTable from '../tables/transactions.json';
import { resourceName } from './naming';

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N' | 'B';
}

/** Shape of `shared/tables/*.json` (validated against table-definition.schema.json in tests). */
export interface TableDefinition {
  stem: string;
  owner: string;
  description: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute | null;
  globalSecondaryIndexes: Array<{
    name: string;
    partitionKey: KeyAttribute;
    sortKey: KeyAttribute | null;
    projection: 'ALL' | 'KEYS_ONLY';
  }>;
  ttlAttribute: string | null;
  streamViewType: 'NEW_AND_OLD_IMAGES';
}

/** Every table of the platform, keyed by stem. */
export const tableDefinitions = {
  auth: authTable as TableDefinition,
  transactions: transactionsTable as TableDefinition,
  profiles: profilesTable as TableDefinition,
  'person-keys': personKeysTable as TableDefinition,
} as const;

export type TableStem = keyof typeof tableDefinitions;

/**
 * Deployed name of a table.
 *
 * @example
 * tableName('profiles', 'dev'); // 'ledgerline-profiles-dev'
 */
export function tableName(stem: TableStem, stage: string): string {
  return resourceName(tableDefinitions[stem].stem, stage);
}

/**
 * CreateTable input for the local stack and the tests (on AWS, Terraform creates the tables
 * from the same JSON). On-demand billing and streams as in production.
 *
 * @example
 * await ddb.send(new CreateTableCommand(createTableInput(tableDefinitions.transactions, 'local')));
 */
export function createTableInput(definition: TableDefinition, stage: string): CreateTableCommandInput {
  const keys = [definition.partitionKey, definition.sortKey];
  for (const index of definition.globalSecondaryIndexes) keys.push(index.partitionKey, index.sortKey);
  const attributes = new Map<string, KeyAttribute>();
  for (const key of keys) if (key) attributes.set(key.name, key);
  const keySchema = (partition: KeyAttribute, sort: KeyAttribute | null) => [
    { AttributeName: partition.name, KeyType: 'HASH' as const },
    ...(sort ? [{ AttributeName: sort.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: resourceName(definition.stem, stage),
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()].map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    KeySchema: keySchema(definition.partitionKey, definition.sortKey),
    ...(definition.globalSecondaryIndexes.length > 0 && {
      GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.name,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: index.projection },
      })),
    }),
    StreamSpecification: { StreamEnabled: true, StreamViewType: definition.streamViewType },
  };
}

/**
 * TTL setting for a table, or undefined when the table has no TTL attribute.
 *
 * @example
 * const ttl = timeToLive(tableDefinitions.profiles); // { AttributeName: 'expiresAt', Enabled: true }
 */
export function timeToLive(definition: TableDefinition): TimeToLiveSpecification | undefined {
  return definition.ttlAttribute ? { AttributeName: definition.ttlAttribute, Enabled: true } : undefined;
}
