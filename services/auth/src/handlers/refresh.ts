import { httpHandler, ok } from '@ledgerline/shared/http';
import { refresh } from '../use-cases/auth-flows';
import { identityProvider } from '../wiring';
import { refreshSchema } from '../schemas';
import { validators } from '../validators.generated';

/** POST /auth/refresh — refresh token → new access and id tokens. */
export const handler = httpHandler(
  { name: 'refresh', request: { body: refreshSchema }, validators },
  async (request) => ok(await refresh(identityProvider(), request.body)),
);
