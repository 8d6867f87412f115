// Device sessions in-process against DynamoDB Local: upsert, TTL, listing, deletion, isolation, and
// the sign-in (token family) of each device: recorded, shown, revoked by removing the device.
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbRevocationStore } from '@ledgerline/auth/revocation';
import {
  closeTestDocumentClient,
  scanTable,
  testDocumentClient,
  testTableName,
} from '../../../../tests/support/dynamodb';
import { handler as createProfile } from '../../src/handlers/create-profile';
import { handler as deleteProfile } from '../../src/handlers/delete-profile';
import { handler as deleteSession } from '../../src/handlers/delete-session';
import { handler as listSessions } from '../../src/handlers/list-sessions';
import { handler as putSession } from '../../src/handlers/put-session';
import { call, itemsOf, jwtAuthorizer, newUser, validProfile, validSession } from '../support/profiles-api';

afterAll(() => closeTestDocumentClient());

const DAY_SECONDS = 86_400;
const createProfileFor = (as: string) =>
  call(createProfile, { method: 'POST', path: '/profiles', body: validProfile, as });
const put = (as: string, deviceId: string, body: unknown, family?: string) =>
  call(putSession, {
    method: 'PUT',
    path: `/profiles/me/sessions/${deviceId}`,
    pathParameters: { deviceId },
    body,
    as,
    family,
  });
const list = (as: string, family?: string) =>
  call(listSessions, { path: '/profiles/me/sessions', as, family });
const remove = (as: string, deviceId: string, family?: string) =>
  call(deleteSession, {
    method: 'DELETE',
    path: `/profiles/me/sessions/${deviceId}`,
    pathParameters: { deviceId },
    as,
    family,
  });

/** The auth service's revocation records, as the authorizer reads them. */
const revocations = () => new DynamoDbRevocationStore(testDocumentClient(), testTableName('auth'));
/** Every record of a user in the auth table. */
const authRecordsOf = async (user: string) =>
  (await scanTable('auth')).filter((item) => item.pk === `USER#${user}`);
const sessionItem = async (user: string, deviceId: string) =>
  (await itemsOf(user)).find((item) => item.sk === `SESSION#${deviceId}`);
/** What the list says of each device: `deviceId → {signedIn, current}`. */
const statusesOf = async (as: string, family?: string) => {
  const response = await list(as, family);
  expect(response.status).toBe(200);
  const sessions = response.body.sessions as Array<{ deviceId: string; signedIn: boolean; current: boolean }>;
  return Object.fromEntries(sessions.map((s) => [s.deviceId, { signedIn: s.signedIn, current: s.current }]));
};
const setFamilySince = (user: string, deviceId: string, since: number) =>
  testDocumentClient().send(
    new UpdateCommand({
      TableName: testTableName('profiles'),
      Key: { pk: `USER#${user}`, sk: `SESSION#${deviceId}` },
      UpdateExpression: 'SET tokenFamilySince = :since',
      ExpressionAttributeValues: { ':since': since },
    }),
  );
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('PUT /profiles/me/sessions/{deviceId}', () => {
  it('creates (201) then updates (200) a session, with expiresAt = lastSeenAt + 30 days (epoch seconds)', async () => {
    const user = newUser();
    await createProfileFor(user);
    const firstSeen = new Date(Date.now() - 2 * DAY_SECONDS * 1000);
    const lastSeen = new Date(Date.now() - 60_000);

    const first = await put(user, 'iphone-1', validSession(firstSeen.toISOString()));
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe('/profiles/me/sessions/iphone-1');
    expect(first.body).toEqual({
      deviceId: 'iphone-1',
      platform: 'ios',
      appVersion: '4.2.0',
      locale: 'en-US',
      hasPushToken: true,
      lastSeenAt: firstSeen.toISOString(),
      createdAt: expect.any(String),
      expiresAt: new Date((Math.floor(firstSeen.getTime() / 1000) + 30 * DAY_SECONDS) * 1000).toISOString(),
      signedIn: true,
      current: true,
    });
    const [created] = (await itemsOf(user)).filter((item) => item.sk === 'SESSION#iphone-1');
    expect(created).toMatchObject({
      entity: 'session',
      expiresAt: Math.floor(firstSeen.getTime() / 1000) + 30 * DAY_SECONDS,
      pushToken: validSession().pushToken,
    });

    const { pushToken: _dropped, ...withoutToken } = validSession(lastSeen.toISOString());
    const second = await put(user, 'iphone-1', { ...withoutToken, appVersion: '4.3.0' });
    expect(second.status).toBe(200);
    expect(second.headers.location).toBeUndefined();
    expect(second.body).toMatchObject({
      appVersion: '4.3.0',
      hasPushToken: false,
      lastSeenAt: lastSeen.toISOString(),
    });

    const [updated] = (await itemsOf(user)).filter((item) => item.sk === 'SESSION#iphone-1');
    expect(updated).toMatchObject({
      appVersion: '4.3.0',
      createdAt: created!.createdAt,
      expiresAt: Math.floor(lastSeen.getTime() / 1000) + 30 * DAY_SECONDS,
    });
    expect(updated).not.toHaveProperty('pushToken');
    expect(typeof updated!.expiresAt).toBe('number');
  });

  it('records the token family of the caller’s sign-in, never shows it, and follows a new sign-in', async () => {
    const user = newUser();
    await createProfileFor(user);
    const before = nowSeconds();

    const first = await put(user, 'phone', validSession(), 'fam-first');

    expect(first.status).toBe(201);
    expect(first.raw).not.toContain('fam-first');
    const recorded = await sessionItem(user, 'phone');
    expect(recorded).toMatchObject({ tokenFamily: 'fam-first' });
    expect(recorded!.tokenFamilySince).toBeGreaterThanOrEqual(before);
    expect(recorded!.tokenFamilySince).toBeLessThanOrEqual(nowSeconds());

    // The same sign-in again: the family's first sighting (the bound of its auth_time) is kept.
    await setFamilySince(user, 'phone', before - 3600);
    const again = await put(user, 'phone', validSession(), 'fam-first');
    expect(again.status).toBe(200);
    expect(again.raw).not.toContain('fam-first');
    expect(await sessionItem(user, 'phone')).toMatchObject({
      tokenFamily: 'fam-first',
      tokenFamilySince: before - 3600,
    });

    // After signing in anew, the device's next PUT records the new family, first seen now.
    expect((await put(user, 'phone', validSession(), 'fam-second')).status).toBe(200);
    const moved = await sessionItem(user, 'phone');
    expect(moved).toMatchObject({ tokenFamily: 'fam-second' });
    expect(moved!.tokenFamilySince).toBeGreaterThanOrEqual(before);
  });

  it('answers 401 for an access token context without a token family, and writes nothing', async () => {
    const user = newUser();
    await createProfileFor(user);
    const { tokenFamily: _none, ...withoutFamily } = jwtAuthorizer(user);

    const response = await call(putSession, {
      method: 'PUT',
      path: '/profiles/me/sessions/d-1',
      pathParameters: { deviceId: 'd-1' },
      body: validSession(),
      authorizer: withoutFamily,
    });

    expect(response.status).toBe(401);
    expect(await sessionItem(user, 'd-1')).toBeUndefined();
  });

  it('answers 404 without a profile and writes nothing', async () => {
    const user = newUser();

    const response = await put(user, 'pixel-1', validSession());

    expect(response.status).toBe(404);
    expect(await itemsOf(user)).toEqual([]);
  });

  it('answers 401 without authorizer context', async () => {
    const response = await call(putSession, {
      method: 'PUT',
      path: '/profiles/me/sessions/d-1',
      pathParameters: { deviceId: 'd-1' },
      body: validSession(),
    });
    expect(response.status).toBe(401);
  });
});

describe('GET /profiles/me/sessions', () => {
  it('lists only the caller’s live sessions, most recently seen first', async () => {
    const alice = newUser();
    const bob = newUser();
    await createProfileFor(alice);
    await createProfileFor(bob);
    await put(alice, 'old-tablet', validSession(new Date(Date.now() - 5 * DAY_SECONDS * 1000).toISOString()));
    await put(alice, 'phone', validSession(new Date(Date.now() - 1000).toISOString()));
    await put(bob, 'bob-phone', validSession());

    const response = await list(alice);

    expect(response.status).toBe(200);
    expect((response.body.sessions as Array<{ deviceId: string }>).map((s) => s.deviceId)).toEqual([
      'phone',
      'old-tablet',
    ]);
    expect(response.raw).not.toContain(validSession().pushToken);
    expect((await list(bob)).body.sessions).toHaveLength(1);
  });

  it('leaves out sessions past their TTL that DynamoDB has not removed yet', async () => {
    const user = newUser();
    await createProfileFor(user);
    await put(user, 'phone', validSession());
    await put(user, 'stale', validSession());
    // DynamoDB deletes expired items lazily (up to days later): simulate one still in the table.
    const { testDocumentClient, testTableName } = await import('../../../../tests/support/dynamodb');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await testDocumentClient().send(
      new UpdateCommand({
        TableName: testTableName('profiles'),
        Key: { pk: `USER#${user}`, sk: 'SESSION#stale' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 10 },
      }),
    );

    const response = await list(user);

    expect((response.body.sessions as Array<{ deviceId: string }>).map((s) => s.deviceId)).toEqual(['phone']);
  });

  it('answers 404 without a profile', async () => {
    expect((await list(newUser())).status).toBe(404);
  });
});

describe('DELETE /profiles/me/sessions/{deviceId}', () => {
  it('deletes one session (204), then 404; never another user’s session', async () => {
    const alice = newUser();
    const bob = newUser();
    await createProfileFor(alice);
    await createProfileFor(bob);
    await put(alice, 'shared-id', validSession());
    await put(bob, 'shared-id', validSession());

    expect((await remove(alice, 'shared-id')).status).toBe(204);
    expect((await remove(alice, 'shared-id')).status).toBe(404);

    expect((await list(alice)).body.sessions).toEqual([]);
    expect((await list(bob)).body.sessions).toHaveLength(1);
  });
});

describe('device sign-in: signedIn and current in the list, DELETE signs the device out', () => {
  it('revokes exactly the removed device’s family; the list then shows the rest correctly', async () => {
    const alice = newUser();
    const bob = newUser();
    await createProfileFor(alice);
    await createProfileFor(bob);
    await put(alice, 'phone', validSession(), 'fam-phone');
    await put(alice, 'laptop', validSession(), 'fam-laptop');
    await put(alice, 'tablet', validSession(), 'fam-tablet');
    await put(bob, 'phone', validSession(), 'fam-bob');
    expect(await statusesOf(alice, 'fam-laptop')).toEqual({
      phone: { signedIn: true, current: false },
      laptop: { signedIn: true, current: true },
      tablet: { signedIn: true, current: false },
    });

    // "Log out that phone", from the laptop.
    expect((await remove(alice, 'phone', 'fam-laptop')).status).toBe(204);

    expect(await sessionItem(alice, 'phone')).toBeUndefined();
    expect(await authRecordsOf(alice)).toEqual([
      expect.objectContaining({
        sk: 'FAMILY#fam-phone',
        reason: 'device-removed',
        revokedAt: expect.any(Number),
      }),
    ]);
    expect((await revocations().recordsFor(alice, 'fam-phone')).familyRevokedAt).toEqual(expect.any(Number));
    expect(await revocations().recordsFor(alice, 'fam-laptop')).toEqual({});
    expect(await authRecordsOf(bob)).toEqual([]);

    // The tablet logs out through the auth service: its session stays listed, signed out.
    await revocations().revokeFamily(alice, 'fam-tablet', 'logout', new Date());
    expect(await statusesOf(alice, 'fam-laptop')).toEqual({
      laptop: { signedIn: true, current: true },
      tablet: { signedIn: false, current: false },
    });
    expect((await list(alice, 'fam-laptop')).raw).not.toMatch(/fam-/);
  });

  it('shows devices first recorded before the user’s not-before as signed out', async () => {
    const user = newUser();
    await createProfileFor(user);
    await put(user, 'old-phone', validSession(), 'fam-old');
    await put(user, 'new-phone', validSession(), 'fam-new');
    // The old phone's sign-in was first recorded an hour ago, the new one's now.
    await setFamilySince(user, 'old-phone', nowSeconds() - 3600);

    // A sign-out everywhere half an hour ago, then one now (everything signed in before it ends).
    await revocations().raiseNotBefore(user, nowSeconds() - 1800, 'logout-all', new Date());
    expect(await statusesOf(user, 'fam-new')).toEqual({
      'old-phone': { signedIn: false, current: false },
      'new-phone': { signedIn: true, current: true },
    });
    await revocations().raiseNotBefore(user, nowSeconds() + 1, 'logout-all', new Date());
    expect(await statusesOf(user, 'fam-new')).toEqual({
      'old-phone': { signedIn: false, current: false },
      'new-phone': { signedIn: false, current: true },
    });
  });

  it('lets the caller remove their own current device (a logout of this device)', async () => {
    const user = newUser();
    await createProfileFor(user);
    await put(user, 'phone', validSession(), 'fam-self');

    expect((await remove(user, 'phone', 'fam-self')).status).toBe(204);

    expect(await sessionItem(user, 'phone')).toBeUndefined();
    expect(Object.keys(await revocations().recordsFor(user, 'fam-self'))).toEqual(['familyRevokedAt']);
  });

  it('answers 404 for an unknown device and revokes nothing', async () => {
    const user = newUser();
    await createProfileFor(user);
    await put(user, 'phone', validSession(), 'fam-phone');

    expect((await remove(user, 'no-such-device')).status).toBe(404);

    expect(await authRecordsOf(user)).toEqual([]);
    expect(await statusesOf(user)).toEqual({ phone: { signedIn: true, current: false } });
  });

  it('treats a session stored before families were recorded as not signed in, and only deletes it', async () => {
    const user = newUser();
    await createProfileFor(user);
    const expiresAt = nowSeconds() + DAY_SECONDS;
    await testDocumentClient().send(
      new PutCommand({
        TableName: testTableName('profiles'),
        Item: {
          pk: `USER#${user}`,
          sk: 'SESSION#legacy',
          entity: 'session',
          userId: user,
          deviceId: 'legacy',
          platform: 'android',
          appVersion: '3.0.0',
          locale: 'en-US',
          lastSeenAt: new Date().toISOString(),
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
          expiresAt,
        },
      }),
    );

    expect(await statusesOf(user)).toEqual({ legacy: { signedIn: false, current: false } });
    expect((await remove(user, 'legacy')).status).toBe(204);

    expect(await sessionItem(user, 'legacy')).toBeUndefined();
    expect(await authRecordsOf(user)).toEqual([]);
  });
});

describe('DELETE /profiles/me', () => {
  it('removes the profile and every session; later reads are 404', async () => {
    const user = newUser();
    const other = newUser();
    await createProfileFor(user);
    await createProfileFor(other);
    for (let i = 0; i < 30; i += 1) await put(user, `device-${i}`, validSession());
    await put(other, 'device-0', validSession());
    expect(await itemsOf(user)).toHaveLength(31);

    expect((await call(deleteProfile, { method: 'DELETE', path: '/profiles/me', as: user })).status).toBe(
      204,
    );

    expect(await itemsOf(user)).toEqual([]);
    expect((await list(user)).status).toBe(404);
    expect((await put(user, 'device-0', validSession())).status).toBe(404);
    expect(await itemsOf(other)).toHaveLength(2);
  });
});
