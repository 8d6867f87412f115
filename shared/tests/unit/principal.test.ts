// shared/src/principal.ts: the one authorizer context shape a handler receives.
import { principalOf, requirePrincipal } from '../../src/principal';
import { apiEvent } from '../../../tests/support/api-gateway';

const jwtAuthorizerContext = { sub: 'u-1', scope: 'a:read b:write', tokenType: 'access', clientId: 'c' };

/** What API Gateway's COGNITO_USER_POOLS authorizer would put in requestContext.authorizer. */
const cognitoAuthorizer = (claims: Record<string, string>) => ({
  claims: {
    iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123',
    username: 'u-2',
    exp: '1795323000',
    iat: '1795319400',
    ...claims,
  },
});

describe('principalOf', () => {
  it('reads the JWT authorizer context (services/auth, on AWS and on the local stack)', () => {
    expect(principalOf(apiEvent({ authorizer: jwtAuthorizerContext }))).toEqual({
      sub: 'u-1',
      scopes: ['a:read', 'b:write'],
      tokenType: 'access',
      clientId: 'c',
    });
    expect(principalOf(apiEvent({ authorizer: { ...jwtAuthorizerContext, tokenType: 'service' } }))).toEqual(
      expect.objectContaining({ tokenType: 'service' }),
    );
  });

  it('takes no other authorizer shape as a caller: native Cognito claims give no principal', () => {
    const event = apiEvent({
      authorizer: cognitoAuthorizer({ sub: 'u-2', token_use: 'access', client_id: 'client-9', scope: 'x' }),
    });
    expect(principalOf(event)).toBeUndefined();
    expect(() => requirePrincipal(event)).toThrow(expect.objectContaining({ status: 401 }));
  });

  it.each([
    ['no sub', { scope: 'a', tokenType: 'access', clientId: 'c' }],
    ['an empty sub', { sub: '', tokenType: 'access' }],
    ['an unknown token type', { sub: 'u-1', tokenType: 'id' }],
    ['no token type', { sub: 'u-1', scope: 'a' }],
  ])('gives no principal for a context with %s', (_case, context) => {
    expect(principalOf(apiEvent({ authorizer: context }))).toBeUndefined();
  });

  it('reads the sign-in time (auth_time) the authorizer passes as a string, and ignores a malformed one', () => {
    const withTime = (authTime: unknown) =>
      principalOf(apiEvent({ authorizer: { ...jwtAuthorizerContext, authTime } }))?.authTime;
    expect(withTime('1795319400')).toBe(1_795_319_400);
    expect(withTime(1_795_319_400)).toBe(1_795_319_400);
    expect(withTime('')).toBeUndefined();
    expect(withTime('12.5')).toBeUndefined();
    expect(withTime('-3')).toBeUndefined();
    expect(withTime('soon')).toBeUndefined();
  });

  it('gives no principal without an authorizer', () => {
    expect(principalOf(apiEvent())).toBeUndefined();
  });
});

describe('requirePrincipal', () => {
  const event = apiEvent({ authorizer: { ...jwtAuthorizerContext, scope: 'profile openid' } });

  it('passes an access token with the scopes asked for', () => {
    expect(requirePrincipal(event, { tokenType: 'access', scopes: ['openid'] }).sub).toBe('u-1');
  });

  it('401 without a caller, 403 for a missing scope or the wrong token type', () => {
    expect(() => requirePrincipal(apiEvent())).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => requirePrincipal(event, { scopes: ['admin'] })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => requirePrincipal(event, { tokenType: 'service' })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });
});
