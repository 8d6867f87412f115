import type { Principal } from '@ledgerline/shared/principal';

export type AccessKind = 'read' | 'write';

/**
 * Whether a caller may act on an account owned by `ownerSub`: user (access) tokens on their own
 * accounts only; service tokens on any account when they hold `transactions:<kind>`.
 * Callers answer `false` with 404 (never 403), so an account's existence never leaks.
 *
 * @example
 * mayAccess({ sub: 'u1', tokenType: 'access', scopes: [], clientId: 'c' }, 'u1', 'read'); // true
 */
export function mayAccess(principal: Principal, ownerSub: string, kind: AccessKind): boolean {
  if (principal.tokenType === 'service') return principal.scopes.includes(`transactions:${kind}`);
  return principal.sub === ownerSub;
}
