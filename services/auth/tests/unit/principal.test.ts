// shared/src/principal.ts: how handlers read the authorizer's context.
import { principalOf, requirePrincipal } from '@ledgerline/shared/principal';
import { apiEvent } from '../../../../tests/support/api-gateway';

const context = { sub: 'u-1', scope: 'a:read b:write', tokenType: 'access', clientId: 'c' };

describe('principalOf / requirePrincipal', () => {
  it('reads the authorizer context', () => {
    expect(principalOf(apiEvent({ authorizer: context }))).toEqual({
      sub: 'u-1',
      scopes: ['a:read', 'b:write'],
      tokenType: 'access',
      clientId: 'c',
    });
    expect(principalOf(apiEvent())).toBeUndefined();
  });

  it('401 without a principal, 403 for the wrong token type or a missing scope', () => {
    expect(() => requirePrincipal(apiEvent())).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => requirePrincipal(apiEvent({ authorizer: context }), { tokenType: 'service' })).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => requirePrincipal(apiEvent({ authorizer: context }), { scopes: ['c:admin'] })).toThrow(
      expect.objectContaining({ status: 403, detail: 'The token lacks the scope(s): c:admin.' }),
    );
    expect(
      requirePrincipal(apiEvent({ authorizer: context }), { tokenType: 'access', scopes: ['a:read'] }).sub,
    ).toBe('u-1');
  });
});
