import { httpHandler, noContent } from '@ledgerline/shared/http';
import { requireCaller } from '../domain/rules';
import { logOut } from '../use-cases/sessions';
import { sessionPorts } from '../wiring';
import { logOutSchema } from '../schemas';
import { logoutValidators as validators } from '../validators.generated';

/**
 * POST /auth/logout — ends the caller's session on this device: its token family is refused from
 * now on (in both regions within the revocation bound) and its refresh token is revoked.
 */
export const handler = httpHandler(
  { name: 'logout', request: { body: logOutSchema }, validators },
  async (request) => {
    await logOut(sessionPorts(), requireCaller(request.event, 'logout'), request.body);
    return noContent();
  },
);
