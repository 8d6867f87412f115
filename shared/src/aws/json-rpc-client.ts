import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import { tracer } from '../tracer';

/** The AWS JSON-protocol services called without an SDK client (see `AwsJsonRpcClient`). */
const SERVICES = {
  dynamodb: {
    name: 'DynamoDB',
    targetPrefix: 'DynamoDB_20120810',
    contentType: 'application/x-amz-json-1.0',
    // The SDK's service-specific endpoint variable (its serviceId, upper-cased, spaces as `_`).
    endpointVariable: 'AWS_ENDPOINT_URL_DYNAMODB',
  },
  secretsmanager: {
    name: 'SecretsManager',
    targetPrefix: 'secretsmanager',
    contentType: 'application/x-amz-json-1.1',
    endpointVariable: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  },
} as const;

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
  /** Used when the environment holds no key pair (a local endpoint). */
  fallbackCredentials?: { accessKeyId: string; secretAccessKey: string };
}

/** An error AWS answered (its `__type`, its status) or the transport gave; `retryable` as the SDK's standard mode decides. */
export class AwsCallError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly type: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = type;
  }
}

/** SignatureV4's hash: node:crypto's SHA-256, keyed (HMAC) when given a secret. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

interface Answer {
  status: number;
  requestId: string | undefined;
  body: string;
}

/**
 * A signed JSON-protocol call to DynamoDB or Secrets Manager with node:https, for a function whose
 * cold start cannot afford an SDK client: the authorizer, which sits in front of every request and
 * makes two kinds of call (≈ 250 KB of SDK for them, ≈ 20 KB this way; docs/performance.md).
 * Signing is @smithy/signature-v4, the SDK's own signer. The retry policy is the SDK standard
 * mode's for these calls (throttling, 5xx, timeouts and connection errors; jittered backoff),
 * written out because nothing lighter than the SDK offers it over node:https. Each call is one
 * traced `aws` subsegment, as an SDK client's would be.
 *
 * @example
 * const dynamodb = new AwsJsonRpcClient({ service: 'dynamodb', region, maxAttempts: 2, attemptTimeoutMs: 500 });
 * const answer = await dynamodb.call('BatchGetItem', { RequestItems: { … } }, { table_names: [table] });
 */
export class AwsJsonRpcClient {
  private readonly service: (typeof SERVICES)[JsonRpcService];
  private readonly url: URL;

  constructor(private readonly options: AwsJsonRpcOptions) {
    this.service = SERVICES[options.service];
    const fromEnvironment = process.env[this.service.endpointVariable] ?? process.env.AWS_ENDPOINT_URL;
    this.url = new URL(
      options.endpoint ?? fromEnvironment ?? `https://${options.service}.${options.region}.amazonaws.com/`,
    );
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
    const throttled =
      answer.status === 429 || /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded/.test(type);
    return new AwsCallError(
      `${this.service.name} ${type}: ${message}`,
      answer.status,
      type,
      throttled || answer.status >= 500,
    );
  }

  private async attempt(operation: string, body: string, traceHeader: string | undefined): Promise<Answer> {
    const signer = new SignatureV4({
      service: this.options.service,
      region: this.options.region,
      sha256: Sha256,
      credentials: credentials(this.options.fallbackCredentials),
    });
    const signed = await signer.sign({
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
      },
      body,
    });
    const headers: Record<string, string> = { ...signed.headers };
    // Not signed (the SDK does not sign it either): the trace header may change on the way.
    if (traceHeader) headers['x-amzn-trace-id'] = traceHeader;
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
            true,
          ),
        ),
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** Lambda's credentials (its role's, in the environment), or the local fallback. */
function credentials(fallback: AwsJsonRpcOptions['fallbackCredentials']) {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (AWS_ACCESS_KEY_ID && AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: AWS_ACCESS_KEY_ID,
      secretAccessKey: AWS_SECRET_ACCESS_KEY,
      ...(AWS_SESSION_TOKEN && { sessionToken: AWS_SESSION_TOKEN }),
    };
  }
  if (fallback) return fallback;
  throw new AwsCallError(
    'No AWS credentials in the environment',
    undefined,
    'CredentialsProviderError',
    false,
  );
}

/** A connection error or timeout: retryable, as the SDK treats them. */
function transportError(error: unknown): AwsCallError {
  if (error instanceof AwsCallError) return error;
  const cause = error as { code?: string; message?: string };
  return new AwsCallError(
    `AWS request failed: ${cause.code ?? cause.message ?? String(error)}`,
    undefined,
    'NetworkingError',
    true,
    {
      cause: error,
    },
  );
}
