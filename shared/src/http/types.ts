import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { PrecompiledValidators } from './precompiled';

/** JSON Schema (draft 2020-12 subset Ajv understands); kept loose on purpose. */
export type JsonSchema = Record<string, unknown>;

/** The parts of a request a route can constrain with a schema. */
export interface RequestSchemas {
  body?: JsonSchema;
  path?: JsonSchema;
  query?: JsonSchema;
  /** Header names are lower-case (the stack normalises them first). */
  headers?: JsonSchema;
}

export interface HttpRouteSpec {
  /** Short route name for logs and traces, e.g. `create-transaction`. */
  name: string;
  request?: RequestSchemas;
  /** Response body schemas by status code; checked only when LEDGERLINE_VALIDATE_RESPONSES=true (tests). */
  responses?: Record<number, JsonSchema>;
  /**
   * The service's precompiled validators (`import { validators } from '../validators.generated'`),
   * generated from its schemas by `npm run validators`. Required in handlers for every schema in
   * `request`/`responses`; only tests (which load Ajv) may leave a schema out.
   */
  validators?: PrecompiledValidators;
  /** Largest accepted body in bytes (413 above). Default 32 KiB. */
  maxBodyBytes?: number;
}

/** What a route receives: parsed, validated, with the request's identifiers. */
export interface HttpRequest<
  TBody = unknown,
  TPath = Record<string, string>,
  TQuery = Record<string, string>,
> {
  body: TBody;
  path: TPath;
  query: TQuery;
  headers: Record<string, string | undefined>;
  /** API Gateway request id (or Lambda's when invoked directly); the problem `instance`. */
  requestId: string;
  correlationId: string;
  sourceIp: string;
  userAgent: string;
  event: APIGatewayProxyEvent;
  context: Context;
}

/** What a route returns; the stack serialises `body` as JSON unless it is already a string. */
export interface HttpResult {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type HttpResponse = APIGatewayProxyResult;

/**
 * The type of one part of a request as its schema declares it (json-schema-to-ts, types only):
 * a route's `request.body` schema gives the handler's `request.body` type, so the two cannot
 * disagree. A part without a schema is `Fallback`.
 */
type PartOf<TRequest, K extends keyof RequestSchemas, Fallback> = TRequest extends {
  readonly [P in K]: infer S;
}
  ? S extends JSONSchema
    ? FromSchema<S>
    : Fallback
  : Fallback;

/** The request a route's handler receives, typed from the route's schemas. */
export type HttpRequestOf<S extends HttpRouteSpec> = HttpRequest<
  PartOf<S['request'], 'body', unknown>,
  PartOf<S['request'], 'path', Record<string, string>>,
  PartOf<S['request'], 'query', Record<string, string>>
>;
