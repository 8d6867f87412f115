// The whole local flow against cognito-local with real RS256 signatures: signup → confirm → login
// → call a protected route through the authorizer → refresh → logout → refresh refused.
import type { LocalCognito } from '../../../../scripts/local/cognito-local';
import { throughGateway } from '../support/gateway';
import type { AuthHandlers } from '../support/local-auth';
import {
  loadAuthHandlers,
  newEmail,
  post,
  startLocalAuth,
  STAGE,
  STRONG_PASSWORD,
} from '../support/local-auth';
import { tamper } from '../support/tokens';

let cognito: LocalCognito;
let h: AuthHandlers;

beforeAll(async () => {
  cognito = await startLocalAuth();
  h = await loadAuthHandlers();
}, 30_000);
afterAll(() => cognito?.stop());

describe('auth flow against cognito-local', () => {
  it('signs up, confirms, logs in, calls a protected route, refreshes and logs out', async () => {
    // Prepare
    const email = newEmail();
    const protectedRoute = jest.fn();

    // Act + Assess, step by step as the app does it
    const signup = await post(h.signup, '/auth/signup', { email, password: STRONG_PASSWORD });
    expect(signup.status).toBe(201);
    expect(signup.headers.location).toBe('/auth/users/me');
    expect(signup.body).toMatchObject({ userId: expect.any(String), confirmed: false });

    const confirm = await post(h.confirm, '/auth/confirm', {
      email,
      code: await cognito.confirmationCode(email),
    });
    expect(confirm.status).toBe(204);

    const login = await post(h.login, '/auth/login', {
      email: email.toUpperCase(),
      password: STRONG_PASSWORD,
    });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      tokenType: 'Bearer',
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
    });
    const accessToken = String(login.body.accessToken);
    const refreshToken = String(login.body.refreshToken);

    const call = await throughGateway(h.authorizer, `Bearer ${accessToken}`, protectedRoute);
    expect(call).toMatchObject({ status: 200, context: { tokenType: 'access', sub: signup.body.userId } });
    expect(protectedRoute).toHaveBeenCalledTimes(1);

    const refreshed = await post(h.refresh, '/auth/refresh', { refreshToken });
    expect(refreshed.status).toBe(200);
    expect(
      (await throughGateway(h.authorizer, `Bearer ${String(refreshed.body.accessToken)}`, protectedRoute))
        .status,
    ).toBe(200);

    // API Gateway hands the handler the authorizer's context (here: the one from the call above).
    const asService = await post(
      h.logout,
      '/auth/logout',
      { refreshToken },
      { Authorization: 'Bearer x' },
      {
        ...call.context,
        tokenType: 'service',
      },
    );
    expect(asService.status).toBe(403);
    const logout = await post(
      h.logout,
      '/auth/logout',
      { refreshToken },
      { Authorization: `Bearer ${accessToken}` },
      call.context,
    );
    expect(logout.status).toBe(204);

    const afterLogout = await post(h.refresh, '/auth/refresh', { refreshToken });
    expect(afterLogout.status).toBe(401);
    expect(afterLogout.headers['content-type']).toBe('application/problem+json');
  });

  it('denies forged and mis-used cognito-local tokens before the route runs', async () => {
    // Prepare
    const email = newEmail();
    await post(h.signup, '/auth/signup', { email, password: STRONG_PASSWORD });
    await post(h.confirm, '/auth/confirm', { email, code: await cognito.confirmationCode(email) });
    const { body } = await post(h.login, '/auth/login', { email, password: STRONG_PASSWORD });
    const protectedRoute = jest.fn();

    // Act
    const outcomes = await Promise.all(
      [
        String(body.idToken), // id token where an access token is required
        tamper(String(body.accessToken), { sub: 'someone-else' }), // forged claims
        tamper(String(body.accessToken), { exp: Math.floor(Date.now() / 1000) - 3600 }), // "expired", forged
        String(body.refreshToken), // not a JWT
      ].map((token) => throughGateway(h.authorizer, `Bearer ${token}`, protectedRoute)),
    );

    // Assess
    expect(outcomes.map((o) => o.status)).toEqual([401, 401, 401, 401]);
    expect(protectedRoute).not.toHaveBeenCalled();
  });

  it('accepts a service token signed with the run’s ephemeral key', async () => {
    const token = cognito.serviceToken(STAGE, 'transactions:read');
    const outcome = await throughGateway(h.authorizer, `Bearer ${token}`, jest.fn());
    expect(outcome).toMatchObject({
      status: 200,
      context: { tokenType: 'service', scope: 'transactions:read' },
    });
  });
});
