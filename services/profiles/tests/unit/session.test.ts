import {
  deviceStatus,
  isLive,
  SESSION_TTL_SECONDS,
  sessionExpiry,
  sessionView,
  toSession,
} from '../../src/domain/session';

const now = new Date('2026-11-22T10:00:00.000Z');
const input = {
  platform: 'android' as const,
  appVersion: '1.0.0',
  locale: 'en-gb',
  lastSeenAt: '2026-11-22T09:00:00Z',
};

describe('sessions', () => {
  it('expire 30 days after lastSeenAt, in epoch seconds', () => {
    expect(SESSION_TTL_SECONDS).toBe(2_592_000);
    expect(sessionExpiry(new Date('2026-01-01T00:00:00Z'))).toBe(Date.parse('2026-01-31T00:00:00Z') / 1000);
  });

  it('are built with a normalised lastSeenAt and locale and the TTL', () => {
    const session = toSession('u-1', 'd-1', input, now, 'family-1');
    expect(session).toEqual({
      userId: 'u-1',
      deviceId: 'd-1',
      platform: 'android',
      appVersion: '1.0.0',
      locale: 'en-GB',
      lastSeenAt: '2026-11-22T09:00:00.000Z',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: Date.parse('2026-11-22T09:00:00Z') / 1000 + SESSION_TTL_SECONDS,
      tokenFamily: 'family-1',
      tokenFamilySince: now.getTime() / 1000,
    });
  });

  it('accept 5 minutes of clock skew, not more, and nothing already expired', () => {
    const at = (ms: number) => ({ ...input, lastSeenAt: new Date(now.getTime() + ms).toISOString() });
    expect(() => toSession('u', 'd', at(4 * 60_000), now, 'f')).not.toThrow();
    expect(() => toSession('u', 'd', at(6 * 60_000), now, 'f')).toThrow(
      expect.objectContaining({
        status: 400,
        errors: [{ pointer: '/body/lastSeenAt', detail: 'must not be in the future' }],
      }),
    );
    expect(() => toSession('u', 'd', at(-SESSION_TTL_SECONDS * 1000), now, 'f')).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });

  it('are live until their TTL, and never show the push token nor the token family', () => {
    const session = toSession('u', 'd', { ...input, pushToken: 'secret-token' }, now, 'family-secret');
    expect(isLive(session, now)).toBe(true);
    expect(isLive(session, new Date(session.expiresAt * 1000))).toBe(false);
    const view = sessionView(session, { signedIn: true, current: false });
    expect(JSON.stringify(view)).not.toContain('family-secret');
    expect(view).toEqual({
      deviceId: 'd',
      platform: 'android',
      appVersion: '1.0.0',
      locale: 'en-GB',
      hasPushToken: true,
      lastSeenAt: '2026-11-22T09:00:00.000Z',
      createdAt: now.toISOString(),
      expiresAt: new Date(session.expiresAt * 1000).toISOString(),
      signedIn: true,
      current: false,
    });
  });
});

describe('deviceStatus', () => {
  const since = Date.parse('2026-11-22T09:00:00Z') / 1000;
  const session = { userId: 'u', tokenFamily: 'fam-phone', tokenFamilySince: since };

  it('is signed in while its family has no record, and current only for the caller’s family', () => {
    expect(deviceStatus(session, {}, 'fam-phone')).toEqual({ signedIn: true, current: true });
    expect(deviceStatus(session, {}, 'fam-laptop')).toEqual({ signedIn: true, current: false });
    expect(deviceStatus(session, {}, undefined)).toEqual({ signedIn: true, current: false });
  });

  it('is signed out once its family is revoked', () => {
    expect(deviceStatus(session, { familyRevokedAt: since + 60 }, 'fam-laptop')).toEqual({
      signedIn: false,
      current: false,
    });
  });

  it('is signed out by a not-before after the family was first recorded, not by one at or before it', () => {
    expect(deviceStatus(session, { notBefore: since + 1 }, undefined).signedIn).toBe(false);
    // The family's auth_time ≤ since: a not-before at `since` may not end it, and nothing proves it does.
    expect(deviceStatus(session, { notBefore: since }, undefined).signedIn).toBe(true);
    expect(deviceStatus(session, { notBefore: since - 3600 }, undefined).signedIn).toBe(true);
  });

  it('is not signed in (nor current) without a recorded family', () => {
    expect(deviceStatus({ userId: 'u' }, {}, 'fam-phone')).toEqual({ signedIn: false, current: false });
    expect(deviceStatus({ userId: 'u' }, undefined, undefined)).toEqual({ signedIn: false, current: false });
  });
});
