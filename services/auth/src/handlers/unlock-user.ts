import { httpHandler, noContent } from '@ledgerline/shared/http';
import { requireCaller } from '../domain/rules';
import { unlockUser } from '../use-cases/sessions';
import { sessionPorts } from '../wiring';
import { userPathSchema } from '../schemas';
import { validators } from '../validators.generated';

/** POST /auth/admin/users/{userId}/unlock — back office: the user can sign in again. */
export const handler = httpHandler(
  { name: 'unlock-user', request: { path: userPathSchema }, validators },
  async (request) => {
    requireCaller(request.event, 'unlockUser');
    await unlockUser(sessionPorts(), request.path.userId);
    return noContent();
  },
);
