import { httpHandler, ok } from '@ledgerline/shared/http';
import { requireCaller } from '../domain/rules';
import { setUpTotp } from '../use-cases/auth-flows';
import { identityProvider } from '../wiring';

/**
 * POST /auth/mfa/totp (behind the authorizer, user access tokens only) — starts authenticator-app
 * setup: a new secret, and the same as an `otpauth://` URI for a QR code. Confirm with /verify.
 */
export const handler = httpHandler({ name: 'setup-totp' }, async (request) => {
  const { sub } = requireCaller(request.event, 'setupTotp');
  const setup = await setUpTotp(identityProvider(), sub, request.headers.authorization);
  // A secret: never cached by anyone (the stack's default too, stated here on purpose).
  return ok(setup, { 'cache-control': 'no-store' });
});
