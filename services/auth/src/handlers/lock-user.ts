import { httpHandler, noContent } from '@ledgerline/shared/http';
import { requireCaller } from '../domain/rules';
import { lockUser } from '../use-cases/sessions';
import { sessionPorts } from '../wiring';
import { userPathSchema } from '../schemas';
import { validators } from '../validators.generated';

/** POST /auth/admin/users/{userId}/lock — back office: the user can no longer sign in or refresh, and every outstanding token is refused. */
export const handler = httpHandler(
  { name: 'lock-user', request: { path: userPathSchema }, validators },
  async (request) => {
    requireCaller(request.event, 'lockUser');
    await lockUser(sessionPorts(), request.path.userId);
    return noContent();
  },
);
