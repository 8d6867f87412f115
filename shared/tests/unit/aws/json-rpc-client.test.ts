// The signed JSON-protocol client against a local HTTP server playing DynamoDB: signing, the retry
// policy, timeouts and errors (faults injected by the server).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as cognito from '@aws-sdk/client-cognito-identity-provider';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { isTransientAwsError } from '../../../src/errors';
import { AwsCallError, AwsJsonRpcClient, retryableAsTheSdk } from '../../../src/aws/json-rpc-client';

interface Seen {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let endpoint: string;
let seen: Seen[] = [];
/** The server's answers in order; the last one repeats. `hang` never answers. */
let script: Array<{ status: number; body: string } | 'hang'> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      const answer = script[Math.min(seen.length - 1, script.length - 1)]!;
      if (answer === 'hang') return;
      res.writeHead(answer.status, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': `req-${seen.length}`,
      });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const saved = { ...process.env };
beforeEach(() => {
  seen = [];
  process.env.AWS_ACCESS_KEY_ID = 'ASIATESTTESTTESTTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  process.env.AWS_SESSION_TOKEN = 'session-token';
});
/** Variables the SDK's credential chain reads, restored after each test. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_CONFIG_FILE',
  'AWS_EC2_METADATA_DISABLED',
];
afterEach(() => {
  for (const key of CREDENTIAL_VARIABLES) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const client = (maxAttempts = 2, attemptTimeoutMs = 300) =>
  new AwsJsonRpcClient({ service: 'dynamodb', region: 'us-west-2', endpoint, maxAttempts, attemptTimeoutMs });
const ok = { status: 200, body: '{"Responses":{}}' };
const serverError = {
  status: 500,
  body: '{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"boom"}',
};

describe('AwsJsonRpcClient', () => {
  it('sends a SigV4-signed JSON call for the service and region, with the session token', async () => {
    script = [ok];
    await expect(client().call('BatchGetItem', { RequestItems: {} })).resolves.toEqual({ Responses: {} });
    const [request] = seen;
    expect(request!.headers['x-amz-target']).toBe('DynamoDB_20120810.BatchGetItem');
    expect(request!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(request!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIATESTTESTTESTTEST\/\d{8}\/us-west-2\/dynamodb\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(request!.headers['x-amz-security-token']).toBe('session-token');
    expect(request!.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(JSON.parse(request!.body)).toEqual({ RequestItems: {} });
  });

  it('retries a 5xx once and succeeds on the second attempt', async () => {
    script = [serverError, ok];
    await expect(client().call('BatchGetItem', {})).resolves.toEqual({ Responses: {} });
    expect(seen).toHaveLength(2);
  });

  it('gives up after its attempts on repeated 5xx, naming the error', async () => {
    script = [serverError];
    await expect(client().call('BatchGetItem', {})).rejects.toMatchObject({
      name: 'InternalServerError',
      status: 500,
      retryable: true,
    });
    expect(seen).toHaveLength(2);
  });

  it('does not retry a client error (4xx other than throttling)', async () => {
    script = [
      { status: 400, body: '{"__type":"com.amazon.coral.validate#ValidationException","message":"bad"}' },
    ];
    const failure = await client()
      .call('BatchGetItem', {})
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AwsCallError);
    expect(failure).toMatchObject({ name: 'ValidationException', status: 400, retryable: false });
    expect(seen).toHaveLength(1);
  });

  it('retries throttling answered as 400', async () => {
    script = [
      {
        status: 400,
        body: '{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"}',
      },
      ok,
    ];
    await expect(client().call('BatchGetItem', {})).resolves.toEqual({ Responses: {} });
    expect(seen).toHaveLength(2);
  });

  it('abandons an attempt that gets no answer within its timeout, then fails after the last', async () => {
    script = ['hang'];
    const started = Date.now();
    await expect(client(2, 200).call('BatchGetItem', {})).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('retries a refused connection, then fails as a networking error', async () => {
    const closed = new AwsJsonRpcClient({
      service: 'dynamodb',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      maxAttempts: 2,
      attemptTimeoutMs: 300,
    });
    await expect(closed.call('BatchGetItem', {})).rejects.toMatchObject({
      name: 'NetworkingError',
      retryable: true,
    });
  });

  /** A shared credentials file with one profile, and nothing else the chain could find. */
  const isolatedChain = (profiles: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'json-rpc-credentials-'));
    writeFileSync(path.join(dir, 'credentials'), profiles);
    writeFileSync(path.join(dir, 'config'), '');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  };

  it('without a key pair in the environment, resolves the SDK chain (a profile, as `sls invoke local`)', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_SESSION_TOKEN;
    isolatedChain('[dev]\naws_access_key_id = AKIAPROFILEPROFILE01\naws_secret_access_key = s\n');
    process.env.AWS_PROFILE = 'dev';
    script = [ok];
    await expect(client().call('BatchGetItem', {})).resolves.toEqual({ Responses: {} });
    expect(seen[0]!.headers.authorization).toContain('Credential=AKIAPROFILEPROFILE01/');
  });

  it('refuses to call when neither the environment nor the chain has credentials', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    isolatedChain('');
    script = [ok];
    await expect(client().call('BatchGetItem', {})).rejects.toMatchObject({
      name: 'CredentialsProviderError',
      retryable: false,
    });
    expect(seen).toHaveLength(0);
  });

  it('uses the fallback pair when the environment has none (a local endpoint)', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    script = [ok];
    const local = new AwsJsonRpcClient({
      service: 'dynamodb',
      region: 'us-east-1',
      endpoint,
      maxAttempts: 1,
      attemptTimeoutMs: 300,
      fallbackCredentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await local.call('BatchGetItem', {});
    expect(seen[0]!.headers.authorization).toContain('Credential=local/');
  });

  it.each([
    ['TooManyRequestsException', 400, true],
    ['LimitExceededException', 400, true],
    ['ThrottlingException', 400, true],
    ['InternalErrorException', 500, true],
    ['NotAuthorizedException', 400, false],
  ])('classifies %s (%d) as the SDK standard mode does: retryable %s', async (type, status, retryable) => {
    script = [{ status, body: JSON.stringify({ __type: type, message: 'm' }) }, ok];
    const outcome = await client()
      .call('BatchGetItem', {})
      .catch((error: unknown) => error);
    expect(seen).toHaveLength(retryable ? 2 : 1);
    if (!retryable) expect(outcome).toMatchObject({ name: type, $metadata: { httpStatusCode: status } });
  });

  it('gives errors the shape the SDK-oriented mappings read (name, $metadata, code)', async () => {
    script = [{ status: 503, body: '{"__type":"ServiceUnavailable"}' }];
    const answered = await client(1)
      .call('BatchGetItem', {})
      .catch((error: unknown) => error);
    expect(answered).toMatchObject({ name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } });
    expect(isTransientAwsError(answered)).toBe(true);
    const refused = await new AwsJsonRpcClient({
      service: 'dynamodb',
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      maxAttempts: 1,
      attemptTimeoutMs: 300,
    })
      .call('BatchGetItem', {})
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'NetworkingError', code: 'ECONNREFUSED' });
    expect(isTransientAwsError(refused)).toBe(true);
  });

  describe('retries what the SDK standard mode retries (its own classification functions)', () => {
    const names = [
      ...['BandwidthLimitExceeded', 'EC2ThrottledException', 'LimitExceededException'],
      ...['PriorRequestNotComplete', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded'],
      ...['RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ThrottledException'],
      ...['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'TransactionInProgressException'],
      ...['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'],
      ...['NotAuthorizedException', 'ValidationException', 'ConditionalCheckFailedException'],
      ...['UserNotFoundException', 'InternalErrorException', 'NetworkingError', 'CredentialsProviderError'],
    ];
    const codes = [undefined, 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'];
    const moreCodes = ['ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EACCES', 'ERR_SOMETHING'];
    const statuses = [undefined, 200, 400, 403, 404, 429, 500, 501, 502, 503, 504, 599];
    const sdk = (error: object) => {
      const shaped = error as Parameters<typeof isTransientError>[0];
      return isThrottlingError(shaped) || isTransientError(shaped) || isServerError(shaped);
    };
    it('agrees on every name × status, and every network code', () => {
      const disagreements: string[] = [];
      for (const name of names) {
        for (const status of statuses) {
          const error = { name, message: 'm', $metadata: { httpStatusCode: status } };
          if (retryableAsTheSdk(error) !== sdk(error)) disagreements.push(`${name} ${status}`);
        }
      }
      for (const code of [...codes, ...moreCodes]) {
        const error = { name: 'NetworkingError', message: 'm', code, $metadata: {} };
        if (retryableAsTheSdk(error) !== sdk(error)) disagreements.push(`code ${code}`);
      }
      expect(disagreements).toEqual([]);
    });
  });

  describe('Cognito: signs exactly the operations the SDK signs', () => {
    // Every Cognito operation Ledgerline calls (services/auth, services/profiles).
    const operations = [
      'AdminDeleteUser',
      'AdminDisableUser',
      'AdminEnableUser',
      'AdminGetUser',
      'AdminSetUserMFAPreference',
      'AdminUserGlobalSignOut',
      'AssociateSoftwareToken',
      'ConfirmSignUp',
      'GlobalSignOut',
      'InitiateAuth',
      'RespondToAuthChallenge',
      'RevokeToken',
      'SetUserMFAPreference',
      'SignUp',
      'VerifySoftwareToken',
    ];
    /** Whether the SDK's own client sends `operation` with an Authorization header. */
    async function sdkSigns(operation: string): Promise<boolean> {
      const commands = cognito as unknown as Record<string, new (input: object) => object>;
      const client = new cognito.CognitoIdentityProviderClient({
        endpoint,
        region: 'us-east-1',
        maxAttempts: 1,
      });
      seen = [];
      await client.send(new commands[`${operation}Command`]!({}) as never).catch(() => undefined);
      client.destroy();
      return seen[0]!.headers.authorization !== undefined;
    }

    it.each(operations)('%s', async (operation) => {
      script = [{ status: 200, body: '{}' }];
      const expected = await sdkSigns(operation);
      seen = [];
      await new AwsJsonRpcClient({
        service: 'cognito-idp',
        region: 'us-east-1',
        endpoint,
        maxAttempts: 1,
        attemptTimeoutMs: 300,
      }).call(operation, {});
      expect(seen[0]!.headers['x-amz-target']).toBe(`AWSCognitoIdentityProviderService.${operation}`);
      expect(seen[0]!.headers['content-type']).toBe('application/x-amz-json-1.1');
      expect(seen[0]!.headers.authorization !== undefined).toBe(expected);
      if (expected) expect(seen[0]!.headers.authorization).toContain('/us-east-1/cognito-idp/aws4_request');
    });
  });

  it.each([
    ['dynamodb', 'AWS_ENDPOINT_URL_DYNAMODB', 'DynamoDB_20120810.GetItem'],
    ['secretsmanager', 'AWS_ENDPOINT_URL_SECRETS_MANAGER', 'secretsmanager.GetItem'],
    [
      'cognito-idp',
      'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER',
      'AWSCognitoIdentityProviderService.GetItem',
    ],
  ] as const)('%s: takes the endpoint from %s, as the SDK does', async (service, variable, target) => {
    script = [ok];
    process.env[variable] = endpoint;
    try {
      const fromEnvironment = new AwsJsonRpcClient({
        service,
        region: 'us-east-1',
        maxAttempts: 1,
        attemptTimeoutMs: 300,
      });
      await expect(fromEnvironment.call('GetItem', {})).resolves.toEqual({ Responses: {} });
    } finally {
      delete process.env[variable];
    }
    expect(seen.map((request) => request.headers['x-amz-target'])).toEqual([target]);
  });
});
