import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ProblemError } from './errors';

/**
 * Who is calling, as the auth service's JWT authorizer established it (services/auth, docs/auth.md).
 * API Gateway passes the authorizer's context to every handler behind it; values are strings.
 */
export interface Principal {
  /** Cognito user sub (`access`), or the calling system (`service`). */
  sub: string;
  /** Space-separated scopes of the token. */
  scopes: string[];
  tokenType: 'access' | 'service';
  /** Cognito app client id (`access`) or the issuing system (`service`). */
  clientId: string;
  /** Token issuer, when the authorizer passes it (API Gateway's Cognito authorizer does: `iss`). */
  issuer?: string;
}

/**
 * The claims of a Cognito ACCESS token as API Gateway's native `COGNITO_USER_POOLS` authorizer
 * passes them (`requestContext.authorizer.claims`, string values). Id tokens and anything else
 * give undefined: no route of ours takes an id token as a credential.
 */
function fromCognitoClaims(claims: Record<string, unknown>): Principal | undefined {
  const { sub, token_use: tokenUse, client_id: clientId, scope, iss } = claims;
  if (typeof sub !== 'string' || !sub || tokenUse !== 'access') return undefined;
  return {
    sub,
    scopes: String(scope ?? '')
      .split(' ')
      .filter(Boolean),
    tokenType: 'access',
    clientId: typeof clientId === 'string' ? clientId : '',
    ...(typeof iss === 'string' && iss && { issuer: iss }),
  };
}

/**
 * The caller of a request behind the authorizer, or undefined on a public route. Reads the context
 * of the platform's JWT authorizer (`{sub, scope, tokenType, clientId}`, services/auth; also what
 * the local stack's authorizer passes) and, failing that, the `claims` of API Gateway's native
 * Cognito User Pools authorizer (access tokens only: `token_use`, `client_id`, `scope`, `iss`).
 *
 * @example
 * const principal = principalOf(request.event);
 */
export function principalOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): Principal | undefined {
  const context = (event.requestContext?.authorizer ?? {}) as Record<string, unknown>;
  const { sub, tokenType, claims } = context;
  if (typeof sub !== 'string' || !sub || (tokenType !== 'access' && tokenType !== 'service')) {
    return claims !== null && typeof claims === 'object'
      ? fromCognitoClaims(claims as Record<string, unknown>)
      : undefined;
  }
  return {
    sub,
    scopes: String(context.scope ?? '')
      .split(' ')
      .filter(Boolean),
    tokenType,
    clientId: String(context.clientId ?? ''),
  };
}

/**
 * The caller, who must have come through the authorizer (401 otherwise), optionally of one token
 * type and holding every listed scope (403 otherwise).
 *
 * @example
 * const { sub } = requirePrincipal(request.event, { tokenType: 'access' });
 * requirePrincipal(request.event, { tokenType: 'service', scopes: ['transactions:write'] });
 */
export function requirePrincipal(
  event: Pick<APIGatewayProxyEvent, 'requestContext'>,
  rules: { tokenType?: Principal['tokenType']; scopes?: string[] } = {},
): Principal {
  const principal = principalOf(event);
  if (!principal) throw new ProblemError('unauthorized');
  if (rules.tokenType && principal.tokenType !== rules.tokenType) {
    throw new ProblemError('forbidden', { detail: `This operation needs a ${rules.tokenType} token.` });
  }
  const missing = (rules.scopes ?? []).filter((scope) => !principal.scopes.includes(scope));
  if (missing.length > 0) {
    throw new ProblemError('forbidden', { detail: `The token lacks the scope(s): ${missing.join(', ')}.` });
  }
  return principal;
}
