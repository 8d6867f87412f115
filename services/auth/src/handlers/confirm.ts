import { httpHandler, noContent } from '@ledgerline/shared/http';
import { confirmSignUp } from '../use-cases/auth-flows';
import { identityProvider } from '../wiring';
import { confirmSchema } from '../schemas';
import { confirmValidators as validators } from '../validators.generated';

/** POST /auth/confirm — confirms the email address with the code sent at sign-up. */
export const handler = httpHandler(
  { name: 'confirm', request: { body: confirmSchema }, validators },
  async (request) => {
    await confirmSignUp(identityProvider(), request.body);
    return noContent();
  },
);
