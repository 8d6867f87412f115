// Each mapped error of the auth endpoints, against cognito-local; aws-sdk-client-mock only for the
// faults cognito-local cannot produce (throttling, outage).
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import type { LocalCognito } from '../../../../scripts/local/cognito-local';
import { BAD_CREDENTIALS_DETAIL } from '../../src/domain/auth-problems';
// Type-only (erased): the modules themselves load in beforeAll, once the environment is set.
import type * as Confirm from '../../src/handlers/confirm';
import type * as Login from '../../src/handlers/login';
import type * as Refresh from '../../src/handlers/refresh';
import type * as Signup from '../../src/handlers/signup';
import { newEmail, post, startLocalAuth, STRONG_PASSWORD } from '../support/local-auth';

let cognito: LocalCognito;
let signup: typeof Signup.handler;
let confirm: typeof Confirm.handler;
let login: typeof Login.handler;
let refresh: typeof Refresh.handler;
const problemType = (slug: string) => `https://ledgerline.dev/problems/${slug}`;

beforeAll(async () => {
  cognito = await startLocalAuth();
  ({ handler: signup } = await import('../../src/handlers/signup'));
  ({ handler: confirm } = await import('../../src/handlers/confirm'));
  ({ handler: login } = await import('../../src/handlers/login'));
  ({ handler: refresh } = await import('../../src/handlers/refresh'));
}, 30_000);
afterAll(() => cognito?.stop());

async function confirmedUser(): Promise<string> {
  const email = newEmail();
  await post(signup, '/auth/signup', { email, password: STRONG_PASSWORD });
  await post(confirm, '/auth/confirm', { email, code: await cognito.confirmationCode(email) });
  return email;
}

describe('auth endpoint errors', () => {
  it('409 for an email that already has an account (any letter case)', async () => {
    const email = newEmail();
    await post(signup, '/auth/signup', { email, password: STRONG_PASSWORD });
    const again = await post(signup, '/auth/signup', {
      email: email.toUpperCase(),
      password: STRONG_PASSWORD,
    });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe(problemType('conflict'));
  });

  it('400 listing what a weak password lacks', async () => {
    const response = await post(signup, '/auth/signup', { email: newEmail(), password: 'weakpassword' });
    expect(response.status).toBe(400);
    expect(response.body.type).toBe(problemType('validation-failed'));
    expect(response.body.errors).toEqual([
      { pointer: '/body/password', detail: 'The password needs an uppercase letter, a digit, a symbol.' },
    ]);
  });

  it('400 for invalid input (schema)', async () => {
    const response = await post(signup, '/auth/signup', {
      email: 'not-an-email',
      password: STRONG_PASSWORD,
      admin: true,
    });
    expect(response.status).toBe(400);
    expect((response.body.errors as Array<{ pointer: string }>).map((e) => e.pointer).sort()).toEqual([
      '/body/admin',
      '/body/email',
    ]);
  });

  it('400 for a wrong confirmation code, and the same for an unknown user', async () => {
    const email = newEmail();
    await post(signup, '/auth/signup', { email, password: STRONG_PASSWORD });
    const wrong = await post(confirm, '/auth/confirm', { email, code: '000000' });
    const unknown = await post(confirm, '/auth/confirm', { email: newEmail(), code: '000000' });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { pointer: '/body/code', detail: 'The confirmation code is not valid.' },
      ]);
    }
  });

  it('403 when logging in before confirming', async () => {
    const email = newEmail();
    await post(signup, '/auth/signup', { email, password: STRONG_PASSWORD });
    const response = await post(login, '/auth/login', { email, password: STRONG_PASSWORD });
    expect(response.status).toBe(403);
    expect(response.body.type).toBe(problemType('forbidden'));
  });

  it('401 with one generic answer for a wrong password and for an unknown user', async () => {
    const email = await confirmedUser();
    const wrongPassword = await post(login, '/auth/login', { email, password: 'Wrong-Password-42' });
    const unknownUser = await post(login, '/auth/login', {
      email: newEmail(),
      password: 'Wrong-Password-42',
    });
    const strip = ({ instance: _instance, ...rest }: Record<string, unknown>) => rest;
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(strip(wrongPassword.body)).toEqual(strip(unknownUser.body));
    expect(wrongPassword.body.detail).toBe(BAD_CREDENTIALS_DETAIL);
  });

  it('401 for a refresh token that is not valid', async () => {
    const response = await post(refresh, '/auth/refresh', { refreshToken: 'x'.repeat(64) });
    expect(response.status).toBe(401);
    expect(response.body.detail).toBe(BAD_CREDENTIALS_DETAIL);
  });

  describe('faults cognito-local cannot produce', () => {
    // Created here, not at collection time: mockClient replaces `send` on every client instance.
    let cognitoMock: ReturnType<typeof mockClient>;
    beforeAll(() => (cognitoMock = mockClient(CognitoIdentityProviderClient)));
    afterEach(() => cognitoMock.reset());
    afterAll(() => cognitoMock.restore());

    it('429 with Retry-After when Cognito throttles', async () => {
      cognitoMock.on(InitiateAuthCommand).rejects(
        Object.assign(new Error('Rate exceeded'), {
          name: 'TooManyRequestsException',
          $metadata: { httpStatusCode: 400 },
        }),
      );
      const response = await post(login, '/auth/login', { email: newEmail(), password: STRONG_PASSWORD });
      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body.type).toBe(problemType('too-many-requests'));
    });

    it('400 when Cognito itself refuses the password (policy checked there too)', async () => {
      cognitoMock.on(SignUpCommand).rejects(
        Object.assign(new Error('Password did not conform'), {
          name: 'InvalidPasswordException',
          $metadata: { httpStatusCode: 400 },
        }),
      );
      const response = await post(signup, '/auth/signup', { email: newEmail(), password: STRONG_PASSWORD });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { pointer: '/body/password', detail: 'The password does not meet the password policy.' },
      ]);
    });

    it('503 without internals when Cognito is unavailable', async () => {
      cognitoMock.on(InitiateAuthCommand).rejects(
        Object.assign(new Error('internal detail'), {
          name: 'InternalErrorException',
          $metadata: { httpStatusCode: 500 },
        }),
      );
      const response = await post(login, '/auth/login', { email: newEmail(), password: STRONG_PASSWORD });
      expect(response.status).toBe(503);
      expect(JSON.stringify(response.body)).not.toContain('internal detail');
    });
  });
});
