import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { isTransientAwsError, ProblemError } from '../errors';
import { logger } from '../logger';
import type { ProblemDocument } from '../problems';
import { problemTypeUri } from '../problems';
import { requestIdOf } from './correlation';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors']);

/** Middy's own HTTP errors (e.g. from a Middy package) carry `statusCode` and `expose`. */
function fromMiddyHttpError(error: { statusCode: number; message: string }): ProblemError {
  const bySlug = {
    400: 'bad-request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not-found',
    405: 'method-not-allowed',
    409: 'conflict',
    413: 'payload-too-large',
    415: 'unsupported-media-type',
    422: 'unprocessable-request',
    429: 'too-many-requests',
  } as const;
  const slug = bySlug[error.statusCode as keyof typeof bySlug] ?? 'bad-request';
  return new ProblemError(slug, { cause: error });
}

/**
 * Maps any thrown value to a ProblemError: ours as is, transient AWS failures (throttling,
 * timeouts, endpoint down) to 503 with Retry-After, everything else to a 500 with no details.
 *
 * @example
 * const problem = toProblemError(new Error('boom')); // 500 internal-error
 */
export function toProblemError(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && (error as { expose?: boolean }).expose) {
    return fromMiddyHttpError(error as { statusCode: number; message: string });
  }
  if (isTransientAwsError(error)) {
    return new ProblemError('service-unavailable', { headers: { 'retry-after': '1' }, cause: error });
  }
  return new ProblemError('internal-error', { cause: error });
}

/**
 * Renders a problem response (RFC 9457).
 *
 * @example
 * problemResponse(new ProblemError('not-found'), 'req-1');
 */
export function problemResponse(problem: ProblemError, requestId: string): APIGatewayProxyResult {
  const document: ProblemDocument = {
    type: problemTypeUri(problem.slug),
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance: requestId,
    ...(problem.errors && { errors: problem.errors }),
  };
  // Extension members (RFC 9457 §3.2) after the standard ones, which they never replace.
  for (const [name, value] of Object.entries(problem.extensions)) {
    if (!STANDARD_MEMBERS.has(name) && value !== undefined) document[name] = value;
  }
  return {
    statusCode: problem.status,
    headers: { ...problem.headers, 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' },
    body: JSON.stringify(document),
  };
}

/**
 * Error middleware: every error becomes `application/problem+json`. Client errors are logged at
 * INFO with their kind; server errors at ERROR with the cause — the client sees none of it.
 *
 * @example
 * middy(handler).use(problemErrorHandler());
 */
export function problemErrorHandler(): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: (request) => {
      if (request.response !== undefined && request.error === undefined) return;
      const problem = toProblemError(request.error);
      const requestId = requestIdOf(request.event, request.context.awsRequestId);
      if (problem.status >= 500) {
        logger.error('request failed', { problem: problem.slug, error: request.error as Error });
      } else {
        logger.info('request rejected', {
          problem: problem.slug,
          status: problem.status,
          fields: problem.errors?.map((e) => e.pointer),
        });
      }
      request.response = problemResponse(problem, requestId);
    },
  };
}
