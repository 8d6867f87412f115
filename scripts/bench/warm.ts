// Warm in-process overhead per request with the I/O excluded (goal: p50 <= 100 µs with X-Ray
// tracing on, as on AWS): every HTTP function's real handler (Middy stack, logger, tracer,
// validation, route, domain) is invoked in this process in Lambda mode (AWS_EXECUTION_ENV, the
// daemon address, a sampled trace header per invocation). Two passes per function:
// - `ours` (the goal): every SDK client's `send` answered at once by a stub, so what is
//   left is the time we own, the handler subsegment included;
// - `with SDK`: every AWS call answered at once BELOW the SDK's middleware stack (the Node HTTP
//   handler replaced for the pass): serialisation, signing, retries, deserialisation and the
//   tracer's AWS subsegments run too, only the socket is skipped.
// The segment datagrams go to a UDP counter in a process of its own (the daemon's stand-in; one in
// this busy process would drop them) and are reported per request, so a run with tracing off cannot
// pass unnoticed. Log lines are serialised as on AWS but not printed.
//
// Run as its own process (run.ts spawns it): the tracer and logger read the environment when their
// modules load, so nothing of the platform may be imported before `lambdaMode()`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { lambdaContext } from '../../tests/support/api-gateway';
import type { Bundle } from './bundles';
import { eventFor } from './cold-start';

export interface WarmResult {
  id: string;
  /** Ours: SDK `send` answered by a mock (µs). */
  p50: number;
  p99: number;
  outcome: string;
  /** X-Ray datagrams per request in the `ours` pass (0 would mean tracing was off). */
  datagramsPerRequest: number;
  /** With the SDK's client side: AWS answered below its middleware (µs). */
  sdkP50?: number;
  /** X-Ray datagrams per request in the `with SDK` pass (its AWS subsegments included). */
  sdkDatagramsPerRequest?: number;
}

/** The daemon's stand-in: a UDP counter in a child process, asked for its count over IPC. */
async function startDatagramCounter(): Promise<{ address: string; count(): Promise<number>; stop(): void }> {
  const code = `const s = require('node:dgram').createSocket('udp4'); let n = 0;
    s.on('message', () => (n += 1));
    s.bind(0, '127.0.0.1', () => process.send({ port: s.address().port }));
    process.on('message', () => process.send({ count: n }));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  child.setMaxListeners(0);
  const next = () =>
    new Promise<{ port?: number; count?: number }>((resolve) => child.once('message', resolve));
  const { port } = await next();
  return {
    address: `127.0.0.1:${port}`,
    async count() {
      // Datagrams still in flight arrive first: they were sent before this question.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const answer = next();
      child.send('count');
      return (await answer).count!;
    },
    stop: () => child.kill(),
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** What Lambda's environment says, for the process: tracing Active, the daemon at `daemonAddress`. */
function lambdaMode(daemonAddress: string): void {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'ASIAWARMWARMWARMWARM',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SESSION_TOKEN: 'bench',
    // A closed port: a call that escaped the in-process answer fails at once and shows as a 5xx.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: 'ledgerline-bench',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: '/var/task',
    AWS_XRAY_DAEMON_ADDRESS: daemonAddress,
    STAGE: 'bench',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    USER_POOL_ID: 'us-east-1_Bench',
    USER_POOL_CLIENT_IDS: 'bench-client',
    SERVICE_TOKEN_ISSUERS: 'ledgerline-backoffice',
    SERVICE_TOKEN_AUDIENCE: 'ledgerline-api-bench',
    SERVICE_TOKEN_SECRET_NAME: 'ledgerline/bench/service-token-signing-key',
    CURSOR_KEY_SECRET_NAME: 'ledgerline/bench/cursor-key',
    PERSON_KEYS_KMS_KEY_ARN: 'arn:aws:kms:us-east-1:123456789012:key/mrk-00000000000000000000000000000000',
    EXPORTS_BUCKET: 'ledgerline-exports-bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  for (const local of ['DYNAMODB_ENDPOINT', 'IS_OFFLINE', 'IS_LOCAL', 'POWERTOOLS_TRACE_ENABLED']) {
    delete process.env[local];
  }
}

/** An AWS answer by operation: empty for DynamoDB (nothing found, writes succeed), a secret, a data key. */
function answerFor(target: string): string {
  if (target === 'secretsmanager.GetSecretValue') return JSON.stringify({ SecretString: 'k'.repeat(64) });
  if (target.startsWith('TrentService.')) {
    const key = randomBytes(32).toString('base64');
    return JSON.stringify({
      Plaintext: key,
      CiphertextBlob: key,
      KeyId: process.env.PERSON_KEYS_KMS_KEY_ARN,
    });
  }
  return '{}';
}

/**
 * Replaces the transports: the SDK's Node HTTP handler and the JSON-protocol client's exchange
 * (below its signing), every request answered at once with `answerFor` its target.
 */
async function answerInProcess(): Promise<() => void> {
  const { AwsJsonRpcClient } = await import('@ledgerline/shared/aws/json-rpc-client');
  const exchange = Object.getOwnPropertyDescriptor(AwsJsonRpcClient.prototype, 'exchange')!;
  Object.defineProperty(AwsJsonRpcClient.prototype, 'exchange', {
    ...exchange,
    value: async (_operation: string, headers: Record<string, string>) => ({
      status: 200,
      requestId: 'warm',
      body: answerFor(headers['x-amz-target'] ?? ''),
    }),
  });
  const { NodeHttpHandler } = await import('@smithy/node-http-handler');
  const { HttpResponse } = await import('@smithy/core/protocols');
  const original = NodeHttpHandler.prototype.handle;
  NodeHttpHandler.prototype.handle = async function handle(request) {
    const body = Buffer.from(answerFor(String(request.headers['x-amz-target'] ?? '')));
    return {
      response: new HttpResponse({
        statusCode: 200,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'warm' },
        body: Readable.from([body]),
      }),
    };
  };
  return () => {
    NodeHttpHandler.prototype.handle = original;
    Object.defineProperty(AwsJsonRpcClient.prototype, 'exchange', exchange);
  };
}

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;

/** Replaces a client class's `send` with an immediate answer; returns the restore. */
function stubSend(prototype: { send: unknown }, answer: () => unknown): () => void {
  const original = prototype.send;
  prototype.send = async () => answer();
  return () => {
    prototype.send = original;
  };
}

/** The JSON-protocol client's operations the HTTP functions call, by their `X-Amz-Target`. */
const JSON_RPC_TARGETS: Record<string, string> = {
  GetSecretValue: 'secretsmanager.GetSecretValue',
  GenerateDataKey: 'TrentService.GenerateDataKey',
  Decrypt: 'TrentService.Decrypt',
};

/** Replaces the JSON-protocol client's `call` (Secrets Manager, KMS) with an immediate answer. */
function stubCall(prototype: { call: unknown }, answer: (operation: string) => unknown): () => void {
  const original = prototype.call;
  prototype.call = async (operation: string) => answer(operation);
  return () => {
    prototype.call = original;
  };
}

/** `iterations` timed invocations after a warm-up: sorted samples (µs) and the statuses seen. */
async function timed(handler: Handler, event: unknown, iterations: number) {
  const context = lambdaContext();
  const headers = Array.from(
    { length: 64 },
    () =>
      `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=1`,
  );
  for (let i = 0; i < Math.min(500, iterations); i += 1) {
    process.env._X_AMZN_TRACE_ID = headers[i % headers.length];
    await handler(structuredClone(event), context);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const samples = new Array<number>(iterations);
  const outcomes = new Set<number>();
  for (let i = 0; i < iterations; i += 1) {
    const copy = structuredClone(event);
    process.env._X_AMZN_TRACE_ID = headers[i % headers.length];
    const started = process.hrtime.bigint();
    const response = await handler(copy, context);
    samples[i] = Number(process.hrtime.bigint() - started) / 1_000;
    outcomes.add(response.statusCode);
    // Between invocations the event loop turns, as in Lambda's runtime: queued datagrams leave.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { samples: samples.sort((a, b) => a - b), outcome: [...outcomes].join('/') };
}

/** Per-request overhead (µs) of each HTTP function, `iterations` warm invocations per pass. */
export async function benchWarm(bundles: Bundle[], iterations: number): Promise<WarmResult[]> {
  const daemon = await startDatagramCounter();
  lambdaMode(daemon.address);
  const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
  const { AwsJsonRpcClient } = await import('@ledgerline/shared/aws/json-rpc-client');
  const write = process.stdout.write.bind(process.stdout);
  const results: WarmResult[] = [];
  try {
    for (const bundle of bundles) {
      // HTTP functions only: the authorizer has its own verify bench; auth's Cognito calls are not answered.
      if (bundle.kind !== 'function' || bundle.service === 'auth') continue;
      const event = eventFor(bundle);
      // Scheduled and stream functions serve no HTTP request.
      if (!(event as { httpMethod?: string }).httpMethod) continue;
      process.env._HANDLER = `src/handlers/${path.basename(bundle.entry, '.ts')}.handler`;
      const { handler } = (await import(bundle.entry)) as { handler: Handler };
      process.stdout.write = () => true;
      try {
        // Ours: `send` answered at once (a plain stub: aws-sdk-client-mock's sinon matching cost
        // ≈ 25 µs a call, which is neither ours nor the SDK's), the SDK's client side excluded.
        const stubs = [
          stubSend(DynamoDBDocumentClient.prototype, () => ({})),
          stubCall(AwsJsonRpcClient.prototype, (operation) =>
            JSON.parse(answerFor(JSON_RPC_TARGETS[operation] ?? '')),
          ),
        ];
        const before = await daemon.count();
        const ours = await timed(handler, event, iterations);
        const oursDatagrams = (await daemon.count()) - before;
        for (const restoreSend of stubs) restoreSend();
        // With the SDK: answered below its middleware.
        const restore = await answerInProcess();
        let sdk: Awaited<ReturnType<typeof timed>>;
        let sdkDatagrams: number;
        try {
          const start = await daemon.count();
          sdk = await timed(handler, event, iterations);
          sdkDatagrams = (await daemon.count()) - start;
        } finally {
          restore();
        }
        if (oursDatagrams === 0)
          throw new Error(`${bundle.id}: no X-Ray datagram during the warm run (tracing off?)`);
        results.push({
          id: bundle.id,
          p50: percentile(ours.samples, 50),
          p99: percentile(ours.samples, 99),
          outcome: ours.outcome,
          datagramsPerRequest: oursDatagrams / (iterations + Math.min(500, iterations)),
          sdkP50: percentile(sdk.samples, 50),
          sdkDatagramsPerRequest: sdkDatagrams / (iterations + Math.min(500, iterations)),
        });
      } finally {
        process.stdout.write = write;
      }
    }
  } finally {
    daemon.stop();
  }
  return results;
}

// `tsx scripts/bench/warm.ts <bundles.json> <iterations> <out.json>` (run.ts): a process of its own.
if (require.main === module) {
  const [bundlesFile, iterations, out] = process.argv.slice(2);
  const bundles = JSON.parse(readFileSync(bundlesFile!, 'utf8')) as Bundle[];
  benchWarm(bundles, Number(iterations)).then(
    (results) => {
      writeFileSync(out!, JSON.stringify(results));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
