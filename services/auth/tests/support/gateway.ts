// What API Gateway does with a TOKEN authorizer, reduced to the decision: call the authorizer with
// the Authorization header, map `Unauthorized` to 401, any other error to 500, a Deny (or an Allow
// not covering the route) to 403, and only on Allow run the integration with the context.
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent, Context } from 'aws-lambda';
import { lambdaContext } from '../../../../tests/support/api-gateway';

export const API_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123/test';

type Authorizer = (
  event: APIGatewayTokenAuthorizerEvent,
  context: Context,
) => Promise<APIGatewayAuthorizerResult>;

function covers(resource: string, methodArn: string): boolean {
  const pattern = new RegExp(
    `^${resource
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
  );
  return pattern.test(methodArn);
}

/** Calls `protectedHandler` only if `authorizer` allows `method path`; returns the status the client sees. */
export async function throughGateway(
  authorizer: Authorizer,
  authorization: string | undefined,
  protectedHandler: (context: Record<string, unknown>) => unknown,
  route = 'GET/transfers',
): Promise<{ status: number; context?: Record<string, unknown> }> {
  const methodArn = `${API_ARN}/${route}`;
  // API Gateway itself answers 401 without calling a TOKEN authorizer when the header is absent.
  if (authorization === undefined) return { status: 401 };
  let result: APIGatewayAuthorizerResult;
  try {
    result = await authorizer(
      { type: 'TOKEN', authorizationToken: authorization, methodArn },
      lambdaContext(),
    );
  } catch (error) {
    return { status: (error as Error).message === 'Unauthorized' ? 401 : 500 };
  }
  const allowed = result.policyDocument.Statement.some(
    (s) =>
      'Resource' in s &&
      s.Effect === 'Allow' &&
      [s.Resource].flat().some((r) => covers(String(r), methodArn)),
  );
  if (!allowed) return { status: 403 };
  const context = (result.context ?? {}) as Record<string, unknown>;
  protectedHandler(context);
  return { status: 200, context };
}
