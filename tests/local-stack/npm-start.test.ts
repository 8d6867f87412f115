// `npm start` end to end: the three health routes answer over HTTP, and Ctrl-C leaves no process
// behind. Free ports throughout, so it runs beside a developer's own `npm start`.
import { execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { delay, findFreePort } from '../../scripts/local/processes';

const repoRoot = resolve(__dirname, '../..');
const SERVICES = ['auth', 'transactions', 'profiles'] as const;

/** Command lines of running processes that match `pattern` (`ps`, not `pgrep -a`: macOS differs). */
function processesMatching(pattern: RegExp): string[] {
  return execFileSync('ps', ['ax', '-o', 'pid=,command='], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => pattern.test(line));
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
    await delay(500);
  }
}

describe('npm start', () => {
  it('serves every health route and stops everything on Ctrl-C', async () => {
    const ports: Record<string, string> = { DYNAMODB_LOCAL_PORT: String(await findFreePort()) };
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
    } finally {
      if (exitCode === undefined) process.kill(-(stack.pid as number), 'SIGINT');
      await Promise.race([exited, delay(30_000)]);
    }

    expect(output).toContain('ready in');
    expect(output).toContain('stopped');
    expect(processesMatching(ddbPattern)).toEqual([]);
    expect(processesMatching(offlinePattern)).toEqual([]);
  }, 180_000);
});
