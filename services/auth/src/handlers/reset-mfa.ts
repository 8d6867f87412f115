import { httpHandler, noContent } from '@ledgerline/shared/http';
import { requireCaller } from '../domain/rules';
import { resetMfa } from '../use-cases/sessions';
import { sessionPorts } from '../wiring';
import { userPathSchema } from '../schemas';
import { validators } from '../validators.generated';

/** POST /auth/admin/users/{userId}/mfa/reset — back office, lost authenticator: TOTP off, every session ended. */
export const handler = httpHandler(
  { name: 'reset-mfa', request: { path: userPathSchema }, validators },
  async (request) => {
    requireCaller(request.event, 'resetMfa');
    await resetMfa(sessionPorts(), request.path.userId);
    return noContent();
  },
);
