// The records of processing (shared/src/privacy/inventory.ts, docs/privacy.md) are checked against
// what the code really stores: a distinctive value is planted into every inventoried field through
// the routes (in process, DynamoDB Local and cognito-local), then every table is scanned and the
// logs captured at DEBUG. Each value must be found exactly at the locations the inventory lists —
// not fewer (the inventory overstates), not more (a store the inventory does not know) — and in
// no log line.
import { randomInt, randomUUID } from 'node:crypto';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { LocalCognito } from '../../scripts/local/cognito-local';
import type * as SignUp from '../../services/auth/src/handlers/signup';
import type * as LocalAuth from '../../services/auth/tests/support/local-auth';
import { startLocalAuth } from '../../services/auth/tests/support/local-auth';
import type * as CreateProfile from '../../services/profiles/src/handlers/create-profile';
import type * as DeleteSession from '../../services/profiles/src/handlers/delete-session';
import type * as PutSession from '../../services/profiles/src/handlers/put-session';
import type * as ProfilesApi from '../../services/profiles/tests/support/profiles-api';
import type * as CreateTransfer from '../../services/transactions/src/handlers/create-transfer';
import type * as TransactionsSupport from '../../services/transactions/tests/support';
import { PERSONAL_DATA } from '../../shared/src/privacy/inventory';
import { personalDataCipher } from '../../shared/src/privacy/person-keys';
import { sealedSubject } from '../../shared/src/privacy/personal-data-cipher';
import type { TableStem } from '../../shared/src/tables';
import { closeTestDocumentClient, scanTable } from '../support/dynamodb';
import { captureLogs } from '../support/logs';

const tag = randomUUID().slice(0, 8);
/** One distinctive value per inventoried field (unique to this run: tables are shared by test files). */
const planted: Record<string, string> = {
  signUpEmail: `planted-signup-${tag}@example.com`,
  displayName: `Planted Name ${tag}`,
  profileEmail: `planted-profile-${tag}@example.com`,
  phone: `+1415${String(randomInt(1_000_000, 9_999_999))}`,
  deviceId: `planted-device-${tag}`,
  pushToken: `planted-push-${tag}`,
  tokenFamily: `planted-family-${tag}`,
  description: `Planted description ${tag}`,
  sourceIp: `2001:db8::${tag.slice(0, 4)}:${tag.slice(4, 8)}`,
  userAgent: `PlantedAgent/${tag}`,
};

let cognito: LocalCognito;
/** The handlers and helpers, loaded at DEBUG in one module registry (so `logger` is theirs). */
let m: {
  logger: Logger;
  signup: typeof SignUp.handler;
  post: typeof LocalAuth.post;
  createProfile: typeof CreateProfile.handler;
  putSession: typeof PutSession.handler;
  deleteSession: typeof DeleteSession.handler;
  call: typeof ProfilesApi.call;
  createTransfer: typeof CreateTransfer.handler;
  tx: typeof TransactionsSupport;
};
beforeAll(async () => {
  cognito = await startLocalAuth();
  const saved = process.env.POWERTOOLS_LOG_LEVEL;
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  try {
    await jest.isolateModulesAsync(async () => {
      m = {
        logger: (await import('@ledgerline/shared/logger')).logger,
        signup: (await import('../../services/auth/src/handlers/signup')).handler,
        post: (await import('../../services/auth/tests/support/local-auth')).post,
        createProfile: (await import('../../services/profiles/src/handlers/create-profile')).handler,
        putSession: (await import('../../services/profiles/src/handlers/put-session')).handler,
        deleteSession: (await import('../../services/profiles/src/handlers/delete-session')).handler,
        call: (await import('../../services/profiles/tests/support/profiles-api')).call,
        createTransfer: (await import('../../services/transactions/src/handlers/create-transfer')).handler,
        tx: await import('../../services/transactions/tests/support'),
      };
    });
  } finally {
    process.env.POWERTOOLS_LOG_LEVEL = saved;
  }
}, 30_000);
afterAll(async () => {
  closeTestDocumentClient();
  await cognito?.stop();
});

/** `<pk prefix>/<sk prefix>`: the key up to its first `#`. */
const kindOf = (item: Record<string, unknown>) =>
  `${String(item.pk).split('#')[0]}/${String(item.sk).split('#')[0]}`;

/** The sealed values (`pd1:…`) anywhere in an attribute, nested maps included. */
const sealedIn = (value: unknown): string[] =>
  typeof value === 'string'
    ? value.startsWith('pd1:')
      ? [value]
      : []
    : value && typeof value === 'object'
      ? Object.values(value as Record<string, unknown>).flatMap(sealedIn)
      : [];

/**
 * Where each planted value is stored: `<table>:<kind>:<attribute>` in clear, or
 * `sealed:<table>:<kind>:<attribute>` when it is there only sealed under the person's data key
 * (opened with the same key to tell). An attribute counts once.
 */
async function locationsOfPlanted(): Promise<Record<string, string[]>> {
  const found: Record<string, Set<string>> = Object.fromEntries(
    Object.keys(planted).map((k) => [k, new Set()]),
  );
  const cipher = personalDataCipher();
  for (const stem of ['auth', 'profiles', 'transactions'] as TableStem[]) {
    for (const item of await scanTable(stem)) {
      for (const [attribute, value] of Object.entries(item)) {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        const opened = await Promise.all(
          sealedIn(value).map(async (sealed) => {
            const field =
              attribute === 'audit'
                ? `audit.${sealed === (value as Record<string, string>).sourceIp ? 'sourceIp' : 'userAgent'}`
                : attribute;
            return cipher.open(sealedSubject(sealed), field, sealed).catch(() => undefined);
          }),
        );
        for (const [field, plantedValue] of Object.entries(planted)) {
          if (text.includes(plantedValue)) found[field]!.add(`${stem}:${kindOf(item)}:${attribute}`);
          if (opened.some((plain) => plain?.includes(plantedValue))) {
            found[field]!.add(`sealed:${stem}:${kindOf(item)}:${attribute}`);
          }
        }
      }
    }
  }
  return Object.fromEntries(Object.entries(found).map(([field, set]) => [field, [...set].sort()]));
}

it('stores every planted personal value exactly where the inventory says, and logs none of them', async () => {
  // Prepare: one person, their devices and a payment, through the routes
  const { call, createProfile, putSession, deleteSession } = m;
  const { deposit, invoke, openAccount, user } = m.tx;
  const createTransferHandler = m.createTransfer;
  let userId = '';
  const logs = await captureLogs(m.logger, async () => {
    const signup = await m.post(m.signup, '/auth/signup', {
      email: planted.signUpEmail,
      password: 'Planted-Passw0rd!2026',
    });
    expect(signup.status).toBe(201);
    userId = String(signup.body.userId);
    const as = { as: userId, family: planted.tokenFamily };
    const profile = await call(createProfile, {
      method: 'POST',
      path: '/profiles',
      body: { displayName: planted.displayName, email: planted.profileEmail, phone: planted.phone },
      ...as,
    });
    expect(profile.status).toBe(201);
    const session = (deviceId: string, pushToken?: string) =>
      call(putSession, {
        method: 'PUT',
        path: `/profiles/me/sessions/${deviceId}`,
        pathParameters: { deviceId },
        body: {
          platform: 'ios',
          appVersion: '3.4.1',
          locale: 'en-GB',
          lastSeenAt: new Date().toISOString(),
          ...(pushToken && { pushToken }),
        },
        ...as,
      });
    expect((await session(planted.deviceId!, planted.pushToken)).status).toBe(201);
    // A second device of the same sign-in, removed: its family goes to the revocation records.
    const other = `other-device-${tag}`;
    expect((await session(other)).status).toBe(201);
    const removed = await call(deleteSession, {
      method: 'DELETE',
      path: `/profiles/me/sessions/${other}`,
      pathParameters: { deviceId: other },
      ...as,
    });
    expect(removed.status).toBe(204);

    const payer = { ...user(userId) };
    const from = await openAccount(payer);
    const to = await openAccount(user());
    await deposit(from, 5_000);
    const paid = await invoke(createTransferHandler as never, payer, {
      method: 'POST',
      path: '/transfers',
      resource: '/transfers',
      body: { from, to, amount: { value: 1_200, currency: 'USD' }, description: planted.description },
      headers: { 'Idempotency-Key': `planted-${tag}`, 'User-Agent': planted.userAgent! },
      sourceIp: planted.sourceIp,
    });
    expect(paid.statusCode).toBe(201);

    // Refusals are logged (with the request's details): they must not carry the values either.
    const again = await call(createProfile, {
      method: 'POST',
      path: '/profiles',
      body: { displayName: planted.displayName, email: planted.profileEmail, phone: planted.phone },
      ...as,
    });
    expect(again.status).toBe(409);
    const invalid = await call(putSession, {
      method: 'PUT',
      path: `/profiles/me/sessions/${planted.deviceId}`,
      pathParameters: { deviceId: planted.deviceId! },
      body: { platform: 'windows-phone', pushToken: planted.pushToken, appVersion: planted.displayName },
      ...as,
    });
    expect(invalid.status).toBe(400);
    const refused = await invoke(createTransferHandler as never, payer, {
      method: 'POST',
      path: '/transfers',
      resource: '/transfers',
      body: {
        from,
        to: 'acc_aaaaaaaaaaaaaaaaaaaa',
        amount: { value: 1, currency: 'USD' },
        description: planted.description,
      },
      headers: { 'Idempotency-Key': `planted-refused-${tag}`, 'User-Agent': planted.userAgent! },
      sourceIp: planted.sourceIp,
    });
    expect(refused.statusCode).toBe(422);
  });

  // Assess: the tables
  const declared = Object.fromEntries(
    PERSONAL_DATA.flatMap((record) => Object.entries(record.fields)).map(([field, locations]) => [
      field,
      locations.filter((location) => !location.startsWith('cognito:')).sort(),
    ]),
  );
  expect(Object.keys(declared).sort()).toEqual(Object.keys(planted).sort());
  expect(await locationsOfPlanted()).toEqual(declared);

  // ... the user pool
  const client = new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const pooled = await client.send(new AdminGetUserCommand({ UserPoolId: cognito.poolId, Username: userId }));
  client.destroy();
  expect(pooled.UserAttributes?.find((a) => a.Name === 'email')?.Value).toBe(planted.signUpEmail);

  // ... and the logs: the refusals were logged (DEBUG), and no line holds a planted value
  expect(logs.raw.length).toBeGreaterThanOrEqual(3);
  const leaked = Object.entries(planted).filter(([, value]) =>
    logs.raw.some((line) => line.includes(value!)),
  );
  expect(leaked.map(([field]) => field)).toEqual([]);
}, 60_000);
