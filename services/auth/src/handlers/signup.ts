import { created, httpHandler } from '@ledgerline/shared/http';
import { signUp } from '../use-cases/auth-flows';
import { identityProvider } from '../wiring';
import { signUpSchema } from '../schemas';
import { signupValidators as validators } from '../validators.generated';

/** POST /auth/signup — creates an unconfirmed account; the code goes to the email address. */
export const handler = httpHandler(
  { name: 'signup', request: { body: signUpSchema }, validators },
  async (request) => created('/auth/users/me', await signUp(identityProvider(), request.body)),
);
