import { httpHandler, noContent } from '@ledgerline/shared/http';
import { requireCaller } from '../domain/rules';
import { requireBearerToken } from '../use-cases/auth-flows';
import { logOutEverywhere } from '../use-cases/sessions';
import { sessionPorts } from '../wiring';

/** POST /auth/logout-all — ends every session of the caller on every device, this one included. */
export const handler = httpHandler({ name: 'logout-all' }, async (request) => {
  const caller = requireCaller(request.event, 'logoutAll');
  await logOutEverywhere(sessionPorts(), caller, requireBearerToken(request.headers.authorization));
  return noContent();
});
