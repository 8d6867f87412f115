/**
 * When a signed-in session ends: the pure rules behind logout, sign-out everywhere, admin lock and
 * device removal (docs/auth.md, "Sessions and revocation").
 *
 * A session is a Cognito TOKEN FAMILY: one authentication (password, or password + TOTP) yields a
 * refresh token, and every access/id token minted from it carries the same `origin_jti` and the
 * same `auth_time`. Two records end sessions, both in the auth table (a global table, so both API
 * regions see them):
 * - a revoked family (`logout`, a removed device): every token with that `origin_jti` is refused;
 * - a per-user "not before" instant (`logout-all`, lock, MFA reset): every token whose family was
 *   AUTHENTICATED before it (`auth_time`) is refused, including tokens refreshed later from it.
 */

/** The pool client's token lifetimes (resources/cognito.yml; a unit test keeps both equal). */
export const TOKEN_VALIDITY = {
  accessTokenMinutes: 15,
  idTokenMinutes: 15,
  refreshTokenDays: 30,
} as const;

export const ACCESS_TOKEN_LIFETIME_SECONDS = TOKEN_VALIDITY.accessTokenMinutes * 60;
const REFRESH_TOKEN_LIFETIME_SECONDS = TOKEN_VALIDITY.refreshTokenDays * 24 * 60 * 60;
/** Kept one day past the longest token they can refuse, then removed by DynamoDB TTL. */
const RECORD_MARGIN_SECONDS = 24 * 60 * 60;

/** Why a session was ended (stored with the record, for the audit trail; never personal data). */
export type EndReason = 'logout' | 'logout-all' | 'device-removed' | 'locked' | 'mfa-reset' | 'erased';

/** The claims of a verified access token that decide whether its session still stands. */
export interface SessionClaims {
  /** The user (Cognito `sub`). */
  sub: string;
  /** The token family (`origin_jti`). */
  family: string;
  /** When the family was authenticated (`auth_time`, epoch seconds). */
  authTime: number;
}

/** What the store holds for one user and one family (absent records: undefined). */
export interface SessionRecords {
  /** The family was revoked at this instant (epoch seconds). */
  familyRevokedAt?: number;
  /** Families authenticated before this instant (epoch seconds) are refused. */
  notBefore?: number;
}

export type SessionVerdict = { ended: false } | { ended: true; why: 'family-revoked' | 'before-not-before' };

/**
 * Whether the session of a (verified) token has ended.
 *
 * @example
 * sessionVerdict({ sub, family, authTime: 1_700_000_000 }, { notBefore: 1_700_000_001 });
 * // { ended: true, why: 'before-not-before' }
 */
export function sessionVerdict(claims: SessionClaims, records: SessionRecords): SessionVerdict {
  if (records.familyRevokedAt !== undefined) return { ended: true, why: 'family-revoked' };
  if (records.notBefore !== undefined && claims.authTime < records.notBefore) {
    return { ended: true, why: 'before-not-before' };
  }
  return { ended: false };
}

/**
 * The "not before" instant for a sign-out at `now`: the NEXT whole second. Token times are whole
 * seconds, so a family authenticated in the same second as the sign-out (possibly just before it)
 * is refused too; a login in that same second has to sign in again (at most one second of them).
 *
 * @example
 * notBeforeFor(new Date('2026-01-01T00:00:00.300Z')); // 1767225601
 */
export const notBeforeFor = (now: Date): number => Math.floor(now.getTime() / 1000) + 1;

/**
 * Until when a revoked family must be remembered: its refresh token can mint new access tokens of
 * the family for up to the refresh-token lifetime (Cognito's RevokeToken stops that too, but the
 * record must not depend on it: a removed device's refresh token is not ours to revoke).
 */
export const familyRecordExpiry = (revokedAt: Date): number =>
  Math.floor(revokedAt.getTime() / 1000) + REFRESH_TOKEN_LIFETIME_SECONDS + RECORD_MARGIN_SECONDS;

/** Until when a "not before" must be remembered: families authenticated before it may refresh until then. */
export const notBeforeRecordExpiry = (notBefore: number): number =>
  notBefore + REFRESH_TOKEN_LIFETIME_SECONDS + RECORD_MARGIN_SECONDS;

/** Item keys of the records in the auth table (the store's adapter builds items from these). */
export const sessionKeys = {
  user: (sub: string) => `USER#${sub}`,
  family: (family: string) => `FAMILY#${family}`,
  notBefore: 'NOT_BEFORE',
} as const;
