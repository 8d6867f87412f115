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
export function toSession(userId: string, deviceId: string, input: SessionInput, now: Date): Session {
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
 * What the API returns for a session.
 *
 * @example
 * ok(sessionView(session));
 */
export function sessionView(session: Session): SessionView {
  return {
    deviceId: session.deviceId,
    platform: session.platform,
    appVersion: session.appVersion,
    locale: session.locale,
    hasPushToken: session.pushToken !== undefined,
    lastSeenAt: session.lastSeenAt,
    ...(session.createdAt && { createdAt: session.createdAt }),
    expiresAt: new Date(session.expiresAt * 1000).toISOString(),
  };
}
