import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Principal } from '@ledgerline/shared/principal';
import { requirePrincipal } from '@ledgerline/shared/principal';

/**
 * Who may call which auth route: THE authorization table of the auth service, rendered into
 * docs/auth.md ("Who may do what", kept identical by a unit test) and run row by row, refusals
 * included (tests/integration/authorization.test.ts). Public routes prove who the caller is by
 * their body (password, code, refresh token); every other route sits behind the authorizer and
 * then needs the token kind (and scope) below. A user acts on their own account only: the routes
 * take no user id, it comes from the token.
 */
export const ROUTE_RULES = {
  signup: { caller: 'anyone', acts_on: 'a new account' },
  confirm: { caller: 'anyone', acts_on: 'the account of the emailed code' },
  login: { caller: 'anyone', acts_on: 'the account of the password' },
  loginMfa: { caller: 'anyone', acts_on: 'the account of the login session' },
  refresh: { caller: 'anyone', acts_on: 'the session of the refresh token' },
  logout: { caller: 'user', acts_on: "the token's own session" },
  logoutAll: { caller: 'user', acts_on: "every session of the token's user" },
  setupTotp: { caller: 'user', acts_on: "the token's user" },
  verifyTotp: { caller: 'user', acts_on: "the token's user" },
  disableTotp: { caller: 'user', acts_on: "the token's user (with password and code)" },
  lockUser: { caller: 'auth:admin', acts_on: 'any user, by id' },
  unlockUser: { caller: 'auth:admin', acts_on: 'any user, by id' },
  resetMfa: { caller: 'auth:admin', acts_on: 'any user, by id' },
} as const satisfies Record<string, { caller: 'anyone' | 'user' | 'auth:admin'; acts_on: string }>;

export type AuthRoute = keyof typeof ROUTE_RULES;
type ProtectedRoute = {
  [R in AuthRoute]: (typeof ROUTE_RULES)[R]['caller'] extends 'anyone' ? never : R;
}[AuthRoute];

/**
 * The caller of a protected route, if its row allows them: 401 without a principal, 403 for the
 * wrong token kind or a missing scope.
 *
 * @example
 * const caller = requireCaller(request.event, 'logout');
 */
export function requireCaller(
  event: Pick<APIGatewayProxyEvent, 'requestContext'>,
  route: ProtectedRoute,
): Principal {
  const { caller } = ROUTE_RULES[route];
  return caller === 'user'
    ? requirePrincipal(event, { tokenType: 'access' })
    : requirePrincipal(event, { tokenType: 'service', scopes: [caller] });
}
