import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  familyRecordExpiry,
  notBeforeFor,
  notBeforeRecordExpiry,
  sessionVerdict,
  TOKEN_VALIDITY,
} from '../../../src/domain/sessions';

const claims = { sub: 'u-1', family: 'f-1', authTime: 1_800_000_000 };

describe('sessionVerdict', () => {
  it.each([
    ['no records', {}, { ended: false }],
    ['family revoked', { familyRevokedAt: 1_800_000_100 }, { ended: true, why: 'family-revoked' }],
    [
      'authenticated before not-before',
      { notBefore: 1_800_000_001 },
      { ended: true, why: 'before-not-before' },
    ],
    ['authenticated at not-before', { notBefore: 1_800_000_000 }, { ended: false }],
    ['authenticated after not-before', { notBefore: 1_799_999_000 }, { ended: false }],
  ] as const)('%s', (_name, records, verdict) => {
    expect(sessionVerdict(claims, records)).toEqual(verdict);
  });
});

describe('instants and record lifetimes', () => {
  it('not-before is the next whole second, so a token of the same second is refused', () => {
    const at = new Date('2026-12-04T10:00:00.999Z');
    const notBefore = notBeforeFor(at);
    expect(notBefore).toBe(Math.floor(at.getTime() / 1000) + 1);
    expect(
      sessionVerdict({ ...claims, authTime: Math.floor(at.getTime() / 1000) }, { notBefore }).ended,
    ).toBe(true);
  });

  it('records outlive every token they refuse (refresh-token lifetime, plus a day)', () => {
    const at = new Date('2026-12-04T10:00:00Z');
    const thirtyOneDays = 31 * 24 * 3600;
    expect(familyRecordExpiry(at) - at.getTime() / 1000).toBe(thirtyOneDays);
    expect(notBeforeRecordExpiry(1_800_000_000) - 1_800_000_000).toBe(thirtyOneDays);
  });
});

it('the token lifetimes are the deployed pool client’s (resources/cognito.yml)', () => {
  const template = readFileSync(join(__dirname, '../../../resources/cognito.yml'), 'utf8');
  expect(template).toContain(`AccessTokenValidity: ${TOKEN_VALIDITY.accessTokenMinutes}\n`);
  expect(template).toContain(`IdTokenValidity: ${TOKEN_VALIDITY.idTokenMinutes}\n`);
  expect(template).toContain(`RefreshTokenValidity: ${TOKEN_VALIDITY.refreshTokenDays}\n`);
  expect(template).toMatch(/AccessToken: minutes\n\s+IdToken: minutes\n\s+RefreshToken: days/);
  expect(ACCESS_TOKEN_LIFETIME_SECONDS).toBe(900);
});
