import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import { tracer } from '../tracer';
import { loadFullCredentialChain } from './full-credential-chain';
import { Sha256 } from './node-sha256';

interface JsonRpcServiceModel {
  /** The SDK client's name less `Client`: the trace subsegment's name, as for a traced SDK client. */
  name: string;
  /** Host prefix (`<prefix>.<region>.amazonaws.com`) and SigV4 signing name. */
  endpointPrefix: string;
  targetPrefix: string;
  contentType: string;
  /** The SDK's service-specific endpoint variable (its serviceId, upper-cased, spaces as `_`). */
  endpointVariable: string;
  /**
   * Operations the service's Smithy model marks `optionalAuth` (the SDK's auth scheme provider
   * sends them unsigned: the caller proves itself with an app client id or an access token).
   */
  unsignedOperations?: ReadonlySet<string>;
}

/** The AWS JSON-protocol services called without an SDK client (see `AwsJsonRpcClient`). */
const SERVICES = {
  dynamodb: {
    name: 'DynamoDB',
    endpointPrefix: 'dynamodb',
    targetPrefix: 'DynamoDB_20120810',
    contentType: 'application/x-amz-json-1.0',
    endpointVariable: 'AWS_ENDPOINT_URL_DYNAMODB',
  },
  secretsmanager: {
    name: 'SecretsManager',
    endpointPrefix: 'secretsmanager',
    targetPrefix: 'secretsmanager',
    contentType: 'application/x-amz-json-1.1',
    endpointVariable: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  },
  kms: {
    name: 'KMS',
    endpointPrefix: 'kms',
    targetPrefix: 'TrentService',
    contentType: 'application/x-amz-json-1.1',
    endpointVariable: 'AWS_ENDPOINT_URL_KMS',
  },
  'cognito-idp': {
    name: 'CognitoIdentityProvider',
    endpointPrefix: 'cognito-idp',
    targetPrefix: 'AWSCognitoIdentityProviderService',
    contentType: 'application/x-amz-json-1.1',
    endpointVariable: 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER',
    // The ones Ledgerline calls (a test checks them against the SDK's auth scheme provider).
    unsignedOperations: new Set([
      'AssociateSoftwareToken',
      'ConfirmSignUp',
      'GlobalSignOut',
      'InitiateAuth',
      'RespondToAuthChallenge',
      'RevokeToken',
      'SetUserMFAPreference',
      'SignUp',
      'VerifySoftwareToken',
    ]),
  },
} as const satisfies Record<string, JsonRpcServiceModel>;

export type JsonRpcService = keyof typeof SERVICES;

export interface AwsJsonRpcOptions {
  service: JsonRpcService;
  region: string;
  /** DynamoDB Local, a stub: else `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, then AWS's. */
  endpoint?: string;
  /** Attempts in all (the first included). */
  maxAttempts: number;
  /** Per attempt, from the request's start to the whole answer. */
  attemptTimeoutMs: number;
  /**
   * Used when the environment holds no key pair (a local endpoint). Without it, the SDK's chain
   * (`lambda-credentials`): the environment on Lambda, a profile for `sls invoke local`.
   */
  fallbackCredentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * An error AWS answered (its `__type`, its status) or the transport gave. Shaped as the SDK's
 * service exceptions where callers look (`name`, `$metadata.httpStatusCode`, a network error's
 * `code`), so error mappings written for SDK clients hold; `retryable` as the SDK's standard mode
 * decides (its own error classification).
 */
export class AwsCallError extends Error {
  readonly $metadata: { httpStatusCode?: number; requestId?: string };
  readonly retryable: boolean;
  /** The Node.js error code of a transport failure (ECONNREFUSED, ECONNRESET, …). */
  readonly code?: string;

  constructor(
    message: string,
    readonly status: number | undefined,
    readonly type: string,
    options?: ErrorOptions & { requestId?: string; code?: string; retryable?: boolean },
  ) {
    super(message, options);
    this.name = type;
    this.$metadata = { httpStatusCode: status, ...(options?.requestId && { requestId: options.requestId }) };
    if (options?.code) this.code = options.code;
    this.retryable = options?.retryable ?? retryableAsTheSdk(this);
  }
}

// The SDK standard mode's error classes (@smithy/core/retry, service-error-classification),
// restated: importing them pulls that module's retry middleware into the bundle (20 KB of the
// authorizer's cold start). A unit test checks these against the SDK's own functions.
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TRANSIENT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Throttling, transient (names, Node.js network codes) and 5xx: what the SDK's standard mode retries. */
export function retryableAsTheSdk(error: {
  name: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}): boolean {
  const status = error.$metadata?.httpStatusCode;
  return (
    status === 429 ||
    (status !== undefined && status >= 500 && status <= 599) ||
    THROTTLING.has(error.name) ||
    TRANSIENT.has(error.name) ||
    (error.code !== undefined && TRANSIENT_CODES.has(error.code))
  );
}

/** One HTTP answer: status, request id, body text. */
export interface Answer {
  status: number;
  requestId: string | undefined;
  body: string;
}

/**
 * A JSON-protocol call to DynamoDB, Secrets Manager, KMS or Cognito with node:https, for a function
 * whose cold start cannot afford an SDK client: the authorizer, which sits in front of every
 * request (≈ 250 KB of SDK for its two calls, ≈ 20 KB this way), and every call to a service
 * other than DynamoDB (each SDK client adds 25-42 KB of error classes and schemas that it
 * registers when imported; docs/performance.md). Blobs travel base64-encoded, as the protocol
 * defines them.
 * Signing is @smithy/signature-v4, the SDK's own signer (operations the model marks optional-auth
 * go unsigned, as the SDK sends them). Retries follow the SDK standard mode: its own error
 * classification (throttling, transient, 5xx, timeouts and connection errors) and jittered
 * backoff, the loop written out because nothing lighter than the SDK runs it over node:https.
 * Each call is one traced `aws` subsegment, as an SDK client's would be.
 *
 * @example
 * const dynamodb = new AwsJsonRpcClient({ service: 'dynamodb', region, maxAttempts: 2, attemptTimeoutMs: 500 });
 * const answer = await dynamodb.call('BatchGetItem', { RequestItems: { … } }, { table_names: [table] });
 */
export class AwsJsonRpcClient {
  private readonly service: JsonRpcServiceModel;
  private readonly url: URL;
  private readonly credentials: () => Promise<Credentials>;

  constructor(private readonly options: AwsJsonRpcOptions) {
    this.service = SERVICES[options.service];
    const fromEnvironment = process.env[this.service.endpointVariable] ?? process.env.AWS_ENDPOINT_URL;
    this.url = new URL(
      options.endpoint ??
        fromEnvironment ??
        `https://${this.service.endpointPrefix}.${options.region}.amazonaws.com/`,
    );
    this.credentials = credentialsProvider(options.fallbackCredentials);
  }

  /** Calls `operation` with `input`; resolves with the parsed answer, rejects with an `AwsCallError`. */
  async call<T>(operation: string, input: unknown, resource: Record<string, unknown> = {}): Promise<T> {
    const span = tracer.beginAwsCall(this.service.name, operation, resource);
    let attempts = 0;
    let last: Answer | undefined;
    try {
      for (;;) {
        attempts += 1;
        try {
          last = await this.attempt(operation, JSON.stringify(input), span?.traceHeader);
          if (last.status < 300) break;
          const error = this.answerError(last);
          if (!error.retryable || attempts >= this.options.maxAttempts) throw error;
        } catch (error) {
          const failure = error instanceof AwsCallError ? error : transportError(error);
          if (!failure.retryable || attempts >= this.options.maxAttempts) throw failure;
        }
        // Full jitter, base 100 ms: the SDK's standard retry backoff for a second attempt.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** (attempts - 1)));
      }
      span?.end({ region: this.options.region, status: last.status, requestId: last.requestId, attempts });
      return (last.body ? JSON.parse(last.body) : {}) as T;
    } catch (error) {
      const status = error instanceof AwsCallError ? error.status : undefined;
      span?.end({ region: this.options.region, status, requestId: last?.requestId, attempts, error });
      throw error;
    }
  }

  private answerError(answer: Answer): AwsCallError {
    let type = 'UnknownError';
    let message = `HTTP ${answer.status}`;
    try {
      const parsed = JSON.parse(answer.body) as { __type?: string; message?: string; Message?: string };
      type = parsed.__type?.split('#').pop() ?? type;
      message = parsed.message ?? parsed.Message ?? message;
    } catch {
      // Not JSON (a proxy's page): the status says enough.
    }
    return new AwsCallError(`${this.service.name} ${type}: ${message}`, answer.status, type, {
      ...(answer.requestId && { requestId: answer.requestId }),
    });
  }

  private async attempt(operation: string, body: string, traceHeader: string | undefined): Promise<Answer> {
    const request = {
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port ? Number(this.url.port) : undefined,
      path: this.url.pathname,
      query: {},
      headers: {
        host: this.url.host,
        'content-type': this.service.contentType,
        'x-amz-target': `${this.service.targetPrefix}.${operation}`,
        'content-length': String(Buffer.byteLength(body)),
      } as Record<string, string>,
      body,
    };
    const unsigned = this.service.unsignedOperations?.has(operation) ?? false;
    const signed = unsigned
      ? request
      : await new SignatureV4({
          service: this.service.endpointPrefix,
          region: this.options.region,
          sha256: Sha256,
          credentials: this.credentials,
        }).sign(request);
    const headers: Record<string, string> = { ...signed.headers };
    // Not signed (the SDK does not sign it either): the trace header may change on the way.
    if (traceHeader) headers['x-amzn-trace-id'] = traceHeader;
    return this.exchange(operation, headers, body);
  }

  /** One HTTP exchange (the transport, below signing: the bench answers here). */
  protected exchange(operation: string, headers: Record<string, string>, body: string): Promise<Answer> {
    const send = this.url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<Answer>((resolve, reject) => {
      const req = send(
        {
          method: 'POST',
          hostname: this.url.hostname,
          port: this.url.port || undefined,
          path: this.url.pathname,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              requestId: res.headers['x-amzn-requestid'] as string | undefined,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(this.options.attemptTimeoutMs, () =>
        req.destroy(
          new AwsCallError(
            `${this.service.name} ${operation}: no answer within ${this.options.attemptTimeoutMs} ms`,
            undefined,
            'TimeoutError',
          ),
        ),
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The environment's key pair (Lambda's role), as the SDK's chain takes it first; else the local
 * fallback when one is given (a local endpoint accepts any pair); else the SDK's whole chain from
 * node_modules (`AWS_PROFILE`: a developer's `sls invoke local`), as `lambda-credentials` does.
 */
export function credentialsProvider(fallback?: AwsJsonRpcOptions['fallbackCredentials']) {
  let chain: Promise<() => Promise<Credentials>> | undefined;
  return async (): Promise<Credentials> => {
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_PROFILE } = process.env;
    if (AWS_ACCESS_KEY_ID && AWS_SECRET_ACCESS_KEY && (!AWS_PROFILE || fallback)) {
      return {
        accessKeyId: AWS_ACCESS_KEY_ID,
        secretAccessKey: AWS_SECRET_ACCESS_KEY,
        ...(AWS_SESSION_TOKEN && { sessionToken: AWS_SESSION_TOKEN }),
      };
    }
    if (fallback) return fallback;
    try {
      chain ??= loadFullCredentialChain();
      return await (
        await chain
      )();
    } catch (error) {
      chain = undefined;
      throw new AwsCallError('No AWS credentials', undefined, 'CredentialsProviderError', {
        cause: error,
        retryable: false,
      });
    }
  };
}

/** A connection error or timeout, classified as the SDK does (by its Node.js error code). */
function transportError(error: unknown): AwsCallError {
  if (error instanceof AwsCallError) return error;
  const cause = error as { code?: string; message?: string };
  return new AwsCallError(
    `AWS request failed: ${cause.code ?? cause.message ?? String(error)}`,
    undefined,
    'NetworkingError',
    { cause: error, ...(cause.code && { code: cause.code }) },
  );
}
