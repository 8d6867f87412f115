// GET /<service>/health of every service, in-process against DynamoDB Local (tests/setup/integration-*.ts).
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { apiEvent, lambdaContext } from '../support/api-gateway';
import { closedPortEndpoint, loadHandlerWithEnv } from '../support/handlers';

type Handler = (event: ReturnType<typeof apiEvent>, context: Context) => Promise<APIGatewayProxyResult>;

const services = {
  auth: () => import('../../services/auth/src/handlers/health'),
  transactions: () => import('../../services/transactions/src/handlers/health'),
  profiles: () => import('../../services/profiles/src/handlers/health'),
} as const;

describe.each(Object.keys(services) as Array<keyof typeof services>)('GET /%s/health', (service) => {
  const get = (invoke: Handler, headers: Record<string, string> = {}) =>
    invoke(apiEvent({ path: `/${service}/health`, headers }), lambdaContext());

  it('passes when the table answers, as application/health+json, echoing the correlation id', async () => {
    const { handler } = (await services[service]()) as { handler: Handler };

    const response = await get(handler, { 'X-Correlation-Id': 'health-check-1' });

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toBe('application/health+json');
    expect(response.headers?.['x-correlation-id']).toBe('health-check-1');
    expect(JSON.parse(response.body)).toEqual({
      status: 'pass',
      service,
      version: expect.any(String),
      region: 'us-east-1',
      stage: 'test',
      checks: {
        table: { name: `ledgerline-${service}-test`, status: 'pass', latencyMs: expect.any(Number) },
      },
    });
  });

  it('fails fast with 503 when DynamoDB does not answer', async () => {
    const unreachable = await loadHandlerWithEnv<Handler>(services[service], {
      DYNAMODB_ENDPOINT: await closedPortEndpoint(),
    });
    const started = Date.now();

    const response = await get(unreachable);

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['content-type']).toBe('application/health+json');
    expect(JSON.parse(response.body)).toMatchObject({
      status: 'fail',
      checks: { table: { name: `ledgerline-${service}-test`, status: 'fail' } },
    });
  });
});
