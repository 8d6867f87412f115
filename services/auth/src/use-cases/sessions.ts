import { ProblemError } from '@ledgerline/shared/errors';
import type { Principal } from '@ledgerline/shared/principal';
import { asProblem, BAD_CREDENTIALS_DETAIL } from '../domain/auth-problems';
import type { EndReason, SessionClaims } from '../domain/sessions';
import { notBeforeFor, sessionVerdict } from '../domain/sessions';
import type { IdentityProvider, Session } from '../ports/identity-provider';
import type { RevocationStore } from '../ports/revocation-store';

/**
 * Ending sessions (docs/auth.md, "Sessions and revocation"). Each flow writes OUR record first —
 * the one the authorizer enforces in both regions — and then asks Cognito to stop minting tokens.
 * If Cognito then fails, the record already holds and the request can be retried (both steps are
 * idempotent); the other order could answer an error while leaving the old tokens working.
 */
export interface SessionPorts {
  provider: IdentityProvider;
  store: RevocationStore;
  now: () => Date;
}

/** The session (token family) of an access-token caller; the authorizer always passes it. */
function familyOf(principal: Principal): string {
  if (!principal.tokenFamily) throw new ProblemError('unauthorized');
  return principal.tokenFamily;
}

/** POST /auth/logout: ends THIS device's session (its token family) and revokes its refresh token. */
export async function logOut(
  ports: SessionPorts,
  caller: Principal,
  input: { refreshToken: string },
): Promise<void> {
  await ports.store.revokeFamily(caller.sub, familyOf(caller), 'logout', ports.now());
  await asProblem(() => ports.provider.revokeRefreshToken(input.refreshToken));
}

/** POST /auth/logout-all: ends every session of the caller, this one included. */
export async function logOutEverywhere(
  ports: SessionPorts,
  caller: Principal,
  accessToken: string,
): Promise<void> {
  await endAllSessions(ports, caller.sub, 'logout-all');
  await asProblem(() => ports.provider.signOutEverywhere(accessToken));
}

/** DELETE /auth/mfa/totp: TOTP off, proven by the password and a current code (step-up sign-in). */
export async function disableTotp(
  ports: Pick<SessionPorts, 'provider'>,
  caller: Principal,
  input: { password: string; code: string },
): Promise<void> {
  await asProblem(() => ports.provider.disableTotp(caller.sub, input.password, input.code));
}

/** POST /auth/admin/users/{userId}/lock: no sign-in, no refresh, every outstanding token refused. */
export async function lockUser(ports: SessionPorts, userId: string): Promise<void> {
  await endAllSessions(ports, userId, 'locked');
  await asProblem(() => ports.provider.lockUser(userId));
}

/** POST /auth/admin/users/{userId}/unlock: sign-in works again; the sessions the lock ended stay ended. */
export async function unlockUser(ports: Pick<SessionPorts, 'provider'>, userId: string): Promise<void> {
  await asProblem(() => ports.provider.unlockUser(userId));
}

/** POST /auth/admin/users/{userId}/mfa/reset: lost authenticator; TOTP off and every session ended. */
export async function resetMfa(ports: SessionPorts, userId: string): Promise<void> {
  await endAllSessions(ports, userId, 'mfa-reset');
  await asProblem(() => ports.provider.resetMfa(userId));
}

function endAllSessions(ports: SessionPorts, sub: string, reason: EndReason): Promise<void> {
  const now = ports.now();
  return ports.store.raiseNotBefore(sub, notBeforeFor(now), reason, now);
}

/** The session claims of an access token Cognito just issued (read, not verified: it came from Cognito). */
function sessionClaimsOf(accessToken: string): SessionClaims | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as {
      sub?: unknown;
      origin_jti?: unknown;
      auth_time?: unknown;
    };
    if (typeof payload.sub !== 'string' || typeof payload.origin_jti !== 'string') return undefined;
    if (typeof payload.auth_time !== 'number') return undefined;
    return { sub: payload.sub, family: payload.origin_jti, authTime: payload.auth_time };
  } catch {
    return undefined;
  }
}

/**
 * POST /auth/refresh: new tokens, unless the refresh token's session has ended. Cognito stops a
 * revoked or signed-out refresh token itself; this also covers a session ended only in our records
 * (a device removed from another phone: nobody held its refresh token to revoke), and the refresh
 * token is then revoked at Cognito too.
 */
export async function refreshSession(
  ports: Omit<SessionPorts, 'now'>,
  input: { refreshToken: string },
): Promise<Session> {
  const session = await asProblem(() => ports.provider.refresh(input.refreshToken));
  const claims = sessionClaimsOf(session.accessToken);
  if (!claims) throw new Error('auth: Cognito issued an access token without session claims');
  const verdict = sessionVerdict(claims, await ports.store.recordsFor(claims.sub, claims.family));
  if (verdict.ended) {
    await asProblem(() => ports.provider.revokeRefreshToken(input.refreshToken));
    throw new ProblemError('unauthorized', { detail: BAD_CREDENTIALS_DETAIL });
  }
  return session;
}
