// Sessions that end, against cognito-local (with the faithful shim: token families, disabled users,
// GlobalSignOut) and the revocation records in DynamoDB Local: every flow ends with the authorizer
// refusing exactly the tokens it should, at once (no authorizer cache in process).
import { generateSync } from 'otplib';
import type { LocalCognito } from '../../../../scripts/local/cognito-local';
import { DynamoDbRevocationStore } from '../../src/adapters/dynamodb-revocation-store';
import { throughGateway } from '../support/gateway';
import type { AuthHandlers, HandlerResponse } from '../support/local-auth';
import {
  call,
  loadAuthHandlers,
  newEmail,
  post,
  startLocalAuth,
  STRONG_PASSWORD,
} from '../support/local-auth';

let cognito: LocalCognito;
let h: AuthHandlers;

beforeAll(async () => {
  cognito = await startLocalAuth();
  h = await loadAuthHandlers();
}, 30_000);
afterAll(() => cognito?.stop());

interface SignedIn {
  accessToken: string;
  refreshToken: string;
  /** What the authorizer hands the handlers for this token. */
  context: Record<string, unknown>;
}

/** The status a protected route answers for `accessToken` (the authorizer decides). */
const statusOf = async (accessToken: string) =>
  (await throughGateway(h.authorizer, `Bearer ${accessToken}`, () => undefined)).status;

async function newUser(): Promise<{ email: string; userId: string }> {
  const email = newEmail();
  const signup = await post(h.signup, '/auth/signup', { email, password: STRONG_PASSWORD });
  await post(h.confirm, '/auth/confirm', { email, code: await cognito.confirmationCode(email) });
  return { email, userId: String(signup.body.userId) };
}

async function signIn(email: string): Promise<SignedIn> {
  const login = await post(h.login, '/auth/login', { email, password: STRONG_PASSWORD });
  expect(login.status).toBe(200);
  return fromTokens(login);
}

async function fromTokens(response: HandlerResponse, refreshToken?: string): Promise<SignedIn> {
  const accessToken = String(response.body.accessToken);
  const gateway = await throughGateway(h.authorizer, `Bearer ${accessToken}`, () => undefined);
  expect(gateway.status).toBe(200);
  return {
    accessToken,
    refreshToken: refreshToken ?? String(response.body.refreshToken),
    context: gateway.context ?? {},
  };
}

const asUser = (session: SignedIn) => ({
  headers: { Authorization: `Bearer ${session.accessToken}` },
  authorizer: session.context,
});
const admin = (userId: string) => ({
  method: 'POST',
  pathParameters: { userId },
  authorizer: {
    sub: 'fraud-desk',
    scope: 'auth:admin',
    tokenType: 'service',
    clientId: 'ledgerline-backoffice',
  },
});

describe('logout (this device)', () => {
  it('refuses that session at once, also after a refresh, and leaves the user’s other sessions alone', async () => {
    // Prepare: the same user on two devices
    const { email } = await newUser();
    const phone = await signIn(email);
    const tablet = await signIn(email);
    expect(phone.context.tokenFamily).not.toBe(tablet.context.tokenFamily);

    // Act
    const logout = await call(h.logout, {
      method: 'POST',
      path: '/auth/logout',
      body: { refreshToken: phone.refreshToken },
      ...asUser(phone),
    });

    // Assess
    expect(logout.status).toBe(204);
    expect(await statusOf(phone.accessToken)).toBe(401);
    expect((await post(h.refresh, '/auth/refresh', { refreshToken: phone.refreshToken })).status).toBe(401);
    expect(await statusOf(tablet.accessToken)).toBe(200);
    const tabletRefresh = await post(h.refresh, '/auth/refresh', { refreshToken: tablet.refreshToken });
    expect(tabletRefresh.status).toBe(200);
    expect(await statusOf(String(tabletRefresh.body.accessToken))).toBe(200);
  });

  it('refuses a device’s session once its family is revoked, even though its refresh token was never revoked', async () => {
    // Prepare: the device is removed elsewhere (profiles' DELETE /profiles/me/sessions/{deviceId})
    const { email, userId } = await newUser();
    const phone = await signIn(email);
    const store = DynamoDbRevocationStore.fromEnvironment();
    await store.revokeFamily(userId, String(phone.context.tokenFamily), 'device-removed', new Date());

    // Act
    const refreshed = await post(h.refresh, '/auth/refresh', { refreshToken: phone.refreshToken });

    // Assess: no new tokens, and the refresh token is now revoked at Cognito as well
    expect(refreshed.status).toBe(401);
    expect(refreshed.headers['content-type']).toBe('application/problem+json');
    expect(await statusOf(phone.accessToken)).toBe(401);
    await store.raiseNotBefore(userId, 0, 'logout-all', new Date()); // changes nothing (never backward)
    expect((await store.recordsFor(userId, String(phone.context.tokenFamily))).notBefore).toBe(0);
  });
});

describe('logout-all (every device)', () => {
  it('refuses every session of the user, refreshed ones too, and no other user’s', async () => {
    // Prepare
    const { email } = await newUser();
    const other = await newUser();
    const phone = await signIn(email);
    const tablet = await signIn(email);
    const stranger = await signIn(other.email);
    const refreshedTablet = await post(h.refresh, '/auth/refresh', { refreshToken: tablet.refreshToken });
    // Tokens minted in the same second as the sign-out are refused too (not-before is the next second).
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    // Act
    const all = await call(h.logoutAll, { method: 'POST', path: '/auth/logout-all', ...asUser(phone) });

    // Assess
    expect(all.status).toBe(204);
    for (const token of [phone.accessToken, tablet.accessToken, String(refreshedTablet.body.accessToken)]) {
      expect(await statusOf(token)).toBe(401);
    }
    expect((await post(h.refresh, '/auth/refresh', { refreshToken: tablet.refreshToken })).status).toBe(401);
    expect(await statusOf(stranger.accessToken)).toBe(200);
    // A new sign-in (a later second) works.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await statusOf((await signIn(email)).accessToken)).toBe(200);
  });
});

describe('back-office lock and unlock', () => {
  it('lock: no login, no refresh, every outstanding token refused; unlock: login again, old sessions stay ended', async () => {
    // Prepare
    const { email, userId } = await newUser();
    const phone = await signIn(email);

    // Act
    const lock = await call(h.lockUser, { ...admin(userId), path: `/auth/admin/users/${userId}/lock` });

    // Assess
    expect(lock.status).toBe(204);
    expect(await statusOf(phone.accessToken)).toBe(401);
    expect((await post(h.refresh, '/auth/refresh', { refreshToken: phone.refreshToken })).status).toBe(401);
    const refused = await post(h.login, '/auth/login', { email, password: STRONG_PASSWORD });
    expect(refused.status).toBe(401);

    const unlock = await call(h.unlockUser, { ...admin(userId), path: `/auth/admin/users/${userId}/unlock` });
    expect(unlock.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await statusOf((await signIn(email)).accessToken)).toBe(200);
    expect(await statusOf(phone.accessToken)).toBe(401);
  });

  it('answers 404 for an unknown user and 400 for an id that is not a user id', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const lock = await call(h.lockUser, { ...admin(unknown), path: `/auth/admin/users/${unknown}/lock` });
    expect(lock.status).toBe(404);
    const bad = await call(h.lockUser, { ...admin('not-a-user'), path: '/auth/admin/users/not-a-user/lock' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/path/userId' })]);
  });
});

describe('TOTP off, by the user and by the back office', () => {
  async function withTotp(): Promise<{ email: string; userId: string; secret: string; session: SignedIn }> {
    const { email, userId } = await newUser();
    const session = await signIn(email);
    const setup = await call(h.setupTotp, { method: 'POST', path: '/auth/mfa/totp', ...asUser(session) });
    const secret = String(setup.body.secretCode);
    const verify = await call(h.verifyTotp, {
      method: 'POST',
      path: '/auth/mfa/totp/verify',
      body: { code: generateSync({ secret }) },
      ...asUser(session),
    });
    expect(verify.status).toBe(204);
    expect((await post(h.login, '/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(403);
    return { email, userId, secret, session };
  }
  const disable = (session: SignedIn, body: Record<string, unknown>) =>
    call(h.disableTotp, { method: 'DELETE', path: '/auth/mfa/totp', body, ...asUser(session) });

  it('refuses a wrong code or a wrong password (400, MFA stays on), then turns it off with both right', async () => {
    // Prepare
    const { email, secret, session } = await withTotp();
    const code = generateSync({ secret });
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    // Act + Assess
    const badCode = await disable(session, { password: STRONG_PASSWORD, code: wrongCode });
    expect(badCode.status).toBe(400);
    expect(badCode.body.errors).toEqual([expect.objectContaining({ pointer: '/body/code' })]);
    const badPassword = await disable(session, { password: 'Wrong-Password-1!', code });
    expect(badPassword.status).toBe(400);
    expect(badPassword.body.errors).toEqual([expect.objectContaining({ pointer: '/body/password' })]);
    expect((await post(h.login, '/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(403);

    expect((await disable(session, { password: STRONG_PASSWORD, code })).status).toBe(204);
    expect((await post(h.login, '/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(200);
    // The caller's own session goes on; turning it off again is a 409.
    expect(await statusOf(session.accessToken)).toBe(200);
    expect((await disable(session, { password: STRONG_PASSWORD, code })).status).toBe(409);
  });

  it('admin MFA reset: TOTP off and every session ended', async () => {
    const { email, userId, session } = await withTotp();
    const reset = await call(h.resetMfa, { ...admin(userId), path: `/auth/admin/users/${userId}/mfa/reset` });
    expect(reset.status).toBe(204);
    expect(await statusOf(session.accessToken)).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await post(h.login, '/auth/login', { email, password: STRONG_PASSWORD })).status).toBe(200);
  });
});

describe('who may call the session routes (src/domain/rules.ts, row by row)', () => {
  const userContext = {
    sub: 'u-1',
    scope: 'aws.cognito.signin.user.admin',
    tokenType: 'access',
    clientId: 'c',
    tokenFamily: 'f',
  };
  const service = (scope: string) => ({
    sub: 'job',
    scope,
    tokenType: 'service',
    clientId: 'ledgerline-backoffice',
  });
  const someone = '00000000-0000-4000-8000-000000000001';
  const cases: Array<[string, keyof AuthHandlers, Parameters<typeof call>[1], number]> = [
    [
      'logout: a service token',
      'logout',
      {
        method: 'POST',
        path: '/auth/logout',
        body: { refreshToken: 'x'.repeat(20) },
        authorizer: service('auth:admin'),
      },
      403,
    ],
    [
      'logout: no principal',
      'logout',
      { method: 'POST', path: '/auth/logout', body: { refreshToken: 'x'.repeat(20) } },
      401,
    ],
    [
      'logout-all: a service token',
      'logoutAll',
      { method: 'POST', path: '/auth/logout-all', authorizer: service('auth:admin') },
      403,
    ],
    ['logout-all: no principal', 'logoutAll', { method: 'POST', path: '/auth/logout-all' }, 401],
    [
      'TOTP off: a service token',
      'disableTotp',
      {
        method: 'DELETE',
        path: '/auth/mfa/totp',
        body: { password: 'p', code: '123456' },
        authorizer: service('auth:admin'),
      },
      403,
    ],
    [
      'TOTP off: no principal',
      'disableTotp',
      { method: 'DELETE', path: '/auth/mfa/totp', body: { password: 'p', code: '123456' } },
      401,
    ],
    ...(['lockUser', 'unlockUser', 'resetMfa'] as const).flatMap((route) => [
      [
        `${route}: a user token`,
        route,
        { ...admin(someone), authorizer: userContext, path: `/x/${route}` },
        403,
      ] as [string, keyof AuthHandlers, Parameters<typeof call>[1], number],
      [
        `${route}: a service token without auth:admin`,
        route,
        { ...admin(someone), authorizer: service('ledger:admin transactions:read'), path: `/x/${route}` },
        403,
      ] as [string, keyof AuthHandlers, Parameters<typeof call>[1], number],
      [
        `${route}: no principal`,
        route,
        { ...admin(someone), authorizer: undefined, path: `/x/${route}` },
        401,
      ] as [string, keyof AuthHandlers, Parameters<typeof call>[1], number],
      [`${route}: auth:admin (unknown user)`, route, { ...admin(someone), path: `/x/${route}` }, 404] as [
        string,
        keyof AuthHandlers,
        Parameters<typeof call>[1],
        number,
      ],
    ]),
  ];

  it.each(cases)('%s → %s', async (_name, route, options, status) => {
    const response = await call(h[route] as Parameters<typeof call>[0], options);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });

  it('the table covers every protected auth route', async () => {
    const { ROUTE_RULES } = await import('../../src/domain/rules');
    const tested = new Set(cases.map(([, route]) => route));
    const protectedRoutes = Object.entries(ROUTE_RULES)
      .filter(([, rule]) => rule.caller !== 'anyone')
      .map(([route]) => route)
      .filter((route) => !['setupTotp', 'verifyTotp'].includes(route)); // totp-mfa.test.ts
    expect([...tested].sort()).toEqual(protectedRoutes.sort());
  });
});
