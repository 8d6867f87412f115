import { ProblemError } from '@ledgerline/shared/errors';
import type { Principal } from '@ledgerline/shared/principal';
import type { AccessKind } from '../domain/access';
import { mayAccess } from '../domain/access';

/**
 * 403 up front for a service token without `transactions:<kind>` (decided before any read, so it
 * says nothing about any account).
 */
export function requireServiceScope(principal: Principal, kind: AccessKind): void {
  if (principal.tokenType === 'service' && !principal.scopes.includes(`transactions:${kind}`)) {
    throw new ProblemError('forbidden', { detail: `The token lacks the scope transactions:${kind}.` });
  }
}

/** 404 for a missing resource and for one the caller may not see, with the same detail. */
export function notFound(what: 'account' | 'transaction'): ProblemError {
  return new ProblemError('not-found', { detail: `No ${what} with this id.` });
}

/** The resource if the caller may act on it, else 404 (never 403: existence must not leak). */
export function visibleTo<T extends { ownerSub: string }>(
  principal: Principal,
  kind: AccessKind,
  resource: T | undefined,
  what: 'account' | 'transaction',
): T {
  if (!resource || !mayAccess(principal, resource.ownerSub, kind)) throw notFound(what);
  return resource;
}
