// The signed JSON-protocol client against a local HTTP server playing DynamoDB: signing, the retry
// policy, timeouts and errors (faults injected by the server).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsCallError, AwsJsonRpcClient } from '../../../src/aws/json-rpc-client';

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
afterEach(() => {
  for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
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

  it('refuses to call without credentials when no fallback is given', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    script = [ok];
    await expect(client().call('BatchGetItem', {})).rejects.toMatchObject({
      name: 'CredentialsProviderError',
    });
    expect(seen).toHaveLength(0);
  });

  it.each([
    ['dynamodb', 'AWS_ENDPOINT_URL_DYNAMODB', 'DynamoDB_20120810.GetItem'],
    ['secretsmanager', 'AWS_ENDPOINT_URL_SECRETS_MANAGER', 'secretsmanager.GetItem'],
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
