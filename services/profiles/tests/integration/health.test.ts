// GET /profiles/health, in-process against DynamoDB Local (tests/setup/integration-*.ts).
import type { APIGatewayProxyResult } from 'aws-lambda';
import { apiEvent, lambdaContext } from '../../../../tests/support/api-gateway';
import { closedPortEndpoint, loadHandlerWithEnv } from '../../../../tests/support/handlers';
import { handler } from '../../src/handlers/health';

const get = (invoke: typeof handler, headers: Record<string, string> = {}) =>
  invoke(apiEvent({ path: '/profiles/health', headers }), lambdaContext()) as Promise<APIGatewayProxyResult>;

describe('GET /profiles/health', () => {
  it('passes when the table answers, as application/health+json, echoing the correlation id', async () => {
    const response = await get(handler, { 'X-Correlation-Id': 'health-check-1' });

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/health+json');
    expect(response.headers?.['x-correlation-id']).toBe('health-check-1');
    expect(JSON.parse(response.body)).toEqual({
      status: 'pass',
      service: 'profiles',
      version: expect.any(String),
      region: 'us-east-1',
      stage: 'test',
      checks: { table: { name: 'ledgerline-profiles-test', status: 'pass', latencyMs: expect.any(Number) } },
    });
  });

  it('fails fast with 503 when DynamoDB does not answer', async () => {
    const unreachable = await loadHandlerWithEnv<typeof handler>(() => import('../../src/handlers/health'), {
      DYNAMODB_ENDPOINT: await closedPortEndpoint(),
    });
    const started = Date.now();

    const response = await get(unreachable);

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['content-type']).toBe('application/health+json');
    expect(JSON.parse(response.body)).toMatchObject({
      status: 'fail',
      checks: { table: { name: 'ledgerline-profiles-test', status: 'fail' } },
    });
  });
});
