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
  /** An account of the caller (attacks on it must not move its balance). */
  accountId: string;
  /** A transaction of the caller. */
  transactionId: string;
  /** A caller who has a profile (PATCH/PUT session attacks must not change it). */
  token: string;
  /** A caller who has NO profile (a POST /profiles that got through would create one). */
  tokenWithoutProfile: string;
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
  // transactions
  add(`${t.transactions}/accounts`, { method: 'POST', token: t.token }, bodyAttacks({ currency: 'USD' }));
  const txBody = { type: 'credit', amount: { value: 100, currency: 'USD' }, description: 'hostile' };
  // description is optional free text: only its length and control characters are hostile.
  const txAttacks = bodyAttacks({ type: 'credit', amount: { value: 100, currency: 'USD' } });
  for (const [field, wrong] of [
    ['value', 0],
    ['value', -1],
    ['value', 1.5],
    ['value', 1e30],
    ['value', Number.MAX_SAFE_INTEGER + 2],
    ['value', '100'],
    ['currency', 'XXX'],
    ['currency', 'EUR'],
    ['currency', 'US'],
  ] as const) {
    txAttacks.push({
      name: `amount.${field}=${String(wrong)}`,
      body: { ...txBody, amount: { ...txBody.amount, [field]: wrong } },
    });
  }
  txAttacks.push({ name: 'description with control char', body: { ...txBody, description: 'a\u0007b' } });
  txAttacks.push({ name: 'description too long', body: { ...txBody, description: 'x'.repeat(281) } });
  txAttacks.push({
    name: 'debit beyond balance',
    body: { ...txBody, type: 'debit', amount: { value: Number.MAX_SAFE_INTEGER, currency: 'USD' } },
  });
  const withKey = txAttacks.map((a) => ({
    ...a,
    headers: { 'idempotency-key': `hostile-${randomUUID()}`, ...a.headers },
  }));
  add(`${t.transactions}/accounts/${t.accountId}/transactions`, { method: 'POST', token: t.token }, withKey);
  const validTx = { body: txBody };
  add(`${t.transactions}/accounts/${t.accountId}/transactions`, { method: 'POST', token: t.token }, [
    { ...validTx, name: 'no Idempotency-Key' },
    { ...validTx, name: 'empty Idempotency-Key', headers: { 'idempotency-key': '' } },
    { ...validTx, name: 'Idempotency-Key 300 chars', headers: { 'idempotency-key': 'k'.repeat(300) } },
    { ...validTx, name: 'Idempotency-Key non-ASCII', headers: { 'idempotency-key': 'cl\u00e9-unique' } },
  ]);
  for (const id of BAD_IDS) {
    add(`${t.transactions}/accounts/${id}`, { token: t.token }, [{ name: 'bad account id' }]);
    add(`${t.transactions}/accounts/${id}/transactions`, { token: t.token }, [
      { name: 'bad account id (list)' },
    ]);
    add(`${t.transactions}/accounts/${id}/transactions`, { method: 'POST', token: t.token }, [
      {
        name: 'bad account id (create)',
        body: txBody,
        headers: { 'idempotency-key': `hostile-${randomUUID()}` },
      },
    ]);
    add(`${t.transactions}/transactions/${id.replace(/^acc_/, 'txn_')}`, { token: t.token }, [
      { name: 'bad transaction id' },
    ]);
  }
  for (const id of [
    'txn__1',
    `${t.transactionId}0`,
    t.transactionId.replace(/_(\d+)$/, '_-1'),
    t.transactionId.replace(/_(\d+)$/, '_999999999999'),
    t.transactionId.replace(/_(\d+)$/, '_1e3'),
  ]) {
    add(`${t.transactions}/transactions/${id}`, { token: t.token }, [
      { name: `transaction id ${id.slice(-16)}` },
    ]);
  }
  const list = `${t.transactions}/accounts/${t.accountId}/transactions`;
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
    'cursor=eyJzayI6IlRYIzAwMDAwMDAwMDAwMSJ9.AAAA',
    'extra=1',
  ]) {
    add(`${list}?${query}`, { token: t.token }, [{ name: `query ${query.slice(0, 30)}` }]);
  }
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
  // Routes without a body or parameters: anonymous junk (DELETE), an oversized header (GET).
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
