// Right of access and portability, in process against DynamoDB Local, cognito-local and s3rver:
// a person signs up, fills in a profile, devices and consents; POST /me/exports opens one job (the
// same one while unfinished); the export worker's sweep writes export.json and entries.csv to the
// bucket; GET /me/exports/{id} hands out links that work and expire within 15 minutes. Every
// planted value is in the files, nothing of a second person is, the token family is not; a worker
// that dies after the JSON is resumed by the next sweep once its lease lapses; the files are
// streamed (S3 receives parts before the ledger is read to its end); the person's payments, made
// through the transactions route, come out of @ledgerline/transactions/privacy into both files.
import { randomUUID } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import type { LocalCognito } from '../../scripts/local/cognito-local';
import type { LocalS3 } from '../../scripts/local/s3-local';
import { startLocalS3 } from '../../scripts/local/s3-local';
import { startLocalAuth } from '../../services/auth/tests/support/local-auth';
import type * as LocalAuth from '../../services/auth/tests/support/local-auth';
import type * as SignUp from '../../services/auth/src/handlers/signup';
import type * as CreateExport from '../../services/profiles/src/handlers/create-export';
import type * as GetExport from '../../services/profiles/src/handlers/get-export';
import type * as CreateProfile from '../../services/profiles/src/handlers/create-profile';
import type * as PutSession from '../../services/profiles/src/handlers/put-session';
import type * as PutConsent from '../../services/profiles/src/handlers/put-consent';
import type * as Wiring from '../../services/profiles/src/wiring';
import type * as Exports from '../../services/profiles/src/use-cases/exports';
import type * as ProfilesApi from '../../services/profiles/tests/support/profiles-api';
import type * as CreateTransfer from '../../services/transactions/src/handlers/create-transfer';
import type * as TransactionsSupport from '../../services/transactions/tests/support';
import { S3ExportFiles } from '../../services/profiles/src/adapters/s3-export-files';
import { S3ExportLinks } from '../../services/profiles/src/adapters/s3-export-links';
import { LEASE_MS } from '../../services/profiles/src/domain/export-job';
import type { ExportFiles } from '../../services/profiles/src/ports/export-files';
import type { LedgerEntryView, LedgerReader } from '../../services/profiles/src/ports/ledger-reader';
import { closeTestDocumentClient, scanTable } from '../support/dynamodb';

const BUCKET = 'ledgerline-exports-test';
let cognito: LocalCognito;
let s3: LocalS3;
let m: {
  signup: typeof SignUp.handler;
  post: typeof LocalAuth.post;
  call: typeof ProfilesApi.call;
  createProfile: typeof CreateProfile.handler;
  putSession: typeof PutSession.handler;
  putConsent: typeof PutConsent.handler;
  createExport: typeof CreateExport.handler;
  getExport: typeof GetExport.handler;
  wiring: typeof Wiring;
  exportFiles: () => ExportFiles;
  exports: typeof Exports;
  createTransfer: typeof CreateTransfer.handler;
  tx: typeof TransactionsSupport;
};

beforeAll(async () => {
  cognito = await startLocalAuth();
  s3 = await startLocalS3({ port: 0, buckets: [BUCKET] });
  process.env.EXPORTS_BUCKET = BUCKET;
  process.env.S3_ENDPOINT = s3.endpoint;
  // The handlers build their adapters from the environment when their modules load.
  m = {
    signup: (await import('../../services/auth/src/handlers/signup')).handler,
    post: (await import('../../services/auth/tests/support/local-auth')).post,
    call: (await import('../../services/profiles/tests/support/profiles-api')).call,
    createProfile: (await import('../../services/profiles/src/handlers/create-profile')).handler,
    putSession: (await import('../../services/profiles/src/handlers/put-session')).handler,
    putConsent: (await import('../../services/profiles/src/handlers/put-consent')).handler,
    createExport: (await import('../../services/profiles/src/handlers/create-export')).handler,
    getExport: (await import('../../services/profiles/src/handlers/get-export')).handler,
    wiring: await import('../../services/profiles/src/wiring'),
    exportFiles: (await import('../../services/profiles/src/wiring-export-files')).exportFiles,
    exports: await import('../../services/profiles/src/use-cases/exports'),
    createTransfer: (await import('../../services/transactions/src/handlers/create-transfer')).handler,
    tx: await import('../../services/transactions/tests/support'),
  };
}, 30_000);
afterAll(async () => {
  closeTestDocumentClient();
  await s3?.stop();
  await cognito?.stop();
});

/**
 * A generated ledger of `pages` pages of `perPage` entries on one account, read lazily page by page
 * as the ledger module reads DynamoDB: volume (and a count of pages read) without writing thousands
 * of transfers. The real module's output is checked in its own test below.
 */
function pagedLedger(tag: string, pages: number, perPage: number, descriptionBytes = 40) {
  const accountId = `acc-${tag}`;
  const state = { pagesRead: 0 };
  const entry = (page: number, i: number): LedgerEntryView => {
    const sequence = page * perPage + i + 1;
    return {
      accountId,
      sequence,
      transferId: `tr-${tag}-${sequence}`,
      kind: 'payment',
      amount: -sequence,
      currency: 'USD',
      balanceAfter: 1_000_000 - sequence,
      counterparty: 'acc-other',
      description: `desc-${tag}-${sequence} ${'x'.repeat(descriptionBytes)}`,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString(),
    };
  };
  const reader: LedgerReader = {
    accountsOf: async (sub) => (sub.length > 0 ? [{ accountId, currency: 'USD', status: 'open' }] : []),
    async *entriesOf() {
      for (let page = 0; page < pages; page += 1) {
        const batch = Array.from({ length: perPage }, (_, i) => entry(page, i));
        state.pagesRead = Math.max(state.pagesRead, page + 1);
        yield* batch;
      }
    },
    async *transfersOf() {
      yield { transferId: `tr-${tag}-1`, description: `desc-${tag}-1` };
    },
  };
  return { reader, state, total: pages * perPage };
}

/** A person signed up in cognito-local, with a profile, a device and two consent answers. */
async function plantedPerson(tag: string) {
  const planted = {
    signUpEmail: `export-${tag}@example.com`,
    displayName: `Export Name ${tag}`,
    profileEmail: `export-profile-${tag}@example.com`,
    deviceId: `device-${tag}`,
    pushToken: `push-${tag}`,
    tokenFamily: `family-${tag}`,
  };
  const signup = await m.post(m.signup, '/auth/signup', {
    email: planted.signUpEmail,
    password: 'Export-Passw0rd!2026',
  });
  expect(signup.status).toBe(201);
  const userId = String(signup.body.userId);
  const as = { as: userId, family: planted.tokenFamily };
  const profile = await m.call(m.createProfile, {
    method: 'POST',
    path: '/profiles',
    body: { displayName: planted.displayName, email: planted.profileEmail, locale: 'en-GB', country: 'GB' },
    ...as,
  });
  expect(profile.status).toBe(201);
  const session = await m.call(m.putSession, {
    method: 'PUT',
    path: `/profiles/me/sessions/${planted.deviceId}`,
    pathParameters: { deviceId: planted.deviceId },
    body: {
      platform: 'android',
      appVersion: '4.2.0',
      locale: 'en-GB',
      pushToken: planted.pushToken,
      lastSeenAt: new Date().toISOString(),
    },
    ...as,
  });
  expect(session.status).toBe(201);
  for (const granted of [true, false]) {
    const consent = await m.call(m.putConsent, {
      method: 'PUT',
      path: '/me/consents/marketing',
      pathParameters: { purpose: 'marketing' },
      body: { granted, noticeVersion: `sha256:${'b'.repeat(64)}` },
      ...as,
    });
    expect(consent.status).toBe(201);
  }
  return { userId, planted };
}

const requestExport = (userId: string) =>
  m.call(m.createExport, { method: 'POST', path: '/me/exports', as: userId });
const readExport = (userId: string, exportId: string) =>
  m.call(m.getExport, { path: `/me/exports/${exportId}`, pathParameters: { exportId }, as: userId });

const deps = (ledger: LedgerReader, files: ExportFiles = m.exportFiles()) => ({
  jobs: m.wiring.exportJobStore(),
  files,
  profiles: m.wiring.profileStore(),
  directory: m.wiring.userDirectory(),
  ledger,
});

/** The export's files through its links, as the person's browser would fetch them. */
async function download(view: Record<string, unknown>) {
  const files = view.files as Array<{ name: string; url: string; expiresAt: string }>;
  const byName = Object.fromEntries(files.map((f) => [f.name, f]));
  const get = async (name: string) => {
    const response = await fetch(byName[name]!.url);
    expect({ name, status: response.status }).toEqual({ name, status: 200 });
    return response.text();
  };
  return {
    files,
    json: JSON.parse(await get('export.json')) as Record<string, unknown>,
    csv: await get('entries.csv'),
  };
}

it('exports everything of the person and nothing of anyone else, through links valid ≤ 15 minutes', async () => {
  // Prepare: two people; the second is everything that must NOT be in the first one's export
  const tag = randomUUID().slice(0, 8);
  const { userId, planted } = await plantedPerson(tag);
  const other = await plantedPerson(`other-${tag}`);
  const ledger = pagedLedger(tag, 3, 50);

  // Act: ask twice (the second answers the same job), run the sweep, read the export
  const first = await requestExport(userId);
  const again = await requestExport(userId);
  const exportId = String(first.body.exportId);
  const pending = await readExport(userId, exportId);
  const results = await m.exports.sweepExports(deps(ledger.reader), new Date());
  const before = Date.now();
  const ready = await readExport(userId, exportId);

  // Assess: the job
  expect(first.status).toBe(202);
  expect(first.headers.location).toBe(`/me/exports/${exportId}`);
  expect(again.body).toEqual({ exportId, status: 'pending' });
  expect(pending.body).toMatchObject({ exportId, status: 'pending' });
  expect(results).toContainEqual({ exportId, result: 'ready' });
  expect(ready.status).toBe(200);
  expect(ready.headers['cache-control']).toBe('no-store');
  expect(ready.body).toMatchObject({ exportId, status: 'ready' });
  // the links: signed for at most 900 s, and they work
  const { files, json, csv } = await download(ready.body);
  expect(files.map((f) => f.name)).toEqual(['export.json', 'entries.csv']);
  for (const file of files) {
    const expires = Number(new URL(file.url).searchParams.get('X-Amz-Expires'));
    expect(expires).toBeGreaterThan(0);
    expect(expires).toBeLessThanOrEqual(900);
    expect(Date.parse(file.expiresAt) - before).toBeLessThanOrEqual(900_000 + 60_000);
  }
  // the document: every planted value, each entry; no token family; nothing of the other person
  const text = JSON.stringify(json);
  expect(json).toMatchObject({ schemaVersion: 1, subject: userId });
  for (const [field, value] of Object.entries(planted)) {
    if (field === 'tokenFamily') expect(text).not.toContain(value);
    else expect({ field, found: text.includes(value) }).toEqual({ field, found: true });
  }
  expect((json.account as Record<string, string>).email).toBe(planted.signUpEmail);
  expect((json.consents as unknown[]).length).toBe(2);
  const entries = (json.ledger as { entries: Array<{ sequence: number }> }).entries;
  expect(entries.map((e) => e.sequence)).toEqual(Array.from({ length: ledger.total }, (_, i) => i + 1));
  const rows = csv.trim().split('\n');
  expect(rows[0]).toBe(
    'accountId,sequence,at,transferId,kind,amount,currency,balanceAfter,counterparty,description',
  );
  expect(rows.length).toBe(1 + ledger.total);
  for (let sequence = 1; sequence <= ledger.total; sequence += 1) {
    expect(csv).toContain(`desc-${tag}-${sequence} `);
  }
  for (const value of Object.values(other.planted)) expect(text + csv).not.toContain(value);
  expect(text).not.toContain(other.userId);

  // A finished export frees the slot: the next request is a new job
  const next = await requestExport(userId);
  expect(next.body.exportId).not.toBe(exportId);
}, 60_000);

it('exports the person’s ledger as the ledger module reads it: accounts, every entry with its description, transfers', async () => {
  // Prepare: the person pays three times from a funded account to someone else, through the route
  const tag = randomUUID().slice(0, 8);
  const { userId } = await plantedPerson(`ledger-${tag}`);
  const { deposit, invoke, openAccount, user } = m.tx;
  const payer = user(userId);
  const payee = user();
  const from = await openAccount(payer);
  const to = await openAccount(payee);
  await deposit(from, 5_000);
  for (let n = 1; n <= 3; n += 1) {
    const paid = await invoke(m.createTransfer as never, payer, {
      method: 'POST',
      path: '/transfers',
      resource: '/transfers',
      body: { from, to, amount: { value: 100 * n, currency: 'USD' }, description: `Ledger ${tag} #${n}` },
      headers: { 'Idempotency-Key': `export-${tag}-${n}` },
    });
    expect(paid.statusCode).toBe(201);
  }
  const exportId = String((await requestExport(userId)).body.exportId);

  // Act: one run with the real ledger reader (the worker's own wiring)
  const result = await m.exports.runExport(deps(m.wiring.ledgerReader()), { userId, exportId }, new Date());
  const { json, csv } = await download((await readExport(userId, exportId)).body);

  // Assess: the deposit and the three payments, in order, in both files; nothing of the payee's own
  expect(result).toBe('ready');
  const ledger = json.ledger as {
    accounts: Array<{ accountId: string }>;
    entries: Array<{ accountId: string; amount: number; description?: string }>;
    transfers: unknown[];
  };
  expect(ledger.accounts.map((a) => a.accountId)).toEqual([from]);
  expect(ledger.entries.map((e) => e.amount)).toEqual([5_000, -100, -200, -300]);
  expect(ledger.transfers.length).toBeGreaterThanOrEqual(3);
  for (let n = 1; n <= 3; n += 1) {
    expect(JSON.stringify(ledger.entries)).toContain(`Ledger ${tag} #${n}`);
    expect(csv).toContain(`Ledger ${tag} #${n}`);
  }
  expect(csv.trim().split('\n')).toHaveLength(1 + 4);
  expect(JSON.stringify(json) + csv).not.toContain(payee.sub);
}, 60_000);

it('answers 404 for another person’s export and 400 for an id that is not one', async () => {
  const owner = randomUUID();
  const created = await requestExport(owner);
  const exportId = String(created.body.exportId);

  const stranger = await readExport(randomUUID(), exportId);
  const unknown = await readExport(owner, randomUUID());
  const malformed = await m.call(m.getExport, {
    path: '/me/exports/not-an-id',
    pathParameters: { exportId: 'not-an-id' },
    as: owner,
  });

  expect(stranger.status).toBe(404);
  expect(stranger.raw).not.toContain(owner);
  expect(unknown.status).toBe(404);
  expect(malformed.status).toBe(400);
});

it('takes user access tokens only: a service token gets 403 and opens nothing, no token 401', async () => {
  const owner = randomUUID();
  const service = { sub: owner, scope: 'ledger:admin', tokenType: 'service', clientId: 'backoffice' };
  const opened = await m.call(m.createExport, { method: 'POST', path: '/me/exports', authorizer: service });
  const anonymous = await m.call(m.createExport, { method: 'POST', path: '/me/exports' });
  const exportId = String((await requestExport(owner)).body.exportId);
  const read = await m.call(m.getExport, {
    path: `/me/exports/${exportId}`,
    pathParameters: { exportId },
    authorizer: service,
  });

  expect(opened.status).toBe(403);
  expect(anonymous.status).toBe(401);
  expect(read.status).toBe(403);
  // the refused calls opened nothing: the owner's partition holds only the job the owner asked for
  const jobs = (await scanTable('profiles')).filter(
    (item) => item.pk === `USER#${owner}` && String(item.sk).startsWith('EXPORT#'),
  );
  expect(jobs.map((item) => item.exportId)).toEqual([exportId]);
});

it('resumes an export whose worker died after the JSON: the next sweep after the lease rewrites both files', async () => {
  // Prepare: a person and an export; a worker whose CSV upload dies
  const tag = randomUUID().slice(0, 8);
  const { userId } = await plantedPerson(tag);
  const ledger = pagedLedger(tag, 2, 20);
  const exportId = String((await requestExport(userId)).body.exportId);
  const real = m.exportFiles();
  const written: string[] = [];
  const dying: ExportFiles = {
    linkTo: (key, seconds) => real.linkTo(key, seconds),
    async write(key, body, type) {
      if (key.endsWith('entries.csv')) throw new Error('worker killed');
      await real.write(key, body, type);
      written.push(key);
    },
  };
  const now = new Date();

  // Act: the dying run, a sweep within its lease, a sweep after it
  const died = await m.exports.sweepExports(deps(ledger.reader, dying), now);
  const whileLeased = await m.exports.sweepExports(deps(ledger.reader), new Date(now.getTime() + 1000));
  const midway = await readExport(userId, exportId);
  const resumed = await m.exports.sweepExports(
    deps(ledger.reader),
    new Date(now.getTime() + LEASE_MS + 1000),
  );
  const ready = await readExport(userId, exportId);

  // Assess
  expect(died).toContainEqual({ exportId, result: 'error' });
  // (the sweep also runs other tests' jobs: only this one's keys count)
  expect(written.filter((key) => key.includes(exportId))).toEqual([
    `exports/${userId}/${exportId}/export.json`,
  ]);
  expect(whileLeased.find((r) => r.exportId === exportId)).toBeUndefined();
  expect(midway.body.status).toBe('running');
  expect(resumed).toContainEqual({ exportId, result: 'ready' });
  const job = await m.wiring.exportJobStore().getExport(userId, exportId);
  expect(job).toMatchObject({ status: 'ready', attempts: 2 });
  const { json, csv } = await download(ready.body);
  expect((json.ledger as { entries: unknown[] }).entries).toHaveLength(ledger.total);
  expect(csv.trim().split('\n')).toHaveLength(1 + ledger.total);
}, 60_000);

it('streams the files: S3 receives the first part before the ledger is read to its end', async () => {
  // Prepare: ~10 MB of entries in 6 pages (two 5 MiB parts); an S3 client that notes, at each part
  // it sends, how many ledger pages had been read
  const tag = randomUUID().slice(0, 8);
  const userId = randomUUID();
  const ledger = pagedLedger(tag, 6, 200, 8_000);
  const pagesAtPart: number[] = [];
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'UploadPartCommand') pagesAtPart.push(ledger.state.pagesRead);
      return next(args);
    },
    { step: 'initialize' },
  );
  const exportId = String((await requestExport(userId)).body.exportId);

  // Act
  const result = await m.exports.runExport(
    deps(ledger.reader, new S3ExportFiles(client, BUCKET, S3ExportLinks.fromEnvironment())),
    { userId, exportId },
    new Date(),
  );

  // Assess: the first part of export.json left while pages were still unread
  expect(result).toBe('ready');
  expect(pagesAtPart.length).toBeGreaterThanOrEqual(2);
  expect(pagesAtPart[0]).toBeLessThan(6);
  const { json } = await download((await readExport(userId, exportId)).body);
  expect((json.ledger as { entries: unknown[] }).entries).toHaveLength(ledger.total);
}, 120_000);
