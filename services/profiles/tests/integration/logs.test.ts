// No profile field value reaches the logs in clear, at the most verbose level, during the CRUD flow.
import type { Logger } from '@aws-lambda-powertools/logger';
import { closeTestDocumentClient } from '../../../../tests/support/dynamodb';
import { captureLogs, muteLogs } from '../../../../tests/support/logs';
import { call, newUser, validSession } from '../support/profiles-api';

type Handlers = Record<
  'create' | 'read' | 'patch' | 'remove' | 'putSession' | 'listSessions',
  Parameters<typeof call>[0]
>;

let handlers: Handlers;
let logger: Logger;

/** Loads the handlers afresh with DEBUG logging (the integration environment logs WARN and up). */
beforeAll(async () => {
  const saved = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  try {
    await jest.isolateModulesAsync(async () => {
      handlers = {
        create: (await import('../../src/handlers/create-profile')).handler,
        read: (await import('../../src/handlers/get-profile')).handler,
        patch: (await import('../../src/handlers/update-profile')).handler,
        remove: (await import('../../src/handlers/delete-profile')).handler,
        putSession: (await import('../../src/handlers/put-session')).handler,
        listSessions: (await import('../../src/handlers/list-sessions')).handler,
      };
      logger = (await import('@ledgerline/shared/logger')).logger;
    });
  } finally {
    process.env.POWERTOOLS_LOG_LEVEL = saved;
  }
});
afterAll(() => closeTestDocumentClient());
afterEach(() => jest.restoreAllMocks());

it('never contain a profile field value in clear during the CRUD flow', async () => {
  const user = newUser();
  const profile = {
    displayName: 'Zephyrine Quartzwell',
    email: 'zephyrine.q@example.org',
    phone: '+447700900123',
    locale: 'cy-GB',
    timeZone: 'Pacific/Chatham',
    country: 'NZ',
  };
  const session = validSession();
  const statuses: number[] = [];
  const as = { as: user };

  muteLogs(logger);
  const { raw, lines } = await captureLogs(logger, async () => {
    const step = async (response: Promise<{ status: number; headers: Record<string, string> }>) => {
      const done = await response;
      statuses.push(done.status);
      return done;
    };
    const { etag } = (
      await step(call(handlers.create, { method: 'POST', path: '/profiles', body: profile, ...as }))
    ).headers;
    await step(call(handlers.read, { path: '/profiles/me', ...as }));
    const patch = { displayName: 'Quartzwell Z.', email: 'zq@example.net', phone: '+61491570006' };
    await step(
      call(handlers.patch, {
        method: 'PATCH',
        path: '/profiles/me',
        body: patch,
        headers: { 'If-Match': etag! },
        ...as,
      }),
    );
    await step(
      call(handlers.patch, {
        method: 'PATCH',
        path: '/profiles/me',
        body: { displayName: 'Stale Writer' },
        headers: { 'If-Match': etag! },
        ...as,
      }),
    );
    await step(
      call(handlers.create, {
        method: 'POST',
        path: '/profiles',
        body: { ...profile, email: 'bad@@example.org' },
        ...as,
      }),
    );
    await step(
      call(handlers.create, {
        method: 'POST',
        path: '/profiles',
        body: '{"displayName": "Broken Json Person',
        headers: { 'Content-Type': 'application/json' },
        ...as,
      }),
    );
    await step(
      call(handlers.putSession, {
        method: 'PUT',
        path: '/profiles/me/sessions/d-1',
        pathParameters: { deviceId: 'd-1' },
        body: session,
        ...as,
      }),
    );
    await step(call(handlers.listSessions, { path: '/profiles/me/sessions', ...as }));
    await step(call(handlers.remove, { method: 'DELETE', path: '/profiles/me', ...as }));
  });

  expect(statuses).toEqual([201, 200, 200, 412, 400, 400, 201, 200, 204]);
  // The capture works: every change and every rejection left a line.
  expect(lines.map((line) => line.message)).toEqual(
    expect.arrayContaining(['profile created', 'profile updated', 'request rejected', 'profile deleted']),
  );
  const text = raw.join('\n');
  for (const value of [
    ...Object.values(profile).filter((value) => value.length > 2),
    'Zephyrine',
    'Quartzwell',
    'zq@example.net',
    '+61491570006',
    'Stale Writer',
    'bad@@example.org',
    'Broken Json Person',
    session.pushToken,
  ]) {
    expect(text).not.toContain(value);
  }
});
