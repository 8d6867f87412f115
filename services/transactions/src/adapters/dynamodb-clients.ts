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
