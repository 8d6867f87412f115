import { AwsJsonRpcClient } from '@ledgerline/shared/aws/json-rpc-client';
import { runtimeConfig } from '@ledgerline/shared/config';
import { tableName } from '@ledgerline/shared/tables';
import type { SessionRecords } from '../domain/sessions';
import { sessionKeys } from '../domain/sessions';
import type { SessionRecordsReader } from '../ports/revocation-store';

interface BatchGetAnswer {
  Responses?: Record<string, Array<Record<string, { S?: string; N?: string }>>>;
  UnprocessedKeys?: Record<string, unknown>;
}

/**
 * The authorizer's read of the revocation records, exactly `DynamoDbRevocationStore.recordsFor`
 * (one eventually consistent BatchGetItem of the user's not-before and the family's record, same
 * keys and projection, unprocessed keys refused) made with a signed request instead of the SDK's
 * DynamoDB client, which would be most of the authorizer's cold start (docs/performance.md).
 *
 * @example
 * const reader = SignedRequestRevocationReader.fromEnvironment({ maxAttempts: 2, attemptTimeoutMs: 500 });
 * const records = await reader.recordsFor(sub, family);
 */
export class SignedRequestRevocationReader implements SessionRecordsReader {
  constructor(
    private readonly client: AwsJsonRpcClient,
    private readonly table: string,
  ) {}

  /** This stage's auth table in this region (DynamoDB Local when DYNAMODB_ENDPOINT says so). */
  static fromEnvironment(limits: {
    maxAttempts: number;
    attemptTimeoutMs: number;
  }): SignedRequestRevocationReader {
    const config = runtimeConfig();
    const client = new AwsJsonRpcClient({
      service: 'dynamodb',
      region: config.region,
      ...(config.dynamodbEndpoint && { endpoint: config.dynamodbEndpoint }),
      // As createDocumentClient: DynamoDB Local needs some key pair, any will do.
      fallbackCredentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      ...limits,
    });
    return new SignedRequestRevocationReader(client, tableName('auth', config.stage));
  }

  async recordsFor(sub: string, family: string): Promise<SessionRecords> {
    const user = sessionKeys.user(sub);
    const keys = [sessionKeys.family(family), sessionKeys.notBefore].map((sk) => ({
      pk: { S: user },
      sk: { S: sk },
    }));
    // One BatchGetItem, eventually consistent (this region's replica): 2 × 0.5 RCU.
    const answer = await this.client.call<BatchGetAnswer>(
      'BatchGetItem',
      { RequestItems: { [this.table]: { Keys: keys, ProjectionExpression: 'sk, revokedAt, notBefore' } } },
      { table_names: [this.table] },
    );
    // Unprocessed keys (throttling) must not read as "no record": that would let a revoked token in.
    if (Object.keys(answer.UnprocessedKeys ?? {}).length > 0) {
      throw new Error('revocation records not read (unprocessed keys)');
    }
    const records: SessionRecords = {};
    for (const item of answer.Responses?.[this.table] ?? []) {
      const number = (name: string) => (item[name]?.N === undefined ? undefined : Number(item[name]!.N));
      const notBefore = number('notBefore');
      const revokedAt = number('revokedAt');
      if (item.sk?.S === sessionKeys.notBefore && notBefore !== undefined) records.notBefore = notBefore;
      else if (revokedAt !== undefined) records.familyRevokedAt = revokedAt;
    }
    return records;
  }
}
