import { applyPatch, etagOf, newProfile, profileView, requireIfMatch } from '../../src/domain/profile';

const now = new Date('2026-11-22T10:00:00.000Z');
const later = new Date('2026-11-22T11:00:00.000Z');
const profile = newProfile(
  'user-1',
  { displayName: 'Ana', email: 'ana@example.com', phone: '+14155550123', locale: 'pt-br' },
  now,
);

describe('newProfile', () => {
  it('starts at version 1 with canonical locale and both timestamps', () => {
    expect(profile).toEqual({
      userId: 'user-1',
      displayName: 'Ana',
      email: 'ana@example.com',
      phone: '+14155550123',
      locale: 'pt-BR',
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
  });
});

describe('applyPatch (JSON Merge Patch)', () => {
  it('replaces given fields, removes nulls, keeps the rest, bumps the version', () => {
    const next = applyPatch(
      profile,
      { displayName: 'Ana L.', phone: null, timeZone: 'Europe/Lisbon' },
      later,
    );
    expect(next).toEqual({
      ...profile,
      displayName: 'Ana L.',
      phone: undefined,
      timeZone: 'Europe/Lisbon',
      version: 2,
      updatedAt: later.toISOString(),
    });
    expect(next).not.toHaveProperty('phone');
    expect(next.createdAt).toBe(profile.createdAt);
  });

  it('never removes the required fields, and does not touch its input', () => {
    const next = applyPatch(profile, { displayName: null, email: null } as never, later);
    expect(next).toMatchObject({ displayName: 'Ana', email: 'ana@example.com' });
    expect(profile.version).toBe(1);
  });
});

describe('etagOf', () => {
  it('is a strong, quoted tag that starts with the version and changes with it', () => {
    expect(etagOf(profile)).toMatch(/^"1-[0-9a-f]{16}"$/);
    expect(etagOf(applyPatch(profile, {}, later))).toMatch(/^"2-/);
    expect(etagOf(profile)).toBe(etagOf({ ...profile }));
  });

  it('differs between users and between incarnations at the same version', () => {
    expect(etagOf({ ...profile, userId: 'user-2' })).not.toBe(etagOf(profile));
    expect(etagOf({ ...profile, createdAt: later.toISOString() })).not.toBe(etagOf(profile));
  });
});

describe('requireIfMatch', () => {
  const current = etagOf(profile);
  it.each([current, '*', ` ${current} `, `"0-abc", ${current}`])('passes for %s', (header) => {
    expect(() => requireIfMatch(header, profile)).not.toThrow();
  });
  it.each([undefined, '', '  '])('428 without If-Match (%j)', (header) => {
    expect(() => requireIfMatch(header, profile)).toThrow(expect.objectContaining({ status: 428 }));
  });
  it.each(['"2-0000000000000000"', `W/${current}`, current.slice(1, -1), 'garbage'])(
    '412 for %s',
    (header) => {
      expect(() => requireIfMatch(header, profile)).toThrow(expect.objectContaining({ status: 412 }));
    },
  );
});

describe('profileView', () => {
  it('shows the stored fields in a stable order, without absent ones', () => {
    expect(Object.keys(profileView(profile))).toEqual([
      'userId',
      'displayName',
      'email',
      'phone',
      'locale',
      'version',
      'createdAt',
      'updatedAt',
    ]);
  });
});
