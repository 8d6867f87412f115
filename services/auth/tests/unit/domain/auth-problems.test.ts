import { ProblemError } from '@ledgerline/shared/errors';
import { asProblem, BAD_CREDENTIALS_DETAIL } from '../../../src/domain/auth-problems';
import { identityErrorKind } from '../../../src/identity/cognito-identity-provider';
import type { IdentityErrorKind } from '../../../src/identity/identity-provider';
import { IdentityProviderError } from '../../../src/identity/identity-provider';

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

  it('lets unexpected errors through (500, details in logs only)', async () => {
    const bug = new TypeError('bug');
    await expect(asProblem(() => Promise.reject(bug))).rejects.toBe(bug);
  });
});
