// Each mapped error of the auth endpoints, against cognito-local; a fault proxy in front of it for
// the faults cognito-local cannot produce (throttling, outage), answered as Amazon Cognito answers.
import type { LocalCognito } from '../../../../scripts/local/cognito-local';
import { BAD_CREDENTIALS_DETAIL } from '../../src/domain/auth-problems';
// Type-only (erased): the modules themselves load in beforeAll, once the environment is set.
import type * as Confirm from '../../src/handlers/confirm';
import type * as Login from '../../src/handlers/login';
import type * as Refresh from '../../src/handlers/refresh';
import type * as Signup from '../../src/handlers/signup';
import type { CognitoFaultProxy } from '../support/cognito-fault-proxy';
import { cognitoError, startCognitoFaultProxy } from '../support/cognito-fault-proxy';
import { newEmail, post, startLocalAuth, STRONG_PASSWORD } from '../support/local-auth';

let cognito: LocalCognito;
let faults: CognitoFaultProxy;
let signup: typeof Signup.handler;
let confirm: typeof Confirm.handler;
let login: typeof Login.handler;
let refresh: typeof Refresh.handler;
const problemType = (slug: string) => `https://ledgerline.dev/problems/${slug}`;

beforeAll(async () => {
  cognito = await startLocalAuth();
  // The handlers talk to cognito-local through the proxy (they read COGNITO_ENDPOINT at first use).
  faults = await startCognitoFaultProxy(cognito.endpoint);
  process.env.COGNITO_ENDPOINT = faults.endpoint;
  ({ handler: signup } = await import('../../src/handlers/signup'));
  ({ handler: confirm } = await import('../../src/handlers/confirm'));
  ({ handler: login } = await import('../../src/handlers/login'));
  ({ handler: refresh } = await import('../../src/handlers/refresh'));
}, 30_000);
afterAll(async () => {
  await faults?.stop();
  await cognito?.stop();
});

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
    beforeEach(() => faults.clear());
    afterEach(() => faults.clear());

    it('429 with Retry-After when Cognito throttles, after one retry as the SDK makes', async () => {
      faults.inject('InitiateAuth', cognitoError(400, 'TooManyRequestsException', 'Rate exceeded'));
      const response = await post(login, '/auth/login', { email: newEmail(), password: STRONG_PASSWORD });
      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body.type).toBe(problemType('too-many-requests'));
      expect(faults.calls).toEqual(['InitiateAuth', 'InitiateAuth']);
    });

    it('400 when Cognito itself refuses the password (policy checked there too), not retried', async () => {
      faults.inject('SignUp', cognitoError(400, 'InvalidPasswordException', 'Password did not conform'));
      const response = await post(signup, '/auth/signup', { email: newEmail(), password: STRONG_PASSWORD });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { pointer: '/body/password', detail: 'The password does not meet the password policy.' },
      ]);
      expect(faults.calls).toEqual(['SignUp']);
    });

    it('503 without internals when Cognito is unavailable', async () => {
      faults.inject('InitiateAuth', cognitoError(500, 'InternalErrorException', 'internal detail'));
      const response = await post(login, '/auth/login', { email: newEmail(), password: STRONG_PASSWORD });
      expect(response.status).toBe(503);
      expect(JSON.stringify(response.body)).not.toContain('internal detail');
      expect(faults.calls).toEqual(['InitiateAuth', 'InitiateAuth']);
    });

    it('the proxy forwards what it does not fault: the same login succeeds once cleared', async () => {
      const email = await confirmedUser();
      faults.inject('InitiateAuth', cognitoError(500, 'InternalErrorException'));
      expect((await post(login, '/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(503);
      faults.clear();
      expect((await post(login, '/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(200);
    });
  });
});
