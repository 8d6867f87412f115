/**
 * Packages every service for both regions, offline, the way a deploy would:
 *
 *   npx tsx scripts/package-services.ts [--stage ci] [--out .build/package/<stage>]
 *
 * 1. `tsc --noEmit` first: an esbuild compile error makes `sls package` hang forever
 *    (serverless-esbuild #532), so type errors must stop us before sls starts.
 * 2. `timeout 300 npx sls package --stage <stage> --region <region> --package <out>/<service>/<region>`
 *    for every service × region. Services run in parallel; the two regions of one service run one
 *    after the other (both would write the service's `.serverless/`).
 *
 * Prints one line per package with its duration; exits non-zero when anything fails.
 * The output folder must not be inside a service's `.serverless/` (osls copies that folder into
 * `--package` and would recurse).
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './lib/repo';
import { SERVICE_NAMES, serviceDir } from './lib/services';

export const SERVICES = SERVICE_NAMES;
export const REGIONS = ['us-east-1', 'us-west-2'] as const;
const ROOT = repoRoot;
const SLS_TIMEOUT_SECONDS = 300;

interface RunResult {
  ok: boolean;
  seconds: number;
  output: string;
}

/** Runs a command, collecting stdout and stderr together; never throws. */
function run(command: string, args: string[], cwd: string): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const done = (ok: boolean) => resolve({ ok, seconds: (performance.now() - started) / 1000, output });
    child.on('error', (error) => {
      output += String(error);
      done(false);
    });
    child.on('close', (code) => done(code === 0));
  });
}

/** Where the package of one service and region goes. */
export function packageDir(out: string, service: string, region: string): string {
  return path.join(out, service, region);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { stage: { type: 'string', default: 'ci' }, out: { type: 'string' } },
  });
  const stage = values.stage!;
  const out = path.resolve(ROOT, values.out ?? path.join('.build', 'package', stage));
  console.log(`Packaging ${SERVICES.join(', ')} for stage ${stage} in ${REGIONS.join(', ')} -> ${out}`);

  const tsc = await run('timeout', ['300', 'npx', 'tsc', '-p', 'tsconfig.json', '--noEmit'], ROOT);
  console.log(`tsc --noEmit ${tsc.ok ? 'ok' : 'FAILED'} (${tsc.seconds.toFixed(1)} s)`);
  if (!tsc.ok) {
    console.error(tsc.output);
    return 1;
  }

  rmSync(out, { recursive: true, force: true });
  const started = performance.now();
  const results = await Promise.all(
    SERVICES.map(async (service) => {
      let ok = true;
      for (const region of REGIONS) {
        const dir = packageDir(out, service, region);
        const args = ['sls', 'package', '--stage', stage, '--region', region, '--package', dir];
        const result = await run(
          'timeout',
          [String(SLS_TIMEOUT_SECONDS), 'npx', ...args],
          serviceDir(service),
        );
        console.log(`${service} ${region}: ${result.ok ? 'ok' : 'FAILED'} (${result.seconds.toFixed(1)} s)`);
        if (!result.ok) {
          console.error(result.output);
          ok = false;
        }
      }
      return ok;
    }),
  );
  const failed = results.filter((ok) => !ok).length;
  console.log(
    `${failed === 0 ? 'All packaged' : `${failed} service(s) failed`} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
