// What our X-Ray traces show, proven on the bundles as deployed: each function runs in a fresh Node
// process with Lambda's environment (tracing Active: AWS_EXECUTION_ENV, the daemon address, a trace
// header), its AWS calls go to a stub on 127.0.0.1, and the UDP datagrams it sends to the daemon
// address are captured and checked against the X-Ray segment-document format
// (https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html).
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deployedEsbuildOptions, deployedFunctions } from '../../scripts/bench/bundles';
import { eventFor } from '../../scripts/bench/cold-start';
import { startXrayDaemon, type SegmentDocument, type XrayDaemon } from '../support/xray-daemon';

const FUNCTIONS = [
  'transactions/getAccount',
  'transactions/setOverdraftLimit',
  'transactions/deliverTransfers',
] as const;
type FunctionId = (typeof FUNCTIONS)[number];

// Lambda's runtime keeps the process after the response (frozen, not exited): the runner waits a
// moment before exiting so datagrams queued at the end of the invocation leave, as they would.
const RUNNER = `'use strict';
const { readFileSync } = require('node:fs');
const [file, eventFile] = process.argv.slice(2);
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = { awsRequestId: 'trace-request', functionName: 'trace', functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:trace', memoryLimitInMB: '1024',
  getRemainingTimeInMillis: () => 10000 };
Promise.resolve()
  .then(() => require(file).handler(event, context))
  .then((r) => String(r && r.statusCode !== undefined ? r.statusCode : 'ok'), (e) => 'throw ' + e)
  .then((outcome) => {
    process.stdout.write('\\nTRACE_RESULT ' + outcome + '\\n');
    setTimeout(() => process.exit(0), 100);
  });
`;

const ID = /^[0-9a-f]{16}$/;
const ANNOTATION_KEY = /^[A-Za-z0-9_]+$/;

interface StubRequest {
  target: string;
  traceHeader: string | undefined;
}

let dir: string;
let daemon: XrayDaemon;
let stub: Server;
let stubUrl: string;
let stubStatus = 200;
let requests: StubRequest[] = [];
const bundles = new Map<FunctionId, { file: string; handler: string }>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xray-capture-'));
  writeFileSync(path.join(dir, 'runner.cjs'), RUNNER);
  const options = deployedEsbuildOptions();
  for (const id of FUNCTIONS) {
    const fn = deployedFunctions().find((f) => f.id === id)!;
    const relative = path.relative(path.dirname(path.dirname(path.dirname(fn.entry))), fn.entry);
    const file = path.join(dir, id.replace('/', '__'), relative.replace(/\.ts$/, '.js'));
    await build({ ...options, entryPoints: [fn.entry], outfile: file, logLevel: 'error' });
    bundles.set(id, { file, handler: relative.replace(/\.ts$/, '.handler') });
  }
  daemon = await startXrayDaemon();
  stub = createServer((req, res) => {
    requests.push({
      target: String(req.headers['x-amz-target'] ?? ''),
      traceHeader: (req.headers as IncomingHttpHeaders)['x-amzn-trace-id'] as string | undefined,
    });
    req.resume();
    req.on('end', () => {
      res.writeHead(stubStatus, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': `req-${requests.length}`,
      });
      res.end(
        stubStatus === 200
          ? '{}'
          : JSON.stringify({
              __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
              message: 'boom',
            }),
      );
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await daemon?.close();
  await new Promise((resolve) => stub?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  daemon.clear();
  requests = [];
  stubStatus = 200;
});

interface Run {
  root: string;
  parent: string;
  correlationId: string;
  outcome: string;
  documents: SegmentDocument[];
  started: number;
  ended: number;
}

/** One cold invocation of a bundle in a fresh process; `env` adds to or removes from Lambda's. */
async function invoke(
  id: FunctionId,
  env: Record<string, string | undefined> = {},
  sampled = true,
  body?: string,
): Promise<Run> {
  const root = `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const parent = randomBytes(8).toString('hex');
  const correlationId = `corr-${randomUUID()}`;
  daemon.clear();
  requests = [];
  const bundle = bundles.get(id)!;
  const [service, name] = id.split('/') as [string, string];
  const event = eventFor({
    id,
    service,
    name,
    entry: '',
    kind: 'function',
    file: bundle.file,
    jsBytes: 0,
    mapBytes: 0,
  });
  if (body !== undefined) (event as { body?: string }).body = body;
  const headers = (event as { headers?: Record<string, string> }).headers;
  if (headers) headers['x-correlation-id'] = correlationId;
  const eventFile = path.join(dir, `${name}.event.json`);
  writeFileSync(eventFile, JSON.stringify(event));
  const environment: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    TZ: ':UTC',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'ASIATRACETRACETRACE0',
    AWS_SECRET_ACCESS_KEY: 'trace-secret',
    AWS_SESSION_TOKEN: 'trace-session',
    AWS_ENDPOINT_URL: stubUrl,
    AWS_LAMBDA_FUNCTION_NAME: `ledgerline-${service}-trace-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: path.dirname(path.dirname(path.dirname(bundle.file))),
    _HANDLER: bundle.handler,
    AWS_XRAY_DAEMON_ADDRESS: daemon.address,
    _X_AMZN_TRACE_ID: `Root=${root};Parent=${parent};Sampled=${sampled ? 1 : 0}`,
    SERVICE_NAME: service,
    STAGE: 'trace',
    TABLE_NAME: `ledgerline-${service}-trace`,
    POWERTOOLS_SERVICE_NAME: `ledgerline-${service}`,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...env,
  };
  for (const key of Object.keys(environment)) if (environment[key] === undefined) delete environment[key];
  const started = Date.now() / 1000;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(dir, 'runner.cjs'), bundle.file, eventFile], {
      env: environment as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(text));
  });
  const ended = Date.now() / 1000;
  await new Promise((resolve) => setTimeout(resolve, 200));
  const outcome = /TRACE_RESULT (.*)/.exec(output)?.[1];
  if (!outcome) throw new Error(`${id}: no result:\n${output.slice(-2000)}`);
  expect(daemon.malformed).toEqual([]);
  return {
    root,
    parent,
    correlationId,
    outcome,
    documents: daemon.datagrams.map((d) => d.document),
    started,
    ended,
  };
}

/**
 * The trace as X-Ray assembles it: documents sent on their own under the function segment, each with
 * its subsegments, whether sent inside it or streamed as documents of their own naming it as parent
 * (the X-Ray SDK streamed each AWS call; our tracer sends the handler subsegment whole).
 */
function assemble(run: Run): SegmentDocument[] {
  const byId = new Map<string, SegmentDocument>();
  const index = (document: SegmentDocument) => {
    byId.set(document.id, document);
    (document.subsegments ?? []).forEach(index);
  };
  run.documents.forEach(index);
  const top: SegmentDocument[] = [];
  for (const document of run.documents) {
    expect(document.type).toBe('subsegment');
    expect(document.trace_id).toBe(run.root);
    if (document.parent_id === run.parent) {
      top.push(document);
      continue;
    }
    const parent = byId.get(document.parent_id ?? '');
    expect(parent).toBeDefined();
    parent!.subsegments = [...(parent!.subsegments ?? []), document];
  }
  return top;
}

/** The format every document obeys, recursively: ids, names, times within the run and the parent. */
function expectWellFormed(document: SegmentDocument, run: Run, within?: SegmentDocument): void {
  expect(document.id).toMatch(ID);
  expect(typeof document.name).toBe('string');
  expect(document.name.length).toBeGreaterThan(0);
  expect(document.name.length).toBeLessThanOrEqual(200);
  expect(document.in_progress).toBeUndefined();
  expect(document.start_time).toBeGreaterThanOrEqual(run.started - 1);
  expect(document.end_time).toBeGreaterThanOrEqual(document.start_time);
  expect(document.end_time).toBeLessThanOrEqual(run.ended + 1);
  if (within) {
    expect(document.start_time).toBeGreaterThanOrEqual(within.start_time);
    expect(document.end_time).toBeLessThanOrEqual(within.end_time!);
  }
  for (const [key, value] of Object.entries(document.annotations ?? {})) {
    expect(key).toMatch(ANNOTATION_KEY);
    expect(['string', 'number', 'boolean']).toContain(typeof value);
  }
  for (const child of document.subsegments ?? []) expectWellFormed(child, run, document);
}

/** A document sent on its own: a subsegment of this trace, under `parent`. */
function expectSentAlone(document: SegmentDocument, run: Run, parent: string): void {
  expect(document.type).toBe('subsegment');
  expect(document.trace_id).toBe(run.root);
  expect(document.parent_id).toBe(parent);
  expectWellFormed(document, run);
}

/** An `aws` subsegment of a DynamoDB call, its request carrying this subsegment as the parent. */
function expectDynamoDbCall(call: SegmentDocument, run: Run, operation: string, status: number): void {
  expect(call).toMatchObject({
    name: 'DynamoDB',
    namespace: 'aws',
    aws: { operation, region: 'us-east-1', table_name: 'ledgerline-transactions-trace' },
    http: { response: { status } },
  });
  expect(String(call.aws!.request_id)).toMatch(/^req-\d+$/);
  expect(typeof call.aws!.retries).toBe('number');
  const request = requests.find((r) => r.traceHeader?.includes(`Parent=${call.id}`));
  expect(request?.traceHeader).toBe(`Root=${run.root};Parent=${call.id};Sampled=1`);
}

describe('X-Ray traces of the deployed bundles (datagrams to AWS_XRAY_DAEMON_ADDRESS)', () => {
  it('an HTTP function: one `## <handler>` subsegment under the function segment, one aws subsegment per call inside it', async () => {
    const run = await invoke('transactions/getAccount');
    expect(run.outcome).toBe('404');
    for (const datagram of daemon.datagrams) {
      expect(datagram.header).toEqual({ format: 'json', version: 1 });
      expect(datagram.bytes).toBeLessThan(64 * 1024);
    }
    const [handler, ...others] = assemble(run);
    expect(others).toEqual([]);
    expectSentAlone(handler!, run, run.parent);
    expect(handler!.name).toBe('## src/handlers/get-account.handler');
    expect(handler!.annotations).toEqual({
      ColdStart: true,
      Service: 'ledgerline-transactions',
      correlation_id: run.correlationId,
    });
    const calls = handler!.subsegments ?? [];
    expect(calls).toHaveLength(requests.length);
    expect(requests.map((r) => r.target)).toEqual(['DynamoDB_20120810.GetItem']);
    expectDynamoDbCall(calls[0]!, run, 'GetItem', 200);
    expect(calls[0]!.aws!.consistent_read).toBe(true);
  });

  it('a failing AWS call: the call and the handler are faults, with the cause', async () => {
    stubStatus = 500;
    const run = await invoke('transactions/getAccount');
    expect(run.outcome).toBe('503');
    const [handler, ...others] = assemble(run);
    expect(others).toEqual([]);
    expectSentAlone(handler!, run, run.parent);
    expect(handler!.fault).toBe(true);
    const calls = handler!.subsegments ?? [];
    expect(calls).toHaveLength(1);
    expect(requests.length).toBeGreaterThan(1);
    expect(calls[0]).toMatchObject({ fault: true, http: { response: { status: 500 } } });
    expect(calls[0]!.cause!.exceptions![0]).toMatchObject({ type: 'InternalServerError', remote: true });
    // Every attempt carries the same subsegment as its parent.
    for (const request of requests) {
      expect(request.traceHeader).toBe(`Root=${run.root};Parent=${calls[0]!.id};Sampled=1`);
    }
  });

  it('input refused before any call: the handler subsegment alone, with its exception', async () => {
    // A body the schema refuses: 400 before the route runs.
    const run = await invoke('transactions/setOverdraftLimit', {}, true, JSON.stringify({ limit: 'lots' }));
    expect(run.outcome).toBe('400');
    expect(requests).toEqual([]);
    const [handler, ...others] = assemble(run);
    expect(others).toEqual([]);
    expectSentAlone(handler!, run, run.parent);
    expect(handler).toMatchObject({ annotations: { ColdStart: true } });
    expect(handler!.error || handler!.fault).toBe(true);
    expect(handler!.cause!.exceptions![0]).toMatchObject({ type: 'ProblemError' });
    expect(handler!.subsegments ?? []).toEqual([]);
  });

  it('a stream consumer (no HTTP stack): each AWS call a subsegment of its own under the function segment', async () => {
    const run = await invoke('transactions/deliverTransfers');
    expect(run.outcome).toBe('ok');
    expect(requests.length).toBeGreaterThan(0);
    expect(run.documents).toHaveLength(requests.length);
    for (const document of run.documents) {
      expectSentAlone(document, run, run.parent);
      expect(document).toMatchObject({ name: 'DynamoDB', namespace: 'aws' });
      const request = requests.find((r) => r.traceHeader?.includes(`Parent=${document.id}`));
      expect(request?.traceHeader).toBe(`Root=${run.root};Parent=${document.id};Sampled=1`);
    }
  });

  it("sends nothing when the invocation is not sampled; downstream gets the function's own header", async () => {
    const run = await invoke('transactions/getAccount', {}, false);
    expect(run.outcome).toBe('404');
    expect(requests.length).toBe(1);
    expect(daemon.datagrams).toEqual([]);
    // The trace goes on downstream, marked not sampled.
    expect(requests[0]!.traceHeader).toMatch(new RegExp(`^Root=${run.root};Parent=[0-9a-f]{16};Sampled=0$`));
  });

  it('sends nothing off Lambda (`sls invoke local`: no AWS_EXECUTION_ENV)', async () => {
    const run = await invoke('transactions/getAccount', { AWS_EXECUTION_ENV: undefined });
    expect(run.outcome).toBe('404');
    expect(daemon.datagrams).toEqual([]);
  });
});

// Where our tracer deliberately differs from the X-Ray SDK it replaced (which failed these): X-Ray's
// own definitions of the flags, and `retries` as retries, not attempts.
describe('X-Ray flags and retries as the segment-document format defines them', () => {
  it("a 4xx answer is the client's error (`error`), a 5xx ours (`fault`)", async () => {
    const refused = await invoke('transactions/getAccount');
    expect(refused.outcome).toBe('404');
    expect(assemble(refused)[0]).toMatchObject({ error: true });
    expect(assemble(refused)[0]!.fault).toBeUndefined();
    stubStatus = 500;
    const failed = await invoke('transactions/getAccount');
    expect(failed.outcome).toBe('503');
    expect(assemble(failed)[0]).toMatchObject({ fault: true });
  });

  it('counts retries: 0 for a call answered at once, attempts - 1 for a retried one', async () => {
    const once = await invoke('transactions/getAccount');
    expect(assemble(once)[0]!.subsegments![0]!.aws!.retries).toBe(0);
    stubStatus = 500;
    const retried = await invoke('transactions/getAccount');
    expect(assemble(retried)[0]!.subsegments![0]!.aws!.retries).toBe(requests.length - 1);
  });
});
