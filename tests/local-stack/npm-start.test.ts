// `npm start` end to end: the three health routes answer over HTTP, a user signs up and logs in,
// money goes in (the printed service token) and between two users, and Ctrl-C leaves no process
// behind. Free ports throughout, so it runs beside a developer's own `npm start`.
import { execFileSync, spawn } from 'node:child_process';
import { delay, findFreePort } from '../../scripts/local/processes';
import { generateSync } from 'otplib';
import { repoRoot } from '../../scripts/lib/repo';
import { SAMPLE_SERVICE_SCOPES } from '../../scripts/local/cognito-local';
import { SERVICE_TOKEN_LINE } from '../reliability/support/stack';
import { SERVICE_NAMES as SERVICES } from '../../scripts/lib/services';

/** Command lines of running processes that match `pattern` (`ps`, not `pgrep -a`: macOS differs). */
function processesMatching(pattern: RegExp): string[] {
  return execFileSync('ps', ['ax', '-o', 'pid=,command='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => pattern.test(line));
}

/**
 * PIDs of `root` and of every process below it (`ps` parent links, the same on macOS and Linux): this
 * stack's own processes, whatever other stacks run on the machine.
 */
function processTree(root: number): Set<number> {
  const links = execFileSync('ps', ['ax', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter((pair): pair is [number, number] => pair.length === 2 && pair.every(Number.isFinite));
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of links) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return tree;
}

const pidOf = (psLine: string) => Number(psLine.trim().split(/\s+/)[0]);

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch((error: Error) => {
      if (error.message.startsWith('npm start exited')) throw error;
      return undefined;
    });
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(500);
  }
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

async function call(
  url: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
      ...(init.token !== undefined && { authorization: `Bearer ${init.token}` }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const PASSWORD = 'Correct-Horse-Battery-9';

/** Sign up, confirm with the code cognito-local prints (the newest one), log in: the access token. */
async function signUpAndLogIn(auth: string, email: string, output: () => string): Promise<string> {
  const codesBefore = [...output().matchAll(/Code:\s+(\d{4,10})/g)].length;
  expect((await call(`${auth}/signup`, { method: 'POST', body: { email, password: PASSWORD } })).status).toBe(
    201,
  );
  const code = await waitFor('the confirmation code', 10_000, async () => {
    const codes = [...output().matchAll(/Code:\s+(\d{4,10})/g)];
    return codes.length > codesBefore ? codes.at(-1)?.[1] : undefined;
  });
  expect((await call(`${auth}/confirm`, { method: 'POST', body: { email, code } })).status).toBeLessThan(300);
  const login = await call(`${auth}/login`, { method: 'POST', body: { email, password: PASSWORD } });
  expect(login.status).toBe(200);
  return String(login.body.accessToken);
}

/**
 * The money flow the README and docs/local-stack.md show with curl: two users open accounts, the
 * back office deposits into one with the service token npm start printed (ledger:deposit), its
 * owner pays the other (p2p, exactly once per Idempotency-Key), and both statements agree.
 */
async function depositThenPay(
  ports: Record<string, string>,
  output: () => string,
  payer: string,
): Promise<void> {
  const auth = `http://127.0.0.1:${ports.LOCAL_AUTH_HTTP_PORT}/dev/auth`;
  const ledger = `http://127.0.0.1:${ports.LOCAL_TRANSACTIONS_HTTP_PORT}/dev`;
  const serviceToken = SERVICE_TOKEN_LINE.exec(output())?.[1] ?? '';
  expect(output()).toContain(`scope "${SAMPLE_SERVICE_SCOPES}"`);
  const payee = await signUpAndLogIn(auth, `e2e-payee-${Date.now()}@example.com`, output);
  const open = async (token: string) => {
    const created = await call(`${ledger}/accounts`, { method: 'POST', token, body: { currency: 'USD' } });
    expect(created).toMatchObject({
      status: 201,
      body: { status: 'open', balances: { posted: { value: 0 } } },
    });
    return String(created.body.accountId);
  };
  const from = await open(payer);
  const to = await open(payee);
  const usd = (value: number) => ({ value, currency: 'USD' });

  const deposit = await call(`${ledger}/transfers`, {
    method: 'POST',
    token: serviceToken,
    body: { from: 'system:settlement', to: from, amount: usd(10_000) },
    headers: { 'idempotency-key': 'e2e-deposit-1' },
  });
  expect(deposit).toMatchObject({ status: 201, body: { transfer: { kind: 'deposit', status: 'posted' } } });
  // A user cannot deposit: money enters only through the back office.
  const forged = await call(`${ledger}/transfers`, {
    method: 'POST',
    token: payer,
    body: { from: 'system:settlement', to: from, amount: usd(10_000) },
    headers: { 'idempotency-key': 'e2e-deposit-1' },
  });
  expect(forged.status).toBe(403);

  const pay = () =>
    call(`${ledger}/transfers`, {
      method: 'POST',
      token: payer,
      body: { from, to, amount: usd(2_500), description: 'Dinner' },
      headers: { 'idempotency-key': 'e2e-p2p-1' },
    });
  const paid = await pay();
  expect(paid).toMatchObject({ status: 201, body: { transfer: { kind: 'p2p', status: 'posted' } } });
  expect(await pay()).toEqual(paid); // the retry replays the first answer; nothing moves twice

  const mine = await call(`${ledger}/accounts/${from}`, { token: payer });
  expect(mine.body.balances).toEqual({ posted: usd(7_500), pending: usd(0), available: usd(7_500) });
  const theirs = await call(`${ledger}/accounts/${to}/entries`, { token: payee });
  expect(theirs).toMatchObject({
    status: 200,
    body: { items: [{ kind: 'p2p', amount: usd(2_500), balanceAfter: usd(2_500), counterparty: from }] },
  });
  const transferId = String((paid.body.transfer as { transferId: string }).transferId);
  expect((await call(`${ledger}/transfers/${transferId}`, { token: payee })).status).toBe(200);
  expect((await call(`${ledger}/accounts/${from}`, { token: payee })).status).toBe(404);
}

/**
 * Right of access locally: POST /me/exports, the stack's 2-second sweep writes the files to s3rver,
 * GET /me/exports/{id} answers links that download them: the sign-up email and the payment made
 * above are in them.
 */
async function exportRoundTrip(ports: Record<string, string>, token: string, email: string): Promise<void> {
  const me = `http://127.0.0.1:${ports.LOCAL_PROFILES_HTTP_PORT}/dev/me`;
  const opened = await call(`${me}/exports`, { method: 'POST', token });
  expect(opened).toMatchObject({ status: 202, body: { status: 'pending' } });
  const exportId = String(opened.body.exportId);
  const ready = await waitFor('the export', 60_000, async () => {
    const reply = await call(`${me}/exports/${exportId}`, { token });
    return reply.body.status === 'ready' ? reply : undefined;
  });
  const files = ready.body.files as Array<{ name: string; url: string }>;
  const text = async (name: string) => (await fetch(files.find((f) => f.name === name)!.url)).text();
  expect(await text('export.json')).toContain(email);
  expect(await text('entries.csv')).toContain('Dinner');
}

/**
 * The flow the auth service promises locally, with real signatures: sign up, confirm with the code
 * cognito-local prints, log in, call a protected API of another service with the access token;
 * a missing, forged or tampered token gets 401 and never reaches the handler.
 */
async function signUpLogInAndCallAnApi(ports: Record<string, string>, output: () => string): Promise<void> {
  const auth = `http://127.0.0.1:${ports.LOCAL_AUTH_HTTP_PORT}/dev/auth`;
  const profiles = `http://127.0.0.1:${ports.LOCAL_PROFILES_HTTP_PORT}/dev/profiles`;
  const email = `e2e-${Date.now()}@example.com`;
  const password = PASSWORD;
  const token = await signUpAndLogIn(auth, email, output);
  await depositThenPay(ports, output, token);
  await exportRoundTrip(ports, token, email);

  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const tampered = [
    header,
    Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url'),
    signature,
  ].join('.');
  const unsigned = [Buffer.from('{"alg":"none"}').toString('base64url'), payload, ''].join('.');
  // API Gateway's UNAUTHORIZED gateway response (tests/local-stack/gateway-responses.test.ts).
  for (const bad of [undefined, 'garbage', tampered, unsigned]) {
    expect(await call(`${profiles}/me`, { token: bad })).toMatchObject({
      status: 401,
      body: { type: 'https://ledgerline.dev/problems/unauthorized', status: 401 },
    });
  }

  expect((await call(`${profiles}/me`, { token })).status).toBe(404);
  const created = await call(profiles, { method: 'POST', token, body: { displayName: 'E2E User', email } });
  expect(created.status).toBe(201);
  const mine = await call(`${profiles}/me`, { token });
  expect(mine).toMatchObject({ status: 200, body: { displayName: 'E2E User', email } });

  // TOTP MFA through serverless-offline and the real authorizer: setup, verify, a login in two steps.
  const setup = await call(`${auth}/mfa/totp`, { method: 'POST', token });
  expect(setup.status).toBe(200);
  const secret = String(setup.body.secretCode);
  const verify = await call(`${auth}/mfa/totp/verify`, {
    method: 'POST',
    token,
    body: { code: generateSync({ secret }) },
  });
  expect(verify.status).toBe(204);
  const challenged = await call(`${auth}/login`, { method: 'POST', body: { email, password } });
  expect(challenged).toMatchObject({ status: 403, body: { challenge: 'SOFTWARE_TOKEN_MFA' } });
  const second = await call(`${auth}/login/mfa`, {
    method: 'POST',
    body: { email, session: challenged.body.session, code: generateSync({ secret }) },
  });
  expect(second.status).toBe(200);
  const phone = String(second.body.accessToken);
  expect((await call(`${profiles}/me`, { token: phone })).status).toBe(200);

  // Sessions end at once locally, on every service: logout ends this device's session only ...
  const ledger = `http://127.0.0.1:${ports.LOCAL_TRANSACTIONS_HTTP_PORT}/dev`;
  const everyService = async (bearer: string) =>
    Promise.all([
      call(`${profiles}/me`, { token: bearer }),
      call(`${ledger}/accounts/acc_aaaaaaaaaaaaaaaaaaaa`, { token: bearer }),
      call(`${auth}/logout-all`, { method: 'POST', token: bearer }),
    ]).then((replies) => replies.map((reply) => reply.status));
  const logout = await call(`${auth}/logout`, {
    method: 'POST',
    token: phone,
    body: { refreshToken: second.body.refreshToken },
  });
  expect(logout.status).toBe(204);
  expect(await everyService(phone)).toEqual([401, 401, 401]);
  expect((await call(`${profiles}/me`, { token })).status).toBe(200);
  // ... and logout-all every session of the user (answered 204, then refused everywhere).
  expect((await call(`${auth}/logout-all`, { method: 'POST', token })).status).toBe(204);
  expect(await everyService(token)).toEqual([401, 401, 401]);
}

describe('npm start', () => {
  it('serves every health route and stops everything on Ctrl-C', async () => {
    const ports: Record<string, string> = {
      DYNAMODB_LOCAL_PORT: String(await findFreePort()),
      COGNITO_LOCAL_PORT: String(await findFreePort()),
      LOCAL_S3_PORT: String(await findFreePort()),
      PORTAL_PORT: String(await findFreePort()),
      PORTAL_DB_PORT: String(await findFreePort()),
    };
    for (const service of SERVICES) {
      for (const kind of ['HTTP', 'LAMBDA']) {
        ports[`LOCAL_${service.toUpperCase()}_${kind}_PORT`] = String(await findFreePort());
      }
    }
    let output = '';
    // Own process group: SIGINT to the group is what a terminal's Ctrl-C does.
    const stack = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: { ...process.env, ...ports },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    stack.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    stack.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((done) =>
      stack.once('exit', (code) => {
        exitCode = code;
        done(code);
      }),
    );
    const httpPorts = SERVICES.map((s) => ports[`LOCAL_${s.toUpperCase()}_HTTP_PORT`]).join('|');
    const ddbPattern = new RegExp(`DynamoDBLocal\\.jar .*-port ${ports.DYNAMODB_LOCAL_PORT}\\b`);
    const offlinePattern = new RegExp(`sls offline start .*--httpPort (${httpPorts})\\b`);
    const cognitoPattern = new RegExp(`cognito-local/lib/bin/start\\.js`);
    // cognito-local's command line names no port: ours is the one below this npm start.
    let ourCognito: number[] = [];

    try {
      for (const service of SERVICES) {
        const url = `http://127.0.0.1:${ports[`LOCAL_${service.toUpperCase()}_HTTP_PORT`]}/dev/${service}/health`;
        const body = await waitFor(url, 120_000, async () => {
          if (exitCode !== undefined) throw new Error(`npm start exited (${exitCode}):\n${output}`);
          const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
          return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
        });
        expect(body).toMatchObject({ status: 'pass', service, stage: 'dev' });
      }
      expect(processesMatching(ddbPattern)).toHaveLength(1);
      expect(processesMatching(offlinePattern)).toHaveLength(SERVICES.length);
      const tree = processTree(stack.pid as number);
      ourCognito = processesMatching(cognitoPattern)
        .map(pidOf)
        .filter((pid) => tree.has(pid));
      expect(ourCognito).toHaveLength(1);

      await signUpLogInAndCallAnApi(ports, () => output);
    } finally {
      if (exitCode === undefined) process.kill(-(stack.pid as number), 'SIGINT');
      // Every component stops within ~7 s (SIGKILL after a 5 s grace); 60 s leaves room on a busy runner.
      await Promise.race([exited, delay(60_000)]);
    }

    expect(output).toContain('ready in');
    // The stack's own last line (the portal also logs a JSON "stopped" of its own, earlier).
    expect(output).toMatch(/^stack\s+\| stopped$/m);
    expect(processesMatching(ddbPattern)).toEqual([]);
    expect(processesMatching(offlinePattern)).toEqual([]);
    expect(
      processesMatching(cognitoPattern)
        .map(pidOf)
        .filter((pid) => ourCognito.includes(pid)),
    ).toEqual([]);
  }, 270_000);
});
