// Hostile requests for every route: malformed/truncated JSON, wrong content types,
// huge bodies and headers, deep nesting, wrong types, unicode edge cases, injection strings, path
// traversal and invalid ids. Each must be answered 4xx and write nothing.
import { randomUUID } from 'node:crypto';
import type { CallOptions } from './http';

export interface HostileRequest extends CallOptions {
  name: string;
  url: string;
}

const INJECTIONS = [
  "' OR '1'='1",
  '"; DROP TABLE accounts; --',
  '<script>alert(1)</script>',
  '${jndi:ldap://127.0.0.1/x}',
  '{{7*7}}',
  '$(rm -rf /)',
  '{"$ne": null}',
  'ACCOUNT#acc_aaaaaaaaaaaaaaaaaaaa',
];
const UNICODE = ['ＵＳＤ', 'usd', 'USD\u0000', 'U\u200bSD', 'US\u0130', '\ud800', '\u202eDSU', '💵💵💵'];
const BAD_IDS = [
  '%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
  '..%5C..%5Cwindows',
  'acc_%00',
  `acc_${'a'.repeat(300)}`,
  '%27%20OR%201%3D1--',
  'ACCOUNT%23META',
  '*',
  'acc_AAAAAAAAAAAAAAAAAAAA',
  'acc_aaaaaaaaaaaaaaaaaaaa%0d%0aX-Injected:%201',
];

/**
 * Junk bodies for a route that takes none, sent WITHOUT a token: the authorizer refuses them (401)
 * before anything runs. (With a valid token such a route ignores a stray body: only routes with a
 * body schema parse one, so these must never carry the suite's tokens.)
 */
const strayBodyAttacks = (): Array<Omit<HostileRequest, 'url'>> => [
  { name: 'stray malformed JSON body', body: '{"a":1,,}', headers: { 'content-type': 'application/json' } },
  { name: 'stray body as text/plain', body: 'x', headers: { 'content-type': 'text/plain' } },
  {
    name: 'stray huge body (1 MiB)',
    body: JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }),
    headers: { 'content-type': 'application/json' },
  },
];

const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Body attacks shared by every route that takes a JSON body; `valid` is a body the route accepts. */
function bodyAttacks(
  valid: Record<string, unknown>,
  freeText: string[] = [],
): Array<Omit<HostileRequest, 'url'>> {
  const text = JSON.stringify(valid);
  const json = { 'content-type': 'application/json' };
  const attacks: Array<Omit<HostileRequest, 'url'>> = [
    { name: 'empty body', body: '', headers: json },
    { name: 'truncated JSON', body: text.slice(0, Math.floor(text.length / 2)), headers: json },
    { name: 'malformed JSON', body: '{"a":1,,}', headers: json },
    { name: 'single quotes', body: text.replace(/"/g, "'"), headers: json },
    { name: 'trailing garbage', body: `${text}xyz`, headers: json },
    { name: 'BOM before JSON', body: `\ufeff${text}`, headers: json },
    { name: 'NaN', body: 'NaN', headers: json },
    { name: 'null', body: 'null', headers: json },
    { name: 'array', body: `[${text}]`, headers: json },
    { name: 'string', body: '"hello"', headers: json },
    { name: 'number', body: '42', headers: json },
    { name: 'valid JSON as text/plain', body: text, headers: { 'content-type': 'text/plain' } },
    {
      name: 'valid JSON as form',
      body: text,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    },
    { name: 'valid JSON as XML', body: text, headers: { 'content-type': 'application/xml' } },
    {
      name: 'valid JSON as multipart',
      body: text,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    },
    // (No Content-Type at all is treated as JSON by API Gateway and serverless-offline alike: not hostile.)
    { name: 'valid JSON, content type "json"', body: text, headers: { 'content-type': 'json' } },
    {
      name: 'huge body (64 KiB)',
      body: JSON.stringify({ ...valid, pad: 'x'.repeat(64 * 1024) }),
      headers: json,
    },
    {
      name: 'huge body (1 MiB)',
      body: JSON.stringify({ ...valid, pad: 'x'.repeat(1024 * 1024) }),
      headers: json,
    },
    { name: 'deep array nesting (3000)', body: deepArray(3000), headers: json },
    { name: 'deep object nesting (1000)', body: deepObject(1000), headers: json },
    {
      name: 'deep nesting inside a field',
      body: JSON.stringify({ ...valid, nested: JSON.parse(deepObject(200)) as unknown }),
      headers: json,
    },
    { name: 'extra field', body: { ...valid, admin: true } },
    { name: '__proto__ pollution', body: `{"__proto__":{"admin":true},${text.slice(1)}`, headers: json },
    { name: 'constructor pollution', body: { ...valid, constructor: { prototype: { admin: true } } } },
  ];
  for (const [field, value] of Object.entries(valid)) {
    for (const wrong of [null, 42, true, [value], { value }, '', 'x'.repeat(5000)]) {
      if (typeof value === typeof wrong && typeof wrong !== 'string') continue;
      attacks.push({
        name: `wrong type ${field}=${JSON.stringify(wrong).slice(0, 20)}`,
        body: { ...valid, [field]: wrong },
      });
    }
    // Free-text fields legitimately accept injection-looking and non-ASCII text (stored as data).
    if (typeof value === 'string' && !freeText.includes(field)) {
      for (const bad of [...INJECTIONS, ...UNICODE]) {
        attacks.push({ name: `${field}=${JSON.stringify(bad)}`, body: { ...valid, [field]: bad } });
      }
    }
    const { [field]: _omitted, ...rest } = valid;
    attacks.push({ name: `missing ${field}`, body: rest });
  }
  return attacks;
}

export interface HostileTargets {
  auth: string;
  transactions: string;
  profiles: string;
  /** An open USD account of the caller holding money (attacks on it must not move its balance). */
  accountId: string;
  /** Another user's open USD account: a valid destination, never a source for the caller. */
  payeeAccountId: string;
  /** A posted p2p transfer of the caller (from `accountId`). */
  transferId: string;
  /** A pending hold (withdrawal) on the caller's account, made by the back office. */
  holdId: string;
  /** A caller who has a profile (PATCH/PUT session attacks must not change it). */
  token: string;
  /** A back-office service token with every ledger scope (holds, reversals, deposits). */
  serviceToken: string;
  /** A caller who has NO profile (a POST /profiles that got through would create one). */
  tokenWithoutProfile: string;
}

type Add = (url: string, base: CallOptions, attacks: Array<Omit<HostileRequest, 'url'>>) => void;

/** Transfer ids that name nothing: wrong shape, wrong alphabet, wrong length, injections. */
const BAD_TRANSFER_IDS = [
  ...BAD_IDS.map((id) => id.replace(/^acc_/, 'tr_').replace('ACCOUNT', 'TRANSFER')),
  `tr_${'A'.repeat(26)}`,
  `tr_${'a'.repeat(25)}`,
  `tr_${'a'.repeat(27)}`,
  'txn_aaaaaaaaaaaaaaaaaaaa_1',
  'tr_aaaaaaaaaaaaaaaaaaaaaaaaaa',
];

/** A fresh Idempotency-Key on every attack (a key reused by two attacks would hide the second). */
const withKeys = (attacks: Array<Omit<HostileRequest, 'url'>>) =>
  attacks.map((a) => ({ ...a, headers: { 'idempotency-key': `hostile-${randomUUID()}`, ...a.headers } }));

/**
 * Idempotency-Key attacks on an otherwise valid request: each is a 400 before anything runs.
 * (Leading or trailing spaces are not among them: HTTP strips them from header values, so ` k` IS
 * the valid key `k`, and such a request would succeed.)
 */
const keyAttacks = (body: unknown): Array<Omit<HostileRequest, 'url'>> => [
  { name: 'no Idempotency-Key', body },
  { name: 'empty Idempotency-Key', body, headers: { 'idempotency-key': '' } },
  { name: 'Idempotency-Key 300 chars', body, headers: { 'idempotency-key': 'k'.repeat(300) } },
  { name: 'Idempotency-Key non-ASCII', body, headers: { 'idempotency-key': 'cl\u00e9-unique' } },
];

/**
 * The ledger's routes. Every request here must be refused: a transfer, post, void, reversal or
 * close that got through would change the tables, which the suite compares before and after.
 */
function ledgerAttacks(t: HostileTargets, add: Add): void {
  const tx = t.transactions;
  const usd = (value: unknown) => ({ value, currency: 'USD' });
  // POST /accounts
  add(`${tx}/accounts`, { method: 'POST', token: t.token }, bodyAttacks({ currency: 'USD' }));

  // POST /transfers, as the account's owner (a p2p) and as the back office (deposit/withdrawal shapes).
  const p2p = { from: t.accountId, to: t.payeeAccountId, amount: usd(100) };
  const userAttacks = bodyAttacks(p2p);
  for (const value of [0, -1, 1.5, 1e30, 2 ** 53, 2 ** 53 + 2, '100', null]) {
    userAttacks.push({ name: `amount.value=${String(value)}`, body: { ...p2p, amount: usd(value) } });
  }
  for (const currency of ['XXX', 'US', 'usd', 'XAU', 'EUR']) {
    // EUR is a currency, but not the accounts': 422 currency-mismatch.
    userAttacks.push({
      name: `amount.currency=${currency}`,
      body: { ...p2p, amount: { value: 100, currency } },
    });
  }
  userAttacks.push(
    { name: 'amount with an extra field', body: { ...p2p, amount: { ...usd(100), scale: 2 } } },
    { name: 'amount beyond the balance', body: { ...p2p, amount: usd(Number.MAX_SAFE_INTEGER) } },
    { name: 'from system:transit', body: { ...p2p, from: 'system:transit' } },
    { name: 'to system:transit', body: { ...p2p, to: 'system:transit' } },
    { name: 'to system:SETTLEMENT', body: { ...p2p, to: 'system:SETTLEMENT' } },
    { name: 'to a raw system shard id', body: { ...p2p, to: 'sys_settlement_USD_us-east-1_000' } },
    // Valid shapes the rules refuse for a user token: 403 before anything is read.
    { name: 'user from system:settlement', body: { ...p2p, from: 'system:settlement', to: t.accountId } },
    ...(['settlement', 'fees', 'suspense'] as const).map((kind) => ({
      name: `user to system:${kind}`,
      body: { ...p2p, to: `system:${kind}` },
    })),
    { name: 'user p2p as a hold', body: { ...p2p, hold: { timeoutSeconds: 600 } } },
    // Valid shapes the ledger refuses after reading: 422 or 404.
    { name: 'to the same account', body: { ...p2p, to: t.accountId } },
    { name: 'to an unknown account', body: { ...p2p, to: 'acc_aaaaaaaaaaaaaaaaaaaa' } },
    { name: "from another user's account", body: { ...p2p, from: t.payeeAccountId, to: t.accountId } },
    { name: 'description with control char', body: { ...p2p, description: 'a\u0007b' } },
    { name: 'description empty', body: { ...p2p, description: '' } },
    { name: 'description too long', body: { ...p2p, description: 'x'.repeat(281) } },
    { name: 'reference too long', body: { ...p2p, reference: 'x'.repeat(65) } },
    { name: 'reference with control char', body: { ...p2p, reference: 'INV\u000a7' } },
  );
  add(`${tx}/transfers`, { method: 'POST', token: t.token }, withKeys(userAttacks));
  add(`${tx}/transfers`, { method: 'POST', token: t.token }, keyAttacks(p2p));
  const withdrawal = { from: t.accountId, to: 'system:settlement', amount: usd(100) };
  const deposit = { from: 'system:settlement', to: t.accountId, amount: usd(100) };
  const holdAttacks: Array<Omit<HostileRequest, 'url'>> = [];
  for (const timeoutSeconds of [0, -1, 59, 30 * 24 * 3600 + 1, 60.5, 1e30, '600', null]) {
    holdAttacks.push({
      name: `withdrawal hold timeoutSeconds=${String(timeoutSeconds)}`,
      body: { ...withdrawal, hold: { timeoutSeconds } },
    });
  }
  holdAttacks.push(
    { name: 'deposit hold timeoutSeconds=59', body: { ...deposit, hold: { timeoutSeconds: 59 } } },
    { name: 'hold without timeoutSeconds', body: { ...withdrawal, hold: {} } },
    { name: 'hold with an extra field', body: { ...withdrawal, hold: { timeoutSeconds: 600, post: true } } },
    { name: 'hold=true', body: { ...withdrawal, hold: true } },
    { name: 'hold=600', body: { ...withdrawal, hold: 600 } },
    { name: 'service from system:transit', body: { ...deposit, from: 'system:transit' } },
    { name: 'service to system:transit', body: { ...withdrawal, to: 'system:transit' } },
    { name: 'system to the same system', body: { ...deposit, to: 'system:settlement' } },
    { name: 'deposit amount 0', body: { ...deposit, amount: usd(0) } },
    { name: 'deposit amount 2^53', body: { ...deposit, amount: usd(2 ** 53) } },
    { name: 'deposit into an unknown account', body: { ...deposit, to: 'acc_aaaaaaaaaaaaaaaaaaaa' } },
    { name: 'deposit in another currency', body: { ...deposit, amount: { value: 100, currency: 'EUR' } } },
    { name: 'service token p2p', body: p2p },
  );
  add(`${tx}/transfers`, { method: 'POST', token: t.serviceToken }, withKeys(holdAttacks));

  // GET /transfers/{transferId}
  for (const id of [
    ...BAD_TRANSFER_IDS,
    `${t.transferId}0`,
    t.transferId.toUpperCase(),
    t.transferId.slice(0, -1),
  ]) {
    add(`${tx}/transfers/${id}`, { token: t.token }, [{ name: `bad transfer id ${id.slice(-16)}` }]);
  }

  // POST /transfers/{transferId}/post | void | reverse: service-token routes.
  const hold = `${tx}/transfers/${t.holdId}`;
  const postAttacks = bodyAttacks({ amount: 100 }).filter((a) => a.name !== 'missing amount');
  for (const amount of [0, -1, 1.5, 2 ** 53, 1e30, '100', null]) {
    postAttacks.push({ name: `amount=${String(amount)}`, body: { amount } });
  }
  postAttacks.push(
    { name: 'amount as money', body: { amount: usd(100) } },
    { name: 'amount beyond the hold', body: { amount: Number.MAX_SAFE_INTEGER } },
  );
  add(`${hold}/post`, { method: 'POST', token: t.serviceToken }, withKeys(postAttacks));
  add(`${hold}/post`, { method: 'POST', token: t.serviceToken }, keyAttacks({ amount: 100 }));
  add(`${hold}/void`, { method: 'POST', token: t.serviceToken }, [
    // (`single quotes` of `{}` is `{}` itself: a valid void, so not an attack here.)
    ...withKeys([
      ...bodyAttacks({}).filter((a) => a.name !== 'single quotes'),
      { name: 'void with an amount', body: { amount: 100 } },
    ]),
    ...keyAttacks({}),
  ]);
  const reverse = `${tx}/transfers/${t.transferId}/reverse`;
  const reverseAttacks = bodyAttacks({ description: 'hostile' }, ['description']).filter(
    (a) => a.name !== 'missing description',
  );
  reverseAttacks.push(
    { name: 'description with control char', body: { description: 'a\u0007b' } },
    { name: 'description too long', body: { description: 'x'.repeat(281) } },
    { name: 'reverse with an amount', body: { amount: 100 } },
  );
  add(reverse, { method: 'POST', token: t.serviceToken }, withKeys(reverseAttacks));
  add(reverse, { method: 'POST', token: t.serviceToken }, keyAttacks({}));
  for (const [url, body] of [
    [`${hold}/post`, {}],
    [`${hold}/void`, {}],
    [reverse, {}],
  ] as const) {
    // Users never decide holds or reverse: 403, whatever the body.
    add(url, { method: 'POST', token: t.token }, withKeys([{ name: 'user token', body }]));
  }
  // A posted transfer cannot be posted or voided (409), a hold cannot be reversed (409).
  add(
    `${tx}/transfers/${t.transferId}/post`,
    { method: 'POST', token: t.serviceToken },
    withKeys([{ name: 'post a posted transfer', body: {} }]),
  );
  add(
    `${tx}/transfers/${t.transferId}/void`,
    { method: 'POST', token: t.serviceToken },
    withKeys([{ name: 'void a posted transfer', body: {} }]),
  );
  add(
    `${hold}/reverse`,
    { method: 'POST', token: t.serviceToken },
    withKeys([{ name: 'reverse a hold', body: {} }]),
  );
  for (const id of BAD_TRANSFER_IDS) {
    for (const action of ['post', 'void', 'reverse']) {
      add(
        `${tx}/transfers/${id}/${action}`,
        { method: 'POST', token: t.serviceToken },
        withKeys([{ name: 'bad transfer id', body: {} }]),
      );
    }
  }

  // Accounts by id: GET, close, entries.
  for (const id of [...BAD_IDS, 'sys_settlement_USD_us-east-1_000', 'system:settlement']) {
    add(`${tx}/accounts/${id}`, { token: t.token }, [{ name: 'bad account id' }]);
    add(`${tx}/accounts/${id}/entries`, { token: t.token }, [{ name: 'bad account id (entries)' }]);
    add(`${tx}/accounts/${id}/close`, { method: 'POST', token: t.token }, [
      { name: 'bad account id (close)' },
    ]);
  }
  add(`${tx}/accounts/${t.payeeAccountId}/close`, { method: 'POST', token: t.token }, [
    { name: "close another user's account" },
  ]);
  add(`${tx}/accounts/${t.accountId}/close`, { method: 'POST', token: t.token }, [
    { name: 'close an account holding money' },
  ]);
  add(`${tx}/accounts/${t.accountId}/close`, { method: 'POST', token: t.serviceToken }, [
    { name: 'close with a service token' },
  ]);
  add(`${tx}/accounts/${t.accountId}/close`, { method: 'POST' }, strayBodyAttacks());
  // Overdraft limits: back office only; only bodies the schema refuses, so nothing is ever set.
  const limit = `${tx}/accounts/${t.accountId}/overdraft-limit`;
  add(limit, { method: 'PUT', token: t.serviceToken }, [
    ...bodyAttacks({ limit: { value: 1000, currency: 'USD' } }),
    { name: 'negative limit', body: { limit: { value: -1, currency: 'USD' } } },
    { name: 'fractional limit', body: { limit: { value: 0.5, currency: 'USD' } } },
    { name: 'limit beyond 2^53', body: { limit: { value: 2 ** 60, currency: 'USD' } } },
    { name: 'limit as a bare number', body: { limit: 1000 } },
  ]);
  add(limit, { method: 'PUT', token: t.token }, [
    { name: 'a user raising their own limit', body: { limit: { value: 1_000_000, currency: 'USD' } } },
  ]);
  for (const id of BAD_IDS) {
    add(`${tx}/accounts/${id}/overdraft-limit`, { method: 'PUT', token: t.serviceToken }, [
      { name: 'bad account id (limit)', body: { limit: { value: 1, currency: 'USD' } } },
    ]);
  }
  const entries = `${tx}/accounts/${t.accountId}/entries`;
  for (const query of [
    'limit=0',
    'limit=101',
    'limit=abc',
    'limit=-1',
    'limit=1e1',
    'limit=%00',
    'cursor=',
    'cursor=garbage',
    `cursor=${'A'.repeat(3000)}`,
    'cursor=eyJzayI6IkVOVFJZIzIwMjYtMDEtMDFUMDA6MDA6MDAuMDAwWiMwMDAwMDAwMDAwMDEifQ.AAAA',
    'extra=1',
    'from=2026-01-01',
    'from=2026-01-01T00:00:00%2B01:00',
    'to=yesterday',
    'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
  ]) {
    add(`${entries}?${query}`, { token: t.token }, [{ name: `query ${query.slice(0, 30)}` }]);
  }
  // GET /accounts: the same paging parameters, and an owner a user may not name.
  for (const query of [
    'limit=0',
    'limit=101',
    'limit=abc',
    'cursor=garbage',
    `cursor=${'A'.repeat(3000)}`,
    'cursor=eyJzayI6IkFDQ09VTlQjMjAyNi0wMS0wMVQwMDowMDowMC4wMDBaI2FjY194In0.AAAA',
    'extra=1',
    'owner=',
    'owner=a%20b',
    `owner=${'a'.repeat(200)}`,
    'owner=someone-else',
    'owner=%00',
  ]) {
    add(`${tx}/accounts?${query}`, { token: t.token }, [{ name: `accounts query ${query.slice(0, 30)}` }]);
  }
}

/** Every hostile request, with the route it targets. */
export function hostileRequests(t: HostileTargets): HostileRequest[] {
  const requests: HostileRequest[] = [];
  const add = (url: string, base: CallOptions, attacks: Array<Omit<HostileRequest, 'url'>>) => {
    for (const attack of attacks) {
      requests.push({
        ...base,
        ...attack,
        name: `${base.method ?? 'GET'} ${url.replace(/^https?:\/\/[^/]+\/dev/, '')}: ${attack.name}`,
        headers: { ...base.headers, ...attack.headers },
        url,
      });
    }
  };
  const email = `hostile-${randomUUID()}@example.com`;
  const password = 'Hostile-Password-1!';
  // auth (public routes): none of these may sign anyone up or in.
  add(`${t.auth}/auth/signup`, { method: 'POST' }, bodyAttacks({ email, password }));
  add(
    `${t.auth}/auth/confirm`,
    { method: 'POST' },
    bodyAttacks({ email, code: '123456' }).filter((a) => a.name !== 'code="💵💵💵"'),
  );
  add(`${t.auth}/auth/login`, { method: 'POST' }, bodyAttacks({ email, password }));
  add(`${t.auth}/auth/refresh`, { method: 'POST' }, bodyAttacks({ refreshToken: 'not-a-refresh-token' }));
  // The TOTP login step: a well-formed body with an unknown user's session is a 401, never tokens.
  add(
    `${t.auth}/auth/login/mfa`,
    { method: 'POST' },
    bodyAttacks({ email, session: `hostile-session-${randomUUID()}`, code: '123456' }),
  );
  // TOTP verify without a setup first is a 409: no body can turn MFA on.
  add(`${t.auth}/auth/mfa/totp/verify`, { method: 'POST', token: t.token }, [
    ...bodyAttacks({ code: '123456' }),
    { name: 'deviceName with control char', body: { code: '123456', deviceName: 'a\u0007b' } },
    { name: 'deviceName too long', body: { code: '123456', deviceName: 'x'.repeat(65) } },
    { name: 'code with 7 digits', body: { code: '1234567' } },
  ]);
  // TOTP setup takes no body: anonymous junk never makes a secret.
  add(`${t.auth}/auth/mfa/totp`, { method: 'POST' }, strayBodyAttacks());
  // Logout of an unknown refresh token is a 204 by design (RFC 7009): only structural attacks here.
  add(
    `${t.auth}/auth/logout`,
    { method: 'POST', token: t.token },
    bodyAttacks({ refreshToken: 'not-a-refresh-token' }, ['refreshToken']).filter(
      (a) => !/^wrong type refreshToken="x+/.test(a.name),
    ),
  );
  // Sign-out everywhere takes no body: only anonymous junk (with the suite's token it would end
  // the suite's own sessions, which is its job, not an attack).
  add(`${t.auth}/auth/logout-all`, { method: 'POST' }, strayBodyAttacks());
  // Turning TOTP off needs the password and a code: the caller has no TOTP and these are not its
  // password, so no body can change anything (400 or 409).
  add(`${t.auth}/auth/mfa/totp`, { method: 'DELETE', token: t.token }, [
    ...bodyAttacks({ password: 'Not-The-Password-1!', code: '123456' }),
    { name: 'code with 5 digits', body: { password: 'Not-The-Password-1!', code: '12345' } },
  ]);
  // Back office: a user token or a service token without auth:admin is refused (403), bad ids 400.
  for (const action of ['lock', 'unlock', 'mfa/reset']) {
    const user = `${t.auth}/auth/admin/users/${randomUUID()}/${action}`;
    add(user, { method: 'POST', token: t.token }, [{ name: `a user token (${action})` }]);
    add(user, { method: 'POST', token: t.serviceToken }, [{ name: `a ledger service token (${action})` }]);
    for (const id of BAD_IDS) {
      add(`${t.auth}/auth/admin/users/${id}/${action}`, { method: 'POST', token: t.serviceToken }, [
        { name: `bad user id (${action})` },
      ]);
    }
  }
  ledgerAttacks(t, add);
  // profiles
  add(
    `${t.profiles}/profiles`,
    { method: 'POST', token: t.tokenWithoutProfile },
    bodyAttacks({ displayName: 'Hostile Tester', email: 'hostile@example.com' }, ['displayName']),
  );
  const patchHeaders = { 'if-match': '*' };
  add(`${t.profiles}/profiles/me`, { method: 'PATCH', token: t.token, headers: patchHeaders }, [
    ...bodyAttacks({ displayName: 'Changed Name' }, ['displayName']),
    { name: 'empty patch', body: {} },
    { name: 'remove displayName', body: { displayName: null } },
    { name: 'bad country', body: { country: 'EU' } },
    { name: 'bad phone', body: { phone: '555-1234' } },
    { name: 'bad time zone', body: { timeZone: 'Mars/Olympus' } },
    { name: 'bad locale', body: { locale: 'not a locale!' } },
    { name: 'displayName with control char', body: { displayName: 'a\u0000b' } },
    { name: 'displayName leading space', body: { displayName: ' x' } },
  ]);
  add(`${t.profiles}/profiles/me`, { method: 'PATCH', token: t.token }, [
    { name: 'no If-Match', body: { displayName: 'Changed Name' } },
    { name: 'If-Match garbage', body: { displayName: 'Changed Name' }, headers: { 'if-match': '"garbage"' } },
    {
      name: 'If-Match weak',
      body: { displayName: 'Changed Name' },
      headers: { 'if-match': 'W/"1-0000000000000000"' },
    },
    {
      name: 'If-Match injection',
      body: { displayName: 'Changed Name' },
      headers: { 'if-match': "' OR 1=1" },
    },
  ]);
  const session = {
    platform: 'ios',
    appVersion: '1.2.3',
    locale: 'en-US',
    lastSeenAt: new Date().toISOString(),
  };
  add(`${t.profiles}/profiles/me/sessions/device-hostile`, { method: 'PUT', token: t.token }, [
    // "usd" is a well-formed BCP 47 language subtag: a valid locale, not an attack.
    ...bodyAttacks(session).filter((a) => a.name !== 'locale="usd"'),
    { name: 'lastSeenAt far future', body: { ...session, lastSeenAt: '2999-01-01T00:00:00Z' } },
    { name: 'lastSeenAt long ago', body: { ...session, lastSeenAt: '2000-01-01T00:00:00Z' } },
    { name: 'appVersion not semver', body: { ...session, appVersion: '1.2' } },
  ]);
  for (const id of [
    '%2E%2E%2Fsessions',
    `${'d'.repeat(300)}`,
    '%00',
    'a%2Fb',
    "x'%20OR%201=1",
    '%F0%9F%92%B5',
  ]) {
    add(`${t.profiles}/profiles/me/sessions/${id}`, { method: 'PUT', token: t.token }, [
      { name: 'bad device id', body: session },
    ]);
    add(`${t.profiles}/profiles/me/sessions/${id}`, { method: 'DELETE', token: t.token }, [
      { name: 'bad device id' },
    ]);
  }
  // consents: none of these may append a record (the tables stay unchanged)
  const consent = { granted: true, noticeVersion: `sha256:${'a'.repeat(64)}` };
  add(`${t.profiles}/me/consents/marketing`, { method: 'PUT', token: t.token }, [
    ...bodyAttacks(consent),
    { name: 'noticeVersion upper-case hex', body: { ...consent, noticeVersion: `sha256:${'A'.repeat(64)}` } },
    { name: 'noticeVersion md5', body: { ...consent, noticeVersion: `md5:${'a'.repeat(32)}` } },
    { name: 'noticeVersion too long', body: { ...consent, noticeVersion: `sha256:${'a'.repeat(65)}` } },
    { name: 'granted as string', body: { ...consent, granted: 'true' } },
    { name: 'someone else’s user id', body: { ...consent, userId: randomUUID() } },
  ]);
  add(`${t.profiles}/me/consents/marketing`, { method: 'PUT', token: t.serviceToken }, [
    { name: 'a ledger service token', body: consent },
  ]);
  add(`${t.profiles}/me/consents`, { token: t.serviceToken }, [{ name: 'a ledger service token' }]);
  // erasure: only the wrong kinds of caller (a user token with a recent sign-in would really start
  // erasing the test user); neither may create a job.
  add(`${t.profiles}/me`, { method: 'DELETE', token: t.serviceToken }, [{ name: 'a ledger service token' }]);
  add(`${t.profiles}/me`, { method: 'DELETE' }, [{ name: 'no token' }]);
  add(`${t.profiles}/me/erasure`, { token: t.serviceToken }, [{ name: 'a ledger service token' }]);
  // exports: a service token opens nothing; a malformed id is a 400 before any read
  add(`${t.profiles}/me/exports`, { method: 'POST', token: t.serviceToken }, [
    { name: 'a ledger service token' },
  ]);
  add(`${t.profiles}/me/exports/${randomUUID()}`, { token: t.serviceToken }, [
    { name: 'a ledger service token' },
  ]);
  for (const id of ['not-a-uuid', '%2E%2E%2Fx', `${'e'.repeat(300)}`, '%00', "x'%20OR%201=1", '__proto__']) {
    add(`${t.profiles}/me/exports/${id}`, { token: t.token }, [{ name: 'bad export id' }]);
  }
  for (const purpose of [
    'newsletter',
    'MARKETING',
    '%2E%2E%2Fmarketing',
    `${'p'.repeat(300)}`,
    '%00',
    'marketing%2Fx',
    "x'%20OR%201=1",
    '__proto__',
    '%F0%9F%92%B5',
  ]) {
    add(`${t.profiles}/me/consents/${purpose}`, { method: 'PUT', token: t.token }, [
      { name: 'bad purpose', body: consent },
    ]);
  }
  add(`${t.profiles}/profiles/me`, { method: 'DELETE' }, strayBodyAttacks());
  add(`${t.profiles}/profiles/me/sessions`, { token: t.token }, [
    { name: 'huge header (64 KiB)', headers: { 'x-padding': 'p'.repeat(64 * 1024) } },
  ]);
  // headers: large (below the HTTP server's limit, so the handler sees it) and huge (above it).
  for (const url of [`${t.transactions}/accounts/${t.accountId}`, `${t.profiles}/profiles/me`]) {
    add(url, { token: t.token, method: 'PUT', body: {} }, [{ name: 'method not routed' }]);
    add(url, { token: t.token }, [
      { name: 'huge header (64 KiB)', headers: { 'x-padding': 'p'.repeat(64 * 1024) } },
    ]);
  }
  add(`${t.transactions}/accounts/${t.accountId}`, { authorization: `Bearer ${'a'.repeat(9000)}` }, [
    { name: 'Authorization 9000 chars' },
  ]);
  return requests;
}
