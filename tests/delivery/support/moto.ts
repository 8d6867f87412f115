// moto_server (Python, on the machine: docs/testing-guide.md) as an offline AWS endpoint on
// 127.0.0.1. Started per test file on a free port, stopped by its PID. Started through
// moto_server.py next to this file: moto's own server plus CloudFormation models for
// AWS::Cognito::UserPool/UserPoolClient, which moto 5.2.1 lacks (services/auth creates both), and the
// other gaps listed there (Backup selections, CloudTrail by ARN, CloudFront policies and Functions…).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findFreePort } from '../../../scripts/local/processes';

const PYTHON = process.env.LEDGERLINE_PYTHON ?? 'python3';
const MISSING =
  "moto_server is required (pip install 'moto[server]==5.2.1'; docs/testing-guide.md). It is a test " +
  'dependency like Java or Terraform: its absence fails the test, it does not skip it.';

/** Throws a clear error when moto (with its server extra) cannot be imported. */
export function requireMoto(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import moto.server, flask; print(moto.__version__)'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.error || probe.status !== 0) {
    throw new Error(`${MISSING}
${probe.error?.message ?? probe.stderr}`);
  }
}

export interface Moto {
  endpoint: string;
  pid: number;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMoto(timeoutMs = 20_000): Promise<Moto> {
  requireMoto();
  const port = await findFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(PYTHON, [join(__dirname, 'moto_server.py'), '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (exited !== undefined) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
    });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) throw new Error(`moto_server exited (${exited}):\n${log}`);
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return {
    endpoint,
    pid: child.pid ?? -1,
    reset: async () => {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    stop,
  };
}
