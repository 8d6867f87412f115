import { accessTokenVerifier } from '../../../src/authorizer/access-token-verifier';
import { authorize } from '../../../src/authorizer/authorize';
import type { AuthorizerConfig } from '../../../src/authorizer/config';
import type { SecretSource } from '../../../src/authorizer/secret-source';
import { serviceTokenVerifier } from '../../../src/authorizer/service-token-verifier';
import { SigningKeyCache } from '../../../src/authorizer/signing-key-cache';
import { TokenRejectedError } from '../../../src/authorizer/token';
import type { SessionRecords } from '../../../src/domain/sessions';
import type { Fixture } from '../../support/decision-table';
import { decisionTable } from '../../support/decision-table';
import type { JwksServer } from '../../support/tokens';
import {
  accessClaims,
  CLIENT_ID,
  rsaKey,
  SERVICE_AUDIENCE,
  SERVICE_ISSUER,
  serviceClaims,
  serviceKey,
  signHs256,
  signRs256,
  startJwksServer,
} from '../../support/tokens';

const key = rsaKey('key-1');
let jwks: JwksServer;
let fixture: Fixture;
let config: AuthorizerConfig;
let secret: string;
const source = { name: 'test', fetch: jest.fn(async () => secret) } satisfies SecretSource;

/** Revocation records by `<sub>/<family>` (the DynamoDB store itself: integration tests). */
let records: Record<string, SessionRecords> = {};
const sessions = { recordsFor: async (sub: string, family: string) => records[`${sub}/${family}`] ?? {} };

function build() {
  const access = accessTokenVerifier(config.accessToken);
  const service = serviceTokenVerifier(config.serviceToken, new SigningKeyCache(source));
  return { access, service: () => service, sessions };
}
let verifiers: ReturnType<typeof build>;

beforeAll(async () => {
  jwks = await startJwksServer([key]);
  secret = serviceKey();
  fixture = { issuer: jwks.issuer, key, serviceKey: secret };
  config = {
    accessToken: { issuer: jwks.issuer, jwksUri: jwks.jwksUri, clientIds: [CLIENT_ID] },
    serviceToken: {
      issuers: [SERVICE_ISSUER],
      audience: SERVICE_AUDIENCE,
      secretName: 'ledgerline/test/service-token-signing-key',
      localKeyFile: undefined,
    },
    isOffline: true,
  };
  verifiers = build();
});
afterAll(() => jwks.close());

describe('authorize: the decision table', () => {
  it.each(decisionTable)('$name', async ({ authorization, expected }) => {
    // Act
    const outcome = await authorize(authorization(fixture), config, verifiers).then(
      (principal) => ({ allow: true as const, principal }),
      (error: unknown) => ({ allow: false as const, error }),
    );

    // Assess
    if (expected.allow) {
      expect(outcome).toMatchObject({ allow: true, principal: { tokenType: expected.tokenType } });
    } else {
      expect(outcome.allow).toBe(false);
      const { error } = outcome as { error: unknown };
      expect(error).toBeInstanceOf(TokenRejectedError);
      expect((error as TokenRejectedError).reason).toBe(expected.reason);
    }
  });
});

describe('authorize: principals', () => {
  it('passes sub, scope, client id, token type, token family and sign-in time of an access token', async () => {
    const authTime = Math.floor(Date.now() / 1000) - 120;
    const jwt = signRs256(
      key,
      accessClaims(jwks.issuer, {
        sub: 'u-1',
        scope: 'openid profile',
        origin_jti: 'family-1',
        auth_time: authTime,
      }),
    );
    await expect(authorize(`Bearer ${jwt}`, config, verifiers)).resolves.toEqual({
      sub: 'u-1',
      scopes: ['openid', 'profile'],
      tokenType: 'access',
      clientId: CLIENT_ID,
      tokenFamily: 'family-1',
      authTime,
    });
  });

  it('passes the calling system of a service token, falling back to iss without sub', async () => {
    const jwt = signHs256(secret, serviceClaims({ sub: undefined, scope: 'profiles:read' }));
    await expect(authorize(`Bearer ${jwt}`, config, verifiers)).resolves.toEqual({
      sub: SERVICE_ISSUER,
      scopes: ['profiles:read'],
      tokenType: 'service',
      clientId: SERVICE_ISSUER,
    });
  });

  it('accepts a token that expired within the clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = signRs256(key, accessClaims(jwks.issuer, { iat: now - 900, exp: now - 3 }));
    await expect(authorize(`Bearer ${jwt}`, config, verifiers)).resolves.toMatchObject({
      tokenType: 'access',
    });
  });
});

describe('authorize: ended sessions', () => {
  const now = Math.floor(Date.now() / 1000);
  const token = (claims: Record<string, unknown>) =>
    `Bearer ${signRs256(key, accessClaims(jwks.issuer, { sub: 'u-2', origin_jti: 'family-a', ...claims }))}`;
  const reasonOf = (authorization: string) =>
    authorize(authorization, config, verifiers).then(
      () => 'allowed',
      (error: TokenRejectedError) => `${error.reason}: ${(error.cause as Error | undefined)?.message}`,
    );
  afterEach(() => (records = {}));

  it('refuses every token of a revoked family and no other family', async () => {
    records = { 'u-2/family-a': { familyRevokedAt: now - 1 } };
    await expect(reasonOf(token({}))).resolves.toBe('session-ended: family-revoked');
    await expect(reasonOf(token({ origin_jti: 'family-b' }))).resolves.toBe('allowed');
    await expect(reasonOf(token({ sub: 'u-3' }))).resolves.toBe('allowed');
  });

  it('refuses families authenticated before "not before", even when refreshed after it', async () => {
    records = {
      'u-2/family-a': { notBefore: now },
      'u-2/family-b': { notBefore: now },
    };
    // Authenticated one second before, refreshed (iat) just now: still the old session.
    await expect(reasonOf(token({ auth_time: now - 1, iat: now, exp: now + 900 }))).resolves.toBe(
      'session-ended: before-not-before',
    );
    await expect(reasonOf(token({ origin_jti: 'family-b', auth_time: now }))).resolves.toBe('allowed');
  });

  it('fails closed when the records cannot be read', async () => {
    const unreachable = {
      ...verifiers,
      sessions: { recordsFor: () => Promise.reject(new Error('timeout')) },
    };
    await expect(authorize(token({}), config, unreachable)).rejects.toThrow('timeout');
  });

  it('never reads the records for a token that fails verification', async () => {
    const recordsFor = jest.fn(async () => ({}));
    const counted = { ...verifiers, sessions: { recordsFor } };
    const forged = signRs256(rsaKey('key-1'), accessClaims(jwks.issuer));
    await expect(authorize(`Bearer ${forged}`, config, counted)).rejects.toThrow(TokenRejectedError);
    expect(recordsFor).not.toHaveBeenCalled();
  });
});

describe('JWKS caching', () => {
  it('fetches the JWKS once for many verifications by one verifier', async () => {
    // Prepare
    const server = await startJwksServer([key]);
    const verify = accessTokenVerifier({
      issuer: server.issuer,
      jwksUri: server.jwksUri,
      clientIds: [CLIENT_ID],
    });

    // Act
    for (let i = 0; i < 20; i += 1) await verify(signRs256(key, accessClaims(server.issuer)));

    // Assess
    expect(server.requests()).toBe(1);
    await server.close();
  });

  it('refetches at most once per wait period for unknown kids', async () => {
    // Prepare
    const server = await startJwksServer([key]);
    const verify = accessTokenVerifier({
      issuer: server.issuer,
      jwksUri: server.jwksUri,
      clientIds: [CLIENT_ID],
    });
    await verify(signRs256(key, accessClaims(server.issuer)));
    const stranger = rsaKey('stranger');

    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => verify(signRs256(stranger, accessClaims(server.issuer)))),
    );

    // Assess
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(server.requests()).toBeLessThanOrEqual(2);
    await server.close();
  });

  it('treats an unreachable JWKS as an outage, not as a rejected token', async () => {
    const server = await startJwksServer([key]);
    await server.close();
    const verify = accessTokenVerifier({
      issuer: server.issuer,
      jwksUri: server.jwksUri,
      clientIds: [CLIENT_ID],
    });

    const error = await verify(signRs256(key, accessClaims(server.issuer))).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TokenRejectedError);
  });
});

describe('service key rotation', () => {
  it('accepts tokens signed with a rotated key after one refetch, and bounds refetches for forgeries', async () => {
    // Prepare
    const rotating = { name: 'rotating', fetch: jest.fn(async () => 'a'.repeat(64)) };
    const verify = serviceTokenVerifier(config.serviceToken, new SigningKeyCache(rotating));
    await verify(signHs256('a'.repeat(64), serviceClaims()));
    rotating.fetch.mockImplementation(async () => 'b'.repeat(64));

    // Act: the first token with the new key refetches; forgeries after it do not
    const rotated = await verify(signHs256('b'.repeat(64), serviceClaims()));
    const forged = await Promise.allSettled(
      Array.from({ length: 20 }, () => verify(signHs256(serviceKey(), serviceClaims()))),
    );

    // Assess
    expect(rotated.tokenType).toBe('service');
    expect(forged.every((r) => r.status === 'rejected')).toBe(true);
    expect(rotating.fetch).toHaveBeenCalledTimes(2);
  });
});
