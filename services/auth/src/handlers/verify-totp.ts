import { httpHandler, noContent } from '@ledgerline/shared/http';
import { requireCaller } from '../domain/rules';
import { verifyTotp } from '../use-cases/auth-flows';
import { identityProvider } from '../wiring';
import { verifyTotpSchema } from '../schemas';
import { verifyTotpValidators as validators } from '../validators.generated';

/**
 * POST /auth/mfa/totp/verify (behind the authorizer, user access tokens only) — checks a code of
 * the authenticator set up by POST /auth/mfa/totp and turns TOTP MFA on (preferred) for the caller.
 */
export const handler = httpHandler(
  { name: 'verify-totp', request: { body: verifyTotpSchema }, validators },
  async (request) => {
    requireCaller(request.event, 'verifyTotp');
    await verifyTotp(identityProvider(), request.body, request.headers.authorization);
    return noContent();
  },
);
