// `npm start`: the local stack. DynamoDB Local with every table, cognito-local with one user pool
// (docs/auth.md), then serverless-offline for each service on 127.0.0.1, each answering its health route. Ctrl-C, SIGTERM or any component dying
// stops everything. Ports, stage and timeouts: docs/local-stack.md.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { LOCAL_DYNAMODB_PORT } from '../../shared/src/config';
import type { LocalCognito } from './cognito-local';
import { SAMPLE_SERVICE_SCOPES, startCognitoLocal } from './cognito-local';
import { repoRoot } from '../lib/repo';
import { PORTAL, SERVICES as SERVICE_LIST, serviceDir } from '../lib/services';
import { createTables, startDynamoDbLocal } from './dynamodb-local';
import type { LedgerJobs } from './ledger-jobs';
import { startLedgerJobs } from './ledger-jobs';
import type { PrivacyJobs } from './privacy-jobs';
import { startPrivacyJobs } from './privacy-jobs';
import type { LocalS3 } from './s3-local';
import { LOCAL_S3_PORT, startLocalS3 } from './s3-local';
import type { ManagedProcess } from './processes';
import { delay, isPortFree, PortInUseError, startProcess } from './processes';

const env = process.env;
// Lambda runs Node 22; the SDK's notice about Node 20 support only clutters the local output.
env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const stage = env.LOCAL_STAGE ?? 'dev';
const readyTimeoutMs = Number(env.LOCAL_READY_TIMEOUT_MS ?? 90_000);
const dynamoDbPort = Number(env.DYNAMODB_LOCAL_PORT ?? LOCAL_DYNAMODB_PORT);
const cognitoPort = Number(env.COGNITO_LOCAL_PORT ?? 9229);
const s3Port = Number(env.LOCAL_S3_PORT ?? LOCAL_S3_PORT);
const portalPort = Number(env.PORTAL_PORT ?? PORTAL.httpPort);
/** PGlite's socket for the portal (psql/pg can connect while the stack runs); DATABASE_URL replaces it. */
const portalDbPort = Number(env.PORTAL_DB_PORT ?? PORTAL.databasePort);
/** The exports bucket, named as the profiles service's default (serverless.yml params). */
const exportsBucket = `ledgerline-exports-${stage}`;
// Ports from services.json, each overridable (LOCAL_<NAME>_HTTP_PORT / _LAMBDA_PORT) so tests run on free ports.
const SERVICES = SERVICE_LIST.map((service) => {
  const prefix = `LOCAL_${service.name.toUpperCase()}`;
  return {
    ...service,
    httpPort: Number(env[`${prefix}_HTTP_PORT`] ?? service.httpPort),
    lambdaPort: Number(env[`${prefix}_LAMBDA_PORT`] ?? service.lambdaPort),
  };
});

/**
 * One piece of the stack. `start` resolves once the component is ready (bounded), `exited` when its
 * process ends, `stop` is idempotent.
 */
interface Component {
  name: string;
  start(): Promise<void>;
  exited(): Promise<string>;
  stop(): Promise<void>;
}

const width = Math.max(
  ...['dynamodb', 'cognito', 's3', 'ledger', 'privacy', ...SERVICES.map((s) => s.name)].map((n) => n.length),
);
const prefixed = (name: string) => (line: string) => console.log(`${name.padEnd(width)} | ${line}`);
const say = (message: string) => console.log(`${'stack'.padEnd(width)} | ${message}`);

let dynamoDbEndpoint = '';

function dynamoDbComponent(): Component {
  let running: Awaited<ReturnType<typeof startDynamoDbLocal>> | undefined;
  return {
    name: 'dynamodb',
    async start() {
      running = await startDynamoDbLocal({ port: dynamoDbPort, onLine: prefixed('dynamodb') });
      dynamoDbEndpoint = running.endpoint;
      const { created, existing } = await createTables(running.endpoint, stage);
      say(`DynamoDB Local on ${running.endpoint}; tables: ${[...created, ...existing].join(', ')}`);
    },
    exited: async () => `exited (${await running?.process.exited})`,
    stop: async () => running?.stop(),
  };
}

let cognito: LocalCognito | undefined;

/** cognito-local: ephemeral pool + mobile client + service-token key; the auth service uses them. */
function cognitoComponent(): Component {
  return {
    name: 'cognito',
    async start() {
      if (!(await isPortFree(cognitoPort))) {
        throw new PortInUseError(cognitoPort, 'cognito-local', 'Free it or set COGNITO_LOCAL_PORT.');
      }
      cognito = await startCognitoLocal({ port: cognitoPort, onLine: prefixed('cognito') });
      say(`cognito-local on ${cognito.endpoint}; pool ${cognito.poolId}, client ${cognito.clientId}`);
    },
    exited: async () => `exited (${await cognito?.process.exited})`,
    stop: async () => cognito?.stop(),
  };
}

let s3: LocalS3 | undefined;
let s3Stopped: () => void = () => undefined;
const s3Done = new Promise<string>((resolve) => (s3Stopped = () => resolve('stopped')));

/** s3rver with the exports bucket, its data in a temp dir removed at stop (profiles' exports). */
function s3Component(): Component {
  return {
    name: 's3',
    async start() {
      if (!(await isPortFree(s3Port))) {
        throw new PortInUseError(s3Port, 's3rver', 'Free it or set LOCAL_S3_PORT.');
      }
      s3 = await startLocalS3({ port: s3Port, buckets: [exportsBucket] });
      say(`s3rver on ${s3.endpoint}; bucket ${exportsBucket}`);
    },
    exited: () => s3Done,
    stop: async () => {
      await s3?.stop();
      s3Stopped();
    },
  };
}

/** Extra `sls offline` arguments of one service: the auth service gets cognito-local's ids. */
function offlineParams(service: string): string[] {
  return service === 'auth' && cognito ? cognito.offlineParams() : [];
}

function offlineComponent(service: (typeof SERVICES)[number]): Component {
  let running: ManagedProcess | undefined;
  const healthUrl = `http://127.0.0.1:${service.httpPort}/${stage}/${service.name}/health`;
  return {
    name: service.name,
    async start() {
      for (const [port, what] of [
        [service.httpPort, 'http'],
        [service.lambdaPort, 'lambda'],
      ] as const) {
        if (!(await isPortFree(port))) {
          const variable = `LOCAL_${service.name.toUpperCase()}_${what.toUpperCase()}_PORT`;
          throw new PortInUseError(port, `${service.name} (${what})`, `Free it or set ${variable}.`);
        }
      }
      if (shuttingDown) throw new Error('stopping');
      // `node_modules/.bin/sls` directly (not npx): one process less, and `pgrep -f 'sls offline'` finds it.
      running = startProcess(
        join(repoRoot, 'node_modules/.bin/sls'),
        [
          'offline',
          'start',
          '--stage',
          stage,
          '--httpPort',
          String(service.httpPort),
          '--lambdaPort',
          String(service.lambdaPort),
          // Hand our environment (DYNAMODB_ENDPOINT above all) to the handlers; by default
          // serverless-offline passes only AWS_* variables and the serverless.yml environment.
          '--localEnvironment',
          ...offlineParams(service.name),
        ],
        {
          cwd: serviceDir(service.name),
          env: serviceEnv(),
          onLine: prefixed(service.name),
        },
      );
      await waitForHealth(healthUrl, running);
    },
    exited: async () => `exited (${await running?.exited})`,
    stop: async () => running?.stop(),
  };
}

/**
 * The handlers' environment: fake credentials (never a real AWS account), the local endpoint, and
 * cognito-local's issuer/pool/client/key file, which the offline authorizer of the other services
 * (scripts/serverless/offline-authorizer.js) reads. The auth service gets them as params as well.
 */
function serviceEnv(): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...cognito?.serviceEnv(stage),
    DYNAMODB_ENDPOINT: dynamoDbEndpoint,
    // The profiles service's exports bucket in s3rver (path-style; its own fixed keys).
    ...(s3 && { S3_ENDPOINT: s3.endpoint, EXPORTS_BUCKET: exportsBucket }),
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_REGION: 'us-east-1',
    SLS_TELEMETRY_DISABLED: '1',
    // The ledger's business metrics are EMF lines on stdout, one per transfer: noise locally.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  };
  for (const name of ['AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) delete childEnv[name];
  return childEnv;
}

async function waitForHealth(url: string, managed: ManagedProcess): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  let exitedWith: number | string | undefined;
  void managed.exited.then((code) => (exitedWith = code));
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) throw new Error(`exited (${exitedWith}) before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await delay(500);
  }
  throw new Error(`${url} did not answer 200 within ${readyTimeoutMs} ms (last: ${last})`);
}

/** The transactions service's scheduled functions (hold expiry, cross-region completion, reconciliation). */
function ledgerJobsComponent(): Component {
  let jobs: LedgerJobs | undefined;
  let stopped: () => void = () => undefined;
  const done = new Promise<string>((resolve) => (stopped = () => resolve('stopped')));
  return {
    name: 'ledger',
    async start() {
      jobs = await startLedgerJobs({ endpoint: dynamoDbEndpoint, stage, onLine: prefixed('ledger') });
      say('ledger jobs: settle every 5 s, reconcile every 60 s (scheduled functions on AWS)');
    },
    exited: () => done,
    stop: async () => {
      await jobs?.stop();
      stopped();
    },
  };
}

/** The profiles service's data-subject sweeps (exports, erasures), every 2 s (scheduled + stream on AWS). */
function privacyJobsComponent(): Component {
  let jobs: PrivacyJobs | undefined;
  let stopped: () => void = () => undefined;
  const done = new Promise<string>((resolve) => (stopped = () => resolve('stopped')));
  return {
    name: 'privacy',
    async start() {
      jobs = await startPrivacyJobs({ env: serviceEnv(), stage, onLine: prefixed('privacy') });
      say('privacy jobs: export and erasure sweeps every 2 s (stream + 5-minute schedule on AWS)');
    },
    exited: () => done,
    stop: async () => {
      await jobs?.stop();
      stopped();
    },
  };
}

/**
 * The customer web portal (services/portal) with Node, as on ECS but on an embedded PostgreSQL
 * (PGlite) unless DATABASE_URL names a real one, against the local APIs.
 */
function portalComponent(): Component {
  let running: ManagedProcess | undefined;
  return {
    name: 'portal',
    async start() {
      for (const [port, what, variable] of [
        [portalPort, 'portal', 'PORTAL_PORT'],
        ...(env.DATABASE_URL ? [] : [[portalDbPort, 'portal database (PGlite)', 'PORTAL_DB_PORT'] as const]),
      ] as const) {
        if (!(await isPortFree(port))) throw new PortInUseError(port, what, `Free it or set ${variable}.`);
      }
      const api = (name: string) =>
        `http://127.0.0.1:${SERVICES.find((s) => s.name === name)?.httpPort}/${stage}`;
      running = startProcess(
        // `node --import tsx`, not the tsx CLI: the CLI relays signals and SIGKILLs a child that does
        // not acknowledge one within 30 ms (a busy event loop), which would skip the portal's drain.
        process.execPath,
        ['--import', 'tsx', join(repoRoot, PORTAL.folder, 'src/main.ts')],
        {
          cwd: join(repoRoot, PORTAL.folder),
          env: {
            ...process.env,
            PORT: String(portalPort),
            PORTAL_DB_PORT: String(portalDbPort),
            API_AUTH_URL: api('auth'),
            API_TRANSACTIONS_URL: api('transactions'),
            API_PROFILES_URL: api('profiles'),
            STAGE: stage,
          },
          onLine: prefixed('portal'),
        },
      );
      await waitForHealth(`http://127.0.0.1:${portalPort}/healthz`, running);
    },
    exited: async () => `exited (${await running?.exited})`,
    stop: async () => running?.stop(),
  };
}

const components: Component[] = [
  dynamoDbComponent(),
  cognitoComponent(),
  s3Component(),
  ...SERVICES.map(offlineComponent),
  ledgerJobsComponent(),
  privacyJobsComponent(),
  portalComponent(),
];
let shuttingDown: Promise<never> | undefined;

/** Stops every component (services first, then their database) and exits. Safe to call twice. */
function shutdown(reason: string, exitCode: number): Promise<never> {
  shuttingDown ??= (async () => {
    say(`stopping (${reason}) ...`);
    const [database, ...rest] = components;
    await Promise.allSettled(rest.map((component) => component.stop()));
    await database?.stop();
    say('stopped');
    process.exit(exitCode);
  })();
  return shuttingDown;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // A second Ctrl-C while stopping: the grace periods are cut short by the SIGKILLs that follow anyway.
    if (shuttingDown) say(`${signal} again: still stopping, please wait`);
    void shutdown(signal, 0);
  });
}

/**
 * Our parent, grandparent, … (up to `depth`): `npm start` runs npm → sh → node (this script), and
 * `kill <npm pid>` (unlike Ctrl-C, which signals the whole terminal group) reaches only npm and sh.
 */
function ancestors(depth: number): number[] {
  const pids: number[] = [];
  for (let pid = process.ppid; pids.length < depth && pid > 1;) {
    pids.push(pid);
    try {
      pid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    } catch {
      break;
    }
  }
  return pids;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** If whoever started us goes away, stop rather than leave java and node processes behind. */
function watchAncestors(): void {
  const watched = ancestors(2);
  setInterval(() => {
    if (!watched.every(isAlive)) void shutdown('parent process exited', 1);
  }, 1_000).unref();
}

async function main(): Promise<void> {
  watchAncestors();
  const started = Date.now();
  const [database, identity, storage, ...services] = components as [
    Component,
    Component,
    Component,
    ...Component[],
  ];
  // From the moment a component is up, its death takes the whole stack down.
  const startWatched = async (component: Component) => {
    await component.start();
    void component.exited().then((how) => shutdown(`${component.name} ${how}`, 1));
  };
  // The services' environment names cognito-local's pool and s3rver's endpoint: those come first.
  await Promise.all([startWatched(database), startWatched(identity), startWatched(storage)]);
  await Promise.all(services.map(startWatched));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say(`ready in ${seconds} s (stage ${stage}, DynamoDB ${dynamoDbEndpoint})`);
  for (const service of SERVICES)
    say(`  ${service.name.padEnd(12)} http://127.0.0.1:${service.httpPort}/${stage}`);
  say(
    `  ${'portal'.padEnd(12)} http://127.0.0.1:${portalPort} (sign in with a confirmed user's email and password)`,
  );
  say(
    `  portal database: ${env.DATABASE_URL ? 'DATABASE_URL' : `postgres://postgres@127.0.0.1:${portalDbPort}/postgres (PGlite)`}`,
  );
  const sample = SERVICES[1] ?? SERVICES[0];
  say(`try: curl -i http://127.0.0.1:${sample?.httpPort}/${stage}/${sample?.name}/health`);
  if (cognito) {
    const auth = `http://127.0.0.1:${SERVICES[0]?.httpPort}/${stage}/auth`;
    say(`sign up: POST ${auth}/signup {"email","password"}; the code is printed on the cognito lines;`);
    say(`  then POST ${auth}/confirm {"email","code"} and ${auth}/login → accessToken (docs/auth.md)`);
    const transactions = `http://127.0.0.1:${SERVICES.find((s) => s.name === 'transactions')?.httpPort}/${stage}`;
    say(
      `service token (15 min, scope "${SAMPLE_SERVICE_SCOPES}"): ${cognito.serviceToken(stage, SAMPLE_SERVICE_SCOPES)}`,
    );
    say(`money: POST ${transactions}/accounts {"currency":"USD"} (access token) → acc_…; deposit with the`);
    say(`  service token: POST ${transactions}/transfers {"from":"system:settlement","to":"acc_…",`);
    say(
      `  "amount":{"value":10000,"currency":"USD"}} + Idempotency-Key; then p2p with the access token (docs/local-stack.md)`,
    );
  }
  say('Ctrl-C stops everything.');
}

main().catch((error: Error) => {
  console.error(`\nnpm start failed: ${error.message}\n`);
  void shutdown('start failed', 1);
});
