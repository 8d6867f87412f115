// The portal's browser tests: `npm start` on free ports (the reliability suite's startStack, with the
// portal's own ports added), Debian's Chromium through playwright-core, a screenshot and an axe run
// of every page, and a small cookie-keeping HTTP client for the checks that need no browser.
import { AxeBuilder } from '@axe-core/playwright';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { Client } from 'pg';
import { generateSync } from 'otplib';
import { repoRoot } from '../../../scripts/lib/repo';
import { call } from '../../reliability/support/http';
import type { Stack } from '../../reliability/support/stack';
import { startStack } from '../../reliability/support/stack';
import type { User } from '../../reliability/support/users';
import { signUpAndLogIn } from '../../reliability/support/users';

export const SCREENSHOT_DIR = join(repoRoot, 'test-artifacts/portal');

export interface PortalStack extends Stack {
  /** The portal's PostgreSQL (PGlite's socket) as npm start printed it. */
  portalDatabaseUrl: string;
}

/**
 * `npm start` with the portal on free ports (startStack picks them). The sign-in throttle (10 per IP
 * per 15 min) is raised because every sign-in of this suite comes from 127.0.0.1; startStack passes
 * this process's environment on to npm start.
 */
export async function startPortalStack(): Promise<PortalStack> {
  process.env.SIGN_IN_LIMIT = '200';
  // The embedded PGlite, always: the suite reads the audit rows of this run's database only.
  delete process.env.DATABASE_URL;
  const stack = await startStack();
  const database = /portal database: (postgres\S+)/.exec(stack.output())?.[1];
  if (!database) {
    await stack.stop();
    throw new Error(`npm start printed no "portal database: <url>" line:\n${stack.output().slice(-3000)}`);
  }
  return { ...stack, portalDatabaseUrl: database };
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // Without these Chromium keeps trying to reach Google's servers (no internet here).
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium (CHROMIUM_PATH overrides); undefined when it is absent outside CI. */
export async function launchChromium(): Promise<Browser | undefined> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    // CI installs it (.ci/run); a missing browser there is a broken build, never a skipped suite.
    if (process.env.CI === 'true') throw new Error(`Chromium not found at ${executablePath} (CI=true)`);
    return undefined;
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Screenshot of the page (test-artifacts/portal/<name>.png, uploaded by CI) and its serious or
 * critical axe violations (printed, and returned so the test asserts there are none).
 */
export async function capture(page: Page, name: string): Promise<AxeFinding[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  const findings = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  if (findings.length > 0)
    console.log(`axe on ${name} (${page.url()}):\n${JSON.stringify(findings, null, 2)}`);
  return findings;
}

/** Asserts the page has no serious or critical axe violation, after a screenshot. */
export async function checkPage(page: Page, name: string): Promise<void> {
  expect(await capture(page, name)).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Users and money through the public APIs

export { USER_PASSWORD as PASSWORD } from '../../reliability/support/users';

export async function newUser(stack: Stack, name: string): Promise<User> {
  return signUpAndLogIn(stack, `portal-${name}`);
}

export async function openAccount(stack: Stack, user: User, currency = 'USD'): Promise<string> {
  const reply = await call('portal-e2e', `${stack.transactions}/accounts`, {
    method: 'POST',
    token: user.accessToken,
    body: { currency },
  });
  if (reply.status !== 201) throw new Error(`open account ${reply.status}: ${reply.text}`);
  return String(reply.json?.accountId);
}

let keys = 0;
const idempotencyKey = (what: string) => `portal-e2e-${what}-${Date.now()}-${++keys}`;

/** A back-office deposit with the service token npm start printed (money enters only this way). */
export async function deposit(stack: Stack, accountId: string, value: number): Promise<void> {
  const reply = await call('portal-e2e', `${stack.transactions}/transfers`, {
    method: 'POST',
    token: stack.serviceToken,
    body: { from: 'system:settlement', to: accountId, amount: { value, currency: 'USD' } },
    headers: { 'idempotency-key': idempotencyKey('deposit') },
  });
  if (reply.status !== 201) throw new Error(`deposit ${reply.status}: ${reply.text}`);
}

/** A payment between two accounts, as the payer; the transfer id. */
export async function pay(
  stack: Stack,
  payer: User,
  from: string,
  to: string,
  value: number,
  description: string,
): Promise<string> {
  const reply = await call('portal-e2e', `${stack.transactions}/transfers`, {
    method: 'POST',
    token: payer.accessToken,
    body: { from, to, amount: { value, currency: 'USD' }, description },
    headers: { 'idempotency-key': idempotencyKey('p2p') },
  });
  if (reply.status !== 201) throw new Error(`pay ${reply.status}: ${reply.text}`);
  return String((reply.json?.transfer as { transferId: string }).transferId);
}

/** Turns TOTP on for `user` through the auth API; the shared secret (for otplib). */
export async function enableTotp(stack: Stack, user: User): Promise<string> {
  const setup = await call('portal-e2e', `${stack.auth}/auth/mfa/totp`, {
    method: 'POST',
    token: user.accessToken,
  });
  if (setup.status !== 200) throw new Error(`totp setup ${setup.status}: ${setup.text}`);
  const secret = String(setup.json?.secretCode);
  const verify = await call('portal-e2e', `${stack.auth}/auth/mfa/totp/verify`, {
    method: 'POST',
    token: user.accessToken,
    body: { code: generateSync({ secret }) },
  });
  if (verify.status !== 204) throw new Error(`totp verify ${verify.status}: ${verify.text}`);
  return secret;
}

// ---------------------------------------------------------------------------------------------
// Plain HTTP against the portal, no browser: cookies kept by hand so a test sees every flag

export interface SetCookie {
  name: string;
  value: string;
  /** Lower-cased attribute names and values (`httponly` → ''). */
  attributes: Record<string, string>;
  raw: string;
}

export function parseSetCookie(raw: string): SetCookie {
  const [pair = '', ...attrs] = raw.split(';').map((part) => part.trim());
  const eq = pair.indexOf('=');
  const attributes: Record<string, string> = {};
  for (const attr of attrs) {
    const at = attr.indexOf('=');
    if (at < 0) attributes[attr.toLowerCase()] = '';
    else attributes[attr.slice(0, at).toLowerCase()] = attr.slice(at + 1);
  }
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes, raw };
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  setCookies: SetCookie[];
}

/** A browser-less client of the portal: keeps cookies (ignoring Secure: it talks to 127.0.0.1). */
export class PortalHttp {
  readonly jar = new Map<string, string>();

  constructor(private readonly base: string) {}

  async request(
    path: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<HttpReply> {
    const headers: Record<string, string> = {};
    if (this.jar.size > 0) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${this.base}${path}`, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    const setCookies = response.headers.getSetCookie().map(parseSetCookie);
    for (const cookie of setCookies) {
      const expired = cookie.attributes['max-age'] === '0' || cookie.value === '';
      if (expired) this.jar.delete(cookie.name);
      else this.jar.set(cookie.name, cookie.value);
    }
    return { status: response.status, headers: response.headers, text: await response.text(), setCookies };
  }

  /** The `_csrf` hidden field of the page at `path` (GET). */
  async csrfFrom(path: string): Promise<string> {
    const page = await this.request(path);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error(`no _csrf field on ${path} (${page.status})`);
    return token;
  }

  /** Signs in with email and password (no TOTP); the sign-in POST's reply. */
  async signIn(email: string, password: string): Promise<HttpReply> {
    const csrf = await this.csrfFrom('/sign-in');
    return this.request('/sign-in', { form: { _csrf: csrf, email, password } });
  }
}

// ---------------------------------------------------------------------------------------------
// The portal's audit trail, read from its database

export interface AuditRow {
  user_sub: string | null;
  action: string;
  resource: string | null;
  outcome: string;
  ip: string;
}

/** Audit rows of `sub` (oldest first), straight from portal_audit_events. */
export async function auditRows(databaseUrl: string, sub: string): Promise<AuditRow[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<AuditRow>(
      'select user_sub, action, resource, outcome, ip from portal_audit_events where user_sub = $1 order by id',
      [sub],
    );
    return result.rows;
  } finally {
    await client.end();
  }
}
