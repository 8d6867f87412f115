// TOTP MFA against cognito-local (real AssociateSoftwareToken, VerifySoftwareToken,
// SetUserMFAPreference, SOFTWARE_TOKEN_MFA challenge and RespondToAuthChallenge; codes computed
// from the secret with otplib, as an authenticator app does): setup → verify → login answers 403
// with the challenge → /auth/login/mfa → tokens the authorizer accepts.
import { generateSync } from 'otplib';
import type { LocalCognito } from '../../../../scripts/local/cognito-local';
import { BAD_MFA_CODE_DETAIL } from '../../src/domain/auth-problems';
import type { CognitoFaultProxy } from '../support/cognito-fault-proxy';
import { cognitoError, startCognitoFaultProxy } from '../support/cognito-fault-proxy';
import { throughGateway } from '../support/gateway';
import type { AuthHandlers } from '../support/local-auth';
import { loadAuthHandlers, newEmail, post, startLocalAuth, STRONG_PASSWORD } from '../support/local-auth';

let cognito: LocalCognito;
let faults: CognitoFaultProxy;
let h: AuthHandlers;
const problemType = (slug: string) => `https://ledgerline.dev/problems/${slug}`;

beforeAll(async () => {
  cognito = await startLocalAuth();
  // The handlers reach cognito-local through a proxy that can answer as Amazon Cognito's faults.
  faults = await startCognitoFaultProxy(cognito.endpoint);
  process.env.COGNITO_ENDPOINT = faults.endpoint;
  h = await loadAuthHandlers();
}, 30_000);
afterAll(async () => {
  await faults?.stop();
  await cognito?.stop();
});

/** The code an authenticator app shows now for `secret` (SHA-1, 6 digits, 30 s: Cognito's TOTP). */
const totp = (secret: string, epoch = Math.floor(Date.now() / 1000)) => generateSync({ secret, epoch });

/** A 6-digit code that is none of the codes valid around now (cognito-local accepts ±30 s). */
function wrongCode(secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const valid = new Set([-60, -30, 0, 30, 60].map((offset) => totp(secret, now + offset)));
  return ['000000', '111111', '222222', '333333', '444444', '555555'].find((c) => !valid.has(c))!;
}

/** A confirmed user, logged in: email, access token and the authorizer's context for it. */
async function signedInUser() {
  const email = newEmail();
  await post(h.signup, '/auth/signup', { email, password: STRONG_PASSWORD });
  await post(h.confirm, '/auth/confirm', { email, code: await cognito.confirmationCode(email) });
  const login = await post(h.login, '/auth/login', { email, password: STRONG_PASSWORD });
  expect(login.status).toBe(200);
  const accessToken = String(login.body.accessToken);
  const gateway = await throughGateway(h.authorizer, `Bearer ${accessToken}`, () => undefined);
  expect(gateway.status).toBe(200);
  return { email, accessToken, context: gateway.context! };
}

/** A user with TOTP MFA turned on, and the authenticator secret. */
async function userWithTotp() {
  const user = await signedInUser();
  const bearer = { Authorization: `Bearer ${user.accessToken}` };
  const setup = await post(h.setupTotp, '/auth/mfa/totp', undefined, bearer, user.context);
  const secret = String(setup.body.secretCode);
  const verified = await post(
    h.verifyTotp,
    '/auth/mfa/totp/verify',
    { code: totp(secret) },
    bearer,
    user.context,
  );
  expect(verified.status).toBe(204);
  return { ...user, secret };
}

describe('TOTP MFA against cognito-local', () => {
  it('sets up an authenticator, turns MFA on, and then logs in with a code in two steps', async () => {
    // Prepare
    const { email, accessToken, context } = await signedInUser();
    const bearer = { Authorization: `Bearer ${accessToken}` };

    // Act + Assess, step by step as the app does it
    const setup = await post(h.setupTotp, '/auth/mfa/totp', undefined, bearer, context);
    expect(setup.status).toBe(200);
    expect(setup.headers['cache-control']).toBe('no-store');
    const secret = String(setup.body.secretCode);
    expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);
    expect(setup.body.otpauthUri).toBe(
      `otpauth://totp/Ledgerline:${encodeURIComponent(String(context.sub))}?secret=${secret}&issuer=Ledgerline`,
    );

    const wrong = await post(
      h.verifyTotp,
      '/auth/mfa/totp/verify',
      { code: wrongCode(secret) },
      bearer,
      context,
    );
    expect(wrong.status).toBe(400);
    expect(wrong.headers['content-type']).toBe('application/problem+json');
    expect(wrong.body.type).toBe(problemType('validation-failed'));
    expect((wrong.body.errors as Array<{ pointer: string }>).map((e) => e.pointer)).toEqual(['/body/code']);

    // MFA is still off after a wrong code: a password alone still gives tokens.
    const stillOff = await post(h.login, '/auth/login', { email, password: STRONG_PASSWORD });
    expect(stillOff.status).toBe(200);
    expect(stillOff.body.accessToken).toEqual(expect.any(String));

    const verified = await post(
      h.verifyTotp,
      '/auth/mfa/totp/verify',
      { code: totp(secret), deviceName: 'Ana’s phone' },
      bearer,
      context,
    );
    expect(verified.status).toBe(204);

    const challenged = await post(h.login, '/auth/login', {
      email: email.toUpperCase(),
      password: STRONG_PASSWORD,
    });
    expect(challenged.status).toBe(403);
    expect(challenged.headers['content-type']).toBe('application/problem+json');
    expect(challenged.body).toMatchObject({
      type: problemType('forbidden'),
      status: 403,
      challenge: 'SOFTWARE_TOKEN_MFA',
      session: expect.any(String),
      sessionExpiresIn: 180,
      detail: expect.stringContaining('/auth/login/mfa'),
    });
    expect(challenged.body.accessToken).toBeUndefined();
    const session = String(challenged.body.session);

    const badCode = await post(h.loginMfa, '/auth/login/mfa', { email, session, code: wrongCode(secret) });
    expect(badCode.status).toBe(401);
    expect(badCode.headers['content-type']).toBe('application/problem+json');
    expect(badCode.body).toMatchObject({ type: problemType('unauthorized'), detail: BAD_MFA_CODE_DETAIL });

    const tokens = await post(h.loginMfa, '/auth/login/mfa', {
      email: email.toUpperCase(),
      session,
      code: totp(secret),
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      idToken: expect.any(String),
      expiresIn: expect.any(Number),
    });
    const protectedRoute = jest.fn();
    const call = await throughGateway(
      h.authorizer,
      `Bearer ${String(tokens.body.accessToken)}`,
      protectedRoute,
    );
    expect(call).toMatchObject({ status: 200, context: { tokenType: 'access', sub: context.sub } });
    expect(protectedRoute).toHaveBeenCalledTimes(1);
  });

  it('answers 401 (one detail) to a session that is not a login challenge’s, and 400 to malformed bodies', async () => {
    const { email, secret } = await userWithTotp();
    const unknownUser = await post(h.loginMfa, '/auth/login/mfa', {
      email: newEmail(),
      session: 'x'.repeat(40),
      code: totp(secret),
    });
    expect(unknownUser.status).toBe(401);
    expect(unknownUser.body.detail).toBe(BAD_MFA_CODE_DETAIL);

    const malformed = await post(h.loginMfa, '/auth/login/mfa', { email, session: 'short', code: '12345' });
    expect(malformed.status).toBe(400);
    expect((malformed.body.errors as Array<{ pointer: string }>).map((e) => e.pointer).sort()).toEqual([
      '/body/code',
      '/body/session',
    ]);
  });

  it('answers 409 to a verify without a setup first, and refuses service tokens and anonymous callers', async () => {
    const { accessToken, context } = await signedInUser();
    const bearer = { Authorization: `Bearer ${accessToken}` };

    const notStarted = await post(h.verifyTotp, '/auth/mfa/totp/verify', { code: '123456' }, bearer, context);
    expect(notStarted.status).toBe(409);
    expect(notStarted.body.type).toBe(problemType('conflict'));

    const serviceContext = { ...context, tokenType: 'service' };
    for (const [handler, path, body] of [
      [h.setupTotp, '/auth/mfa/totp', undefined],
      [h.verifyTotp, '/auth/mfa/totp/verify', { code: '123456' }],
    ] as const) {
      const asService = await post(handler, path, body, bearer, serviceContext);
      expect(asService.status).toBe(403);
      expect(asService.headers['content-type']).toBe('application/problem+json');
      const anonymous = await post(handler, path, body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['content-type']).toBe('application/problem+json');
    }
    // Behind API Gateway a missing token never reaches the route: the gateway answers 401 itself.
    expect((await throughGateway(h.authorizer, undefined, () => undefined)).status).toBe(401);
  });

  describe('faults cognito-local cannot produce', () => {
    let user: Awaited<ReturnType<typeof signedInUser>>;
    beforeAll(async () => (user = await signedInUser()));
    beforeEach(() => faults.clear());
    afterEach(() => faults.clear());

    const loginMfaBody = () => ({ email: newEmail(), session: 's'.repeat(40), code: '123456' });

    it('429 with Retry-After when Cognito throttles the challenge answer', async () => {
      faults.inject('RespondToAuthChallenge', cognitoError(400, 'TooManyRequestsException', 'Rate exceeded'));
      const response = await post(h.loginMfa, '/auth/login/mfa', loginMfaBody());
      expect(response.status).toBe(429);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.body.type).toBe(problemType('too-many-requests'));
    });

    it('400 on /body/code, and MFA left off, when VerifySoftwareToken answers Status ERROR', async () => {
      const { accessToken, context } = user;
      faults.inject('VerifySoftwareToken', { status: 200, body: { Status: 'ERROR' } });
      const response = await post(
        h.verifyTotp,
        '/auth/mfa/totp/verify',
        { code: '123456' },
        { Authorization: `Bearer ${accessToken}` },
        context,
      );
      expect(response.status).toBe(400);
      expect((response.body.errors as Array<{ pointer: string }>).map((e) => e.pointer)).toEqual([
        '/body/code',
      ]);
      expect(faults.calls).toEqual(['VerifySoftwareToken']);
    });

    it('401 with the same detail for an expired session (NotAuthorizedException on AWS)', async () => {
      faults.inject(
        'RespondToAuthChallenge',
        cognitoError(400, 'NotAuthorizedException', 'Invalid session for the user, session is expired.'),
      );
      const response = await post(h.loginMfa, '/auth/login/mfa', loginMfaBody());
      expect(response.status).toBe(401);
      expect(response.body.detail).toBe(BAD_MFA_CODE_DETAIL);
    });
  });
});
