// The customer web portal end to end, in Debian's Chromium against `npm start` (one stack for the
// whole file: starting it takes about a minute). Users are made through the public APIs as a mobile
// app user would be; everything after that happens in the browser, except the security checks,
// which speak plain HTTP so every header and cookie attribute is visible. Each page is screenshotted
// (test-artifacts/portal/) and checked with axe: no serious or critical violation.
import { existsSync, readFileSync } from 'node:fs';
import { generateSync } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { User } from '../reliability/support/users';
import type { PortalStack } from './support/portal';
import {
  auditRows,
  checkPage,
  deposit,
  enableTotp,
  launchChromium,
  newUser,
  openAccount,
  PASSWORD,
  pay,
  PortalHttp,
  startPortalStack,
} from './support/portal';

// Every test drives a browser or a stack: seconds, not jest's default 5.
jest.setTimeout(120_000);

const SESSION_COOKIE = '__Host-ledgerline';
const today = new Date().toISOString().slice(0, 10);
const thisMonth = today.slice(0, 7);

let stack: PortalStack;
let browser: Browser | undefined;
/** Browser console errors of every page (a CSP violation shows up here). */
const consoleErrors: string[] = [];

let alice: User; // signs in without TOTP; history, CSV, transfer, profile
let bob: User; // alice's payee
let tom: User; // TOTP on
let carol: User; // sign out everywhere, security checks over HTTP
let tomSecret: string;
let aliceAccount: string;
let bobAccount: string;
const transfers: Record<'deposit' | 'dinner' | 'coffee', string> = { deposit: '', dinner: '', coffee: '' };

beforeAll(async () => {
  browser = await launchChromium();
  if (!browser) return;
  stack = await startPortalStack();
  [alice, bob, tom, carol] = [
    await newUser(stack, 'alice'),
    await newUser(stack, 'bob'),
    await newUser(stack, 'tom'),
    await newUser(stack, 'carol'),
  ];
  tomSecret = await enableTotp(stack, tom);
  aliceAccount = await openAccount(stack, alice);
  bobAccount = await openAccount(stack, bob);
  await deposit(stack, aliceAccount, 10_000);
  transfers.dinner = await pay(stack, alice, aliceAccount, bobAccount, 2_500, 'Dinner with Bob');
  transfers.coffee = await pay(stack, alice, aliceAccount, bobAccount, 550, 'Coffee beans');
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

/** A fresh browser profile on the portal (own cookies), whose console errors are collected. */
async function newContext(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser!.newContext({ baseURL: stack.portal, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (message) => {
    // Chromium logs every 4xx document as "Failed to load resource": the sign-in and profile pages
    // answer 401/400 with their form on purpose.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  return { context, page };
}

async function signInWithPassword(page: Page, user: User): Promise<void> {
  await page.goto('/sign-in');
  await page.fill('#sign-in [name="email"]', user.email);
  await page.fill('#sign-in [name="password"]', PASSWORD);
  await page.click('#sign-in button:has-text("Sign in")');
}

const heading = (page: Page) => page.locator('h1').innerText();

/** The visible rows of the history table: transfer ids in page order. */
const historyIds = (page: Page) =>
  page
    .locator('tr[data-entry]')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-transfer-id')));

// Without Chromium outside CI the suite has nothing to drive (launchChromium throws under CI=true).
const maybe =
  process.env.CI === 'true' || existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')
    ? describe
    : describe.skip;

maybe('portal in a browser', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await newContext());
    // Alice's deposit is the first entry of her account: its transfer id, read through the API.
    const entries = await fetch(`${stack.transactions}/accounts/${aliceAccount}/entries`, {
      headers: { authorization: `Bearer ${alice.accessToken}` },
    }).then((r) => r.json() as Promise<{ items: Array<{ transferId: string; kind: string }> }>);
    transfers.deposit = entries.items.find((e) => e.kind === 'deposit')?.transferId ?? '';
    expect(transfers.deposit).toMatch(/\S/);
  });
  afterAll(() => context?.close());

  test('a wrong password is refused with an alert', async () => {
    await page.goto('/sign-in');
    await checkPage(page, 'sign-in');
    await page.fill('#sign-in [name="email"]', alice.email);
    await page.fill('#sign-in [name="password"]', 'Not-Her-Password-1');
    await page.click('#sign-in button:has-text("Sign in")');
    await expect(page.locator('[role="alert"]').innerText()).resolves.toMatch(/\S/);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await checkPage(page, 'sign-in-error');
  });

  test('sign in without TOTP lands on the accounts page with the balances', async () => {
    await signInWithPassword(page, alice);
    await page.waitForURL('**/accounts');
    expect(await heading(page)).toBe('Accounts');
    const row = page.locator(`tr[data-account-id="${aliceAccount}"]`);
    // 100.00 deposited, 25.00 and 5.50 paid to Bob.
    const cells = await row.locator('td').allInnerTexts();
    expect(cells).toEqual(expect.arrayContaining(['USD', '69.50', '0.00']));
    expect(await row.locator('[data-balance="posted"]').innerText()).toBe('69.50');
    expect(await row.locator('[data-balance="pending"]').innerText()).toBe('0.00');
    expect(await row.locator('[data-balance="available"]').innerText()).toBe('69.50');
    expect(await row.locator(`a[href="/accounts/${aliceAccount}"]`).count()).toBe(1);
    await checkPage(page, 'accounts');
  });

  test('the history lists every entry and filters by direction, amount, text and date', async () => {
    await page.click(`a[href="/accounts/${aliceAccount}"]`);
    expect(await heading(page)).toBe('Account history');
    expect((await historyIds(page)).sort()).toEqual(Object.values(transfers).sort());
    await checkPage(page, 'history');

    const filter = async (
      fields: Partial<Record<'from' | 'to' | 'min' | 'max' | 'q', string>>,
      direction = 'any',
    ) => {
      for (const name of ['from', 'to', 'min', 'max', 'q'] as const)
        await page.fill(`#history-filter [name="${name}"]`, fields[name] ?? '');
      await page.selectOption('#history-filter [name="direction"]', direction);
      await page.click('#history-filter button[type="submit"]');
      await page.waitForLoadState();
      return (await historyIds(page)).sort();
    };
    expect(await filter({}, 'in')).toEqual([transfers.deposit]);
    expect(await filter({}, 'out')).toEqual([transfers.dinner, transfers.coffee].sort());
    expect(await filter({ min: '10.00', max: '50' })).toEqual([transfers.dinner]);
    expect(await filter({ q: 'Coffee' })).toEqual([transfers.coffee]);
    expect(await filter({ from: '2020-01-01', to: '2020-12-31' })).toEqual([]);
    expect(await filter({ from: today, to: today }, 'out')).toEqual(
      [transfers.dinner, transfers.coffee].sort(),
    );
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ from: today, to: today, direction: 'out' });
    await checkPage(page, 'history-filtered');
  });

  test('the CSV download carries the filtered rows', async () => {
    // Still filtered (today, money out) from the test above: the link keeps the filters.
    const href = await page.locator('a#download-csv').getAttribute('href');
    expect(href).toMatch(new RegExp(`^/accounts/${aliceAccount}/history\\.csv\\?`));
    expect(new URL(href!, stack.portal).searchParams.get('direction')).toBe('out');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a#download-csv')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    expect(header).toBe('date,transfer_id,direction,amount,currency,balance_after,counterparty,description');
    const byId = Object.fromEntries(rows.map((line) => line.split(',')).map((cells) => [cells[1], cells]));
    expect(Object.keys(byId).sort()).toEqual([transfers.dinner, transfers.coffee].sort());
    expect(byId[transfers.dinner]?.slice(2)).toEqual([
      'out',
      '25.00',
      'USD',
      '75.00',
      bobAccount,
      'Dinner with Bob',
    ]);
    expect(byId[transfers.coffee]?.slice(2)).toEqual([
      'out',
      '5.50',
      'USD',
      '69.50',
      bobAccount,
      'Coffee beans',
    ]);
    expect(byId[transfers.dinner]?.[0]?.startsWith(today)).toBe(true);
  });

  test('a transfer goes through the confirmation step and is shown posted', async () => {
    await page.goto('/transfers/new');
    await checkPage(page, 'transfer');
    await page.selectOption('#transfer [name="from"]', aliceAccount);
    await page.fill('#transfer [name="to"]', bobAccount);
    await page.fill('#transfer [name="amount"]', '12.34');
    await page.fill('#transfer [name="description"]', 'Portal rent share');
    await page.click('#transfer button:has-text("Continue")');
    expect(await heading(page)).toBe('Confirm transfer');
    await checkPage(page, 'transfer-confirm');
    await page.click('#confirm-transfer button:has-text("Confirm transfer")');
    // A pending transfer's page refreshes itself until the transfer is final.
    await page.waitForSelector('[data-transfer-status="posted"]', { timeout: 60_000 });
    expect(new URL(page.url()).pathname).toMatch(/^\/transfers\/(?!new$)[^/]+$/);
    await checkPage(page, 'transfer-status');

    await page.goto('/accounts');
    const row = page.locator(`tr[data-account-id="${aliceAccount}"]`);
    expect(await row.locator('[data-balance="posted"]').innerText()).toBe('57.16');
    expect(await row.locator('[data-balance="available"]').innerText()).toBe('57.16');
  });

  test('the profile shows the API validation error beside the field, then saves', async () => {
    await page.goto('/profile');
    await checkPage(page, 'profile');
    await page.fill('#profile [name="displayName"]', 'Alice Portal');
    await page.fill('#profile [name="email"]', alice.email);
    await page.fill('#profile [name="phone"]', 'not-a-phone');
    await page.fill('#profile [name="country"]', 'SG');
    await page.click('#profile button[type="submit"]');
    await page.waitForSelector('#error-phone');
    expect(await page.locator('#error-phone').innerText()).toMatch(/\S/);
    expect(await page.locator('#phone').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#error-displayName').count()).toBe(0);
    await checkPage(page, 'profile-error');

    await page.fill('#profile [name="phone"]', '+6591234567');
    await page.click('#profile button[type="submit"]');
    await page.waitForURL(/\/profile\?notice=/);
    expect(await page.locator('#error-phone').count()).toBe(0);
    await page.goto('/profile');
    expect(await page.inputValue('#profile [name="displayName"]')).toBe('Alice Portal');
    expect(await page.inputValue('#profile [name="phone"]')).toBe('+6591234567');
  });

  test('statements, devices and privacy pages render for the signed-in user', async () => {
    await page.goto('/statements');
    expect(await heading(page)).toBe('Statements');
    for (const format of ['csv', 'pdf'])
      expect(
        await page.locator(`a[href="/accounts/${aliceAccount}/statements/${thisMonth}.${format}"]`).count(),
      ).toBe(1);
    await checkPage(page, 'statements');

    await page.goto('/devices');
    expect(await heading(page)).toBe('Devices');
    expect(await page.locator('tr[data-portal-session]').count()).toBeGreaterThanOrEqual(1);
    await checkPage(page, 'devices');

    await page.goto('/privacy');
    expect(await heading(page)).toBe('Privacy');
    expect(await page.locator('form#consents').count()).toBe(1);
    await checkPage(page, 'privacy');
  });

  test('sign out ends the session, and every sensitive action left an audit row', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto('/accounts');
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    const rows = await auditRows(stack.portalDatabaseUrl, alice.sub);
    const seen = (action: string, outcome = 'success') =>
      rows.some((row) => row.action === action && row.outcome === outcome);
    expect({
      signIn: seen('sign-in'),
      viewHistory: seen('view-history'),
      downloadCsv: seen('download-history-csv'),
      transfer: seen('create-transfer'),
      profileRefused: seen('update-profile', 'failure'),
      profileChanged: seen('update-profile'),
      signOut: seen('sign-out'),
    }).toEqual({
      signIn: true,
      viewHistory: true,
      downloadCsv: true,
      transfer: true,
      profileRefused: true,
      profileChanged: true,
      signOut: true,
    });
    expect(rows.filter((row) => row.action === 'view-history').map((row) => row.resource)).toContain(
      aliceAccount,
    );
    expect(new Set(rows.map((row) => row.ip))).toEqual(new Set(['127.0.0.1']));
  });

  test('sign in with TOTP asks for the code, then lands on the accounts page', async () => {
    const { context: tomContext, page: tomPage } = await newContext();
    try {
      await signInWithPassword(tomPage, tom);
      await tomPage.waitForURL('**/sign-in/totp');
      await checkPage(tomPage, 'sign-in-totp');
      await tomPage.fill('#totp [name="code"]', generateSync({ secret: tomSecret }));
      await tomPage.click('#totp button:has-text("Verify")');
      await tomPage.waitForURL('**/accounts');
      expect(await heading(tomPage)).toBe('Accounts');
      const rows = await auditRows(stack.portalDatabaseUrl, tom.sub);
      expect(rows.some((row) => row.action === 'sign-in' && row.outcome === 'success')).toBe(true);
    } finally {
      await tomContext.close();
    }
  });

  test('keyboard only: Tab to the fields, type, Enter signs in', async () => {
    const { context: keyboardContext, page: keys } = await newContext();
    try {
      await keys.goto('/sign-in');
      // The focused element's name (a string expression: no DOM types in this Node project).
      const focused = async () =>
        String((await keys.evaluate("document.activeElement?.getAttribute('name') ?? ''")) as string);
      for (let presses = 0; presses < 10 && (await focused()) !== 'email'; presses++)
        await keys.keyboard.press('Tab');
      expect(await focused()).toBe('email');
      await keys.keyboard.type(bob.email);
      await keys.keyboard.press('Tab');
      expect(await focused()).toBe('password');
      await keys.keyboard.type(PASSWORD);
      await keys.keyboard.press('Enter');
      await keys.waitForURL('**/accounts');
      expect(await heading(keys)).toBe('Accounts');
    } finally {
      await keyboardContext.close();
    }
  });

  test('sign out everywhere: the old session cookie is refused in a fresh browser', async () => {
    const first = await newContext();
    try {
      await signInWithPassword(first.page, carol);
      await first.page.waitForURL('**/accounts');
      const cookies = await first.context.cookies();
      expect(cookies.map((c) => c.name)).toContain(SESSION_COOKIE);
      await first.page.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
      await first.page.waitForURL(/\/sign-in/);

      const replay = await newContext();
      try {
        await replay.context.addCookies(cookies);
        await replay.page.goto('/accounts');
        expect(new URL(replay.page.url()).pathname).toBe('/sign-in');
      } finally {
        await replay.context.close();
      }
      const rows = await auditRows(stack.portalDatabaseUrl, carol.sub);
      expect(rows.some((row) => row.action === 'sign-out-everywhere' && row.outcome === 'success')).toBe(
        true,
      );
    } finally {
      await first.context.close();
    }
  });

  test('no page logged a browser console error (a CSP violation would)', () => {
    expect(consoleErrors).toEqual([]);
  });
});

maybe('portal security over plain HTTP', () => {
  const directives = (csp: string) =>
    Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([name, ...values]) => [name!, values]),
    );

  test('health and liveness answer', async () => {
    const http = new PortalHttp(stack.portal);
    expect((await http.request('/healthz')).status).toBe(200);
    expect((await http.request('/livez')).status).toBe(200);
  });

  test('CSP (script-src self, no inline script, frame-ancestors none) and HSTS on every page', async () => {
    const http = new PortalHttp(stack.portal);
    const anonymous = await http.request('/sign-in');
    expect((await http.signIn(carol.email, PASSWORD)).status).toBe(303);
    const signedIn = await http.request('/accounts');
    expect(signedIn.status).toBe(200);
    for (const reply of [anonymous, signedIn]) {
      const csp = directives(reply.headers.get('content-security-policy') ?? '');
      expect(csp['script-src']).toEqual(["'self'"]);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      expect(JSON.stringify(csp)).not.toContain('unsafe-inline');
      const hsts = reply.headers.get('strict-transport-security') ?? '';
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
      // No inline script at all: every <script> (if any) has a src on our origin.
      expect(reply.text).not.toMatch(/<script(?![^>]*\ssrc=["']\/)[^>]*>/i);
    }
  });

  test('the session cookie is __Host-, HttpOnly, Secure, SameSite=Strict, Path=/', async () => {
    const http = new PortalHttp(stack.portal);
    const signedIn = await http.signIn(carol.email, PASSWORD);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/accounts');
    const session = signedIn.setCookies.find((c) => c.name === SESSION_COOKIE);
    expect(session).toBeDefined();
    expect(session!.attributes).toMatchObject({ httponly: '', secure: '', path: '/' });
    expect(session!.attributes.samesite?.toLowerCase()).toBe('strict');
    expect(session!.attributes).not.toHaveProperty('domain');
    // Opaque: no token, claim or email in it.
    expect(session!.value).not.toMatch(/eyJ|@/);
  });

  test('POST without a CSRF token, or with another session’s, is refused with 403', async () => {
    const anonymous = new PortalHttp(stack.portal);
    await anonymous.request('/sign-in');
    expect(
      (await anonymous.request('/sign-in', { form: { email: carol.email, password: PASSWORD } })).status,
    ).toBe(403);

    const http = new PortalHttp(stack.portal);
    expect((await http.signIn(carol.email, PASSWORD)).status).toBe(303);
    const other = new PortalHttp(stack.portal);
    expect((await other.signIn(carol.email, PASSWORD)).status).toBe(303);
    const othersToken = await other.csrfFrom('/profile');
    const form = { displayName: 'Forged', email: carol.email };
    expect((await http.request('/profile', { form })).status).toBe(403);
    expect((await http.request('/profile', { form: { ...form, _csrf: othersToken } })).status).toBe(403);
    expect((await http.request('/sign-out', { form: {} })).status).toBe(403);
    // Refused means nothing happened: still signed in.
    expect((await http.request('/accounts')).status).toBe(200);
  });

  test('session fixation: a cookie planted before sign-in is never the session after it', async () => {
    const http = new PortalHttp(stack.portal);
    const before = await http.request('/sign-in');
    const planted = 'attacker-chosen-session-value-0123456789abcdef';
    const csrf = /name="_csrf" value="([^"]+)"/.exec(before.text)?.[1] ?? '';
    // Planted right before the sign-in POST, as a cookie injected by an attacker would be.
    http.jar.set(SESSION_COOKIE, planted);
    const preSignIn = new Map(http.jar);
    const signedIn = await http.request('/sign-in', {
      form: { _csrf: csrf, email: carol.email, password: PASSWORD },
    });
    expect(signedIn.status).toBe(303);
    const session = signedIn.setCookies.find((c) => c.name === SESSION_COOKIE)?.value;
    expect(session).toBeDefined();
    expect(session).not.toBe(planted);
    expect([...preSignIn.values(), ...before.setCookies.map((c) => c.value)]).not.toContain(session);
    // The planted value gives the attacker nothing.
    const attacker = new PortalHttp(stack.portal);
    attacker.jar.set(SESSION_COOKIE, planted);
    const refused = await attacker.request('/accounts');
    expect(refused.status).toBeGreaterThanOrEqual(300);
    expect(refused.status).toBeLessThan(400);
    expect(refused.headers.get('location')).toMatch(/^\/sign-in/);
  });

  test('a stale session after sign-out is refused', async () => {
    const http = new PortalHttp(stack.portal);
    expect((await http.signIn(carol.email, PASSWORD)).status).toBe(303);
    const stale = http.jar.get(SESSION_COOKIE)!;
    expect((await http.request('/accounts')).status).toBe(200);
    const csrf = await http.csrfFrom('/accounts');
    expect((await http.request('/sign-out', { form: { _csrf: csrf } })).status).toBe(303);

    const replay = new PortalHttp(stack.portal);
    replay.jar.set(SESSION_COOKIE, stale);
    const refused = await replay.request('/accounts');
    expect(refused.status).toBeGreaterThanOrEqual(300);
    expect(refused.status).toBeLessThan(400);
    expect(refused.headers.get('location')).toMatch(/^\/sign-in/);
    const rows = await auditRows(stack.portalDatabaseUrl, carol.sub);
    expect(rows.filter((row) => row.action === 'sign-out').length).toBeGreaterThanOrEqual(1);
  });
});
