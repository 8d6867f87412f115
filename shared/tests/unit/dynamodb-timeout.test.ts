// The DocumentClient's request timeout must abort the call (TimeoutError → retried → 503), not just
// log a warning while the call hangs until Lambda's timeout (found by tests/reliability: 504s).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { isTransientAwsError } from '../../src/errors';
import { createDocumentClient } from '../../src/dynamodb';

it('aborts a DynamoDB call that gets no answer within requestTimeout, with a transient error', async () => {
  const server = createServer(() => undefined); // accepts, never answers
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = createDocumentClient({
    endpoint: `http://127.0.0.1:${port}`,
    maxAttempts: 1,
    requestTimeoutMs: 300,
  });
  const started = Date.now();
  try {
    const error = await client.send(new GetCommand({ TableName: 't', Key: { pk: 'x' } })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isTransientAwsError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
  } finally {
    client.destroy();
    server.closeAllConnections();
    server.close();
  }
});
