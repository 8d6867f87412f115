import { authorizerConfig, isLoopbackUrl } from '../../../src/authorizer/config';

const base = { STAGE: 'dev', USER_POOL_ID: 'us-east-1_Abc123', USER_POOL_CLIENT_IDS: 'client-a, client-b' };

describe('authorizerConfig', () => {
  it('derives the Cognito issuer, JWKS and service-token settings from the pool and stage', () => {
    expect(authorizerConfig(base)).toEqual({
      accessToken: {
        issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123',
        jwksUri: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123/.well-known/jwks.json',
        clientIds: ['client-a', 'client-b'],
      },
      serviceToken: {
        issuers: ['ledgerline-backoffice'],
        audience: 'ledgerline-api-dev',
        secretName: 'ledgerline/dev/service-token-signing-key',
        localKeyFile: undefined,
      },
      isOffline: false,
    });
  });

  it('uses the primary pool from another region (us-west-2 points at us-east-1)', () => {
    const config = authorizerConfig({ ...base, AWS_REGION: 'us-west-2' });
    expect(config.accessToken.issuer).toContain('cognito-idp.us-east-1.amazonaws.com');
  });

  it('accepts a loopback http issuer and a local key file only offline', () => {
    const local = {
      ...base,
      COGNITO_ISSUER: 'http://127.0.0.1:9229/local_x',
      LOCAL_SERVICE_TOKEN_KEY_FILE: '/tmp/k',
    };
    expect(authorizerConfig({ ...local, IS_OFFLINE: 'true' }).serviceToken.localKeyFile).toBe('/tmp/k');
    expect(() => authorizerConfig({ ...base, COGNITO_ISSUER: 'http://127.0.0.1:9229/local_x' })).toThrow(
      /https/,
    );
    expect(() => authorizerConfig({ ...base, LOCAL_SERVICE_TOKEN_KEY_FILE: '/tmp/k' })).toThrow(
      /local stack only/,
    );
    expect(() =>
      authorizerConfig({ ...base, IS_OFFLINE: 'true', COGNITO_ISSUER: 'http://evil.example/pool' }),
    ).toThrow(/https/);
  });

  it('fails the cold start without a pool or client', () => {
    expect(() => authorizerConfig({ STAGE: 'dev' })).toThrow(/USER_POOL_ID/);
    expect(() => authorizerConfig({ STAGE: 'dev', USER_POOL_ID: 'us-east-1_A' })).toThrow(
      /USER_POOL_CLIENT_IDS/,
    );
  });

  it('recognises loopback URLs only', () => {
    expect(isLoopbackUrl('http://127.0.0.1:9229/x')).toBe(true);
    expect(isLoopbackUrl('http://localhost/x')).toBe(true);
    expect(isLoopbackUrl('https://127.0.0.1/x')).toBe(false);
    expect(isLoopbackUrl('http://127.0.0.1.evil.example/x')).toBe(false);
  });
});
