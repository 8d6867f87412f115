import { httpHandler, ok } from '@ledgerline/shared/http';
import { logIn } from '../use-cases/auth-flows';
import { identityProvider } from '../wiring';
import { logInSchema } from '../schemas';
import { loginValidators as validators } from '../validators.generated';

/** POST /auth/login — email + password → access, id and refresh tokens. */
export const handler = httpHandler(
  { name: 'login', request: { body: logInSchema }, validators },
  async (request) => ok(await logIn(identityProvider(), request.body)),
);
