import { ProblemError } from '@ledgerline/shared/errors';
import type { IdentityErrorKind } from '../ports/identity-provider';
import { IdentityProviderError } from '../ports/identity-provider';

/** Seconds a throttled client is told to wait (Cognito gives no hint of its own). */
export const THROTTLE_RETRY_AFTER_SECONDS = 5;

/** The one answer to every failed login or refresh: never says whether the account exists. */
export const BAD_CREDENTIALS_DETAIL = 'The email or password is incorrect, or the session has ended.';

/** The one answer to a failed TOTP login step: a wrong code and an expired session look the same. */
export const BAD_MFA_CODE_DETAIL =
  'The authenticator code is not valid, or the sign-in session has expired; sign in again if it persists.';

/**
 * Seconds a login's MFA challenge session lives: the app client's AuthSessionValidity
 * (3 minutes, resources/cognito.yml).
 */
export const MFA_SESSION_SECONDS = 180;

/** The 403 of a login that must complete Cognito's SOFTWARE_TOKEN_MFA challenge (POST /auth/login/mfa). */
function mfaRequired(error: IdentityProviderError): ProblemError {
  const { challenge } = error;
  if (challenge?.name !== 'SOFTWARE_TOKEN_MFA' || !challenge.session) {
    return new ProblemError('forbidden', {
      detail: 'This account uses multi-factor authentication; sign in with the app.',
    });
  }
  return new ProblemError('forbidden', {
    detail:
      'This account uses an authenticator app: send the current 6-digit code with this session to ' +
      'POST /auth/login/mfa within sessionExpiresIn seconds.',
    extensions: {
      challenge: challenge.name,
      session: challenge.session,
      sessionExpiresIn: MFA_SESSION_SECONDS,
    },
  });
}

const problems: Record<IdentityErrorKind, (error: IdentityProviderError) => ProblemError> = {
  'user-exists': () => new ProblemError('conflict', { detail: 'An account with this email already exists.' }),
  'bad-credentials': () => new ProblemError('unauthorized', { detail: BAD_CREDENTIALS_DETAIL }),
  'weak-password': () =>
    new ProblemError('validation-failed', {
      errors: [{ pointer: '/body/password', detail: 'The password does not meet the password policy.' }],
    }),
  'not-confirmed': () =>
    new ProblemError('forbidden', {
      detail: 'Confirm your email address with the code we sent before signing in.',
    }),
  'invalid-code': () =>
    new ProblemError('validation-failed', {
      errors: [{ pointer: '/body/code', detail: 'The confirmation code is not valid.' }],
    }),
  'expired-code': () =>
    new ProblemError('validation-failed', {
      errors: [{ pointer: '/body/code', detail: 'The confirmation code has expired; request a new one.' }],
    }),
  'invalid-parameter': () =>
    new ProblemError('bad-request', { detail: 'The identity provider refused this request.' }),
  'password-reset-required': () =>
    new ProblemError('forbidden', { detail: 'A password reset is required before signing in.' }),
  'mfa-required': mfaRequired,
  'invalid-mfa-code': () =>
    new ProblemError('validation-failed', {
      errors: [
        {
          pointer: '/body/code',
          detail: 'The authenticator code is not valid; enter the code the app shows now.',
        },
      ],
    }),
  'mfa-not-started': () =>
    new ProblemError('conflict', {
      detail: 'No authenticator setup is in progress: start it with POST /auth/mfa/totp.',
    }),
  'bad-mfa-code': () => new ProblemError('unauthorized', { detail: BAD_MFA_CODE_DETAIL }),
  'mfa-not-enabled': () =>
    new ProblemError('conflict', { detail: 'Authenticator-app (TOTP) sign-in is not on for this account.' }),
  'bad-step-up': () =>
    new ProblemError('validation-failed', {
      errors: [{ pointer: '/body/password', detail: 'The password is incorrect.' }],
    }),
  'user-not-found': () => new ProblemError('not-found', { detail: 'No user has this id.' }),
  throttled: () =>
    new ProblemError('too-many-requests', {
      headers: { 'Retry-After': String(THROTTLE_RETRY_AFTER_SECONDS) },
    }),
  unavailable: () => new ProblemError('service-unavailable', { headers: { 'Retry-After': '1' } }),
};

/**
 * Runs an identity-provider call and turns its failures into problem+json errors: existing user
 * 409, bad credentials 401 (one generic detail), weak password 400, unconfirmed 403, MFA required
 * 403 (with the challenge's extension members for TOTP), wrong TOTP setup code 400, no TOTP setup
 * 409, failed TOTP login step 401, TOTP off: wrong password 400 or not on 409, back office:
 * unknown user 404, throttled 429 with Retry-After, provider outage 503. Anything unexpected propagates (500, details in logs only).
 *
 * @example
 * const session = await asProblem(() => provider.logIn(email, password));
 */
export async function asProblem<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof IdentityProviderError) {
      const problem = problems[error.kind](error);
      (problem as { cause?: unknown }).cause = error.cause;
      throw problem;
    }
    throw error;
  }
}
