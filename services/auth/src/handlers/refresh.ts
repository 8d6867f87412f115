import { httpHandler, ok } from '@ledgerline/shared/http';
import { refreshSession } from '../use-cases/sessions';
import { sessionPorts } from '../wiring';
import { refreshSchema } from '../schemas';
import { refreshValidators as validators } from '../validators.generated';

/** POST /auth/refresh — refresh token → new access and id tokens, unless its session has ended. */
export const handler = httpHandler(
  { name: 'refresh', request: { body: refreshSchema }, validators },
  async (request) => ok(await refreshSession(sessionPorts(), request.body)),
);
