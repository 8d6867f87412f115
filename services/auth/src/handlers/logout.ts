import { httpHandler, noContent } from '@ledgerline/shared/http';
import { requirePrincipal } from '@ledgerline/shared/principal';
import { logOut } from '../use-cases/auth-flows';
import { identityProvider } from '../wiring';
import { logOutSchema } from '../schemas';
import { validators } from '../validators.generated';

/**
 * POST /auth/logout (behind the authorizer, user access tokens only) — revokes the refresh token
 * and, on AWS, signs the user out everywhere with the caller's access token.
 */
export const handler = httpHandler(
  { name: 'logout', request: { body: logOutSchema }, validators },
  async (request) => {
    requirePrincipal(request.event, { tokenType: 'access' });
    await logOut(identityProvider(), request.body, request.headers.authorization);
    return noContent();
  },
);
