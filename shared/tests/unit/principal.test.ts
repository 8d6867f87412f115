// shared/src/principal.ts: both authorizer shapes a handler can receive.
import { principalOf, requirePrincipal } from '../../src/principal';
import { apiEvent } from '../../../tests/support/api-gateway';

const jwtAuthorizerContext = { sub: 'u-1', scope: 'a:read b:write', tokenType: 'access', clientId: 'c' };

/** What API Gateway's COGNITO_USER_POOLS authorizer puts in requestContext.authorizer. */
const cognitoAuthorizer = (claims: Record<string, string>) => ({
  claims: {
    iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123',
    username: 'u-2',
    auth_time: '1795319400',
    exp: '1795323000',
    iat: '1795319400',
    jti: 'j-1',
    ...claims,
  },
});

describe('principalOf', () => {
  it('reads the JWT authorizer context (services/auth and the local stack) as before', () => {
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

  it('reads the claims of a Cognito access token from the native Cognito authorizer', () => {
    const event = apiEvent({
      authorizer: cognitoAuthorizer({
        sub: 'u-2',
        token_use: 'access',
        client_id: 'client-9',
        scope: 'aws.cognito.signin.user.admin',
      }),
    });

    expect(principalOf(event)).toEqual({
      sub: 'u-2',
      scopes: ['aws.cognito.signin.user.admin'],
      tokenType: 'access',
      clientId: 'client-9',
      issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123',
    });
  });

  it('prefers the JWT authorizer context when both shapes are present', () => {
    const event = apiEvent({
      authorizer: { ...jwtAuthorizerContext, ...cognitoAuthorizer({ sub: 'other', token_use: 'access' }) },
    });
    expect(principalOf(event)?.sub).toBe('u-1');
  });

  it.each([
    ['an id token', { sub: 'u-2', token_use: 'id', aud: 'client-9' }],
    ['no token_use', { sub: 'u-2', client_id: 'client-9' }],
    ['no sub', { token_use: 'access', client_id: 'client-9' }],
    ['an empty sub', { sub: '', token_use: 'access' }],
  ])('gives no principal for Cognito claims of %s', (_case, claims) => {
    expect(principalOf(apiEvent({ authorizer: cognitoAuthorizer(claims) }))).toBeUndefined();
  });

  it('gives no principal without an authorizer, or with claims that are not an object', () => {
    expect(principalOf(apiEvent())).toBeUndefined();
    expect(principalOf(apiEvent({ authorizer: { claims: 'sub=u-2' } }))).toBeUndefined();
    expect(principalOf(apiEvent({ authorizer: { claims: null } }))).toBeUndefined();
  });
});

describe('requirePrincipal with Cognito claims', () => {
  const event = apiEvent({
    authorizer: cognitoAuthorizer({
      sub: 'u-2',
      token_use: 'access',
      client_id: 'c',
      scope: 'profile openid',
    }),
  });

  it('passes an access token with the scopes asked for', () => {
    expect(requirePrincipal(event, { tokenType: 'access', scopes: ['openid'] }).sub).toBe('u-2');
  });

  it('401 for an id token, 403 for a missing scope or the wrong token type', () => {
    const idToken = apiEvent({ authorizer: cognitoAuthorizer({ sub: 'u-2', token_use: 'id' }) });
    expect(() => requirePrincipal(idToken)).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => requirePrincipal(event, { scopes: ['admin'] })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => requirePrincipal(event, { tokenType: 'service' })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });
});
