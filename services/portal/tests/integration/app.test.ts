/**
 * The portal's HTTP behaviour that needs no live API: security headers, CSRF, cookies, readiness and
 * draining, session timeouts, and what happens when the API refuses a session or is down (a tiny
 * local server answers for the API to inject those faults). The flows against the real APIs are in
 * tests/portal-e2e (a real browser against `npm start`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import type { PortalConfig } from '../../src/config';
import { loadConfig } from '../../src/config';
import { hashSessionToken, newSessionToken, seal } from '../../src/crypto';
import { sharedSecret } from '../../src/db/app-secrets';
import type { PortalDatabases } from '../../src/db/database';
import { connectDatabases } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { portalContext } from '../../src/main';
import { SessionStore } from '../../src/db/sessions';
import type { TestDatabase } from '../support/postgres';
import { startTestDatabase } from '../support/postgres';

const SUB = '11111111-2222-3333-4444-555555555555';
const jwt = (claims: Record<string, unknown>) =>
  `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

let database: TestDatabase;
let dbs: PortalDatabases;
let app: FastifyInstance;
let config: PortalConfig;
let draining = false;
let apiStatus = 200;
const api = createServer((request, response) => {
  if (apiStatus !== 200) {
    response
      .writeHead(apiStatus, { 'content-type': 'application/problem+json' })
      .end(JSON.stringify({ status: apiStatus, title: 'refused' }));
    return;
  }
  response
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify(request.url?.startsWith('/accounts') ? { items: [], nextCursor: null } : {}));
});
let store: SessionStore;

beforeAll(async () => {
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  database = await startTestDatabase('pglite');
  dbs = connectDatabases({ writerUrl: database.url, readerUrl: database.url, poolMax: database.poolMax });
  await migrateToLatest(dbs.writer);
  config = loadConfig({
    API_BASE_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
    LOG_LEVEL: 'silent',
  });
  store = new SessionStore(dbs, config.session);
  app = await buildApp({
    ...portalContext(config, dbs, await sharedSecret(dbs, 'cookie')),
    isDraining: () => draining,
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await dbs?.close();
  await database?.stop();
  api.close();
});

/** A signed-in session straight in the store (as sign-in leaves it), and its cookie. */
async function signedIn(overrides: { lastSeenMinutesAgo?: number } = {}) {
  const token = newSessionToken();
  const tokens = {
    accessToken: jwt({ sub: SUB, exp: Math.floor(Date.now() / 1000) + 3600 }),
    refreshToken: 'r'.repeat(40),
  };
  const now = new Date(Date.now() - (overrides.lastSeenMinutesAgo ?? 0) * 60_000);
  await store.create(
    hashSessionToken(token),
    {
      userSub: SUB,
      sealedTokens: seal(token, 'api-tokens', JSON.stringify(tokens)),
      accessExpiresAt: new Date(Date.now() + 3_600_000),
      csrfSecret: newSessionToken(),
      ip: '127.0.0.1',
      userAgent: 'jest',
      mfa: false,
    },
    now,
  );
  return { token, cookie: `__Host-ledgerline=${token}`, idHash: hashSessionToken(token) };
}

describe('security headers and cookies', () => {
  it('every page: strict CSP without inline script, no framing, HSTS, no-store, nosniff', async () => {
    const response = await app.inject({ method: 'GET', url: '/sign-in' });
    expect(response.statusCode).toBe(200);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['strict-transport-security']).toMatch(/max-age=63072000/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).not.toMatch(/<script(?![^>]*src=)/);
  });

  it('the CSRF secret cookie is __Host-, HttpOnly, Secure, SameSite=Strict', async () => {
    const response = await app.inject({ method: 'GET', url: '/sign-in' });
    const cookie = response.cookies.find((c) => c.name === '__Host-csrf');
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, secure: true, sameSite: 'Strict' });
  });
});

describe('CSRF', () => {
  it('a POST without a token is refused with 403 and changes nothing', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/sign-in',
      payload: 'email=a%40b.c&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(403);
  });

  it("the form's own token is accepted (the sign-in reaches the API)", async () => {
    const page = await app.inject({ method: 'GET', url: '/sign-in' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const secret = page.cookies.find((c) => c.name === '__Host-csrf')?.value ?? '';
    apiStatus = 401;
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: new URLSearchParams({
          _csrf: csrf,
          email: 'someone@example.com',
          password: 'wrong',
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `__Host-csrf=${secret}` },
      });
      expect(response.statusCode).toBe(401);
      expect(response.body).toContain('The email address or password is not right.');
    } finally {
      apiStatus = 200;
    }
  });

  it('a token minted for another session is refused', async () => {
    const page = await app.inject({ method: 'GET', url: '/sign-in' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const secret = page.cookies.find((c) => c.name === '__Host-csrf')?.value ?? '';
    const session = await signedIn();
    const response = await app.inject({
      method: 'POST',
      url: '/sign-out',
      payload: `_csrf=${encodeURIComponent(csrf)}`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `${session.cookie}; __Host-csrf=${secret}`,
      },
    });
    expect(response.statusCode).toBe(403);
    expect(await store.findActive(session.idHash)).toBeDefined();
  });
});

describe('readiness and draining', () => {
  it('every task gets the same cookie secret, created once in the database', async () => {
    const [first, second] = await Promise.all([sharedSecret(dbs, 'cookie'), sharedSecret(dbs, 'cookie')]);
    expect(first).toBe(second);
    expect(Buffer.from(first, 'base64url')).toHaveLength(32);
    expect(await sharedSecret(dbs, 'another')).not.toBe(first);
  });

  it('healthz is 200 with the database, 503 while draining; livez stays 200', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    draining = true;
    try {
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(503);
      expect((await app.inject({ method: 'GET', url: '/livez' })).statusCode).toBe(200);
    } finally {
      draining = false;
    }
  });

  it('healthz is 503 when the database is unreachable', async () => {
    const unreachable = connectDatabases({
      writerUrl: 'postgres://u:p@127.0.0.1:1/none',
      readerUrl: 'postgres://u:p@127.0.0.1:1/none',
    });
    const other = await buildApp({
      ...portalContext(config, unreachable, 'x'.repeat(32)),
      isDraining: () => false,
    });
    try {
      const response = await other.inject({ method: 'GET', url: '/healthz' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ status: 'database-unreachable' });
    } finally {
      await other.close();
      await unreachable.close();
    }
  });
});

describe('sessions', () => {
  it('a signed-in cookie opens the pages; without it, a redirect to sign in', async () => {
    const session = await signedIn();
    expect(
      (await app.inject({ method: 'GET', url: '/accounts', headers: { cookie: session.cookie } })).statusCode,
    ).toBe(200);
    const anonymous = await app.inject({ method: 'GET', url: '/accounts' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/sign-in');
  });

  it('an idle session (past SESSION_IDLE_MINUTES) is refused', async () => {
    const session = await signedIn({ lastSeenMinutesAgo: 16 });
    const response = await app.inject({
      method: 'GET',
      url: '/accounts',
      headers: { cookie: session.cookie },
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in');
  });

  it('when the API refuses the tokens (revoked elsewhere), the portal session ends and its row is gone', async () => {
    const session = await signedIn();
    apiStatus = 401;
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/accounts',
        headers: { cookie: session.cookie },
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/sign-in?notice=session-ended');
      expect(await store.findActive(session.idHash)).toBeUndefined();
    } finally {
      apiStatus = 200;
    }
  });

  it('when the API is down the page says so (503) and the session survives', async () => {
    const session = await signedIn();
    apiStatus = 503;
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/accounts',
        headers: { cookie: session.cookie },
      });
      expect(response.statusCode).toBe(503);
      expect(response.body).toContain('temporarily unavailable');
      expect(await store.findActive(session.idHash)).toBeDefined();
    } finally {
      apiStatus = 200;
    }
  });
});
