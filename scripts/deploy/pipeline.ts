/**
 * The whole deploy, in the platform's deploy order (docs/architecture.md), printing each step and stopping at the
 * first error:
 *
 *   npm run deploy  -- --stage <stage> [options]   # core → services us-east-1 → us-west-2 → edge → portal
 *   npm run destroy -- --stage <stage> [options]   # the reverse, then a check that nothing is left
 *   npm run deploy  -- --stage ci --dry-run         # everything that needs no AWS account
 *
 * Options (docs/deployment-guide.md):
 *   --stage <s>              required; 2-10 lowercase letters/digits (the Terraform environment_suffix)
 *   --dry-run                typecheck, package every service for both regions with the params a deploy
 *                            would pass, offline `terraform plan` (fake credentials, -backend=false) of
 *                            core, edge, portal; prints the real steps it stands for. No AWS calls.
 *   --only <steps>           comma list of core, services:us-east-1, services:us-west-2, edge, portal
 *                            (CI runs one region per job; every step re-reads what it needs from AWS)
 *   --account-id <id>        default: `sts get-caller-identity` (dry run: 123456789012)
 *   --state-bucket <b>       S3 bucket of the Terraform state (or LEDGERLINE_TF_STATE_BUCKET); without
 *                            it the state stays local in .local/deploy/<stage>/ (a laptop's own stage only)
 *   --state-region <r>       region of that bucket (default us-east-1; LEDGERLINE_TF_STATE_REGION)
 *   --core-var-file, --edge-var-file, --portal-var-file <file>
 *                            extra tfvars per root (alarm_email, domain_name, ...). The portal step
 *                            runs only with --portal-var-file (its inputs are an operator's choice).
 *   --portal-image <image>   the portal's image, e.g. <registry>/ledgerline-portal-<stage>@sha256:<digest>
 *                            (CI passes the digest it pushed); wins over the var file. The portal's
 *                            api_base_url defaults to edge's output (a var file may override it).
 *   --endpoint <url>         emulated run against moto_server (tests/delivery/emulated-deploy.test.ts): every
 *                            AWS call goes to this endpoint with fake credentials (AWS_ENDPOINT_URL, no
 *                            profile); Terraform runs in copies of the roots under .local/emulated/<stage>/
 *                            with provider endpoint overrides; core gets enable_replication=false, portal
 *                            enable_autoscaling=false, sls LEDGERLINE_SLS_DEPLOYMENT_METHOD=direct. What it
 *                            does not cover: docs/deployment-guide.md, "Emulated deploy (moto)".
 *   --yes                    destroy without the interactive confirmation (CI)
 *
 * The parts: options.ts (command line), compose.ts (service wiring), steps.ts (deploy/destroy steps),
 * terraform.ts (the Terraform runner), aws.ts (AWS reads), dry-run.ts, emulator/ (the moto mode).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { callerAccountId } from './aws';
import { type Ctx, log } from './context';
import { dryRunSteps } from './dry-run';
import { emulatorEnv } from './emulator';
import { FAKE_ACCOUNT_ID, type Options, parseOptions, REGIONS, STEP_NAMES, UsageError } from './options';
import { deploySteps, destroySteps, type Step } from './steps';

// The pipeline's parts, for the tests and other scripts that import them from here.
export { composeEntries, regionWaves, serviceParams, coreParams, type ComposeEntry } from './compose';
export type { CoreOutputs, Ctx } from './context';
export { fakeCoreOutputs, fakeServiceOutputs, dryRunSteps } from './dry-run';
export { FAKE_ACCOUNT_ID, parseOptions, PRIMARY, REGIONS, STEP_NAMES, UsageError } from './options';
export type { Options, Region } from './options';
export { apiOrigins, deploySteps, destroySteps, type Step } from './steps';
export { TF_ROOTS } from '../terraform/offline';
export { repoRoot } from '../lib/repo';

/** Runs steps in order, printing each with its duration; stops at the first failure (exit 1). */
export async function runSteps(steps: Step[], ctx: Ctx): Promise<number> {
  for (const [index, step] of steps.entries()) {
    const t0 = Date.now();
    log(`\n[${index + 1}/${steps.length}] ${step.name}`);
    try {
      await step.run(ctx);
    } catch (error) {
      log(
        `[${index + 1}/${steps.length}] ${step.name}: FAILED after ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      log(`  ${(error as Error).message.replace(/\n/g, '\n  ')}`);
      log(
        `\n${ctx.options.command} stopped at step ${index + 1}; later steps did not run. Every step is idempotent: fix and re-run (or --only <step>).`,
      );
      return 1;
    }
    log(`[${index + 1}/${steps.length}] ${step.name}: ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return 0;
}

export async function runPipeline(options: Options): Promise<number> {
  const started = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'ledgerline-pipeline-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SLS_TELEMETRY_DISABLED: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  if (options.dryRun) {
    // Nothing here may reach AWS: fake credentials only.
    Object.assign(env, {
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_PROFILE']) delete env[name];
  }
  if (options.endpoint) {
    Object.assign(env, emulatorEnv(options.endpoint));
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_PROFILE']) delete env[name];
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL } = emulatorEnv(options.endpoint);
    Object.assign(process.env, { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ENDPOINT_URL });
  }
  const ctx: Ctx = { options, scratch, accountId: options.accountId ?? FAKE_ACCOUNT_ID, env, outputs: {} };
  const all = options.dryRun
    ? dryRunSteps(options)
    : options.command === 'deploy'
      ? deploySteps()
      : destroySteps();
  const steps = options.dryRun
    ? all
    : all.filter(
        (s) =>
          options.only.has(s.name) ||
          // The final check needs everything that owns stacks and state gone: core and both regions'
          // services at least (edge and portal leave no stack; their own steps check their state).
          (s.name.startsWith('check:') &&
            ['core', ...REGIONS.map((r) => `services:${r}`)].every((n) => options.only.has(n))),
      );
  log(
    `ledgerline ${options.command}${options.dryRun ? ' --dry-run' : ''}: stage ${options.stage}, ${steps.length} steps`,
  );
  if (options.dryRun) {
    const real = (options.command === 'deploy' ? deploySteps() : destroySteps()).filter(
      (s) => options.only.has(s.name) || s.name.startsWith('check:'),
    );
    log(`  stands for: ${real.map((s) => s.name).join(' → ')}`);
  }
  try {
    if (!options.dryRun && !options.accountId) ctx.accountId = await callerAccountId(ctx);
    if (!options.dryRun && options.command === 'destroy' && !options.yes) {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const answer = await rl.question(
        `Destroy EVERYTHING of stage ${options.stage} in account ${ctx.accountId}? Type the stage name: `,
      );
      rl.close();
      if (answer.trim() !== options.stage) throw new UsageError('not confirmed');
    }
    const code = await runSteps(steps, ctx);
    if (code === 0) {
      log(
        `\n${options.command}${options.dryRun ? ' --dry-run' : ''} of stage ${options.stage}: all ${steps.length} steps ok in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    return code;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function main(command: Options['command'], argv = process.argv.slice(2)): Promise<number> {
  try {
    return await runPipeline(parseOptions(argv, command));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(
        `${command}: ${error.message}\nUsage: npm run ${command} -- --stage <stage> [--dry-run] [--only ${STEP_NAMES.join(',')}] (scripts/deploy/pipeline.ts)`,
      );
      return 2;
    }
    throw error;
  }
}
