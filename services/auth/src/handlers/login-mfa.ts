import { httpHandler, ok } from '@ledgerline/shared/http';
import { logInWithTotp } from '../use-cases/auth-flows';
import { identityProvider } from '../wiring';
import { logInMfaSchema } from '../schemas';
import { loginMfaValidators as validators } from '../validators.generated';

/**
 * POST /auth/login/mfa — the second step of a login with TOTP MFA: email, the `session` of
 * /auth/login's 403 and the authenticator's current code → the same tokens as /auth/login.
 */
export const handler = httpHandler(
  { name: 'login-mfa', request: { body: logInMfaSchema }, validators },
  async (request) => ok(await logInWithTotp(identityProvider(), request.body)),
);
