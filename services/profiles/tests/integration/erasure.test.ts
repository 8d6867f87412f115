// The right to erasure end to end, in process: real sign-ins at cognito-local (with the faithful
// shim), the auth service's authorizer, the profiles and transactions handlers on DynamoDB Local,
// and the exports bucket on moto_server's S3 (the ledger through @ledgerline/transactions/privacy:
// the owner index finds the person's accounts). DELETE /me, then the erasure worker (its stream
// trigger), then what must be gone, what must stay (the ledger), and who is refused.
import { personalDataCipher } from '@ledgerline/shared/privacy/person-keys';
import { randomUUID } from 'node:crypto';
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { LocalCognito } from '../../../../scripts/local/cognito-local';
import { captureLogs } from '../../../../tests/support/logs';
import { closeTestDocumentClient, scanTable } from '../../../../tests/support/dynamodb';
import type { Moto } from '../../../../tests/delivery/support/moto';
import { startMoto } from '../../../../tests/delivery/support/moto';
import type { AuthHandlers } from '../../../auth/tests/support/local-auth';
import {
  loadAuthHandlers,
  newEmail,
  post,
  startLocalAuth,
  STRONG_PASSWORD,
} from '../../../auth/tests/support/local-auth';
import { throughGateway } from '../../../auth/tests/support/gateway';
import type * as Transactions from '../../../transactions/tests/support';
import type * as ErasureUseCases from '../../src/use-cases/erasure';
import type { ErasurePorts } from '../../src/use-cases/erasure';
import { call, itemsOf, validProfile, validSession } from '../support/profiles-api';

type Handler = Parameters<typeof call>[0];

let cognito: LocalCognito;
let moto: Moto;
let auth: AuthHandlers;
let tx: typeof Transactions;
let h: {
  createProfile: Handler;
  putSession: Handler;
  putConsent: Handler;
  deleteMe: Handler;
  getErasure: Handler;
  runErasures: (event: DynamoDBStreamEvent, context: unknown) => Promise<unknown>;
  ports: ErasurePorts;
  runErasure: typeof ErasureUseCases.runErasure;
  sweepErasures: typeof ErasureUseCases.sweepErasures;
  logger: Logger;
};
const bucket = `ledgerline-exports-test-${randomUUID().slice(0, 8)}`;
let s3: S3Client;

beforeAll(async () => {
  cognito = await startLocalAuth();
  moto = await startMoto();
  Object.assign(process.env, { EXPORTS_BUCKET: bucket, S3_ENDPOINT: moto.endpoint });
  s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  auth = await loadAuthHandlers();
  tx = await import('../../../transactions/tests/support');
  const { erasurePorts } = await import('../../src/wiring-erasure');
  const ports = erasurePorts();
  const erasure = await import('../../src/use-cases/erasure');
  h = {
    createProfile: (await import('../../src/handlers/create-profile')).handler as Handler,
    putSession: (await import('../../src/handlers/put-session')).handler as Handler,
    putConsent: (await import('../../src/handlers/put-consent')).handler as Handler,
    deleteMe: (await import('../../src/handlers/delete-me')).handler as Handler,
    getErasure: (await import('../../src/handlers/get-erasure')).handler as Handler,
    runErasures: (await import('../../src/handlers/run-erasures')).handler as never,
    ports,
    runErasure: erasure.runErasure,
    sweepErasures: erasure.sweepErasures,
    logger: (await import('@ledgerline/shared/logger')).logger,
  };
}, 60_000);
afterAll(async () => {
  s3?.destroy();
  closeTestDocumentClient();
  await moto?.stop();
  await cognito?.stop();
});

interface Person {
  email: string;
  sub: string;
  accessToken: string;
  /** What the authorizer passes to the handlers for the access token. */
  context: Record<string, unknown>;
}

/** A confirmed Cognito user, signed in now (a recent sign-in). */
async function signedInPerson(): Promise<Person> {
  const email = newEmail();
  const signup = await post(auth.signup, '/auth/signup', { email, password: STRONG_PASSWORD });
  await post(auth.confirm, '/auth/confirm', { email, code: await cognito.confirmationCode(email) });
  const login = await post(auth.login, '/auth/login', { email, password: STRONG_PASSWORD });
  expect(login.status).toBe(200);
  const accessToken = String(login.body.accessToken);
  return { email, sub: String(signup.body.userId), accessToken, context: await contextOf(accessToken) };
}

async function contextOf(accessToken: string): Promise<Record<string, unknown>> {
  const gateway = await throughGateway(
    auth.authorizer,
    `Bearer ${accessToken}`,
    () => undefined,
    'DELETE/me',
  );
  expect(gateway.status).toBe(200);
  return gateway.context ?? {};
}

const as = (person: Person, context = person.context) => ({ authorizer: context });
const deleteMe = (person: Person, context?: Record<string, unknown>) =>
  call(h.deleteMe, { method: 'DELETE', path: '/me', ...as(person, context) });
const getErasure = (person: Person) =>
  call(h.getErasure, { method: 'GET', path: '/me/erasure', ...as(person) });

/** The stream record DynamoDB writes for a new erasure job (what the event source delivers). */
const insertedJob = (sub: string): DynamoDBStreamEvent => ({
  Records: [
    {
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: '100',
        NewImage: {
          pk: { S: `USER#${sub}` },
          sk: { S: 'ERASURE' },
          entity: { S: 'erasure' },
          sub: { S: sub },
        },
      },
    },
  ],
});

async function cognitoUserExists(sub: string): Promise<boolean> {
  const client = new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await client.send(new AdminGetUserCommand({ UserPoolId: cognito.poolId, Username: sub }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'UserNotFoundException') return false;
    throw error;
  } finally {
    client.destroy();
  }
}

const exportKeys = async (sub: string) =>
  (
    (await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `exports/${sub}/` }))).Contents ?? []
  ).map((o) => o.Key);

async function putExport(sub: string, text: string) {
  const jobId = randomUUID();
  for (const name of ['export.json', 'entries.csv']) {
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `exports/${sub}/${jobId}/${name}`, Body: text }),
    );
  }
}

/** Gives `sub` a data key the way the ledger does: by sealing a value under it. */
async function putDataKeys(sub: string) {
  await personalDataCipher().seal(sub, 'description', 'a value of theirs');
}

/**
 * Where any of `values` is still stored in clear: every table, every object of the exports bucket
 * and the given log lines (`<place>: <value name>`). With the ledger's personal fields sealed under
 * the person's data key (crypto-shredding), the ledger's table joins the places this must find empty.
 */
async function plantedValuesFound(
  values: Record<string, string>,
  options: { logs: string[]; tables: Array<Parameters<typeof scanTable>[0]> },
): Promise<string[]> {
  const found: string[] = [];
  const check = (place: string, text: string) => {
    for (const [name, value] of Object.entries(values))
      if (text.includes(value)) found.push(`${place}: ${name}`);
  };
  for (const stem of options.tables) {
    for (const item of await scanTable(stem)) check(`table ${stem}`, JSON.stringify(item));
  }
  const objects = (await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? [];
  for (const object of objects) {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const body = await (
      await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }))
    ).Body?.transformToString();
    check(`s3 ${object.Key}`, body ?? '');
  }
  options.logs.forEach((line, i) => check(`log line ${i}`, line));
  return found;
}

describe('DELETE /me refusals', () => {
  it('401 reauthentication-required when the sign-in is older than 5 minutes; nothing is started', async () => {
    const person = await signedInPerson();
    const stale = { ...person.context, authTime: String(Math.floor(Date.now() / 1000) - 6 * 60) };
    const refused = await deleteMe(person, stale);
    expect(refused.status).toBe(401);
    expect(refused.body.type).toBe('https://ledgerline.dev/problems/reauthentication-required');
    expect(refused.headers['www-authenticate']).toContain('insufficient_user_authentication');
    expect((await getErasure(person)).status).toBe(404);
  }, 30_000);

  it('409 balance-not-zero while an account holds money, naming it and saying how to withdraw', async () => {
    const person = await signedInPerson();
    const empty = await tx.openAccount(tx.user(person.sub));
    const funded = await tx.openAccount(tx.user(person.sub));
    expect(empty).not.toBe(funded);
    await tx.deposit(funded, 2_500);
    const refused = await deleteMe(person);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: 'https://ledgerline.dev/problems/balance-not-zero',
      accounts: [{ accountId: funded, currency: 'USD' }],
    });
    expect(String(refused.body.detail)).toMatch(/withdraw/i);
    expect((await getErasure(person)).status).toBe(404);
    expect(await cognitoUserExists(person.sub)).toBe(true);
  }, 30_000);
});

describe('erasure of a person with empty accounts', () => {
  it('deletes the user and their data, closes the accounts, refuses old tokens, keeps the ledger', async () => {
    // Prepare: a person with a profile, a device, a consent, exports, data keys and a paid-out account
    const person = await signedInPerson();
    const other = await signedInPerson();
    const tag = randomUUID().slice(0, 8);
    const planted = {
      displayName: `Erased Name ${tag}`,
      email: `erased-${tag}@example.com`,
      pushToken: `erased-push-${tag}`,
      deviceId: `erased-device-${tag}`,
    };
    const asPerson = as(person);
    expect(
      (
        await call(h.createProfile, {
          method: 'POST',
          path: '/profiles',
          body: { ...validProfile, displayName: planted.displayName, email: planted.email },
          ...asPerson,
        })
      ).status,
    ).toBe(201);
    const device = await call(h.putSession, {
      method: 'PUT',
      path: `/profiles/me/sessions/${planted.deviceId}`,
      pathParameters: { deviceId: planted.deviceId },
      body: { ...validSession(), pushToken: planted.pushToken },
      ...asPerson,
    });
    expect(device.status).toBe(201);
    const consent = await call(h.putConsent, {
      method: 'PUT',
      path: '/me/consents/marketing',
      pathParameters: { purpose: 'marketing' },
      body: { granted: true, noticeVersion: `sha256:${'b'.repeat(64)}` },
      ...asPerson,
    });
    expect(consent.status).toBe(201);
    await putExport(person.sub, JSON.stringify(planted));
    await putExport(other.sub, 'someone else');
    await putDataKeys(person.sub);
    await putDataKeys(other.sub);
    const account = await tx.openAccount(tx.user(person.sub));
    const payee = await tx.openAccount(tx.user(other.sub));
    await tx.deposit(account, 1_200);
    const paid = await tx.api.createTransfer(tx.user(person.sub), {
      from: account,
      to: payee,
      amount: { value: 1_200, currency: 'USD' },
    });
    expect(paid.statusCode).toBe(201);
    const ledgerBefore = [await tx.ledgerState(account), await tx.ledgerState(payee)];
    const totalBefore = (await tx.balances(account)).posted + (await tx.balances(payee)).posted;

    // Act: ask (202), ask again (no-op), then the worker's stream trigger runs the job
    const asked = await deleteMe(person);
    expect(asked.status).toBe(202);
    expect(asked.headers.location).toBe('/me/erasure');
    expect(asked.body).toMatchObject({ status: 'pending' });
    const again = await deleteMe(person);
    expect(again.status).toBe(202);
    expect(again.body.jobId).toBe(asked.body.jobId);
    expect((await getErasure(person)).body).toMatchObject({ jobId: asked.body.jobId, status: 'pending' });
    const logs = await captureLogs(h.logger, async () => {
      expect(await h.runErasures(insertedJob(person.sub), {})).toEqual({ batchItemFailures: [] });
    });

    // Assess: the job is complete, every step done
    const job = await getErasure(person);
    expect(job.body).toMatchObject({ status: 'complete', jobId: asked.body.jobId });
    expect((job.body.steps as Array<{ state: string }>).map((s) => s.state)).toEqual(Array(5).fill('done'));
    // ... the Cognito user is gone: no sign-in, and the old access token is refused by the authorizer
    expect(await cognitoUserExists(person.sub)).toBe(false);
    const login = await post(auth.login, '/auth/login', { email: person.email, password: STRONG_PASSWORD });
    expect(login.status).toBe(401);
    expect(
      (await throughGateway(auth.authorizer, `Bearer ${person.accessToken}`, () => undefined)).status,
    ).toBe(401);
    // ... profile, device, consents are gone; only the erasure record stays, without personal data
    const left = await itemsOf(person.sub);
    expect(left.map((item) => item.sk)).toEqual(['ERASURE']);
    expect(Object.keys(left[0]!).sort()).toEqual(
      [
        'completedAt',
        'entity',
        'expiresAt',
        'jobId',
        'pk',
        'requestedAt',
        'sk',
        'startedAt',
        'status',
        'steps',
        'sub',
      ].sort(),
    );
    // ... their export files and data keys are gone, the other person's stay
    expect(await exportKeys(person.sub)).toEqual([]);
    expect(await exportKeys(other.sub)).toHaveLength(2);
    expect(await h.ports.personKeys.remaining(person.sub)).toEqual({ 'us-east-1': 0, 'us-west-2': 0 });
    expect(await h.ports.personKeys.remaining(other.sub)).toEqual({ 'us-east-1': 1, 'us-west-2': 1 });
    // ... the account is closed, and the ledger (entries, balances, totals) is as it was
    expect((await tx.api.getAccount(tx.service('transactions:read'), account)).json.status).toBe('closed');
    const ledgerAfter = [await tx.ledgerState(account), await tx.ledgerState(payee)];
    expect(ledgerAfter.map((s) => s.entries)).toEqual(ledgerBefore.map((s) => s.entries));
    expect(ledgerAfter.map((s) => s.posted)).toEqual(ledgerBefore.map((s) => s.posted));
    expect((await tx.balances(account)).posted + (await tx.balances(payee)).posted).toBe(totalBefore);
    // ... and none of the planted values is left in clear in the profiles or auth tables, the
    // bucket or the worker's logs
    expect(await plantedValuesFound(planted, { logs: logs.raw, tables: ['profiles', 'auth'] })).toEqual([]);

    // A second DELETE /me after the end is a no-op answering the finished job
    const late = await deleteMe(person);
    expect(late.status).toBe(202);
    expect(late.body).toMatchObject({ jobId: asked.body.jobId, status: 'complete' });
  }, 60_000);

  it('resumes after a crash between steps at the first unfinished one, without repeating the others', async () => {
    // Prepare: a person whose Cognito deletion fails once (a fault injected into that port only)
    const person = await signedInPerson();
    await tx.openAccount(tx.user(person.sub));
    expect((await deleteMe(person)).status).toBe(202);
    let signOuts = 0;
    let failures = 1;
    const ports: ErasurePorts = {
      store: h.ports.store,
      ledger: h.ports.ledger,
      revocations: h.ports.revocations,
      exportObjects: h.ports.exportObjects,
      personKeys: h.ports.personKeys,
      newId: h.ports.newId,
      now: () => new Date(),
      users: {
        signOutEverywhere: async (sub) => {
          signOuts += 1;
          await h.ports.users.signOutEverywhere(sub);
        },
        deleteUser: async (sub) => {
          if (failures-- > 0) throw new Error('injected: Cognito unavailable');
          await h.ports.users.deleteUser(sub);
        },
      },
    };

    // Act: the first run dies at deleteUser
    await expect(h.runErasure(ports, person.sub)).rejects.toThrow('injected');
    const stalled = await h.ports.store.getJob(person.sub);
    expect(stalled).toMatchObject({
      status: 'running',
      steps: {
        revokeSessions: { state: 'done' },
        closeAccounts: { state: 'done' },
        deleteUser: { state: 'pending' },
      },
    });
    expect(await cognitoUserExists(person.sub)).toBe(true);
    // The lease holds it until it ends; the sweeper after that (clock moved past the lease) resumes
    expect(await h.sweepErasures(ports)).toMatchObject({ completed: 0 });
    ports.now = () => new Date(Date.now() + 6 * 60_000);
    expect(await h.sweepErasures(ports)).toMatchObject({ completed: 1, failed: 0 });

    // Assess
    expect(await h.ports.store.getJob(person.sub)).toMatchObject({ status: 'complete' });
    expect(await cognitoUserExists(person.sub)).toBe(false);
    expect(signOuts).toBe(1);
  }, 60_000);
});
