import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { runtimeConfig } from './config';
import { tracer } from './tracer';

/** Explicit client settings: a Lambda must fail fast and let the client retry, not hang. */
export const dynamoDbDefaults = {
  /** Total attempts including the first (SDK "standard" retry mode, jittered backoff). */
  maxAttempts: 3,
  /** TCP connect timeout. */
  connectionTimeoutMs: 1_000,
  /** Time without response data before a request attempt is abandoned. */
  requestTimeoutMs: 2_000,
};

export interface DocumentClientOptions {
  endpoint?: string;
  region?: string;
  maxAttempts?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/**
 * Builds a traced DynamoDB DocumentClient. Honours `DYNAMODB_ENDPOINT` (DynamoDB Local) and then
 * falls back to static local credentials when none are configured, so the local stack needs no
 * AWS profile. Build it once at module scope and reuse it across invocations.
 *
 * @example
 * const documentClient = createDocumentClient();
 * await documentClient.send(new GetCommand({ TableName, Key: { pk, sk } }));
 */
export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  const config = runtimeConfig();
  const settings = { ...dynamoDbDefaults, ...options };
  const endpoint = options.endpoint ?? config.dynamodbEndpoint;
  const useLocalCredentials = Boolean(endpoint) && !process.env.AWS_ACCESS_KEY_ID;
  const client = new DynamoDBClient({
    region: options.region ?? config.region,
    maxAttempts: settings.maxAttempts,
    retryMode: 'standard',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: settings.connectionTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      // Without this, @smithy/node-http-handler only WARNS when requestTimeout passes and the call
      // hangs until Lambda's own timeout (a 504 instead of the SDK retry and then our 503).
      throwOnRequestTimeout: true,
    }),
    ...(endpoint && { endpoint }),
    ...(useLocalCredentials && { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
  return DynamoDBDocumentClient.from(tracer.captureAWSv3Client(client), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
