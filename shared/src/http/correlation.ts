import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { logger } from '../logger';
import { tracer } from '../tracer';

/** Accept a client's id only if it is short and printable, or it could poison our logs. */
const CLIENT_ID_PATTERN = /^[\w.:-]{1,128}$/;

export const CORRELATION_HEADER = 'x-correlation-id';

/** API Gateway's request id, or Lambda's when the function is invoked directly. */
export function requestIdOf(event: APIGatewayProxyEvent, awsRequestId: string): string {
  return event.requestContext?.requestId ?? awsRequestId;
}

/**
 * Correlation id middleware: takes `x-correlation-id` from the caller (if well-formed) or the
 * API Gateway request id, puts it on every log line and on the X-Ray handler subsegment as the
 * `correlation_id` annotation, and echoes it on every response, errors included.
 *
 * @example
 * middy(handler).use(correlationId());
 */
export function correlationId(): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const addHeader = (request: Request<APIGatewayProxyEvent, APIGatewayProxyResult>): void => {
    const id = (request.internal as { correlationId?: string }).correlationId;
    if (!request.response || !id) return;
    request.response.headers = { ...request.response.headers, [CORRELATION_HEADER]: id };
  };
  return {
    before: (request) => {
      const offered = request.event.headers?.[CORRELATION_HEADER];
      const id =
        offered && CLIENT_ID_PATTERN.test(offered)
          ? offered
          : requestIdOf(request.event, request.context.awsRequestId);
      (request.internal as { correlationId?: string }).correlationId = id;
      logger.setCorrelationId(id);
      // Searchable in X-Ray (annotations are indexed; metadata is not): a trace found from a log line.
      tracer.putAnnotation('correlation_id', id);
      logger.appendKeys({ requestId: requestIdOf(request.event, request.context.awsRequestId) });
    },
    after: addHeader,
    onError: addHeader,
  };
}
