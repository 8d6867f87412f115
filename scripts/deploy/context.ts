/** What every step shares: the options, outputs read so far, and how commands are run. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../lib/repo';
import type { Options } from './options';

export const SLS_TIMEOUT_S = { package: 300, deploy: 1800, remove: 1800, info: 120 };
export const TF_TIMEOUT_S = 3600;

export interface CoreOutputs {
  kms_key_arns?: Record<string, Record<string, string>>;
  alarm_topic_arns?: Record<string, string>;
  observability_kms_key_arns?: Record<string, string>;
  secret_names?: Record<string, string>;
  table_stream_arns_by_region?: Record<string, Record<string, string>>;
  exports_bucket?: { name: string; arn: string };
  exports_kms_key_arn?: string;
}

export interface Ctx {
  options: Options;
  scratch: string;
  accountId: string;
  /** Environment of every child process (credentials come from the caller: OIDC in CI). */
  env: NodeJS.ProcessEnv;
  /** Stack outputs per compose entry, filled as services deploy (or read back). */
  outputs: Record<string, Record<string, string>>;
  core?: CoreOutputs;
}

export const log = (line: string) => process.stdout.write(`${line}\n`);

/** Runs a command, streaming its output indented; rejects on a non-zero exit or after `timeoutS`. */
export function sh(
  command: string,
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    timeoutS?: number;
    capture?: boolean;
    quiet?: boolean;
  } = {},
): Promise<string> {
  const shown = [command, ...args].map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(' ');
  log(
    `    $ ${shown}${options.cwd && options.cwd !== repoRoot ? `   (in ${options.cwd.replace(`${repoRoot}/`, '')})` : ''}`,
  );
  return new Promise((resolvePromise, reject) => {
    // `timeout` as the parent: an esbuild error makes sls hang forever (docs/serverless.md).
    const child = spawn('timeout', ['--kill-after=10', String(options.timeoutS ?? 600), command, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let captured = '';
    let tail = '';
    const onData = (chunk: Buffer, isStdout: boolean) => {
      const text = chunk.toString();
      if (options.capture && isStdout) captured += text;
      tail = (tail + text).slice(-20_000);
      if (!options.capture || !isStdout) {
        if (!options.quiet) process.stdout.write(text.replace(/^(?=.)/gm, '      '));
      }
    };
    child.stdout.on('data', (c: Buffer) => onData(c, true));
    child.stderr.on('data', (c: Buffer) => onData(c, false));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolvePromise(captured);
      const why = code === 124 ? `timed out after ${options.timeoutS ?? 600} s` : `exit code ${code}`;
      const error = new Error(`${shown}: ${why}`);
      if (options.quiet) (error as Error & { output?: string }).output = tail;
      reject(error);
    });
  });
}

export const slsBin = join(repoRoot, 'node_modules/.bin/sls');
export const paramArgs = (params: Record<string, string>) =>
  Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v}`]);
