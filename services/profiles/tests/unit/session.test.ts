import { isLive, SESSION_TTL_SECONDS, sessionExpiry, sessionView, toSession } from '../../src/domain/session';

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
    const session = toSession('u-1', 'd-1', input, now);
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
    });
  });

  it('accept 5 minutes of clock skew, not more, and nothing already expired', () => {
    const at = (ms: number) => ({ ...input, lastSeenAt: new Date(now.getTime() + ms).toISOString() });
    expect(() => toSession('u', 'd', at(4 * 60_000), now)).not.toThrow();
    expect(() => toSession('u', 'd', at(6 * 60_000), now)).toThrow(
      expect.objectContaining({
        status: 400,
        errors: [{ pointer: '/body/lastSeenAt', detail: 'must not be in the future' }],
      }),
    );
    expect(() => toSession('u', 'd', at(-SESSION_TTL_SECONDS * 1000), now)).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });

  it('are live until their TTL, and never show the push token', () => {
    const session = toSession('u', 'd', { ...input, pushToken: 'secret-token' }, now);
    expect(isLive(session, now)).toBe(true);
    expect(isLive(session, new Date(session.expiresAt * 1000))).toBe(false);
    expect(sessionView(session)).toEqual({
      deviceId: 'd',
      platform: 'android',
      appVersion: '1.0.0',
      locale: 'en-GB',
      hasPushToken: true,
      lastSeenAt: '2026-11-22T09:00:00.000Z',
      createdAt: now.toISOString(),
      expiresAt: new Date(session.expiresAt * 1000).toISOString(),
    });
  });
});
