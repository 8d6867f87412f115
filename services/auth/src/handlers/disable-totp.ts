import { httpHandler, noContent } from '@ledgerline/shared/http';
import { requireCaller } from '../domain/rules';
import { disableTotp } from '../use-cases/sessions';
import { identityProvider } from '../wiring';
import { disableTotpSchema } from '../schemas';
import { disableTotpValidators as validators } from '../validators.generated';

/** DELETE /auth/mfa/totp — turns the caller's authenticator-app sign-in off (password + current code). */
export const handler = httpHandler(
  { name: 'disable-totp', request: { body: disableTotpSchema }, validators },
  async (request) => {
    await disableTotp(
      { provider: identityProvider() },
      requireCaller(request.event, 'disableTotp'),
      request.body,
    );
    return noContent();
  },
);
