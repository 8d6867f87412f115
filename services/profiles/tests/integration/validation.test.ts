// The validation corpus: every bad request is a 400 problem+json naming each invalid field with a
// JSON Pointer, and nothing reaches the table.
import { closeTestDocumentClient } from '../../../../tests/support/dynamodb';
import { handler as createProfile } from '../../src/handlers/create-profile';
import { handler as putSession } from '../../src/handlers/put-session';
import { handler as updateProfile } from '../../src/handlers/update-profile';
import { call, itemsOf, newUser, validProfile, validSession } from '../support/profiles-api';

afterAll(() => closeTestDocumentClient());

const PROBLEM = 'application/problem+json';
const create = (as: string, body: unknown, headers: Record<string, string> = {}) =>
  call(createProfile, { method: 'POST', path: '/profiles', body, as, headers });

describe('POST /profiles rejects, writing nothing', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a malformed email', { email: 'ana@' }, ['/body/email']],
    ['an email with spaces', { email: 'ana lima@example.com' }, ['/body/email']],
    ['an oversized email', { email: `${'a'.repeat(250)}@example.com` }, ['/body/email']],
    ['a phone without +', { phone: '14155550123' }, ['/body/phone']],
    ['a phone with separators', { phone: '+1 415 555 0123' }, ['/body/phone']],
    ['a phone of 16 digits', { phone: '+1234567890123456' }, ['/body/phone']],
    ['a phone starting +0', { phone: '+0123456789' }, ['/body/phone']],
    ['an empty display name', { displayName: '' }, ['/body/displayName']],
    ['a 65-character display name', { displayName: 'x'.repeat(65) }, ['/body/displayName']],
    ['a display name with a control character', { displayName: 'Ana\u0000Lima' }, ['/body/displayName']],
    ['a display name with a trailing space', { displayName: 'Ana ' }, ['/body/displayName']],
    ['a POSIX locale', { locale: 'en_US' }, ['/body/locale']],
    ['a non-BCP-47 locale', { locale: 'en--US' }, ['/body/locale']],
    ['a UTC offset as time zone', { timeZone: '+01:00' }, ['/body/timeZone']],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, ['/body/timeZone']],
    ['a mis-cased time zone', { timeZone: 'europe/paris' }, ['/body/timeZone']],
    ['a lower-case country', { country: 'br' }, ['/body/country']],
    ['a reserved country code', { country: 'EU' }, ['/body/country']],
    ['an unassigned country code', { country: 'ZZ' }, ['/body/country']],
    ['an alpha-3 country code', { country: 'BRA' }, ['/body/country']],
    ['a number for a string', { displayName: 42 }, ['/body/displayName']],
    ['null for a required field', { email: null }, ['/body/email']],
    ['an array for a string', { country: ['BR'] }, ['/body/country']],
    ['an unknown field', { nickname: 'Ani' }, ['/body/nickname']],
    ['a smuggled owner', { userId: 'someone-else', version: 7 }, ['/body/userId', '/body/version']],
  ])('%s', async (_case, change, pointers) => {
    const user = newUser();

    const response = await create(user, { ...validProfile, ...change });

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe(PROBLEM);
    expect(response.body.type).toBe('https://ledgerline.dev/problems/validation-failed');
    expect([...new Set(response.body.errors!.map((e) => e.pointer))].sort()).toEqual([...pointers].sort());
    expect(await itemsOf(user)).toEqual([]);
  });

  it('lists every invalid field at once', async () => {
    const user = newUser();

    const response = await create(user, {
      displayName: '',
      email: 'nope',
      phone: '555',
      locale: 'en_GB',
      timeZone: 'Nowhere/Town',
      country: 'XX',
      extra: true,
    });

    expect(response.status).toBe(400);
    expect(new Set(response.body.errors!.map((e) => e.pointer))).toEqual(
      new Set([
        '/body/displayName',
        '/body/email',
        '/body/phone',
        '/body/locale',
        '/body/timeZone',
        '/body/country',
        '/body/extra',
      ]),
    );
    expect(response.raw).not.toContain('nope'); // the problem names fields, never echoes values
    expect(await itemsOf(user)).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['missing required fields', { phone: '+14155550123' }, ['/body/displayName', '/body/email']],
    ['an array body', [validProfile], ['/body']],
    ['a string body', '"just a string"', ['/body']],
    ['an empty body', undefined, ['/body']],
  ])('%s', async (_case, body, pointers) => {
    const user = newUser();

    const response = await create(user, body, { 'Content-Type': 'application/json' });

    expect(response.status).toBe(400);
    expect(response.body.errors!.map((e) => e.pointer).sort()).toEqual([...pointers].sort());
    expect(await itemsOf(user)).toEqual([]);
  });

  it.each([
    ['truncated JSON', '{"displayName": "Ana"'],
    ['a trailing comma', '{"displayName": "Ana",}'],
    ['single quotes', "{'displayName': 'Ana'}"],
  ])('malformed JSON (%s) → 400 malformed-json', async (_case, raw) => {
    const user = newUser();

    const response = await create(user, raw, { 'Content-Type': 'application/json' });

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe(PROBLEM);
    expect(response.body.type).toBe('https://ledgerline.dev/problems/malformed-json');
    expect(await itemsOf(user)).toEqual([]);
  });

  it('an oversized body → 413 problem, nothing written', async () => {
    const user = newUser();

    const response = await create(user, { ...validProfile, padding: 'x'.repeat(10_000) });

    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toBe(PROBLEM);
    expect(await itemsOf(user)).toEqual([]);
  });

  it('accepts the edge cases that are valid', async () => {
    const cases = [
      { displayName: 'x'.repeat(64), timeZone: 'UTC', country: 'AX', locale: 'zh-Hant-TW' },
      { displayName: 'Zoë Ångström-Øre', timeZone: 'US/Pacific', locale: 'de-CH-u-co-phonebk' },
      { displayName: '李小龍', timeZone: 'Etc/GMT+5', phone: '+8613800138000', locale: 'sr-Latn' },
    ];
    for (const change of cases) {
      const response = await create(newUser(), { ...validProfile, ...change });
      expect(response.status).toBe(201);
    }
  });
});

describe('PATCH /profiles/me rejects, changing nothing', () => {
  let user: string;
  let etag: string;
  beforeEach(async () => {
    user = newUser();
    etag = (await create(user, validProfile)).headers.etag!;
  });
  const patch = (body: unknown) =>
    call(updateProfile, {
      method: 'PATCH',
      path: '/profiles/me',
      body,
      as: user,
      headers: { 'If-Match': etag, 'Content-Type': 'application/merge-patch+json' },
    });

  it.each<[string, unknown, string[]]>([
    ['an empty patch', {}, ['/body']],
    ['removing the display name', { displayName: null }, ['/body/displayName']],
    ['removing the email', { email: null }, ['/body/email']],
    [
      'bad formats',
      { phone: '123', timeZone: 'GMT+1', country: 'UK' },
      ['/body/phone', '/body/timeZone', '/body/country'],
    ],
    ['an unknown field', { avatarUrl: 'https://example.com/a.png' }, ['/body/avatarUrl']],
    ['a version', { version: 99 }, ['/body/version']],
  ])('%s', async (_case, body, pointers) => {
    const response = await patch(body);

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe(PROBLEM);
    expect([...new Set(response.body.errors!.map((e) => e.pointer))].sort()).toEqual([...pointers].sort());
    const [stored] = await itemsOf(user);
    expect(stored).toMatchObject({ ...validProfile, version: 1 });
  });

  it('accepts application/merge-patch+json', async () => {
    const response = await patch({ phone: null });
    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('phone');
  });
});

describe('PUT /profiles/me/sessions/{deviceId} rejects, writing nothing', () => {
  const put = (as: string, deviceId: string, body: unknown) =>
    call(putSession, {
      method: 'PUT',
      path: `/profiles/me/sessions/${deviceId}`,
      pathParameters: { deviceId },
      body,
      as,
    });

  it.each<[string, string, Record<string, unknown>, string[]]>([
    ['an unknown platform', 'd-1', { platform: 'windows' }, ['/body/platform']],
    ['a non-semver app version', 'd-1', { appVersion: 'latest' }, ['/body/appVersion']],
    ['a bad locale', 'd-1', { locale: 'en_US' }, ['/body/locale']],
    ['a bad lastSeenAt', 'd-1', { lastSeenAt: 'yesterday' }, ['/body/lastSeenAt']],
    ['a push token with spaces', 'd-1', { pushToken: 'abc def' }, ['/body/pushToken']],
    ['an oversized push token', 'd-1', { pushToken: 'a'.repeat(4097) }, ['/body/pushToken']],
    ['an unknown field', 'd-1', { model: 'iPhone' }, ['/body/model']],
    ['a bad device id', 'd/1?x', {}, ['/path/deviceId']],
    [
      'a lastSeenAt in the future',
      'd-1',
      { lastSeenAt: new Date(Date.now() + 3_600_000).toISOString() },
      ['/body/lastSeenAt'],
    ],
    [
      'a lastSeenAt 31 days ago',
      'd-1',
      { lastSeenAt: new Date(Date.now() - 31 * 86_400_000).toISOString() },
      ['/body/lastSeenAt'],
    ],
  ])('%s', async (_case, deviceId, change, pointers) => {
    const user = newUser();
    await create(user, validProfile);

    const response = await put(user, deviceId, { ...validSession(), ...change });

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe(PROBLEM);
    expect([...new Set(response.body.errors!.map((e) => e.pointer))].sort()).toEqual([...pointers].sort());
    expect((await itemsOf(user)).map((item) => item.sk)).toEqual(['PROFILE']);
  });
});
