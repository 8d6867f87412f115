import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Tracer } from '../../../src/tracing/tracer';

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const PARENT = '53995c3f42cd8ad8';

interface Datagram {
  header: unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON document, asserted field by field
  document: Record<string, any>;
}

let daemon: Socket;
let daemonPort: number;
let datagrams: Datagram[] = [];
let stub: Server;
let stubUrl: string;
let stubStatus = 200;
let requestHeaders: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  daemon = createSocket('udp4');
  daemon.on('message', (message) => {
    const text = message.toString();
    const newline = text.indexOf('\n');
    datagrams.push({
      header: JSON.parse(text.slice(0, newline)),
      document: JSON.parse(text.slice(newline + 1)),
    });
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  daemonPort = daemon.address().port;
  stub = createServer((req, res) => {
    requestHeaders.push(req.headers);
    req.resume();
    req.on('end', () => {
      res.writeHead(stubStatus, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-requestid': 'req-1',
      });
      res.end(
        stubStatus === 200
          ? '{}'
          : JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ValidationException', message: 'no' }),
      );
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
});

afterAll(async () => {
  daemon.close();
  await new Promise((resolve) => stub.close(resolve));
});

beforeEach(() => {
  datagrams = [];
  requestHeaders = [];
  stubStatus = 200;
  process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=1`;
});

afterEach(() => {
  delete process.env._X_AMZN_TRACE_ID;
  delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
});

const received = async (count: number) => {
  for (let i = 0; i < 100 && datagrams.length < count; i += 1) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 30));
  return datagrams;
};

function tracedStack(tracer: Tracer, route: () => Promise<{ statusCode: number }>) {
  return middy(route).use(tracer.handlerMiddleware());
}

const newTracer = (enabled = true) =>
  new Tracer({ serviceName: 'ledgerline-test', enabled, daemonAddress: `127.0.0.1:${daemonPort}` });

const dynamo = (tracer: Tracer) =>
  tracer.captureAWSv3Client(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stubUrl,
      maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    }),
  );

describe('Tracer', () => {
  it('sends one handler subsegment per invocation with one aws subsegment per call, in the documented format', async () => {
    const tracer = newTracer();
    const client = dynamo(tracer);
    const handler = tracedStack(tracer, async () => {
      tracer.putAnnotation('correlation_id', 'corr-1');
      await client.send(new GetItemCommand({ TableName: 'ledgerline-test', Key: { pk: { S: 'a' } } }));
      return { statusCode: 200 };
    });
    await handler({}, {} as never);
    const [datagram] = await received(1);
    expect(datagrams).toHaveLength(1);
    expect(datagram!.header).toEqual({ format: 'json', version: 1 });
    const document = datagram!.document;
    expect(document).toMatchObject({
      type: 'subsegment',
      trace_id: ROOT,
      parent_id: PARENT,
      name: '## handler',
      annotations: { ColdStart: true, Service: 'ledgerline-test', correlation_id: 'corr-1' },
    });
    expect(document.id).toMatch(/^[0-9a-f]{16}$/);
    expect(document.end_time).toBeGreaterThanOrEqual(document.start_time);
    expect(document.error ?? false).toBe(false);
    expect(document.fault ?? false).toBe(false);
    expect(document.subsegments).toHaveLength(1);
    const call = document.subsegments[0];
    expect(call).toMatchObject({
      name: 'DynamoDB',
      namespace: 'aws',
      aws: {
        operation: 'GetItem',
        region: 'us-east-1',
        request_id: 'req-1',
        retries: 0,
        table_name: 'ledgerline-test',
      },
      http: { response: { status: 200 } },
    });
    expect(call.start_time).toBeGreaterThanOrEqual(document.start_time);
    expect(call.end_time).toBeLessThanOrEqual(document.end_time);
    // The downstream request names the call's subsegment as its parent.
    expect(requestHeaders[0]!['x-amzn-trace-id']).toBe(`Root=${ROOT};Parent=${call.id};Sampled=1`);
  });

  it('marks ColdStart true on the first invocation only', async () => {
    const tracer = newTracer();
    const handler = tracedStack(tracer, async () => ({ statusCode: 200 }));
    await handler({}, {} as never);
    await handler({}, {} as never);
    const documents = (await received(2)).map((d) => d.document);
    expect(documents.map((d) => d.annotations.ColdStart)).toEqual([true, false]);
  });

  it('reports no cold start when Lambda initialised the function ahead of requests', async () => {
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'provisioned-concurrency';
    const tracer = newTracer();
    await tracedStack(tracer, async () => ({ statusCode: 200 }))({}, {} as never);
    expect((await received(1))[0]!.document.annotations.ColdStart).toBe(false);
  });

  it('flags a failed call as an error (4xx) and a thrown handler as a fault with its exception', async () => {
    stubStatus = 400;
    const tracer = newTracer();
    const client = dynamo(tracer);
    const handler = tracedStack(tracer, async () => {
      await client.send(new GetItemCommand({ TableName: 'ledgerline-test', Key: { pk: { S: 'a' } } }));
      return { statusCode: 200 };
    });
    await expect(handler({}, {} as never)).rejects.toThrow('no');
    const document = (await received(1))[0]!.document;
    expect(document.fault).toBe(true);
    expect(document.cause.exceptions[0]).toMatchObject({ type: 'ValidationException', message: 'no' });
    expect(document.subsegments[0]).toMatchObject({ error: true, http: { response: { status: 400 } } });
    expect(document.subsegments[0].cause.exceptions[0]).toMatchObject({
      type: 'ValidationException',
      remote: true,
    });
  });

  it('flags a 4xx answer made from an error as error, not fault', async () => {
    const tracer = newTracer();
    const handler = middy(async () => {
      throw new Error('bad input');
    })
      .use(tracer.handlerMiddleware())
      .use({ onError: (request) => void (request.response = { statusCode: 400 }) });
    await expect(handler({}, {} as never)).resolves.toEqual({ statusCode: 400 });
    const document = (await received(1))[0]!.document;
    expect(document.error).toBe(true);
    expect(document.fault ?? false).toBe(false);
  });

  it('sends a call made outside a handler subsegment on its own, under the function segment', async () => {
    const tracer = newTracer();
    await dynamo(tracer).send(new GetItemCommand({ TableName: 'ledgerline-test', Key: { pk: { S: 'a' } } }));
    const document = (await received(1))[0]!.document;
    expect(document).toMatchObject({
      type: 'subsegment',
      trace_id: ROOT,
      parent_id: PARENT,
      name: 'DynamoDB',
      namespace: 'aws',
    });
  });

  it('sends nothing when the invocation is not sampled, or tracing is off', async () => {
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=0`;
    const sampledOut = newTracer();
    await tracedStack(sampledOut, async () => ({ statusCode: 200 }))({}, {} as never);
    await dynamo(sampledOut).send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }));
    process.env._X_AMZN_TRACE_ID = `Root=${ROOT};Parent=${PARENT};Sampled=1`;
    const off = newTracer(false);
    await tracedStack(off, async () => ({ statusCode: 200 }))({}, {} as never);
    await dynamo(off).send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }));
    await new Promise((r) => setTimeout(r, 100));
    expect(datagrams).toHaveLength(0);
    expect(requestHeaders.every((h) => h['x-amzn-trace-id'] === undefined)).toBe(true);
  });

  it('ignores annotations with keys X-Ray would drop', async () => {
    const tracer = newTracer();
    await tracedStack(tracer, async () => {
      tracer.putAnnotation('not-valid', 'x');
      return { statusCode: 200 };
    })({}, {} as never);
    expect((await received(1))[0]!.document.annotations).not.toHaveProperty('not-valid');
  });
});
