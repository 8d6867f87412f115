// The reliability suite over HTTP against ONE `npm start` (free ports), started once for the whole file:
// hostile input, token attacks, cross-tenant access, races, load, and DynamoDB Local stopped and
// resumed mid-run; then SDK-level throttling/timeouts through the real handlers (in process, on the
// same DynamoDB Local behind a fault-injecting proxy). Every assertion is an invariant, never a
// timing: statuses from a closed set, table contents, exact counts. Figures: .build/reliability/.
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { delay } from '../../scripts/local/processes';
import type { FaultProxy } from './support/fault-proxy';
import { startDdbFaultProxy } from './support/fault-proxy';
import { hostileRequests } from './support/hostile';
import { inProcessApi } from './support/in-process';
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
  // Warm-up: every read route once, so each function's module is loaded before anything is measured
  // (the write routes were loaded by the setup above).
  const warm = await pool(
    4,
    [
      `${stack.transactions}/accounts/${bobs.accountId}`,
      `${stack.transactions}/transactions/${bobs.transactionId}`,
      `${stack.transactions}/accounts/${bobs.accountId}/transactions`,
      `${stack.profiles}/profiles/me`,
      `${stack.profiles}/profiles/me/sessions`,
    ].map((url) => () => call('setup', url, { token: bob.accessToken })),
  );
  expect(warm.map((reply) => reply.status)).toEqual(warm.map(() => 200));
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
    { method: 'POST', url: `${stack.auth}/auth/mfa/totp` },
    { method: 'POST', url: `${stack.auth}/auth/mfa/totp/verify`, body: { code: '123456' } },
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
      else cases.push([full, route]); // profiles, logout and the TOTP setup take user tokens only
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
  it('many clients retrying the same Idempotency-Key: one transaction, one balance change, byte-identical replays', async () => {
    const accountId = await openAccount(alice.accessToken);
    const key = `race-${randomUUID()}`;
    const url = `${stack.transactions}/accounts/${accountId}/transactions`;
    const body = { type: 'credit', amount: usd(250), description: 'same key from everywhere' };
    let inProgress = 0;
    // One client: sends the key, and on 409 (request in progress / busy, nothing written) waits
    // Retry-After and sends it again, as a client must.
    const attempt = async () => {
      for (let tries = 0; tries < 30; tries++) {
        const reply = await call('races', url, {
          method: 'POST',
          token: alice.accessToken,
          body,
          headers: { 'idempotency-key': key },
        });
        if (reply.status !== 409) return reply;
        inProgress++;
        expect(isProblem(reply)).toBe(true);
        expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
        await delay(200 + Math.floor(Math.random() * 300));
      }
      throw new Error('still 409 after 30 tries');
    };
    const replies = await pool(
      sizes.idempotentClients,
      Array.from({ length: sizes.idempotentClients * sizes.idempotentRetries }, () => attempt),
    );
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 201));
    expect(new Set(replies.map((r) => r.text)).size).toBe(1);
    expect(new Set(replies.map((r) => r.headers.get('location'))).size).toBe(1);
    expect(replies.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    const reused = await call('races', url, {
      method: 'POST',
      token: alice.accessToken,
      body: { ...body, amount: usd(251) },
      headers: { 'idempotency-key': key },
    });
    expect([reused.status, json(reused).type]).toEqual([
      422,
      'https://ledgerline.dev/problems/idempotency-key-reused',
    ]);
    const { byAccount } = await checkLedgerInvariants('idempotency race');
    expect(byAccount.get(accountId)).toHaveLength(1);
    const account = await call('races', `${stack.transactions}/accounts/${accountId}`, {
      token: alice.accessToken,
    });
    expect(json(account).balance).toEqual(usd(250));
    figures.checks['same Idempotency-Key race'] = {
      clients: sizes.idempotentClients,
      answers: replies.length,
      stored: 1,
      replayedByteIdentical: replies.length - 1,
      inProgress409ThenReplayed: inProgress,
      reusedKeyOtherBody422: 1,
    };
  });

  it('concurrent debits draining an account: never negative, exactly floor(balance/amount) applied, the rest 422', async () => {
    const { drainBalance: balance, drainAmount: amount, drainDebits: n } = sizes;
    const accountId = await openAccount(alice.accessToken, balance);
    const url = `${stack.transactions}/accounts/${accountId}/transactions`;
    let busy = 0;
    const debit = (i: number) => async () => {
      const key = `drain-${i}-${randomUUID()}`;
      for (let tries = 0; tries < 40; tries++) {
        const reply = await call('races', url, {
          method: 'POST',
          token: alice.accessToken,
          body: { type: 'debit', amount: usd(amount) },
          headers: { 'idempotency-key': key },
        });
        if (reply.status !== 409) return reply;
        busy++; // 409: the account was busy, nothing written; the same key is retried
        await delay(100 + Math.floor(Math.random() * 200));
      }
      throw new Error('still 409 after 40 tries');
    };
    const replies = await pool(
      n,
      Array.from({ length: n }, (_, i) => debit(i)),
    );
    const succeeded = replies.filter((r) => r.status === 201).length;
    const refused = replies.filter(
      (r) => r.status === 422 && json(r).type === 'https://ledgerline.dev/problems/insufficient-funds',
    ).length;
    expect(succeeded + refused).toBe(replies.length);
    expect(succeeded).toBe(Math.min(n, Math.floor(balance / amount)));
    const account = await call('races', `${stack.transactions}/accounts/${accountId}`, {
      token: alice.accessToken,
    });
    expect(json(account).balance).toEqual(usd(balance - succeeded * amount));
    const { byAccount } = await checkLedgerInvariants('drain race');
    expect(byAccount.get(accountId)).toHaveLength(1 + succeeded);
    figures.checks['drain race'] = {
      debits: n,
      startBalance: balance,
      amount,
      succeeded,
      insufficientFunds422: refused,
      busy409Retried: busy,
      finalBalance: balance - succeeded * amount,
    };
  });

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

describe('load: mixed traffic from concurrent clients', () => {
  it(`${sizes.loadClients} clients for ${sizes.loadSeconds} s: no 5xx, no unexpected status, accepted ≡ stored exactly once`, async () => {
    const users = Array.from({ length: sizes.loadUsers }, (_, i) => {
      const sub = `load-${i}-${randomUUID()}`;
      return { sub, token: validAccessToken(context, sub), accountId: '' };
    });
    for (const [i, u] of users.entries()) {
      u.accountId = await openAccount(u.token, 10_000);
      await createProfile(u.token, `Load User ${i}`);
    }
    const t = stack.transactions;
    const p = stack.profiles;
    const accepted = new Map<string, { accountId: string; type: string; value: number }>();
    const unexpected: string[] = [];
    const kinds: Record<string, number> = {};
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Each kind of request with the statuses it may get. serverless-offline does not emulate API
    // Gateway's stage throttling, so 429 is NOT among them locally (docs/reliability.md).
    const check = (kind: string, reply: Reply, allowed: number[]) => {
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      if (!allowed.includes(reply.status))
        unexpected.push(`${kind} → ${reply.status} ${reply.text.slice(0, 160)}`);
    };
    const deadline = Date.now() + sizes.loadSeconds * 1000;
    const client = async (n: number) => {
      const me = users[n % users.length]!;
      while (Date.now() < deadline) {
        const roll = random();
        if (roll < 0.4) {
          const type = random() < 0.6 ? 'credit' : 'debit';
          const value = 1 + Math.floor(random() * 500);
          const key = `load-${randomUUID()}`;
          let reply: Reply | undefined;
          for (let tries = 0; tries < 50; tries++) {
            reply = await call('load', `${t}/accounts/${me.accountId}/transactions`, {
              method: 'POST',
              token: me.token,
              body: { type, amount: usd(value) },
              headers: { 'idempotency-key': key },
            });
            if (reply.status !== 409) break;
            await delay(50 + Math.floor(random() * 100)); // busy: nothing written; same key again
          }
          check(`POST transaction (${type})`, reply!, type === 'credit' ? [201] : [201, 422]);
          if (reply!.status === 201) {
            const id = String((json(reply!).transaction as { transactionId: string }).transactionId);
            if (accepted.has(id)) unexpected.push(`transaction ${id} accepted twice`);
            accepted.set(id, { accountId: me.accountId, type, value });
          } else if (reply!.status === 422) {
            expect(json(reply!).type).toBe('https://ledgerline.dev/problems/insufficient-funds');
          }
        } else if (roll < 0.55) {
          check(
            'GET account',
            await call('load', `${t}/accounts/${me.accountId}`, { token: me.token }),
            [200],
          );
        } else if (roll < 0.65) {
          const url = `${t}/accounts/${me.accountId}/transactions?limit=10`;
          check('GET transactions', await call('load', url, { token: me.token }), [200]);
        } else if (roll < 0.7) {
          const url = `${t}/accounts/${me.accountId}/transactions`;
          check(
            'GET transactions (service token)',
            await call('load', url, { token: stack.serviceToken }),
            [200],
          );
        } else if (roll < 0.78) {
          check('GET profile', await call('load', `${p}/profiles/me`, { token: me.token }), [200]);
        } else if (roll < 0.85) {
          const reply = await call('load', `${p}/profiles/me`, {
            method: 'PATCH',
            token: me.token,
            body: { locale: random() < 0.5 ? 'en-US' : 'fr-FR' },
            headers: { 'if-match': '*' },
          });
          check('PATCH profile', reply, [200]);
        } else if (roll < 0.92) {
          const reply = await call('load', `${p}/profiles/me/sessions/device-${n}`, {
            method: 'PUT',
            token: me.token,
            body: session(),
          });
          check('PUT session', reply, [200, 201]);
        } else if (roll < 0.96) {
          check('GET sessions', await call('load', `${p}/profiles/me/sessions`, { token: me.token }), [200]);
        } else {
          const reply = await call('load', `${t}/accounts/${me.accountId}/transactions`, {
            method: 'POST',
            token: me.token,
            body: '{"type":',
            headers: { 'content-type': 'application/json', 'idempotency-key': `bad-${n}` },
          });
          check('POST malformed JSON', reply, [400]);
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: sizes.loadClients }, (_, n) => client(n)));
    const seconds = (Date.now() - started) / 1000;
    expect(unexpected).toEqual([]);
    const { byAccount } = await checkLedgerInvariants('load');
    for (const u of users) {
      // Every stored transaction after the seed credit (_1) was accepted by exactly one 201, and vice versa.
      const stored = (byAccount.get(u.accountId) ?? []).filter(
        (item) => !String(item.transactionId).endsWith('_1'),
      );
      const mine = [...accepted].filter(([, a]) => a.accountId === u.accountId);
      expect(stored.map((item) => String(item.transactionId)).sort()).toEqual(mine.map(([id]) => id).sort());
      for (const item of stored) {
        const a = accepted.get(String(item.transactionId))!;
        expect([item.type, (item.amount as { value: number }).value]).toEqual([a.type, a.value]);
      }
    }
    const counts = figures.sections.load ?? {};
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(Object.keys(counts).filter((status) => /^5/.test(status) || status === '429')).toEqual([]);
    figures.checks.load = {
      clients: sizes.loadClients,
      users: sizes.loadUsers,
      seconds: Math.round(seconds),
      requests: total,
      requestsPerSecond: Math.round(total / seconds),
      byStatus: counts,
      byKind: kinds,
      acceptedTransactions: accepted.size,
      storedExactlyOnce: 'pass',
      throttled429: counts['429'] ?? 0,
    };
  });
});

describe('faults', () => {
  it('DynamoDB Local paused mid-run: clients see 503 with Retry-After or success, nothing half-written, recovery without restart', async () => {
    const accountId = await openAccount(alice.accessToken);
    const url = `${stack.transactions}/accounts/${accountId}/transactions`;
    const outcomes: Reply[] = [];
    const accepted = new Map<string, number>();
    let stopped = false;
    const cycleMs = sizes.faultPauseMs + 4_500;
    const pauses = (async () => {
      for (let i = 0; i < sizes.faultPauses; i++) {
        await delay(1_500);
        process.kill(stack.dynamoDbPid, 'SIGSTOP');
        stopped = true;
        await delay(sizes.faultPauseMs);
        process.kill(stack.dynamoDbPid, 'SIGCONT');
        stopped = false;
        await delay(3_000);
      }
    })();
    const healthDuringStop: number[] = [];
    const probe = (async () => {
      while (!stopped) await delay(50);
      await delay(1_000);
      const reply = await call('faults (DynamoDB paused)', `${stack.transactions}/transactions/health`);
      healthDuringStop.push(reply.status);
    })();
    // Requests are spread evenly over the pause cycles; each retries its own key until it is accepted.
    const started = Date.now();
    const spacing = (cycleMs * sizes.faultPauses) / sizes.faultRequests;
    const send = (i: number) => async () => {
      await delay(Math.max(0, started + i * spacing - Date.now()));
      const key = `fault-${i}-${randomUUID()}`;
      for (let tries = 0; tries < 60; tries++) {
        const reply = await call('faults (DynamoDB paused)', url, {
          method: 'POST',
          token: alice.accessToken,
          body: { type: 'credit', amount: usd(i + 1) },
          headers: { 'idempotency-key': key },
        });
        outcomes.push(reply);
        if (reply.status === 201) {
          accepted.set(String((json(reply).transaction as { transactionId: string }).transactionId), i + 1);
          return reply;
        }
        expect([`${reply.status}`, isProblem(reply)]).toEqual([expect.stringMatching(/^(503|409)$/), true]);
        const retryAfter = Number(reply.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThan(0);
        await delay(retryAfter * 1000);
      }
      throw new Error('no success after 60 tries');
    };
    const replies = await pool(
      8,
      Array.from({ length: sizes.faultRequests }, (_, i) => send(i)),
    );
    await Promise.all([pauses, probe]);
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 201));
    const unavailable = outcomes.filter((r) => r.status === 503).length;
    expect(unavailable).toBeGreaterThan(0);
    expect(healthDuringStop).toEqual([503]);
    // Recovered without a restart: health and a fresh write succeed.
    expect((await call('faults (DynamoDB paused)', `${stack.transactions}/transactions/health`)).status).toBe(
      200,
    );
    const { byAccount } = await checkLedgerInvariants('DynamoDB paused/resumed');
    const stored = byAccount.get(accountId) ?? [];
    expect(stored.map((item) => String(item.transactionId)).sort()).toEqual([...accepted.keys()].sort());
    expect(stored.map((item) => (item.amount as { value: number }).value).sort((a, b) => a - b)).toEqual(
      Array.from({ length: sizes.faultRequests }, (_, i) => i + 1),
    );
    figures.checks['DynamoDB paused/resumed'] = {
      pauses: sizes.faultPauses,
      pausedMs: sizes.faultPauseMs,
      credits: sizes.faultRequests,
      answers: outcomes.length,
      unavailable503: unavailable,
      busy409: outcomes.filter((r) => r.status === 409).length,
      accepted: accepted.size,
      storedExactlyOnce: 'pass',
      replayedAfterLostResponse: replies.filter((r) => r.headers.get('idempotent-replayed') === 'true')
        .length,
      healthDuringPause: healthDuringStop,
    };
  });

  describe('SDK throttling and timeouts through the real handlers (in process, fault proxy before DynamoDB Local)', () => {
    let proxy: FaultProxy;
    let api: Awaited<ReturnType<typeof inProcessApi>>;
    beforeAll(async () => {
      proxy = await startDdbFaultProxy(stack.dynamoDbEndpoint);
      api = await inProcessApi(proxy.endpoint);
    });
    afterAll(() => proxy?.close());

    it('every request ends 503 with Retry-After or success; after the faults stop, retries make everything exactly once', async () => {
      const caller = {
        sub: `sdk-${randomUUID()}`,
        tokenType: 'access' as const,
        scope: 'aws.cognito.signin.user.admin',
        clientId: stack.clientId,
      };
      const opened = await api.createAccount(caller, { currency: 'USD' });
      expect([opened.statusCode, opened.body]).toEqual([201, expect.any(String)]);
      const accountId = String(opened.json.accountId);
      const profile = await api.createProfile(caller, {
        displayName: 'Sdk Faults',
        email: 'sdk@example.com',
      });
      expect([profile.statusCode, profile.body]).toEqual([201, expect.any(String)]);
      const n = sizes.sdkFaultRequests;
      const keys = Array.from({ length: n }, (_, i) => `sdk-${i}-${randomUUID()}`);
      const tally: Record<string, number> = {};
      const note = (mode: string, status: number) => {
        tally[`${mode} ${status}`] = (tally[`${mode} ${status}`] ?? 0) + 1;
        const s = (figures.sections['faults (SDK, in process)'] ??= {});
        s[String(status)] = (s[String(status)] ?? 0) + 1;
      };
      const firstAnswer = new Map<string, string>(); // key → body of the first 201 it got
      const storedAfter: Record<string, number> = {};
      let storedBefore = new Set<number>(); // amounts (= key index + 1) stored so far
      for (const mode of ['throttle', 'timeout', 'lost-write-response', 'every-third'] as const) {
        proxy.mode = mode;
        const replies = await pool(
          32,
          keys.map(
            (key, i) => () =>
              api.createTransaction(caller, accountId, key, { type: 'credit', amount: usd(i + 1) }),
          ),
        );
        const patches = await pool(
          4,
          Array.from({ length: 8 }, () => () => api.patchProfile(caller, { locale: 'en-GB' }, '*')),
        );
        for (const reply of [...replies, ...patches]) {
          note(mode, reply.statusCode);
          expect([`${reply.statusCode}`, reply.body.slice(0, 300), reply.log]).toEqual([
            expect.stringMatching(/^(200|201|503)$/),
            expect.any(String),
            '',
          ]);
          if (reply.statusCode === 503) {
            expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
            expect(reply.json.type).toBe('https://ledgerline.dev/problems/service-unavailable');
            expect(reply.body).not.toMatch(/Exception|stack|at .*\.ts/);
          }
        }
        replies.forEach((reply, i) => {
          const key = keys[i]!;
          if (reply.statusCode !== 201) return;
          // A key answered 201 before keeps that exact answer.
          expect(reply.body).toBe(firstAnswer.get(key) ?? reply.body);
          firstAnswer.set(key, reply.body);
        });
        if (mode !== 'every-third') expect(replies.map((r) => r.statusCode)).toEqual(replies.map(() => 503));
        // The ledger is consistent after every phase: a failed request left nothing half-written.
        const { byAccount } = await checkLedgerInvariants(`SDK faults: ${mode}`);
        const mine = byAccount.get(accountId) ?? [];
        storedAfter[mode] = mine.length;
        storedBefore = new Set(mine.map((item) => (item.amount as { value: number }).value));
      }
      proxy.mode = 'none';
      // Recovered: every client retries its key as a client must (409 busy / 503 → wait Retry-After).
      // Under 32-way contention on one account the service may still answer 409 before 201.
      const retriedAfterRecovery: Record<string, number> = {};
      const final = await pool(
        32,
        keys.map((key, i) => async () => {
          for (let tries = 0; tries < 30; tries++) {
            const reply = await api.createTransaction(caller, accountId, key, {
              type: 'credit',
              amount: usd(i + 1),
            });
            note('recovered', reply.statusCode);
            if (reply.statusCode !== 409 && reply.statusCode !== 503) return reply;
            expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
            retriedAfterRecovery[reply.statusCode] = (retriedAfterRecovery[reply.statusCode] ?? 0) + 1;
            await delay(200 + Math.floor(Math.random() * 300));
          }
          throw new Error(`key ${key}: no answer but 409/503 after 30 tries`);
        }),
      );
      expect(final.map((r) => [r.statusCode, r.log])).toEqual(final.map(() => [201, '']));
      const { byAccount } = await checkLedgerInvariants('SDK faults: recovered');
      const stored = byAccount.get(accountId) ?? [];
      expect(stored).toHaveLength(n);
      expect(stored.map((item) => (item.amount as { value: number }).value).sort((a, b) => a - b)).toEqual(
        Array.from({ length: n }, (_, i) => i + 1),
      );
      // Every key stored before the recovery round (committed while its client saw 503, or answered
      // 201 in the every-third phase) replays now, byte-identical to any earlier 201.
      final.forEach((reply, i) => {
        if (storedBefore.has(i + 1)) expect(reply.headers['idempotent-replayed']).toBe('true');
        const earlier = firstAnswer.get(keys[i]!);
        if (earlier !== undefined) expect(reply.body).toBe(earlier);
      });
      const replayed = final.filter((r) => r.headers['idempotent-replayed'] === 'true').length;
      expect(replayed).toBeGreaterThanOrEqual(storedBefore.size);
      figures.checks['SDK faults (in process)'] = {
        requestsPerPhase: n + 8,
        outcomes: tally,
        proxy: proxy.counts,
        storedAfterPhase: storedAfter,
        storedExactlyOnce: 'pass',
        replayedOnRetry: replayed,
        newOnRetry: n - replayed,
        retriedAfterRecovery,
      };
    });
  });
});

describe('ledger invariants after the run', () => {
  it('every account balance equals the sum of its ledger, chained from 0, never negative', async () => {
    const checked = await checkLedgerInvariants('end of run');
    expect(checked.accounts).toBeGreaterThan(0);
  });
});
