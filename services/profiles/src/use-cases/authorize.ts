import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ProblemError } from '@ledgerline/shared/errors';
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
  const principal = requirePrincipal(event, { tokenType: 'access' });
  const clientId = expectedClientId();
  if (clientId !== undefined && principal.clientId !== clientId) {
    throw new ProblemError('unauthorized', {
      detail: 'The token was not issued to this app.',
      cause: { clientId: principal.clientId.slice(0, 64) },
    });
  }
  return principal.sub;
}
