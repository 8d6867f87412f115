import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import type { Principal } from '@ledgerline/shared/principal';

/**
 * The execute-api ARN covering every method and path of the API stage the request came to:
 * `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/*`. API Gateway caches the authorizer's
 * policy per token (TTL 30 s, serverless.common.yml authorizerCacheSeconds) and re-applies it to OTHER routes; a policy naming only the
 * `methodArn` would then deny them. Route-level permission (scopes) is the handlers' job.
 *
 * @example
 * stageWideResource('arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/accounts/1');
 * // 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev/*'
 */
export function stageWideResource(methodArn: string): string {
  // arn:aws:execute-api:<region>:<account>:<apiId> / <stage> / <method> / <path...>
  const [api, stage] = methodArn.split('/');
  if (!api?.startsWith('arn:') || api.split(':').length !== 6 || !stage) {
    throw new Error(`unexpected methodArn "${methodArn}"`);
  }
  return `${api}/${stage}/*`;
}

/** An Allow policy for the whole stage, with the principal in the context handlers read. */
export function allowPolicy(principal: Principal, methodArn: string): APIGatewayAuthorizerResult {
  return {
    principalId: principal.sub,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: stageWideResource(methodArn) }],
    },
    context: {
      sub: principal.sub,
      // Authorizer context values are strings: the scopes travel space-separated, as in the token.
      scope: principal.scopes.join(' '),
      tokenType: principal.tokenType,
      clientId: principal.clientId,
      ...(principal.tokenFamily && { tokenFamily: principal.tokenFamily }),
      ...(principal.authTime !== undefined && { authTime: String(principal.authTime) }),
    },
  };
}
