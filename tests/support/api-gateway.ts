import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export interface ApiEventOptions {
  method?: string;
  path?: string;
  resource?: string;
  body?: unknown;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  authorizer?: Record<string, unknown>;
  stage?: string;
  sourceIp?: string;
}

/**
 * An API Gateway REST (proxy integration) event as Lambda receives it. `body` objects are
 * JSON-encoded; strings are sent as is (to test malformed input).
 *
 * @example
 * const event = apiEvent({ method: 'POST', path: '/accounts', body: { currency: 'USD' } });
 */
export function apiEvent(options: ApiEventOptions = {}): APIGatewayProxyEvent {
  const method = options.method ?? 'GET';
  const path = options.path ?? '/';
  const headers: Record<string, string> = {
    'User-Agent': 'ledgerline-tests/1.0',
    ...(options.body !== undefined &&
      typeof options.body !== 'string' && { 'Content-Type': 'application/json' }),
    ...options.headers,
  };
  const requestId = randomUUID();
  return {
    httpMethod: method,
    path,
    resource: options.resource ?? path,
    body:
      options.body === undefined
        ? null
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    isBase64Encoded: false,
    pathParameters: options.pathParameters ?? null,
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'test-api',
      authorizer: options.authorizer ?? null,
      protocol: 'HTTP/1.1',
      httpMethod: method,
      identity: {
        sourceIp: options.sourceIp ?? '203.0.113.10',
        userAgent: headers['User-Agent'] ?? null,
      } as APIGatewayProxyEvent['requestContext']['identity'],
      path: `/${options.stage ?? 'test'}${path}`,
      stage: options.stage ?? 'test',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'res',
      resourcePath: options.resource ?? path,
    },
  };
}

/**
 * A Lambda context good enough for in-process invocations.
 *
 * @example
 * await handler(apiEvent(), lambdaContext());
 */
export function lambdaContext(overrides: Partial<Context> = {}): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'ledgerline-test-fn',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ledgerline-test-fn',
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/ledgerline-test-fn',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}
