import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ProblemError } from '@ledgerline/shared/errors';
import type { Principal } from '@ledgerline/shared/principal';
import { requirePrincipal } from '@ledgerline/shared/principal';

/** The Cognito app client whose access tokens this API takes (unset: any client of the pool). */
const expectedClientId = (): string | undefined => process.env.COGNITO_CLIENT_ID || undefined;

/**
 * The user making the request. API Gateway's Cognito authorizer (AWS) or the local stack's JWT
 * authorizer has verified the token already; this re-checks what it passed on (defence in depth):
 * a user's ACCESS token (401 without one, 403 for a service token) issued to our app client
 * (401 otherwise). Returns the user id: the token `sub`, the only key to a profile.
 *
 * @example
 * const userId = callerOf(request.event);
 */
export function callerOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): string {
  return callerPrincipal(event).sub;
}

/**
 * The user making the request and the sign-in (token family) the request's access token belongs
 * to, with the checks of callerOf. The authorizer passes the family with every user access token;
 * a context without one is refused (401) like a missing caller.
 *
 * @example
 * const { userId, tokenFamily } = callerSessionOf(request.event);
 */
export function callerSessionOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): {
  userId: string;
  tokenFamily: string;
} {
  const principal = callerPrincipal(event);
  if (!principal.tokenFamily) {
    throw new ProblemError('unauthorized', { detail: 'The token belongs to no sign-in session.' });
  }
  return { userId: principal.sub, tokenFamily: principal.tokenFamily };
}

/**
 * The user making the request and when they last signed in (the access token's `auth_time`, epoch
 * seconds; undefined when the authorizer passed none), with the checks of callerOf.
 *
 * @example
 * const { userId, authTime } = callerSignInOf(request.event);
 */
export function callerSignInOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): {
  userId: string;
  authTime?: number;
} {
  const principal = callerPrincipal(event);
  return { userId: principal.sub, ...(principal.authTime !== undefined && { authTime: principal.authTime }) };
}

function callerPrincipal(event: Pick<APIGatewayProxyEvent, 'requestContext'>): Principal {
  const principal = requirePrincipal(event, { tokenType: 'access' });
  const clientId = expectedClientId();
  if (clientId !== undefined && principal.clientId !== clientId) {
    throw new ProblemError('unauthorized', {
      detail: 'The token was not issued to this app.',
      cause: { clientId: principal.clientId.slice(0, 64) },
    });
  }
  return principal;
}
