import { httpHandler, noContent } from '@ledgerline/shared/http';
import type { AuthRoute } from './domain/rules';
import { requireCaller } from './domain/rules';
import type { SessionPorts } from './use-cases/sessions';
import { sessionPorts } from './wiring';
import { userPathSchema } from './schemas';
import { lockUserValidators, resetMfaValidators, unlockUserValidators } from './validators.generated';

// Each function's own table: a bundle carries the validators of its function only.
const validatorsOf = {
  lockUser: lockUserValidators,
  unlockUser: unlockUserValidators,
  resetMfa: resetMfaValidators,
};

/**
 * The shape every back-office user action shares (lock, unlock, MFA reset): a user id in the path,
 * a service token with `auth:admin` (the route's rule), one use case, 204.
 *
 * @example
 * export const handler = adminUserAction('lock-user', 'lockUser', lockUser);
 */
export const adminUserAction = (
  name: string,
  route: Extract<AuthRoute, 'lockUser' | 'unlockUser' | 'resetMfa'>,
  action: (ports: SessionPorts, userId: string) => Promise<void>,
) =>
  httpHandler(
    { name, request: { path: userPathSchema }, validators: validatorsOf[route] },
    async (request) => {
      requireCaller(request.event, route);
      await action(sessionPorts(), request.path.userId);
      return noContent();
    },
  );
