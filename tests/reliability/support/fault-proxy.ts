// A fault-injecting HTTP proxy in front of DynamoDB Local: the handlers' SDK talks to it as to
// DynamoDB, so its own retry/timeout logic runs exactly as in production. Modes:
//   throttle             every call answers DynamoDB's ThrottlingException (HTTP 400)
//   timeout              every call is held and never answered (the SDK's request timeout fires)
//   lost-write-response  TransactWriteItems reach DynamoDB and COMMIT, but the answer is dropped
//   every-third          every third call is throttled or held (alternately), the rest go through
//   none                 pass-through
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request } from 'node:http';

export type FaultMode = 'none' | 'throttle' | 'timeout' | 'lost-write-response' | 'every-third';

export interface FaultProxy {
  endpoint: string;
  mode: FaultMode;
  counts: Record<string, number>;
  close(): Promise<void>;
}

const THROTTLE = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
  message: 'Rate of requests exceeds the allowed throughput.',
});

export async function startDdbFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let calls = 0;
  const held = new Set<ServerResponse>();
  const proxy: FaultProxy = { endpoint: '', mode: 'none', counts: {}, close: async () => undefined };
  const count = (what: string) => (proxy.counts[what] = (proxy.counts[what] ?? 0) + 1);
  const hold = (res: ServerResponse) => {
    held.add(res);
    res.on('close', () => held.delete(res));
  };
  const forward = (
    req: IncomingMessage,
    body: Buffer,
    onResponse: (status: number, headers: Record<string, string>, data: Buffer) => void,
  ) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          onResponse(
            answer.statusCode ?? 502,
            answer.headers as Record<string, string>,
            Buffer.concat(chunks),
          ),
        );
      },
    );
    out.on('error', () => undefined);
    out.end(body);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation =
        String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      calls++;
      let fault: 'throttle' | 'timeout' | 'lost' | 'none' = 'none';
      if (proxy.mode === 'throttle') fault = 'throttle';
      else if (proxy.mode === 'timeout') fault = 'timeout';
      else if (proxy.mode === 'lost-write-response' && operation === 'TransactWriteItems') fault = 'lost';
      else if (proxy.mode === 'every-third' && calls % 3 === 0)
        fault = calls % 2 === 0 ? 'throttle' : 'timeout';
      count(`${fault} ${operation}`);
      if (fault === 'throttle') {
        res.writeHead(400, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-requestid': `fault-${calls}`,
        });
        res.end(THROTTLE);
      } else if (fault === 'timeout') {
        hold(res);
      } else if (fault === 'lost') {
        forward(req, body, () => hold(res));
      } else {
        forward(req, body, (status, headers, data) => {
          res.writeHead(status, headers);
          res.end(data);
        });
      }
    });
  });
  // Never close an idle keep-alive connection (Node's default: after 5 s). Between two phases the
  // suite scans the table for several seconds; the proxy then reset sockets the SDK was reusing
  // (`read ECONNRESET`). On its own that is transient (the SDK retries it; our 503), but with the
  // retry quota drained by the throttle phase it reached the handler, and inside Jest's module
  // sandbox Node's socket error is not `instanceof Error`, so the SDK's retry middleware wrapped it
  // as a plain Error ("AWS SDK error wrapper for TimeoutError: read ECONNRESET") without name or
  // code: a 500 that only this harness can produce. Resets are not one of the injected faults.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  proxy.endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
