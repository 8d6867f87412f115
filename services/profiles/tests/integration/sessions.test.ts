// Device sessions in-process against DynamoDB Local: upsert, TTL, listing, deletion, isolation.
import { closeTestDocumentClient } from '../../../../tests/support/dynamodb';
import { handler as createProfile } from '../../src/handlers/create-profile';
import { handler as deleteProfile } from '../../src/handlers/delete-profile';
import { handler as deleteSession } from '../../src/handlers/delete-session';
import { handler as listSessions } from '../../src/handlers/list-sessions';
import { handler as putSession } from '../../src/handlers/put-session';
import { call, itemsOf, newUser, validProfile, validSession } from '../support/profiles-api';

afterAll(() => closeTestDocumentClient());

const DAY_SECONDS = 86_400;
const createProfileFor = (as: string) =>
  call(createProfile, { method: 'POST', path: '/profiles', body: validProfile, as });
const put = (as: string, deviceId: string, body: unknown) =>
  call(putSession, {
    method: 'PUT',
    path: `/profiles/me/sessions/${deviceId}`,
    pathParameters: { deviceId },
    body,
    as,
  });
const list = (as: string) => call(listSessions, { path: '/profiles/me/sessions', as });
const remove = (as: string, deviceId: string) =>
  call(deleteSession, {
    method: 'DELETE',
    path: `/profiles/me/sessions/${deviceId}`,
    pathParameters: { deviceId },
    as,
  });

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
