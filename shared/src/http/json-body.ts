import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ProblemError } from '../errors';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

export const jsonBodyDefaults = {
  /** Largest accepted body in bytes. API Gateway allows 10 MB; no route of ours needs more than this. */
  maxBodyBytes: 32 * 1024,
};

/**
 * Parses a JSON request body. Written here rather than taken from @middy/http-json-body-parser
 * because that package answers malformed JSON with 415; our contract (and RFC 9110) is 400 for
 * a malformed body, 415 only for a wrong media type, 413 for an oversized body.
 * An absent or empty body becomes `undefined`, which the route's schema then reports as missing.
 *
 * @example
 * middy(handler).use(jsonBody({ maxBodyBytes: 4096 }));
 */
export function jsonBody(
  options: Partial<typeof jsonBodyDefaults> = {},
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  // `undefined` must not override the default: an absent limit is never "no limit".
  const maxBodyBytes = options.maxBodyBytes ?? jsonBodyDefaults.maxBodyBytes;
  return {
    before: (request) => {
      const { event } = request;
      const raw = event.body;
      if (raw === null || raw === undefined || raw === '') {
        (event as { body: unknown }).body = undefined;
        return;
      }
      const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (Buffer.byteLength(text, 'utf8') > maxBodyBytes) {
        throw new ProblemError('payload-too-large', {
          detail: `The request body must not exceed ${maxBodyBytes} bytes.`,
        });
      }
      const contentType = event.headers?.['content-type'] ?? '';
      if (!JSON_MEDIA_TYPE.test(contentType)) {
        throw new ProblemError('unsupported-media-type', {
          detail: 'Send the body with Content-Type: application/json.',
          cause: { contentType: contentType.slice(0, 100) },
        });
      }
      try {
        (event as { body: unknown }).body = JSON.parse(text);
      } catch (error) {
        throw new ProblemError('malformed-json', {
          detail: 'The request body could not be parsed as JSON.',
          cause: error,
        });
      }
    },
  };
}
