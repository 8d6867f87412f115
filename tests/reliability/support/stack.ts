// `npm start` as a child process on free ports, for the reliability suite. The same
// approach as tests/local-stack/npm-start.test.ts: own process group, output captured, SIGINT to the
// group on stop. Everything the attacks need is read from what the stack prints or exposes:
// cognito-local's pool/client ids and issuer, the service token, the service-token key file (from the
// auth service's `sls offline` command line) and DynamoDB Local's PID (found by its port).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delay, findFreePort } from '../../../scripts/local/processes';

import { repoRoot } from '../../../scripts/lib/repo';
import { SERVICE_NAMES as SERVICES } from '../../../scripts/lib/services';

export { repoRoot };

/** The line of npm start's output with the sample service token (scripts/local/start.ts). */
export const SERVICE_TOKEN_LINE = /service token \(15 min[^)]*\): (\S+)/;

export interface Stack {
  /** The customer portal's base URL (services/portal). */
  portal: string;
  auth: string;
  transactions: string;
  profiles: string;
  dynamoDbEndpoint: string;
  dynamoDbPid: number;
  cognitoEndpoint: string;
  poolId: string;
  clientId: string;
  issuer: string;
  /**
   * HS256 service token printed by npm start (scope `ledger:deposit ledger:withdraw ledger:admin
   * transactions:read`: every back-office scope of the ledger).
   */
  serviceToken: string;
  /** This run's service-token signing key (read from the key file npm start's cognito-local wrote). */
  serviceKey: string;
  /** Everything npm start printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Command lines of running processes (`ps axww`: never truncated). */
function processes(): Array<{ pid: number; command: string }> {
  return execFileSync('ps', ['axww', '-o', 'pid=,command='], { encoding: 'utf8', maxBuffer: 16 << 20 })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ pid: Number(match[1]), command: match[2] ?? '' }));
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch((error: Error) => {
      if (error.message.startsWith('npm start exited')) throw error;
      return undefined;
    });
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(250);
  }
}

/** True while `pid` is still this stack's DynamoDB Local (same PID and port: never a reused PID). */
const alive = (pid: number, port: string) =>
  processes().some(
    (p) => p.pid === pid && new RegExp(`DynamoDBLocal\\.jar .*-port ${port}\\b`).test(p.command),
  );

/** SIGCONT (it may be paused) and SIGTERM to this stack's DynamoDB Local, SIGKILL after 5 s. */
async function stopDynamoDb(pid: number, port: string): Promise<void> {
  for (const signal of ['SIGCONT', 'SIGTERM'] as const) {
    if (!alive(pid, port)) return;
    process.kill(pid, signal);
  }
  for (let i = 0; i < 50 && alive(pid, port); i++) await delay(100);
  if (alive(pid, port)) process.kill(pid, 'SIGKILL');
}

/** Starts `npm start` on free ports and resolves once every health route answers 200. */
export async function startStack(): Promise<Stack> {
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
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: { ...process.env, ...ports, LOCAL_READY_TIMEOUT_MS: '150000' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((done) =>
    child.once('exit', (code) => {
      exitCode = code;
      done();
    }),
  );
  const stop = async () => {
    if (exitCode === undefined) {
      try {
        process.kill(-(child.pid as number), 'SIGINT');
      } catch {
        // already gone
      }
    }
    await Promise.race([exited, delay(30_000)]);
    if (exitCode === undefined) {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const url = (service: string) =>
    `http://127.0.0.1:${ports[`LOCAL_${service.toUpperCase()}_HTTP_PORT`]}/dev`;

  try {
    await waitFor('npm start to be ready', 180_000, async () => {
      if (exitCode !== undefined) throw new Error(`npm start exited (${exitCode}):\n${output.slice(-4000)}`);
      return SERVICE_TOKEN_LINE.test(output) ? true : undefined;
    });
    for (const service of SERVICES) {
      const response = await fetch(`${url(service)}/${service}/health`);
      if (response.status !== 200) throw new Error(`${service} health answered ${response.status}`);
    }
    const [, poolId = '', clientId = ''] = /pool (\S+), client (\S+)/.exec(output) ?? [];
    const serviceToken = SERVICE_TOKEN_LINE.exec(output)?.[1] ?? '';
    const cognitoEndpoint = `http://127.0.0.1:${ports.COGNITO_LOCAL_PORT}`;
    const authHttpPort = ports.LOCAL_AUTH_HTTP_PORT;
    const all = processes();
    const keyFile = all
      .filter((p) => p.command.includes(`--httpPort ${authHttpPort}`))
      .map((p) => /localServiceTokenKeyFile=(\S+)/.exec(p.command)?.[1])
      .find(Boolean);
    if (!keyFile) throw new Error('could not find the service-token key file of this stack');
    const ddbPid = all.find((p) =>
      new RegExp(`DynamoDBLocal\\.jar .*-port ${ports.DYNAMODB_LOCAL_PORT}\\b`).test(p.command),
    )?.pid;
    if (!ddbPid) throw new Error('could not find the DynamoDB Local process of this stack');
    return {
      portal: `http://127.0.0.1:${ports.PORTAL_PORT}`,
      auth: url('auth'),
      transactions: url('transactions'),
      profiles: url('profiles'),
      dynamoDbEndpoint: `http://127.0.0.1:${ports.DYNAMODB_LOCAL_PORT}`,
      dynamoDbPid: ddbPid,
      cognitoEndpoint,
      poolId,
      clientId,
      issuer: `${cognitoEndpoint}/${poolId}`,
      serviceToken,
      serviceKey: readFileSync(keyFile, 'utf8').trim(),
      output: () => output,
      // npm start stops DynamoDB Local itself; a run that ends abruptly (its process group killed
      // after the 30 s grace) can leave the JVM behind in its own group: end it by its PID.
      stop: async () => {
        await stop();
        await stopDynamoDb(ddbPid, ports.DYNAMODB_LOCAL_PORT ?? '');
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
