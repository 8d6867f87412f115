import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ProblemError } from './errors';

/**
 * Who is calling, as the auth service's JWT authorizer established it (services/auth, docs/auth.md).
 * API Gateway passes the authorizer's context to every handler behind it; values are strings.
 */
export interface Principal {
  /** Cognito user sub (`access`), or the calling system (`service`). */
  sub: string;
  /** The token's scopes. */
  scopes: string[];
  tokenType: 'access' | 'service';
  /** Cognito app client id (`access`) or the issuing system (`service`). */
  clientId: string;
  /**
   * Access tokens only: the session (Cognito token family, `origin_jti`) the token belongs to. A
   * device session records it, so that removing the device ends exactly that session.
   */
  tokenFamily?: string;
  /**
   * Access tokens only: when the person last authenticated (the token's `auth_time`, epoch
   * seconds), for operations that need a recent sign-in (erasure).
   */
  authTime?: number;
}

/** Authorizer context values travel as strings (a number in-process): a positive integer or nothing. */
function authTimeOf(value: unknown): { authTime?: number } {
  const seconds = typeof value === 'string' && /^[0-9]{1,12}$/.test(value) ? Number(value) : value;
  return typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 ? { authTime: seconds } : {};
}

/**
 * The caller of a request behind the authorizer, or undefined on a public route. Reads the one
 * context shape the platform's JWT authorizer passes (`{sub, scope, tokenType, clientId, tokenFamily, authTime}`,
 * services/auth), on AWS and on the local stack alike: every protected route of every service
 * sits behind that authorizer, so nothing else (e.g. API Gateway's Cognito `claims`) is a caller.
 *
 * @example
 * const principal = principalOf(request.event);
 */
export function principalOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): Principal | undefined {
  const context = (event.requestContext?.authorizer ?? {}) as Record<string, unknown>;
  const { sub, tokenType } = context;
  if (typeof sub !== 'string' || !sub || (tokenType !== 'access' && tokenType !== 'service'))
    return undefined;
  return {
    sub,
    scopes: String(context.scope ?? '')
      .split(' ')
      .filter(Boolean),
    tokenType,
    clientId: String(context.clientId ?? ''),
    ...(typeof context.tokenFamily === 'string' &&
      context.tokenFamily && { tokenFamily: context.tokenFamily }),
    ...authTimeOf(context.authTime),
  };
}

/**
 * The caller, who must have come through the authorizer (401 otherwise), optionally of one token
 * type and holding every listed scope (403 otherwise).
 *
 * @example
 * const { sub } = requirePrincipal(request.event, { tokenType: 'access' });
 * requirePrincipal(request.event, { tokenType: 'service', scopes: ['ledger:deposit'] });
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
