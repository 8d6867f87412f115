import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { runtimeConfig } from '../config';
import { logger } from '../logger';
import { tracer } from '../tracer';
import { correlationId, requestIdOf } from './correlation';
import { jsonBody } from './json-body';
import { problemErrorHandler } from './problem-response';
import { securityHeaders } from './security-headers';
import { validatorFor } from './precompiled';
import { requestValidator } from './request-validator';
import type { HttpRequestOf, HttpResponse, HttpResult, HttpRouteSpec } from './types';

const JSON_CONTENT_TYPE = 'application/json';

function toResponse(result: HttpResult): HttpResponse {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...result.headers };
  if (result.body === undefined) return { statusCode: result.statusCode, headers, body: '' };
  const body = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
  return { statusCode: result.statusCode, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body };
}

/** Response schemas are a test-time contract check; looked up only when asked for. */
function responseChecker(spec: HttpRouteSpec): ((result: HttpResult) => void) | undefined {
  if (process.env.LEDGERLINE_VALIDATE_RESPONSES !== 'true' || !spec.responses) return undefined;
  const validators = new Map(
    Object.entries(spec.responses).map(([status, schema]) => [
      Number(status),
      validatorFor(schema, spec.validators),
    ]),
  );
  return (result) => {
    const validate = validators.get(result.statusCode);
    if (!validate) throw new Error(`${spec.name}: no response schema for status ${result.statusCode}`);
    if (!validate(result.body)) {
      throw new Error(`${spec.name}: response violates its schema: ${JSON.stringify(validate.errors)}`);
    }
  };
}

/**
 * Builds an API Gateway (REST, proxy integration) handler with the platform's Middy stack, once per
 * cold start: Lambda context + correlation id on every log line, X-Ray, security headers, CORS,
 * header normalisation, JSON body parsing (415/400/413), JSON Schema validation (400 with every
 * field problem) and RFC 9457 problem responses for every error. The route stays a plain function.
 *
 * Request (and, in tests, response) schemas are checked by the service's precompiled validators
 * (`validators`, from its `src/validators.generated.js`): no schema is compiled at cold start.
 *
 * @example
 * export const handler = httpHandler({ name: 'get-account', request: { path: accountPathSchema }, validators },
 *   async (request) => ok(await getAccount(store, request.path.accountId)));
 */
export function httpHandler<const S extends HttpRouteSpec>(
  spec: S,
  route: (request: HttpRequestOf<S>) => Promise<HttpResult>,
) {
  const config = runtimeConfig();
  const checkResponse = responseChecker(spec);

  const base = async (event: APIGatewayProxyEvent, context: Context): Promise<HttpResponse> => {
    const headers = event.headers ?? {};
    const result = await route({
      body: event.body as HttpRequestOf<S>['body'],
      path: (event.pathParameters ?? {}) as HttpRequestOf<S>['path'],
      query: (event.queryStringParameters ?? {}) as HttpRequestOf<S>['query'],
      headers,
      requestId: requestIdOf(event, context.awsRequestId),
      correlationId: String(logger.getCorrelationId() ?? ''),
      sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown',
      userAgent: headers['user-agent'] ?? 'unknown',
      event,
      context,
    });
    checkResponse?.(result);
    return toResponse(result);
  };

  const stack = middy<APIGatewayProxyEvent, APIGatewayProxyResult>(base)
    // First, so its onError runs last and sees the response the error became.
    .use(tracer.handlerMiddleware())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(securityHeaders());
  if (config.corsAllowedOrigins.length > 0) {
    stack.use(httpCors({ origins: config.corsAllowedOrigins, maxAge: 600 }));
  }
  stack.use(httpHeaderNormalizer()).use(correlationId()).use(problemErrorHandler());
  if (spec.request?.body)
    stack.use(jsonBody(spec.maxBodyBytes === undefined ? {} : { maxBodyBytes: spec.maxBodyBytes }));
  if (spec.request) stack.use(requestValidator(spec.request, spec.validators));
  return stack;
}
