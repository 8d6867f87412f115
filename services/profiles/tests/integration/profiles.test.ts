// The profile routes in-process against DynamoDB Local (tests/setup/integration-*.ts), through the
// real handlers and the real store.
import { closeTestDocumentClient } from '../../../../tests/support/dynamodb';
import { handler as createProfile } from '../../src/handlers/create-profile';
import { handler as deleteProfile } from '../../src/handlers/delete-profile';
import { handler as getProfile } from '../../src/handlers/get-profile';
import { handler as putSession } from '../../src/handlers/put-session';
import { handler as updateProfile } from '../../src/handlers/update-profile';
import {
  call,
  cognitoAuthorizer,
  itemsOf,
  jwtAuthorizer,
  newUser,
  validProfile,
  validSession,
} from '../support/profiles-api';

afterAll(() => closeTestDocumentClient());
afterEach(() => jest.restoreAllMocks());

const create = (as: string, body: unknown = validProfile) =>
  call(createProfile, { method: 'POST', path: '/profiles', body, as });
const read = (as: string) => call(getProfile, { path: '/profiles/me', as });
const patch = (as: string, body: unknown, ifMatch?: string) =>
  call(updateProfile, {
    method: 'PATCH',
    path: '/profiles/me',
    body,
    as,
    headers: ifMatch === undefined ? {} : { 'If-Match': ifMatch },
  });
const remove = (as: string) => call(deleteProfile, { method: 'DELETE', path: '/profiles/me', as });

describe('profile CRUD', () => {
  it('creates, reads, patches and deletes the caller’s own profile', async () => {
    const user = newUser();

    const createdResponse = await create(user);
    expect(createdResponse.status).toBe(201);
    expect(createdResponse.headers.location).toBe('/profiles/me');
    expect(createdResponse.body).toEqual({
      userId: user,
      ...validProfile,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: createdResponse.body.createdAt,
    });

    const readResponse = await read(user);
    expect(readResponse.status).toBe(200);
    expect(readResponse.headers.etag).toBe(createdResponse.headers.etag);
    expect(readResponse.headers.etag).toMatch(/^"1-[0-9a-f]{16}"$/);
    expect(readResponse.body).toEqual(createdResponse.body);

    const patched = await patch(
      user,
      { displayName: 'Ana L.', phone: null, timeZone: 'Europe/Lisbon' },
      readResponse.headers.etag,
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({
      userId: user,
      displayName: 'Ana L.',
      email: validProfile.email,
      locale: 'pt-BR',
      timeZone: 'Europe/Lisbon',
      country: 'BR',
      version: 2,
      createdAt: createdResponse.body.createdAt,
      updatedAt: expect.any(String),
    });
    expect(patched.headers.etag).toMatch(/^"2-[0-9a-f]{16}"$/);
    expect((await read(user)).headers.etag).toBe(patched.headers.etag);

    const [stored] = await itemsOf(user);
    expect(stored).toMatchObject({ pk: `USER#${user}`, sk: 'PROFILE', entity: 'profile', version: 2 });
    expect(stored).not.toHaveProperty('phone');

    expect((await remove(user)).status).toBe(204);
    const afterDelete = await read(user);
    expect(afterDelete.status).toBe(404);
    expect(afterDelete.headers['content-type']).toBe('application/problem+json');
    expect(await itemsOf(user)).toEqual([]);
    expect((await remove(user)).status).toBe(404);
    expect((await patch(user, { displayName: 'X' }, '*')).status).toBe(404);
  });

  it('answers 409 when the profile exists, and leaves it unchanged', async () => {
    const user = newUser();
    await create(user);

    const again = await create(user, { ...validProfile, displayName: 'Someone Else' });

    expect(again.status).toBe(409);
    expect(again.body.type).toBe('https://ledgerline.dev/problems/conflict');
    expect((await read(user)).body.displayName).toBe(validProfile.displayName);
  });

  it('answers 404 for a user without a profile', async () => {
    expect((await read(newUser())).status).toBe(404);
  });

  it('normalises the locale to its canonical BCP 47 form', async () => {
    const user = newUser();
    expect((await create(user, { ...validProfile, locale: 'EN-gb' })).body.locale).toBe('en-GB');
  });

  it('gives a re-created profile ETags that never match the deleted one', async () => {
    const user = newUser();
    const first = await create(user);
    await remove(user);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await create(user);

    expect(second.body.version).toBe(1);
    expect(second.headers.etag).not.toBe(first.headers.etag);
    expect((await patch(user, { displayName: 'Old tab' }, first.headers.etag)).status).toBe(412);
  });
});

describe('optimistic locking', () => {
  it('answers 428 without If-Match and changes nothing', async () => {
    const user = newUser();
    await create(user);

    const response = await patch(user, { displayName: 'No precondition' });

    expect(response.status).toBe(428);
    expect(response.body.type).toBe('https://ledgerline.dev/problems/precondition-required');
    expect((await read(user)).body).toMatchObject({ displayName: validProfile.displayName, version: 1 });
  });

  it('answers 412 for a stale ETag and a weak ETag, and accepts If-Match: * and lists', async () => {
    const user = newUser();
    const v1 = (await create(user)).headers.etag!;
    const v2 = (await patch(user, { country: 'PT' }, v1)).headers.etag!;

    const stale = await patch(user, { country: 'ES' }, v1);
    expect(stale.status).toBe(412);
    expect(stale.body.type).toBe('https://ledgerline.dev/problems/precondition-failed');
    expect((await patch(user, { country: 'ES' }, `W/${v2}`)).status).toBe(412);
    expect((await read(user)).body).toMatchObject({ country: 'PT', version: 2 });

    expect((await patch(user, { country: 'ES' }, `${v1}, ${v2}`)).status).toBe(200);
    expect((await patch(user, { country: 'FR' }, '*')).body).toMatchObject({ country: 'FR', version: 4 });
  });

  it('lets exactly one of two concurrent PATCHes with the same ETag win; the other gets 412', async () => {
    const user = newUser();
    const etag = (await create(user)).headers.etag!;

    const responses = await Promise.all([
      patch(user, { displayName: 'Writer One' }, etag),
      patch(user, { displayName: 'Writer Two' }, etag),
    ]);

    expect(responses.map((r) => r.status).sort()).toEqual([200, 412]);
    const winner = responses.find((r) => r.status === 200)!;
    expect((await read(user)).body).toMatchObject({ displayName: winner.body.displayName, version: 2 });
  });

  it('holds under a burst: of 8 concurrent PATCHes with one ETag exactly one wins', async () => {
    const user = newUser();
    const etag = (await create(user)).headers.etag!;

    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => patch(user, { displayName: `Writer ${i}` }, etag)),
    );

    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 412)).toHaveLength(7);
    expect((await read(user)).body.version).toBe(2);
  });
});

describe('authentication and isolation', () => {
  it('answers 401 problem+json to a handler invoked without authorizer context, writing nothing', async () => {
    const before = (await itemsOf('undefined')).length;
    for (const response of [
      await call(createProfile, { method: 'POST', path: '/profiles', body: validProfile }),
      await call(getProfile, { path: '/profiles/me' }),
      await call(updateProfile, {
        method: 'PATCH',
        path: '/profiles/me',
        body: { displayName: 'x' },
        headers: { 'If-Match': '*' },
      }),
      await call(deleteProfile, { method: 'DELETE', path: '/profiles/me' }),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.body.type).toBe('https://ledgerline.dev/problems/unauthorized');
    }
    expect((await itemsOf('undefined')).length).toBe(before);
  });

  it('answers 401 for Cognito id-token claims and 403 for a service token', async () => {
    const user = newUser();
    const idToken = await call(getProfile, {
      path: '/profiles/me',
      authorizer: cognitoAuthorizer(user, { token_use: 'id' }),
    });
    expect(idToken.status).toBe(401);
    const service = await call(getProfile, {
      path: '/profiles/me',
      authorizer: { ...jwtAuthorizer(user), tokenType: 'service' },
    });
    expect(service.status).toBe(403);
  });

  it('takes only the JWT authorizer’s context as a caller: native Cognito claims get 401 and change nothing', async () => {
    const user = newUser();
    const created = await call(createProfile, {
      method: 'POST',
      path: '/profiles',
      body: validProfile,
      authorizer: cognitoAuthorizer(user),
    });
    expect(created.status).toBe(401);
    expect((await read(user)).status).toBe(404);
  });

  it('rejects a token of another app client when COGNITO_CLIENT_ID is set (defence in depth)', async () => {
    const user = newUser();
    await create(user);
    process.env.COGNITO_CLIENT_ID = 'mobile-client';
    try {
      const foreign = await call(getProfile, {
        path: '/profiles/me',
        authorizer: jwtAuthorizer(user, 'some-other-client'),
      });
      expect(foreign.status).toBe(401);
      expect((await call(getProfile, { path: '/profiles/me', authorizer: jwtAuthorizer(user) })).status).toBe(
        200,
      );
    } finally {
      delete process.env.COGNITO_CLIENT_ID;
    }
  });

  it('never lets user A read or change user B’s profile or sessions', async () => {
    const alice = newUser();
    const bob = newUser();
    await create(alice, { ...validProfile, displayName: 'Alice' });
    const bobEtag = (await create(bob, { ...validProfile, displayName: 'Bob' })).headers.etag!;
    await call(putSession, {
      method: 'PUT',
      path: '/profiles/me/sessions/bob-phone',
      pathParameters: { deviceId: 'bob-phone' },
      body: validSession(),
      as: bob,
    });

    // Every route is /me: the only user a request can name is the token's sub. Alice using Bob's
    // ETag, or trying to smuggle his id in the body, changes only her own profile (or nothing).
    expect((await read(alice)).body.displayName).toBe('Alice');
    expect((await patch(alice, { displayName: 'Mallory' }, bobEtag)).status).toBe(412);
    expect((await patch(alice, { userId: bob }, '*')).status).toBe(400);
    expect(
      (
        await call(createProfile, {
          method: 'POST',
          path: '/profiles',
          body: { ...validProfile, userId: bob },
          as: alice,
        })
      ).status,
    ).toBe(400);
    expect((await remove(alice)).status).toBe(204);

    expect((await read(bob)).body).toMatchObject({ displayName: 'Bob', version: 1 });
    expect((await itemsOf(bob)).map((item) => item.sk).sort()).toEqual(['PROFILE', 'SESSION#bob-phone']);
  });
});
