// A proxy in front of cognito-local that answers chosen Cognito operations with an error of the
// Cognito API (status and `__type` body, as Amazon Cognito sends them) and forwards the rest: the
// faults cognito-local cannot produce (throttling, an outage), at the protocol level, so the
// adapter's own retries and error mapping run as on AWS.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy answers instead of cognito-local: a status and a JSON body. */
export interface CognitoFault {
  status: number;
  body: Record<string, unknown>;
}

/** A Cognito API error as Amazon Cognito sends it (the SDK's exception name is `type`). */
export const cognitoError = (status: number, type: string, message = type): CognitoFault => ({
  status,
  body: { __type: type, message },
});

export interface CognitoFaultProxy {
  endpoint: string;
  /** Answers every call of `operation` (e.g. `InitiateAuth`) with `fault` until `clear()`. */
  inject(operation: string, fault: CognitoFault): void;
  clear(): void;
  /** The operations received (x-amz-target less its prefix), faulted or forwarded, in order. */
  calls: string[];
  stop(): Promise<void>;
}

export async function startCognitoFaultProxy(target: string): Promise<CognitoFaultProxy> {
  const upstream = new URL(target);
  const faults = new Map<string, CognitoFault>();
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const operation =
        String(req.headers['x-amz-target'] ?? '')
          .split('.')
          .pop() ?? '';
      calls.push(operation);
      const fault = faults.get(operation);
      if (fault) {
        res.writeHead(fault.status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': `fault-${calls.length}`,
        });
        res.end(JSON.stringify(fault.body));
        return;
      }
      const forwarded = request(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forwarded.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inject: (operation, fault) => faults.set(operation, fault),
    clear: () => {
      faults.clear();
      calls.length = 0;
    },
    calls,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
