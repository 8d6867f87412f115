import { browserLabel } from '../../src/routes/devices';
import { monthsOf } from '../../src/routes/statements';

describe('devices page', () => {
  it.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36',
      'Chrome on Linux',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Firefox on macOS',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
      'Safari on macOS',
    ],
    ['curl/8.5.0', 'Browser'],
  ])('labels %s as %s (no version numbers)', (userAgent, label) => {
    expect(browserLabel(userAgent)).toBe(label);
  });
});

describe('statements page', () => {
  it('lists the months from the account opening to now, newest first, in UTC', () => {
    expect(monthsOf({ createdAt: '2026-09-30T23:30:00.000Z' }, new Date('2026-12-04T10:00:00Z'))).toEqual([
      '2026-12',
      '2026-11',
      '2026-10',
      '2026-09',
    ]);
  });

  it('lists at most 24 months', () => {
    const months = monthsOf({ createdAt: '2020-01-01T00:00:00.000Z' }, new Date('2026-12-04T10:00:00Z'));
    expect(months).toHaveLength(24);
    expect(months[23]).toBe('2025-01');
  });
});
