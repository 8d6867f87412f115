import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runtimeConfig } from '@ledgerline/shared/config';
import { createDocumentClient } from '@ledgerline/shared/dynamodb';

const clients = new Map<string, DynamoDBDocumentClient>();

/**
 * The DocumentClient for one region's replica of the (global) table, built once per region and
 * reused. When `DYNAMODB_ENDPOINT` is set (DynamoDB Local) every region maps to it: locally all
 * regions are one table.
 *
 * @example
 * await documentClientFor('us-west-2').send(new GetCommand(...));
 */
export function documentClientFor(region: string): DynamoDBDocumentClient {
  let client = clients.get(region);
  if (!client) {
    const { dynamodbEndpoint } = runtimeConfig();
    client = createDocumentClient({ region, ...(dynamodbEndpoint && { endpoint: dynamodbEndpoint }) });
    clients.set(region, client);
  }
  return client;
}

/**
 * The region whose replica takes the writes of an account homed in `homeRegion`. Normally the home
 * region itself; during a declared failover (`HOME_REGION_FAILOVER=us-east-1:us-west-2,…`, set by
 * the failover runbook in docs/transactions.md) the designated survivor.
 *
 * @example
 * writeRegionFor('us-east-1'); // 'us-east-1', or 'us-west-2' while us-east-1 is failed over
 */
export function writeRegionFor(homeRegion: string, env: NodeJS.ProcessEnv = process.env): string {
  for (const pair of (env.HOME_REGION_FAILOVER ?? '').split(',')) {
    const [from, to] = pair.split(':').map((part) => part.trim());
    if (from === homeRegion && to) return to;
  }
  return homeRegion;
}
