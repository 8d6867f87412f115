// Issue #10 over HTTP against ONE `npm start` (free ports), started once for the whole file:
// hostile input, token attacks, cross-tenant access, races, load, and DynamoDB Local stopped and
// resumed mid-run; then SDK-level throttling/timeouts through the real handlers (in process, on the
// same DynamoDB Local behind a fault-injecting proxy). Every assertion is an invariant, never a
// timing: statuses from a closed set, table contents, exact counts. Figures: .build/reliability/.
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { delay } from '../../scripts/local/processes';
import { hostileRequests } from './support/hostile';
import type { Reply } from './support/http';
import { call, figures, isProblem, pool } from './support/http';
import { sizes } from './support/profile';
import type { Stack } from './support/stack';
import { startStack } from './support/stack';
import { writeSummary } from './support/summary';
import { ledger, snapshot, tableClient } from './support/tables';
import type { TokenContext } from './support/tokens';
import { serviceToken, tokenAttacks, validAccessToken } from './support/tokens';
import type { User } from './support/users';
import { signUpAndLogIn } from './support/users';

jest.setTimeout(600_000);

let stack: Stack;
let db: DynamoDBDocumentClient;
let context: TokenContext;
let alice: User;
let bob: User;
/** Bob's data, the target of attacks and cross-tenant attempts. */
const bobs = { accountId: '', transactionId: '', cursor: '', deviceId: 'bob-phone-1', etag: '' };
const alices = { accountId: '', transactionId: '', etag: '' };
let carolToken = '';
let startedAt = 0;
const json = (reply: Reply) => reply.json ?? {};
const usd = (value: number) => ({ value, currency: 'USD' });
const session = () => ({
  platform: 'ios',
  appVersion: '1.2.3',
  locale: 'en-US',
  lastSeenAt: new Date().toISOString(),
});

/** Status and body of a problem, minus the per-request instance: what a client can compare. */
const problemShape = (reply: Reply) => {
  const { instance: _instance, ...rest } = json(reply);
  return { status: reply.status, body: rest };
};

async function openAccount(token: string, credit = 0): Promise<string> {
  const created = await call('setup', `${stack.transactions}/accounts`, {
    method: 'POST',
    token,
    body: { currency: 'USD' },
  });
  if (created.status !== 201) throw new Error(`create account ${created.status}: ${created.text}`);
  const accountId = String(json(created).accountId);
  if (credit > 0) {
    const tx = await call('setup', `${stack.transactions}/accounts/${accountId}/transactions`, {
      method: 'POST',
      token,
      body: { type: 'credit', amount: usd(credit) },
      headers: { 'idempotency-key': `seed-${randomUUID()}` },
    });
    if (tx.status !== 201) throw new Error(`seed credit ${tx.status}: ${tx.text}`);
  }
  return accountId;
}

async function createProfile(token: string, name: string): Promise<string> {
  const reply = await call('setup', `${stack.profiles}/profiles`, {
    method: 'POST',
    token,
    body: { displayName: name, email: `${name.toLowerCase().replace(/\s/g, '')}@example.com` },
  });
  if (reply.status !== 201) throw new Error(`create profile ${reply.status}: ${reply.text}`);
  return reply.headers.get('etag') ?? '';
}

/**
 * The ledger invariants over the whole table: per account, transactions are sequence 1..version
 * with no gap or duplicate, each balanceAfter = balanceBefore ± amount chained from 0, the balance
 * equals the sum of the ledger and is never negative, and every idempotency record points at a
 * stored transaction. Returns the number of accounts and transactions checked.
 */
async function checkLedgerInvariants(label: string) {
  const { accounts, transactions, idempotency } = await ledger(db);
  let transactionCount = 0;
  for (const [accountId, account] of accounts) {
    const items = (transactions.get(accountId) ?? []).sort((a, b) =>
      String(a.sk).localeCompare(String(b.sk)),
    );
    transactionCount += items.length;
    let balance = 0;
    items.forEach((item, index) => {
      expect(item.sk).toBe(`TX#${String(index + 1).padStart(12, '0')}`);
      const amount = (item.amount as { value: number }).value;
      expect((item.audit as { balanceBefore: number }).balanceBefore).toBe(balance);
      balance += item.type === 'credit' ? amount : -amount;
      expect(balance).toBeGreaterThanOrEqual(0);
      expect((item.audit as { balanceAfter: number }).balanceAfter).toBe(balance);
    });
    expect({
      accountId,
      balance: account.balance as number,
      version: account.version,
    }).toEqual({
      accountId,
      balance,
      version: items.length,
    });
    const ids = new Set(items.map((item) => item.transactionId));
    for (const record of idempotency.get(accountId) ?? []) {
      const body = JSON.parse(String((record.response as { body: string }).body)) as {
        transaction: { transactionId: string };
      };
      expect(ids.has(body.transaction.transactionId)).toBe(true);
    }
  }
  figures.checks[`ledger invariants (${label})`] = {
    accounts: accounts.size,
    transactions: transactionCount,
    result: 'pass',
  };
  return { accounts: accounts.size, transactions: transactionCount, byAccount: transactions };
}

beforeAll(async () => {
  startedAt = Date.now();
  stack = await startStack();
  figures.checks['stack start seconds'] = Math.round((Date.now() - startedAt) / 1000);
  db = tableClient(stack.dynamoDbEndpoint);
  context = { issuer: stack.issuer, clientId: stack.clientId, serviceKey: stack.serviceKey, stage: 'dev' };
  alice = await signUpAndLogIn(stack, 'alice');
  bob = await signUpAndLogIn(stack, 'bob');
  carolToken = validAccessToken(context, `carol-${randomUUID()}`);

  alices.accountId = await openAccount(alice.accessToken, 1_000);
  bobs.accountId = await openAccount(bob.accessToken, 500);
  for (let i = 0; i < 2; i++) {
    await call('setup', `${stack.transactions}/accounts/${bobs.accountId}/transactions`, {
      method: 'POST',
      token: bob.accessToken,
      body: { type: 'debit', amount: usd(10) },
      headers: { 'idempotency-key': `bob-${i}` },
    });
  }
  const page = await call('setup', `${stack.transactions}/accounts/${bobs.accountId}/transactions?limit=1`, {
    token: bob.accessToken,
  });
  expect(page.status).toBe(200);
  bobs.cursor = String(json(page).nextCursor);
  bobs.transactionId = `${bobs.accountId.replace(/^acc_/, 'txn_')}_1`;
  alices.transactionId = `${alices.accountId.replace(/^acc_/, 'txn_')}_1`;
  alices.etag = await createProfile(alice.accessToken, 'Alice Example');
  bobs.etag = await createProfile(bob.accessToken, 'Bob Example');
  const put = await call('setup', `${stack.profiles}/profiles/me/sessions/${bobs.deviceId}`, {
    method: 'PUT',
    token: bob.accessToken,
    body: session(),
  });
  expect(put.status).toBe(201);
}, 300_000);

afterAll(async () => {
  try {
    process.kill(stack?.dynamoDbPid ?? 0, 'SIGCONT');
  } catch {
    // not running
  }
  figures.checks['total seconds'] = Math.round((Date.now() - startedAt) / 1000);
  const file = writeSummary({}, stack?.output() ?? '');
  console.log(`reliability summary (${sizes.name}): ${file}`);
  await stack?.stop();
  db?.destroy();
}, 60_000);

describe('hostile input over every route', () => {
  it('answers every hostile request 4xx (problem+json from our handlers), never 5xx, and writes nothing', async () => {
    const before = await snapshot(db);
    const requests = hostileRequests({
      auth: stack.auth,
      transactions: stack.transactions,
      profiles: stack.profiles,
      accountId: alices.accountId,
      transactionId: alices.transactionId,
      token: alice.accessToken,
      tokenWithoutProfile: carolToken,
    });
    const replies = await pool(
      8,
      requests.map(
        (request) => () => call('hostile', request.url, request).then((reply) => ({ request, reply })),
      ),
    );
    const bad = replies.filter(({ reply }) => reply.status < 400 || reply.status >= 500);
    expect(
      bad.map(({ request, reply }) => `${request.name} → ${reply.status} ${reply.text.slice(0, 200)}`),
    ).toEqual([]);
    // Answers that passed through our HTTP stack echo the correlation id: those must be problem+json.
    const fromHandlers = replies.filter(
      ({ reply }) => reply.headers.get('x-correlation-id') === reply.correlationId,
    );
    const notProblem = fromHandlers.filter(({ reply }) => !isProblem(reply));
    expect(
      notProblem.map(({ request, reply }) => `${request.name} → ${reply.status} ${reply.text.slice(0, 120)}`),
    ).toEqual([]);
    // The rest were refused in front of the handlers (emulated gateway: route/method not found,
    // header limits, authorizer): list them so the figures say exactly which.
    const byGateway = replies.filter(
      ({ reply }) => reply.headers.get('x-correlation-id') !== reply.correlationId,
    );
    figures.checks['hostile: requests'] = replies.length;
    figures.checks['hostile: answered by handlers (problem+json)'] = fromHandlers.length;
    figures.checks['hostile: refused in front of the handlers'] = Object.fromEntries(
      [...new Set(byGateway.map(({ reply }) => reply.status))].map((status) => [
        String(status),
        byGateway.filter(({ reply }) => reply.status === status).length,
      ]),
    );
    expect(fromHandlers.length).toBeGreaterThan(requests.length * 0.9);
    expect(await snapshot(db)).toEqual(before);
    figures.checks['hostile: tables unchanged'] = 'pass';
  });
});

describe('token attacks over every protected route', () => {
  interface Route {
    method: string;
    url: string;
    body?: unknown;
    headers?: Record<string, string>;
  }
  const routes = (): Route[] => [
    { method: 'POST', url: `${stack.transactions}/accounts`, body: { currency: 'USD' } },
    { method: 'GET', url: `${stack.transactions}/accounts/${bobs.accountId}` },
    {
      method: 'POST',
      url: `${stack.transactions}/accounts/${bobs.accountId}/transactions`,
      body: { type: 'debit', amount: usd(1) },
      headers: { 'idempotency-key': `attack-${randomUUID()}` },
    },
    { method: 'GET', url: `${stack.transactions}/accounts/${bobs.accountId}/transactions` },
    { method: 'GET', url: `${stack.transactions}/transactions/${bobs.transactionId}` },
    {
      method: 'POST',
      url: `${stack.profiles}/profiles`,
      body: { displayName: 'Mallory', email: 'mallory@example.com' },
    },
    { method: 'GET', url: `${stack.profiles}/profiles/me` },
    {
      method: 'PATCH',
      url: `${stack.profiles}/profiles/me`,
      body: { displayName: 'Owned' },
      headers: { 'if-match': '*' },
    },
    { method: 'DELETE', url: `${stack.profiles}/profiles/me` },
    { method: 'PUT', url: `${stack.profiles}/profiles/me/sessions/mallory-device`, body: session() },
    { method: 'GET', url: `${stack.profiles}/profiles/me/sessions` },
    { method: 'DELETE', url: `${stack.profiles}/profiles/me/sessions/${bobs.deviceId}` },
    { method: 'POST', url: `${stack.auth}/auth/logout`, body: { refreshToken: bob.refreshToken } },
  ];

  it('refuses every forged or misused token with 401 before any handler runs, and writes nothing', async () => {
    const before = await snapshot(db);
    const attacks = tokenAttacks(context, bob.sub);
    const tasks = routes().flatMap((route) =>
      attacks.map((attack) => async () => ({
        route: `${route.method} ${route.url.replace(/^https?:\/\/[^/]+\/dev/, '')}`,
        attack,
        reply: await call('token attacks', route.url, { ...route, authorization: attack.authorization }),
      })),
    );
    const results = await pool(8, tasks);
    const wrong = results.filter(({ attack, reply }) => !attack.expected.includes(reply.status));
    expect(wrong.map(({ route, attack, reply }) => `${route} / ${attack.name} → ${reply.status}`)).toEqual(
      [],
    );
    await delay(1_000); // let the stack's output catch up before searching it
    const output = stack.output();
    const reached = results.filter(({ reply }) => output.includes(reply.correlationId));
    expect(reached.map(({ route, attack }) => `${route} / ${attack.name}`)).toEqual([]);
    expect(await snapshot(db)).toEqual(before);
    figures.checks['token attacks'] = {
      attacks: attacks.length,
      routes: routes().length,
      requests: results.length,
      handlerRuns: reached.length,
      tablesUnchanged: 'pass',
    };
  });

  it('control: the same claims, correctly signed, are accepted (so each attack differs in one way only)', async () => {
    const forged = validAccessToken(context, bob.sub);
    const mine = await call('token attacks (controls)', `${stack.transactions}/accounts/${bobs.accountId}`, {
      token: forged,
    });
    expect(mine.status).toBe(200);
    // ... and a handler that runs does log the request's correlation id (the check above is not vacuous).
    const rejected = await call(
      'token attacks (controls)',
      `${stack.transactions}/accounts/acc_aaaaaaaaaaaaaaaaaaaa`,
      { token: forged },
    );
    expect(rejected.status).toBe(404);
    await delay(1_000);
    expect(stack.output()).toContain(rejected.correlationId);
  });

  it('answers 403 to valid tokens of the wrong kind or scope, before anything is read or written', async () => {
    const before = await snapshot(db);
    const noScope = serviceToken(context, { scope: 'profiles:read' });
    const readOnly = serviceToken(context, { scope: 'transactions:read' });
    const writeOnly = serviceToken(context, { scope: 'transactions:write' });
    const full = serviceToken(context, { scope: 'transactions:read transactions:write' });
    const cases: Array<[string, Route]> = [];
    for (const route of routes()) {
      const isTransactions = route.url.startsWith(stack.transactions);
      if (isTransactions) cases.push([noScope, route]);
      else cases.push([full, route]); // profiles and logout take user tokens only
    }
    cases.push([full, routes()[0]!]); // POST /accounts: user tokens only
    cases.push([readOnly, routes()[2]!]); // POST transaction needs transactions:write
    for (const i of [1, 3, 4]) cases.push([writeOnly, routes()[i]!]); // GETs need transactions:read
    const replies = await pool(
      8,
      cases.map(
        ([token, route]) =>
          () =>
            call('token attacks (403)', route.url, { ...route, token }),
      ),
    );
    expect(replies.map((reply) => [reply.status, isProblem(reply)])).toEqual(replies.map(() => [403, true]));
    expect(await snapshot(db)).toEqual(before);
    // The stack's own service token (full scope) does read any account.
    expect(
      (
        await call('token attacks (controls)', `${stack.transactions}/accounts/${bobs.accountId}`, {
          token: stack.serviceToken,
        })
      ).status,
    ).toBe(200);
    figures.checks['wrong kind/scope → 403'] = { requests: replies.length, tablesUnchanged: 'pass' };
  });
});

describe('cross-tenant: Alice against Bob', () => {
  it("cannot see or touch Bob's accounts, transactions or cursors, and cannot tell them from missing ones", async () => {
    const before = await snapshot(db);
    const t = stack.transactions;
    const ghostAccount = 'acc_aaaaaaaaaaaaaaaaaaaa';
    const ghostTx = 'txn_aaaaaaaaaaaaaaaaaaaa_1';
    const as = (url: string, options: Parameters<typeof call>[2] = {}) =>
      call('cross-tenant', url, { token: alice.accessToken, ...options });
    const pairs: Array<[Reply, Reply]> = [
      [await as(`${t}/accounts/${bobs.accountId}`), await as(`${t}/accounts/${ghostAccount}`)],
      [await as(`${t}/transactions/${bobs.transactionId}`), await as(`${t}/transactions/${ghostTx}`)],
      [
        await as(`${t}/accounts/${bobs.accountId}/transactions`),
        await as(`${t}/accounts/${ghostAccount}/transactions`),
      ],
      [
        await as(`${t}/accounts/${bobs.accountId}/transactions`, {
          method: 'POST',
          body: { type: 'debit', amount: usd(1) },
          headers: { 'idempotency-key': 'bob-0' },
        }),
        await as(`${t}/accounts/${ghostAccount}/transactions`, {
          method: 'POST',
          body: { type: 'debit', amount: usd(1) },
          headers: { 'idempotency-key': 'bob-0' },
        }),
      ],
      [
        await as(`${t}/accounts/${bobs.accountId}/transactions?cursor=${bobs.cursor}`),
        await as(`${t}/accounts/${ghostAccount}/transactions?cursor=${bobs.cursor}`),
      ],
    ];
    for (const [bobsThing, nothing] of pairs) {
      expect(bobsThing.status).toBeGreaterThanOrEqual(400);
      expect(isProblem(bobsThing)).toBe(true);
      expect(problemShape(bobsThing)).toEqual(problemShape(nothing));
    }
    // Bob's cursor on Alice's own listing: refused (bound to account and caller), not a page of Bob's.
    const foreignCursor = await as(`${t}/accounts/${alices.accountId}/transactions?cursor=${bobs.cursor}`);
    expect(foreignCursor.status).toBe(400);
    expect(json(foreignCursor).errors).toEqual([expect.objectContaining({ pointer: '/query/cursor' })]);
    expect(await snapshot(db)).toEqual(before);
    figures.checks['cross-tenant transactions'] = {
      comparisons: pairs.length + 1,
      indistinguishable: 'pass',
    };
  });

  it("cannot reach Bob's profile or sessions: every profile route is the caller's own", async () => {
    const p = stack.profiles;
    const bobBefore = await call('cross-tenant', `${p}/profiles/me`, { token: bob.accessToken });
    const bobSessionsBefore = await call('cross-tenant', `${p}/profiles/me/sessions`, {
      token: bob.accessToken,
    });
    const as = (url: string, options: Parameters<typeof call>[2] = {}) =>
      call('cross-tenant', url, { token: alice.accessToken, ...options });
    // Bob's ETag does not open Alice's profile (ETags are bound to the user), Bob's device id
    // names nothing in Alice's partition, and no route takes a user id.
    expect(
      (
        await as(`${p}/profiles/me`, {
          method: 'PATCH',
          body: { displayName: 'Mallory' },
          headers: { 'if-match': bobs.etag },
        })
      ).status,
    ).toBe(412);
    const deleteBobsDevice = await as(`${p}/profiles/me/sessions/${bobs.deviceId}`, { method: 'DELETE' });
    const deleteGhostDevice = await as(`${p}/profiles/me/sessions/no-such-device`, { method: 'DELETE' });
    expect(problemShape(deleteBobsDevice)).toEqual(problemShape(deleteGhostDevice));
    expect(deleteBobsDevice.status).toBe(404);
    const alicesOwn = await as(`${p}/profiles/me`);
    expect(json(alicesOwn).displayName).toBe('Alice Example');
    expect((await as(`${p}/profiles/me/sessions`)).json).toEqual({ sessions: [] });
    for (const path of [
      `/profiles/${bob.sub}`,
      `/profiles/${encodeURIComponent(`USER#${bob.sub}`)}`,
      `/profiles/me/../${bob.sub}`,
    ]) {
      const reply = await as(`${p}${path}`);
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBeLessThan(500);
    }
    // Bob is untouched.
    expect((await call('cross-tenant', `${p}/profiles/me`, { token: bob.accessToken })).json).toEqual(
      bobBefore.json,
    );
    expect(
      (await call('cross-tenant', `${p}/profiles/me/sessions`, { token: bob.accessToken })).json,
    ).toEqual(bobSessionsBefore.json);
    figures.checks['cross-tenant profiles'] = 'pass';
  });
});

describe('races', () => {
  it('concurrent PATCHes with the same ETag: exactly one 200, every other 412', async () => {
    const url = `${stack.profiles}/profiles/me`;
    const current = await call('races', url, { token: alice.accessToken });
    const etag = current.headers.get('etag') ?? '';
    const replies = await pool(
      sizes.patchers,
      Array.from(
        { length: sizes.patchers },
        (_, i) => () =>
          call('races', url, {
            method: 'PATCH',
            token: alice.accessToken,
            body: { displayName: `Alice ${i}` },
            headers: { 'if-match': etag },
          }),
      ),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 412)).toHaveLength(sizes.patchers - 1);
    const winner = replies.find((r) => r.status === 200)!;
    const after = await call('races', url, { token: alice.accessToken });
    expect(after.json).toEqual(winner.json);
    expect(json(after).version ?? Number(after.headers.get('etag')?.match(/^"(\d+)-/)?.[1])).toBe(
      Number(etag.match(/^"(\d+)-/)?.[1]) + 1,
    );
    figures.checks['PATCH race'] = {
      patches: replies.length,
      won: 1,
      preconditionFailed: sizes.patchers - 1,
    };
  });
});

describe('ledger invariants after the run', () => {
  it('every account balance equals the sum of its ledger, chained from 0, never negative', async () => {
    const checked = await checkLedgerInvariants('end of run');
    expect(checked.accounts).toBeGreaterThan(0);
  });
});
