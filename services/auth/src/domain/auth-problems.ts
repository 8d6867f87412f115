import { ProblemError } from '@ledgerline/shared/errors';
import type { IdentityErrorKind } from '../identity/identity-provider';
import { IdentityProviderError } from '../identity/identity-provider';

/** Seconds a throttled client is told to wait (Cognito gives no hint of its own). */
export const THROTTLE_RETRY_AFTER_SECONDS = 5;

/** The one answer to every failed login or refresh: never says whether the account exists. */
export const BAD_CREDENTIALS_DETAIL = 'The email or password is incorrect, or the session has ended.';

const problems: Record<IdentityErrorKind, () => ProblemError> = {
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
  'mfa-required': () =>
    new ProblemError('forbidden', {
      detail: 'This account uses multi-factor authentication; sign in with the app.',
    }),
  throttled: () =>
    new ProblemError('too-many-requests', {
      headers: { 'Retry-After': String(THROTTLE_RETRY_AFTER_SECONDS) },
    }),
  unavailable: () => new ProblemError('service-unavailable', { headers: { 'Retry-After': '1' } }),
};

/**
 * Runs an identity-provider call and turns its failures into problem+json errors: existing user
 * 409, bad credentials 401 (one generic detail), weak password 400, unconfirmed 403, throttled 429
 * with Retry-After, provider outage 503. Anything unexpected propagates (500, details in logs only).
 *
 * @example
 * const session = await asProblem(() => provider.logIn(email, password));
 */
export async function asProblem<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof IdentityProviderError) {
      const problem = problems[error.kind]();
      (problem as { cause?: unknown }).cause = error.cause;
      throw problem;
    }
    throw error;
  }
}
