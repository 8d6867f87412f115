import type { SessionRecords } from '@ledgerline/auth/revocation';
import { sessionVerdict } from '@ledgerline/auth/revocation';
import { ProblemError } from '@ledgerline/shared/errors';
import { canonicalLocale } from './format-predicates';

/** Sessions expire (DynamoDB TTL) this long after the device was last seen. */
export const SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;
/** Device clocks drift: a lastSeenAt up to this far in the future is accepted. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** What the app sends for one device (validated by ../schemas.ts). */
export interface SessionInput {
  platform: 'ios' | 'android';
  appVersion: string;
  locale: string;
  pushToken?: string;
  lastSeenAt: string;
}

export interface Session extends Omit<SessionInput, 'lastSeenAt'> {
  userId: string;
  deviceId: string;
  /** Normalised to ISO 8601 UTC with milliseconds. */
  lastSeenAt: string;
  createdAt: string;
  updatedAt: string;
  /** Epoch seconds: lastSeenAt + 30 days. The table's TTL attribute. */
  expiresAt: number;
  /**
   * The sign-in this device uses: the Cognito token family (`origin_jti`) of the access token of
   * its latest PUT. A bearer-token identifier: stored to sign the device out, never returned or
   * logged. Absent on sessions stored before families were recorded.
   */
  tokenFamily?: string;
  /**
   * Epoch seconds: when this session first recorded `tokenFamily` (kept while the family stays the
   * same). A token of the family was valid then, so the family was authenticated no later: the
   * upper bound of its `auth_time` that the user's "not before" is compared with.
   */
  tokenFamilySince?: number;
}

/** The API's view of a session: the push token is write-only. */
export interface SessionView {
  deviceId: string;
  platform: Session['platform'];
  appVersion: string;
  locale: string;
  hasPushToken: boolean;
  lastSeenAt: string;
  createdAt?: string;
  expiresAt: string;
  /** The device's sign-in still stands: its token family is neither revoked nor before the user's "not before". */
  signedIn: boolean;
  /** The device of the caller: its token family is the one of the request's access token. */
  current: boolean;
}

/** Whether a session's device is signed in, and whether it is the caller's own device. */
export interface DeviceStatus {
  signedIn: boolean;
  current: boolean;
}

/**
 * The TTL of a session last seen at `lastSeenAt` (epoch seconds).
 *
 * @example
 * sessionExpiry(new Date('2026-01-01T00:00:00Z')); // 1769904000 (2026-01-31T00:00:00Z)
 */
export const sessionExpiry = (lastSeenAt: Date): number =>
  Math.floor(lastSeenAt.getTime() / 1000) + SESSION_TTL_SECONDS;

/**
 * Builds the session to store, or throws 400 when `lastSeenAt` is in the future (beyond clock
 * skew) or so old that the session would already have expired.
 *
 * @example
 * toSession('sub-1', 'device-1', input, new Date());
 */
export function toSession(
  userId: string,
  deviceId: string,
  input: SessionInput,
  now: Date,
  tokenFamily: string,
): Session {
  const lastSeen = new Date(input.lastSeenAt);
  const problem = (detail: string) =>
    new ProblemError('validation-failed', {
      detail: '1 field(s) failed validation.',
      errors: [{ pointer: '/body/lastSeenAt', detail }],
    });
  if (lastSeen.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS) throw problem('must not be in the future');
  if (sessionExpiry(lastSeen) * 1000 <= now.getTime()) throw problem('must be within the last 30 days');
  const at = now.toISOString();
  return {
    userId,
    deviceId,
    platform: input.platform,
    appVersion: input.appVersion,
    locale: canonicalLocale(input.locale),
    ...(input.pushToken !== undefined && { pushToken: input.pushToken }),
    lastSeenAt: lastSeen.toISOString(),
    createdAt: at,
    updatedAt: at,
    expiresAt: sessionExpiry(lastSeen),
    tokenFamily,
    tokenFamilySince: Math.floor(now.getTime() / 1000),
  };
}

/**
 * True while a session has not expired. DynamoDB deletes expired items lazily (within days), so
 * reads filter them out themselves.
 *
 * @example
 * sessions.filter((s) => isLive(s, new Date()));
 */
export const isLive = (session: Pick<Session, 'expiresAt'>, now: Date): boolean =>
  session.expiresAt * 1000 > now.getTime();

/**
 * Whether the device of `session` is signed in, given the revocation records of its family
 * (RevocationStore.recordsForFamilies), and whether it is the caller's device (same family as the
 * caller's token). A session without a recorded family is NOT signed in as far as we can tell: we
 * cannot check its sign-in, and removing it could not sign it out; its next PUT records the family.
 *
 * The "not before" check compares with `tokenFamilySince`, an upper bound of the family's
 * `auth_time`: a family first recorded before the user's "not before" was authenticated before it
 * (ended). Only a family FIRST seen after a sign-out everywhere, through the authorizer's revocation
 * bound, could still show as signed in.
 *
 * @example
 * deviceStatus(session, records.get(session.tokenFamily!), principal.tokenFamily);
 */
export function deviceStatus(
  session: Pick<Session, 'userId' | 'tokenFamily' | 'tokenFamilySince'>,
  records: SessionRecords | undefined,
  callerFamily: string | undefined,
): DeviceStatus {
  const family = session.tokenFamily;
  if (family === undefined) return { signedIn: false, current: false };
  const verdict = sessionVerdict(
    // Unknown "since" (never on a session that has a family): compare as the oldest possible.
    { sub: session.userId, family, authTime: session.tokenFamilySince ?? 0 },
    records ?? {},
  );
  return { signedIn: !verdict.ended, current: family === callerFamily };
}

/**
 * What the API returns for a session: never the push token nor the token family.
 *
 * @example
 * ok(sessionView(session, { signedIn: true, current: true }));
 */
export function sessionView(session: Session, status: DeviceStatus): SessionView {
  return {
    deviceId: session.deviceId,
    platform: session.platform,
    appVersion: session.appVersion,
    locale: session.locale,
    hasPushToken: session.pushToken !== undefined,
    lastSeenAt: session.lastSeenAt,
    ...(session.createdAt && { createdAt: session.createdAt }),
    expiresAt: new Date(session.expiresAt * 1000).toISOString(),
    signedIn: status.signedIn,
    current: status.current,
  };
}
