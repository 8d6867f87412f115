import { ProblemError } from '@ledgerline/shared/errors';
import {
  asProblem,
  BAD_CREDENTIALS_DETAIL,
  BAD_MFA_CODE_DETAIL,
  MFA_SESSION_SECONDS,
} from '../../../src/domain/auth-problems';
import { identityErrorKind } from '../../../src/adapters/cognito-identity-provider';
import type { IdentityErrorKind } from '../../../src/ports/identity-provider';
import { IdentityProviderError } from '../../../src/ports/identity-provider';

const cognitoError = (name: string, status = 400) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('Cognito exception → kind', () => {
  it.each([
    ['signUp', 'UsernameExistsException', 'user-exists'],
    ['signUp', 'InvalidPasswordException', 'weak-password'],
    ['logIn', 'InvalidPasswordException', 'bad-credentials'], // cognito-local's wrong password
    ['logIn', 'NotAuthorizedException', 'bad-credentials'],
    ['logIn', 'UserNotFoundException', 'bad-credentials'],
    ['logIn', 'UserNotConfirmedException', 'not-confirmed'],
    ['logIn', 'PasswordResetRequiredException', 'password-reset-required'],
    ['refresh', 'NotAuthorizedException', 'bad-credentials'],
    ['confirmSignUp', 'CodeMismatchException', 'invalid-code'],
    ['confirmSignUp', 'ExpiredCodeException', 'expired-code'],
    ['confirmSignUp', 'UserNotFoundException', 'invalid-code'],
    ['confirmSignUp', 'NotAuthorizedException', 'invalid-code'],
    ['logIn', 'TooManyRequestsException', 'throttled'],
    ['signUp', 'LimitExceededException', 'throttled'],
    ['logIn', 'TooManyFailedAttemptsException', 'throttled'],
    ['logIn', 'InvalidParameterException', 'invalid-parameter'],
    // TOTP setup: a wrong code is EnableSoftwareTokenMFAException on AWS, CodeMismatch on cognito-local.
    ['verifyTotp', 'EnableSoftwareTokenMFAException', 'invalid-mfa-code'],
    ['verifyTotp', 'CodeMismatchException', 'invalid-mfa-code'],
    ['verifyTotp', 'SoftwareTokenMFANotFoundException', 'mfa-not-started'],
    ['verifyTotp', 'InvalidParameterException', 'mfa-not-started'], // cognito-local: no association
    ['verifyTotp', 'NotAuthorizedException', 'bad-credentials'], // a revoked access token
    ['associateTotp', 'NotAuthorizedException', 'bad-credentials'],
    ['associateTotp', 'TooManyRequestsException', 'throttled'],
    // The TOTP login step: a wrong code and a dead session are one answer.
    ['respondToTotpChallenge', 'CodeMismatchException', 'bad-mfa-code'],
    ['respondToTotpChallenge', 'NotAuthorizedException', 'bad-mfa-code'],
    ['respondToTotpChallenge', 'ExpiredCodeException', 'bad-mfa-code'],
    ['respondToTotpChallenge', 'UserNotFoundException', 'bad-mfa-code'],
    ['respondToTotpChallenge', 'TooManyRequestsException', 'throttled'],
    ['respondToTotpChallenge', 'TooManyFailedAttemptsException', 'throttled'],
    // TOTP off (a step-up sign-in): the caller is signed in, so a wrong password is a field error.
    ['disableTotp', 'NotAuthorizedException', 'bad-step-up'],
    ['disableTotp', 'InvalidPasswordException', 'bad-step-up'], // cognito-local's wrong password
    ['disableTotp', 'CodeMismatchException', 'invalid-mfa-code'],
    ['disableTotp', 'ExpiredCodeException', 'invalid-mfa-code'],
    // Back office: an unknown user id is a 404; nothing else is reinterpreted.
    ['admin', 'UserNotFoundException', 'user-not-found'],
    ['admin', 'NotAuthorizedException', undefined],
    ['admin', 'TooManyRequestsException', 'throttled'],
    ['signOutEverywhere', 'NotAuthorizedException', 'bad-credentials'],
    ['revokeRefreshToken', 'NotAuthorizedException', 'bad-credentials'],
  ] as const)('%s: %s → %s', (operation, name, kind) => {
    expect(identityErrorKind(operation, cognitoError(name))).toBe(kind);
  });

  it('treats 5xx and network errors as unavailable, and leaves unknown errors alone', () => {
    expect(identityErrorKind('logIn', cognitoError('InternalErrorException', 500))).toBe('unavailable');
    expect(identityErrorKind('logIn', Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(
      'unavailable',
    );
    expect(identityErrorKind('logIn', cognitoError('ResourceNotFoundException'))).toBeUndefined();
  });
});

describe('kind → problem', () => {
  const problemFor = async (kind: IdentityErrorKind) =>
    asProblem(() => Promise.reject(new IdentityProviderError(kind))).catch(
      (error: unknown) => error as ProblemError,
    );

  it.each([
    ['user-exists', 409],
    ['bad-credentials', 401],
    ['weak-password', 400],
    ['not-confirmed', 403],
    ['invalid-code', 400],
    ['expired-code', 400],
    ['invalid-parameter', 400],
    ['password-reset-required', 403],
    ['mfa-required', 403],
    ['invalid-mfa-code', 400],
    ['mfa-not-started', 409],
    ['bad-mfa-code', 401],
    ['mfa-not-enabled', 409],
    ['bad-step-up', 400],
    ['user-not-found', 404],
    ['throttled', 429],
    ['unavailable', 503],
  ] as const)('%s → %i', async (kind, status) => {
    const problem = await problemFor(kind);
    expect(problem).toBeInstanceOf(ProblemError);
    expect(problem.status).toBe(status);
  });

  it('says Retry-After on 429 and one generic detail on 401', async () => {
    expect((await problemFor('throttled')).headers).toEqual({ 'Retry-After': '5' });
    expect((await problemFor('bad-credentials')).detail).toBe(BAD_CREDENTIALS_DETAIL);
  });

  it('400 on /body/code for a wrong TOTP setup code, one generic 401 for a failed TOTP login step', async () => {
    expect((await problemFor('invalid-mfa-code')).errors).toEqual([
      { pointer: '/body/code', detail: expect.any(String) },
    ]);
    expect((await problemFor('bad-mfa-code')).detail).toBe(BAD_MFA_CODE_DETAIL);
  });

  it('gives a SOFTWARE_TOKEN_MFA login the challenge, its session and lifetime as extension members', async () => {
    const challenged = await asProblem(() =>
      Promise.reject(
        new IdentityProviderError('mfa-required', {
          challenge: { name: 'SOFTWARE_TOKEN_MFA', session: 'session-from-cognito' },
        }),
      ),
    ).catch((error: unknown) => error as ProblemError);
    expect(challenged.status).toBe(403);
    expect(challenged.extensions).toEqual({
      challenge: 'SOFTWARE_TOKEN_MFA',
      session: 'session-from-cognito',
      sessionExpiresIn: MFA_SESSION_SECONDS,
    });
    expect(challenged.detail).toContain('/auth/login/mfa');
  });

  it('keeps the plain 403 for any other challenge (no extension members)', async () => {
    for (const challenge of [
      { name: 'SELECT_MFA_TYPE', session: 's' },
      { name: 'SOFTWARE_TOKEN_MFA' },
      undefined,
    ]) {
      const problem = await asProblem(() =>
        Promise.reject(new IdentityProviderError('mfa-required', challenge && { challenge })),
      ).catch((error: unknown) => error as ProblemError);
      expect(problem.status).toBe(403);
      expect(problem.extensions).toEqual({});
      expect(problem.detail).toBe('This account uses multi-factor authentication; sign in with the app.');
    }
  });

  it('lets unexpected errors through (500, details in logs only)', async () => {
    const bug = new TypeError('bug');
    await expect(asProblem(() => Promise.reject(bug))).rejects.toBe(bug);
  });
});
