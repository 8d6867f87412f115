import type { RequestSchemas } from './types';

/**
 * One route of a service, declared once in the service's `src/routes.ts`. `npm run generate` makes
 * from it the function's block in serverless.yml (handler, event, authorizer, environment, IAM with
 * X-Ray), the precompiled request validators, and the OpenAPI operation; tests check that the
 * handler, its `events/` fixture and its hostile-input entry exist.
 *
 * Strings in `environment`, `iam` and `authorizer` values may hold Serverless variables
 * (`${self:custom...}`) and CloudFormation intrinsics: they are written to serverless.yml as they are.
 */
export interface RouteEntry {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** As API Gateway sees it, with a leading slash: `/accounts/{accountId}`. */
  path: string;
  /** The handler file under `src/handlers/` (without `.ts`); it exports `handler`. */
  handler: string;
  /** One line for the OpenAPI operation and the Lambda function's description. */
  summary: string;
  /** `jwt`: the auth service's Lambda authorizer (every protected route); `none`: public. */
  authorizer: 'jwt' | 'none';
  /** Request JSON Schemas, validated by the precompiled validators. */
  request?: RequestSchemas;
  /** Name of the request body schema under the OpenAPI components.schemas. */
  bodyName?: string;
  /** Extra body media types besides application/json. */
  bodyMediaTypes?: string[];
  /** Request headers the handler requires but does not validate by schema (documented only). */
  headers?: Array<{ name: string; required: boolean; description: string; schema: Record<string, unknown> }>;
  /** Success status → description, response schema (name in components.schemas), headers. */
  responses: Record<number, { description: string; schema?: string; mediaType?: string; headers?: string[] }>;
  /** Problem statuses the route may answer (besides 500 and, behind the authorizer, 401/403). */
  problems: number[];
  /** The function's own environment: variables, or one `${self:custom...}` reference to a map. */
  environment?: Record<string, string> | string;
  /**
   * The function role's statements (least privilege); X-Ray's statement is added by the generator,
   * the one place it is written.
   */
  iam: IamStatement[];
}

export interface IamStatement {
  Effect: 'Allow';
  Action: string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
}

/** A service's routes by function name (the serverless.yml function key). */
export type RouteManifest = Record<string, RouteEntry>;

/**
 * Declares a service's routes; an identity function that keeps the literal keys and checks the shape.
 *
 * @example
 * export const routes = defineRoutes({
 *   getAccount: { method: 'get', path: '/accounts/{accountId}', handler: 'get-account', ... },
 * });
 */
export const defineRoutes = <T extends RouteManifest>(routes: T): T => routes;

/** The role's access to the service table in this region (Serverless variables resolve at package time). */
export const localTableArn = {
  'Fn::Sub':
    'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${self:provider.environment.TABLE_NAME}',
};

/**
 * `GET /<service>/health`, the same in every service: public, reads one item of the service table
 * in this region (Route 53 health checks fail over on its 503).
 */
export function healthRoute(service: string): RouteEntry {
  return {
    method: 'get',
    path: `/${service}/health`,
    handler: 'health',
    summary: `Health of the ${service} service in this region (Route 53 health checks fail over on 503)`,
    authorizer: 'none',
    responses: {
      200: { description: 'pass', schema: 'HealthReport', mediaType: 'application/health+json' },
      503: {
        description: 'fail: the table did not answer',
        schema: 'HealthReport',
        mediaType: 'application/health+json',
      },
    },
    problems: [],
    iam: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: localTableArn }],
  };
}
