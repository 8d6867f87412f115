// Cold-start proxy: the wall time of a fresh Node process that loads one bundle and
// serves its first invocation, for every function and two baselines bundled the same way, run
// interleaved (A, B, fn1, fn2, ... repeated) so machine load hits all of them alike.
//
// AWS calls go to a stub on 127.0.0.1 that answers every request at once with `200 {}` (an empty
// DynamoDB result: GetItem finds nothing, PutItem/TransactWriteItems succeed), so the first
// invocation takes the normal path. A closed port would make the SDK's standard retry strategy
// sleep a jittered 0-300 ms between its three attempts, which is noise, not cold start.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import path from 'node:path';
import { apiEvent } from '../../tests/support/api-gateway';
import { deployedNodeOptions, OUT_DIR, ROOT, type Bundle } from './bundles';

export interface ColdSample {
  /** Spawn to exit of the process (ms). */
  wall: number;
  /** `require()` of the bundle (ms). */
  load: number;
  /** The first invocation (ms). */
  invoke: number;
  /** What the first invocation returned (HTTP status, or `throw`). */
  outcome: string;
}

export interface ColdResult {
  id: string;
  runs: number;
  wall: number;
  load: number;
  invoke: number;
  outcome: string;
}

const RUNNER = `'use strict';
const { readFileSync } = require('node:fs');
const [file, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = { awsRequestId: 'bench-request', functionName: 'bench', functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench', memoryLimitInMB: '1024',
  logGroupName: '/aws/lambda/bench', logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10000, done() {}, fail() {}, succeed() {} };
const t0 = performance.now();
const mod = require(file);
const t1 = performance.now();
Promise.resolve()
  .then(() => mod.handler(event, context))
  .then((r) => String(r && r.statusCode !== undefined ? r.statusCode : 'ok'), () => 'throw')
  .then((outcome) => {
    const t2 = performance.now();
    process.stdout.write('\\nBENCH_RESULT ' + JSON.stringify({ load: t1 - t0, invoke: t2 - t1, outcome }) + '\\n');
    process.exit(0);
  });
`;

// As the JWT authorizer passes a user's access token (tokenFamily: the sign-in; the session routes need it).
const principal = {
  sub: 'bench-user',
  tokenType: 'access',
  scope: '',
  clientId: 'bench-client',
  tokenFamily: 'bench-family',
};
// Well-formed ids (services/transactions/src/domain/accounts.ts, transfers.ts), so the requests reach
// DynamoDB: malformed ids are answered 404 before any call.
const ACCOUNT = 'acc_benchbenchbenchbench';
const PAYEE = 'acc_payeepayeepayeepayee';
const TRANSFER = 'tr_benchbenchbenchbenchbenchb';
const backOffice = {
  sub: 'ledgerline-backoffice',
  tokenType: 'service',
  scope: 'ledger:deposit ledger:admin transactions:read',
  clientId: 'ledgerline-backoffice',
};

/** A representative first request per function: valid input, so it reaches DynamoDB where it would. */
export function eventFor(bundle: Bundle): unknown {
  if (bundle.kind === 'baseline') return apiEvent({ method: 'GET', path: '/' });
  const authorizer = principal;
  const transferAction = (action: 'post' | 'void' | 'reverse') =>
    apiEvent({
      method: 'POST',
      path: `/transfers/${TRANSFER}/${action}`,
      resource: `/transfers/{transferId}/${action}`,
      pathParameters: { transferId: TRANSFER },
      headers: { 'Idempotency-Key': randomUUID() },
      body: {},
      authorizer: backOffice,
    });
  switch (bundle.name) {
    case 'authorizer':
      // A malformed token is rejected before any network call (the JWKS fetch is I/O, not start-up).
      return {
        type: 'TOKEN',
        authorizationToken: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln',
        methodArn: 'arn:aws:execute-api:us-east-1:123456789012:api/bench/GET/accounts',
      };
    case 'health':
      return apiEvent({ method: 'GET', path: '/health' });
    case 'createAccount':
      return apiEvent({ method: 'POST', path: '/accounts', body: { currency: 'USD' }, authorizer });
    case 'getAccount':
      return apiEvent({
        path: `/accounts/${ACCOUNT}`,
        resource: '/accounts/{accountId}',
        pathParameters: { accountId: ACCOUNT },
        authorizer,
      });
    case 'closeAccount':
      return apiEvent({
        method: 'POST',
        path: `/accounts/${ACCOUNT}/close`,
        resource: '/accounts/{accountId}/close',
        pathParameters: { accountId: ACCOUNT },
        authorizer,
      });
    case 'listEntries':
      return apiEvent({
        path: `/accounts/${ACCOUNT}/entries`,
        resource: '/accounts/{accountId}/entries',
        pathParameters: { accountId: ACCOUNT },
        authorizer,
      });
    case 'createTransfer':
      return apiEvent({
        method: 'POST',
        path: '/transfers',
        resource: '/transfers',
        headers: { 'Idempotency-Key': randomUUID() },
        body: { from: ACCOUNT, to: PAYEE, amount: { value: 100, currency: 'USD' }, description: 'bench' },
        authorizer,
      });
    case 'getTransfer':
      return apiEvent({
        path: `/transfers/${TRANSFER}`,
        resource: '/transfers/{transferId}',
        pathParameters: { transferId: TRANSFER },
        authorizer,
      });
    case 'postTransfer':
      return transferAction('post');
    case 'voidTransfer':
      return transferAction('void');
    case 'reverseTransfer':
      return transferAction('reverse');
    case 'deliverTransfers':
      // The table stream's consumer: the service's own sample batch (one pending cross-region transfer).
      return JSON.parse(
        readFileSync(path.join(ROOT, 'services', 'transactions', 'events', 'deliverTransfers.json'), 'utf8'),
      ) as unknown;
    case 'settleLedger':
    case 'reconcile':
      // Scheduled (EventBridge), not HTTP: the one event they get.
      return {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '123456789012',
        time: new Date().toISOString(),
        region: 'us-east-1',
        resources: [
          `arn:aws:events:us-east-1:123456789012:rule/ledgerline-transactions-bench-${bundle.name}`,
        ],
        detail: {},
      };
    case 'createProfile':
      return apiEvent({
        method: 'POST',
        path: '/profiles',
        body: { displayName: 'Bench User', email: 'bench@example.com' },
        authorizer,
      });
    case 'updateProfile':
      return apiEvent({
        method: 'PATCH',
        path: '/profiles/me',
        headers: { 'If-Match': '"1"' },
        body: { displayName: 'Bench User 2' },
        authorizer,
      });
    case 'putSession':
      return apiEvent({
        method: 'PUT',
        path: '/profiles/me/sessions/device-1',
        pathParameters: { deviceId: 'device-1' },
        body: { platform: 'ios', appVersion: '1.2.3', locale: 'en-US', lastSeenAt: new Date().toISOString() },
        authorizer,
      });
    case 'deleteSession':
      return apiEvent({
        method: 'DELETE',
        path: '/profiles/me/sessions/device-1',
        pathParameters: { deviceId: 'device-1' },
        authorizer,
      });
    default: {
      // Every other function: its service's own sample event (`events/<function>.json`, the one
      // `sls invoke local` and tests/delivery/events-fixtures.test.ts use).
      const fixture = path.join(ROOT, 'services', bundle.service, 'events', `${bundle.name}.json`);
      if (!existsSync(fixture)) return apiEvent({ path: '/', authorizer });
      const event = JSON.parse(readFileSync(fixture, 'utf8')) as {
        requestContext?: { authorizer?: { tokenType?: string } | null };
      };
      // A user's request as this harness's app client signs in (the fixtures name another client).
      if (event.requestContext?.authorizer?.tokenType === 'access')
        event.requestContext.authorizer = authorizer;
      return event;
    }
  }
}

/**
 * A stub AWS endpoint: every call answers at once with an empty JSON result, except Secrets
 * Manager's GetSecretValue, which gets a secret (list-transactions signs its cursors with one and
 * answered 500 on `{}`).
 */
async function startStub(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'stub' });
      const secret = req.headers['x-amz-target'] === 'secretsmanager.GetSecretValue';
      res.end(secret ? JSON.stringify({ SecretString: 'k'.repeat(64), VersionId: 'stub' }) : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * The environment Lambda gives a deployed function (on-demand, tracing Active: the daemon address is
 * a UDP socket of this process, as the daemon would be), pointed at the stub.
 */
function lambdaEnvironment(bundle: Bundle, endpoint: string, daemonAddress: string): NodeJS.ProcessEnv {
  const service = bundle.service === 'baseline' ? 'transactions' : bundle.service;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    TZ: ':UTC',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_SESSION_TOKEN: 'bench-session',
    AWS_ENDPOINT_URL: endpoint,
    AWS_LAMBDA_FUNCTION_NAME: `ledgerline-${service}-bench-${bundle.name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: path.dirname(bundle.file),
    _HANDLER: `src/handlers/${path.basename(bundle.entry, '.ts')}.handler`,
    AWS_XRAY_DAEMON_ADDRESS: daemonAddress,
    _X_AMZN_TRACE_ID: `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=1`,
    // serverless.common.yml provider.environment
    SERVICE_NAME: service,
    STAGE: 'bench',
    SERVICE_VERSION: '0.1.0',
    TABLE_NAME: `ledgerline-${service}-bench`,
    POWERTOOLS_SERVICE_NAME: `ledgerline-${service}`,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    NODE_OPTIONS: bundle.nodeOptions ?? deployedNodeOptions(),
    // auth authorizer (services/auth/resources/functions.yml)
    USER_POOL_ID: 'us-east-1_Bench',
    USER_POOL_CLIENT_IDS: 'bench-client',
    USER_POOL_REGION: 'us-east-1',
    SERVICE_TOKEN_ISSUERS: 'ledgerline-backoffice',
    SERVICE_TOKEN_AUDIENCE: 'ledgerline-api-bench',
    SERVICE_TOKEN_SECRET_NAME: 'ledgerline/bench/service-token-signing-key',
    COGNITO_CLIENT_ID: 'bench-client',
    USER_POOL_CLIENT_ID: 'bench-client',
    CURSOR_KEY_SECRET_NAME: 'ledgerline/bench/cursor-key',
    PROFILES_HOME_REGION: 'us-east-1',
    PERSON_KEYS_KMS_KEY_ARN: 'arn:aws:kms:us-east-1:123456789012:key/mrk-00000000000000000000000000000000',
    EXPORTS_BUCKET: 'ledgerline-exports-bench',
    // Lambda runs Node 22; this machine's Node 20 would print an SDK deprecation warning.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

function runOnce(
  runner: string,
  bundle: Bundle,
  eventFile: string,
  endpoint: string,
  daemonAddress: string,
): Promise<ColdSample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [runner, bundle.file, eventFile], {
      env: lambdaEnvironment(bundle, endpoint, daemonAddress),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      const wall = performance.now() - started;
      const line = output.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (!line) {
        reject(new Error(`${bundle.id}: no result from the cold-start runner:\n${output.slice(-2000)}`));
        return;
      }
      resolve({ wall, ...(JSON.parse(line.slice('BENCH_RESULT '.length)) as Omit<ColdSample, 'wall'>) });
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Runs `rounds` interleaved rounds over every bundle (baselines first) and returns medians. */
export async function benchColdStart(bundles: Bundle[], rounds: number): Promise<ColdResult[]> {
  const runner = path.join(OUT_DIR, 'cold-runner.cjs');
  writeFileSync(runner, RUNNER);
  const stub = await startStub();
  // The X-Ray daemon's stand-in: segments are sent and dropped here, as the daemon would take them.
  const daemon = createSocket('udp4');
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  const daemonAddress = `127.0.0.1:${daemon.address().port}`;
  const samples = new Map<string, ColdSample[]>(bundles.map((b) => [b.id, []]));
  const events = new Map(
    bundles.map((b) => {
      const file = path.join(OUT_DIR, `${b.id.replace('/', '__')}.event.json`);
      writeFileSync(file, JSON.stringify(eventFor(b)));
      return [b.id, file];
    }),
  );
  try {
    // Warm the OS file cache for every bundle (and its map) and Node itself once.
    for (const bundle of bundles) {
      readFileSync(bundle.file);
      readFileSync(`${bundle.file}.map`);
    }
    await runOnce(runner, bundles[0]!, events.get(bundles[0]!.id)!, stub.url, daemonAddress);
    for (let round = 0; round < rounds; round += 1) {
      for (const bundle of bundles) {
        samples
          .get(bundle.id)!
          .push(await runOnce(runner, bundle, events.get(bundle.id)!, stub.url, daemonAddress));
      }
    }
  } finally {
    stub.server.close();
    daemon.close();
  }
  return bundles.map((b) => {
    const s = samples.get(b.id)!;
    return {
      id: b.id,
      runs: s.length,
      wall: median(s.map((x) => x.wall)),
      load: median(s.map((x) => x.load)),
      invoke: median(s.map((x) => x.invoke)),
      outcome: [...new Set(s.map((x) => x.outcome))].join('/'),
    };
  });
}
