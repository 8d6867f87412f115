import { httpHandler, ok, created, ProblemError } from '../../../src/http';
import type * as HttpModule from '../../../src/http';
import { logger } from '../../../src/logger';
import { apiEvent, lambdaContext } from '../../../../tests/support/api-gateway';
import { captureLogs } from '../../../../tests/support/logs';

const createThingSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'amount'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 20 },
    amount: { type: 'integer', minimum: 1 },
    email: { type: 'string', format: 'email' },
  },
} as const;

// The body type comes from the schema (json-schema-to-ts): `request.body.name` is a string here.
const createThing = httpHandler(
  {
    name: 'create-thing',
    request: {
      body: createThingSchema,
      path: {
        type: 'object',
        required: ['thingId'],
        properties: { thingId: { type: 'string', pattern: '^[a-z]{3}$' } },
      },
    },
    maxBodyBytes: 512,
  },
  async (request) =>
    created(`/things/${request.path.thingId}`, { ...request.body, id: request.path.thingId }),
);

// Compile time (npm run typecheck): the handler's body type is its schema's, so a field the schema
// does not declare, or a wrong type, does not compile. Never invoked.
export const typedFromSchema = httpHandler(
  { name: 'typed', request: { body: createThingSchema } },
  async (request) => {
    // @ts-expect-error -- `nope` is not a property of the schema
    void request.body.nope;
    // @ts-expect-error -- `amount` is an integer, not a string
    void request.body.amount.toUpperCase();
    return ok({ name: request.body.name.toUpperCase(), amount: request.body.amount + 1 });
  },
);

const explode = httpHandler({ name: 'explode' }, async () => {
  throw new Error('connection string postgres://admin:hunter2@db/ledger is wrong');
});

const throttled = httpHandler({ name: 'throttled' }, async () => {
  throw Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
});

const notFound = httpHandler({ name: 'not-found' }, async () => {
  throw new ProblemError('not-found', { detail: 'No thing with this id.' });
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  createThing(
    apiEvent({ method: 'POST', path: '/things/abc', pathParameters: { thingId: 'abc' }, body, headers }),
    lambdaContext(),
  );

const problemOf = (response: { body: string }) => JSON.parse(response.body) as Record<string, unknown>;

describe('httpHandler', () => {
  it('parses, validates and answers 201 with Location and JSON', async () => {
    const response = await post({ name: 'pen', amount: 2 });

    expect(response.statusCode).toBe(201);
    expect(response.headers?.location).toBe('/things/abc');
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(response.body)).toEqual({ name: 'pen', amount: 2, id: 'abc' });
  });

  it('answers 415 problem+json for a non-JSON content type', async () => {
    const response = await post('name=pen', { 'Content-Type': 'application/x-www-form-urlencoded' });

    expect(response.statusCode).toBe(415);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(problemOf(response)).toMatchObject({
      type: 'https://ledgerline.dev/problems/unsupported-media-type',
      status: 415,
    });
  });

  it('answers 400 malformed-json for broken JSON, not 415 or 422', async () => {
    const response = await post('{"name": "pen",', { 'Content-Type': 'application/json' });

    expect(response.statusCode).toBe(400);
    expect(problemOf(response).type).toBe('https://ledgerline.dev/problems/malformed-json');
  });

  it('answers 413 for a body over the route limit', async () => {
    const response = await post({ name: 'x'.repeat(600), amount: 1 });

    expect(response.statusCode).toBe(413);
    expect(problemOf(response).type).toBe('https://ledgerline.dev/problems/payload-too-large');
  });

  it('applies the default 32 KiB body limit when a route sets none', async () => {
    const noLimit = httpHandler({ name: 'no-limit', request: { body: { type: 'object' } } }, async () =>
      ok({}),
    );

    const response = await noLimit(
      apiEvent({ method: 'POST', body: { note: 'x'.repeat(40 * 1024) } }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(413);
  });

  it('lists every invalid field with a JSON pointer in one 400', async () => {
    const response = await createThing(
      apiEvent({
        method: 'POST',
        path: '/things/ABCD',
        pathParameters: { thingId: 'ABCD' },
        body: { amount: 1.5, email: 'not-an-email', color: 'red' },
      }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(400);
    const problem = problemOf(response);
    expect(problem.type).toBe('https://ledgerline.dev/problems/validation-failed');
    const pointers = (problem.errors as Array<{ pointer: string }>).map((e) => e.pointer).sort();
    expect(pointers).toEqual(['/body/amount', '/body/color', '/body/email', '/body/name', '/path/thingId']);
  });

  it('reports a missing body as a field problem', async () => {
    const response = await createThing(
      apiEvent({ method: 'POST', path: '/things/abc', pathParameters: { thingId: 'abc' } }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(400);
    expect(problemOf(response).errors).toEqual([{ pointer: '/body', detail: 'a JSON body is required' }]);
  });

  it('renders a ProblemError with its type, detail and the request id as instance', async () => {
    const event = apiEvent();
    const response = await notFound(event, lambdaContext());

    expect(response.statusCode).toBe(404);
    expect(problemOf(response)).toEqual({
      type: 'https://ledgerline.dev/problems/not-found',
      title: 'The resource does not exist.',
      status: 404,
      detail: 'No thing with this id.',
      instance: event.requestContext.requestId,
    });
  });

  it('turns an unexpected error into a 500 that leaks nothing', async () => {
    let response = { statusCode: 0, body: '' };
    const { lines } = await captureLogs(logger, async () => {
      response = await explode(apiEvent(), lambdaContext());
    });

    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/hunter2|postgres|stack|Error:/);
    expect(problemOf(response).type).toBe('https://ledgerline.dev/problems/internal-error');
    expect(lines.filter((line) => line.level === 'ERROR')).toHaveLength(1);
  });

  it('maps AWS throttling to 503 with Retry-After', async () => {
    let response = { statusCode: 0, headers: {} as Record<string, unknown> };
    await captureLogs(logger, async () => {
      response = (await throttled(apiEvent(), lambdaContext())) as typeof response;
    });

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
  });

  it('echoes a well-formed x-correlation-id and replaces a hostile one by the request id', async () => {
    const good = await post({ name: 'pen', amount: 1 }, { 'X-Correlation-Id': 'mobile-42.a:b' });
    const hostileEvent = apiEvent({
      method: 'POST',
      path: '/things/abc',
      pathParameters: { thingId: 'abc' },
      body: { name: 'pen', amount: 1 },
      headers: { 'x-correlation-id': 'evil\n{"level":"ERROR"}' },
    });
    const hostile = await createThing(hostileEvent, lambdaContext());

    expect(good.headers?.['x-correlation-id']).toBe('mobile-42.a:b');
    expect(hostile.headers?.['x-correlation-id']).toBe(hostileEvent.requestContext.requestId);
  });

  it('puts the correlation id on error responses too', async () => {
    const response = await notFound(
      apiEvent({ headers: { 'x-correlation-id': 'trace-1' } }),
      lambdaContext(),
    );

    expect(response.headers?.['x-correlation-id']).toBe('trace-1');
  });

  it('adds security headers and no-store on success and on errors', async () => {
    for (const response of [
      await post({ name: 'pen', amount: 1 }),
      await notFound(apiEvent(), lambdaContext()),
    ]) {
      expect(
        response.headers?.['Strict-Transport-Security'] ?? response.headers?.['strict-transport-security'],
      ).toMatch(/max-age=\d+/);
      expect(
        response.headers?.['X-Content-Type-Options'] ?? response.headers?.['x-content-type-options'],
      ).toBe('nosniff');
      expect(response.headers?.['cache-control']).toBe('no-store');
    }
  });

  it('logs the correlation id on every line of the request', async () => {
    const logging = httpHandler({ name: 'logging' }, async () => {
      logger.warn('inside the route');
      return ok({ fine: true });
    });

    const { lines } = await captureLogs(logger, () =>
      logging(apiEvent({ headers: { 'x-correlation-id': 'corr-77' } }), lambdaContext()),
    );

    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.correlation_id === 'corr-77')).toBe(true);
    expect(lines.find((line) => line.message === 'inside the route')).toMatchObject({ level: 'WARN' });
  });

  it('never logs the request body, even for 5xx', async () => {
    const failing = httpHandler({ name: 'failing', request: { body: { type: 'object' } } }, async () => {
      throw new Error('downstream exploded');
    });

    const { raw } = await captureLogs(logger, () =>
      failing(
        apiEvent({ method: 'POST', body: { email: 'ana@example.com', pan: '4111111111111111' } }),
        lambdaContext(),
      ),
    );

    expect(raw.join('\n')).not.toMatch(/ana@example\.com|4111111111111111/);
  });
});

describe('httpHandler with CORS configured', () => {
  it('answers allowed origins and ignores others', async () => {
    let withCors: typeof createThing | undefined;
    jest.isolateModules(() => {
      process.env.CORS_ALLOWED_ORIGINS = 'https://portal.ledgerline.dev';
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const http = require('../../../src/http') as typeof HttpModule;
      withCors = http.httpHandler({ name: 'cors' }, async () => http.ok({}));
      delete process.env.CORS_ALLOWED_ORIGINS;
    });

    const allowed = await withCors!(
      apiEvent({ headers: { Origin: 'https://portal.ledgerline.dev' } }),
      lambdaContext(),
    );
    const denied = await withCors!(
      apiEvent({ headers: { Origin: 'https://evil.example' } }),
      lambdaContext(),
    );

    expect(allowed.headers?.['Access-Control-Allow-Origin']).toBe('https://portal.ledgerline.dev');
    expect(denied.headers?.['Access-Control-Allow-Origin']).not.toBe('https://evil.example');
  });
});
