/**
 * The whole deploy (issue #8), in the order of design.md, printing each step and stopping at the
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
 *                            it the state stays local in each root (a laptop's own stage only)
 *   --state-region <r>       region of that bucket (default us-east-1; LEDGERLINE_TF_STATE_REGION)
 *   --core-var-file, --edge-var-file, --portal-var-file <file>
 *                            extra tfvars per root (alarm_email, domain_name, ...). The portal step
 *                            runs only with --portal-var-file (its inputs are an operator's choice).
 *   --endpoint <url>         emulated run against moto_server (tests/delivery/emulated-deploy.test.ts): every
 *                            AWS call goes to this endpoint with fake credentials (AWS_ENDPOINT_URL, no
 *                            profile); Terraform runs in copies of the roots under .local/emulated/<stage>/
 *                            with provider endpoint overrides; core gets enable_replication=false, portal
 *                            enable_autoscaling=false, sls LEDGERLINE_SLS_DEPLOYMENT_METHOD=direct. What it
 *                            does not cover: docs/deployment-guide.md, "Emulated deploy (moto)".
 *   --yes                    destroy without the interactive confirmation (CI)
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { load as parseYaml } from 'js-yaml';

export const repoRoot = resolve(__dirname, '../..');
export const REGIONS = ['us-east-1', 'us-west-2'] as const;
export type Region = (typeof REGIONS)[number];
export const PRIMARY: Region = 'us-east-1';
export const STEP_NAMES = ['core', 'services:us-east-1', 'services:us-west-2', 'edge', 'portal'] as const;
/** Dry-run stand-ins for values only a real deploy has (never secrets). */
export const FAKE_ACCOUNT_ID = '123456789012';
const SLS_TIMEOUT_S = { package: 300, deploy: 1800, remove: 1800, info: 120 };
const TF_TIMEOUT_S = 3600;

export interface Options {
  command: 'deploy' | 'destroy';
  stage: string;
  dryRun: boolean;
  only: Set<string>;
  accountId?: string;
  stateBucket?: string;
  stateRegion: string;
  varFiles: Partial<Record<'core' | 'edge' | 'portal', string>>;
  endpoint?: string;
  yes: boolean;
}

export function parseOptions(argv: string[], command: Options['command']): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      stage: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      only: { type: 'string' },
      'account-id': { type: 'string' },
      'state-bucket': { type: 'string' },
      'state-region': { type: 'string' },
      'core-var-file': { type: 'string' },
      'edge-var-file': { type: 'string' },
      'portal-var-file': { type: 'string' },
      endpoint: { type: 'string' },
      yes: { type: 'boolean', default: false },
    },
  });
  const stage = values.stage ?? '';
  // The strictest root's rule (portal: 2-10 characters), without hyphens (CloudFormation stack names).
  if (!/^[a-z][a-z0-9]{1,9}$/.test(stage)) {
    throw new UsageError(
      '--stage <stage> is required: 2-10 lowercase letters/digits, starting with a letter',
    );
  }
  const only = new Set(
    (values.only ?? STEP_NAMES.join(','))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  for (const step of only) {
    if (!(STEP_NAMES as readonly string[]).includes(step)) {
      throw new UsageError(`--only: unknown step "${step}" (known: ${STEP_NAMES.join(', ')})`);
    }
  }
  const varFile = (name: string) => (name ? resolve(name) : undefined);
  return {
    command,
    stage,
    dryRun: values['dry-run'] ?? false,
    only,
    accountId: values['account-id'],
    stateBucket: values['state-bucket'] ?? (process.env.LEDGERLINE_TF_STATE_BUCKET || undefined),
    stateRegion: values['state-region'] ?? process.env.LEDGERLINE_TF_STATE_REGION ?? PRIMARY,
    varFiles: {
      core: varFile(values['core-var-file'] ?? ''),
      edge: varFile(values['edge-var-file'] ?? ''),
      portal: varFile(values['portal-var-file'] ?? ''),
    },
    endpoint: values.endpoint,
    yes: values.yes ?? false,
  };
}

export class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// The services and their wiring, read from serverless-compose.yml (the one place that declares them)

export interface ComposeEntry {
  /** Compose name, e.g. `transactions-use1`. */
  name: string;
  /** Service directory name, e.g. `transactions`. */
  service: string;
  region: Region;
  dependsOn: string[];
  /** Compose params: literal values or `${<entry>.<Output>}` references. */
  params: Record<string, string>;
}

export function composeEntries(file = join(repoRoot, 'serverless-compose.yml')): ComposeEntry[] {
  const doc = parseYaml(readFileSync(file, 'utf8')) as {
    services: Record<
      string,
      { path: string; region: string; dependsOn?: string | string[]; params?: Record<string, string> }
    >;
  };
  return Object.entries(doc.services).map(([name, entry]) => {
    if (!(REGIONS as readonly string[]).includes(entry.region)) {
      throw new Error(
        `serverless-compose.yml: ${name} has region ${entry.region}, not one of ${REGIONS.join(', ')}`,
      );
    }
    return {
      name,
      service: basename(entry.path),
      region: entry.region as Region,
      dependsOn: entry.dependsOn === undefined ? [] : ([] as string[]).concat(entry.dependsOn),
      params: Object.fromEntries(Object.entries(entry.params ?? {}).map(([k, v]) => [k, String(v)])),
    };
  });
}

/**
 * The order of a region's entries as waves: every entry after those it depends on (in the same
 * region), entries of one wave in parallel. Entries of the other region are deployed before (the
 * whole of us-east-1 precedes us-west-2), so such dependencies are already met.
 */
export function regionWaves(entries: ComposeEntry[], region: Region): ComposeEntry[][] {
  const mine = entries.filter((e) => e.region === region);
  const names = new Set(mine.map((e) => e.name));
  const done = new Set<string>();
  const waves: ComposeEntry[][] = [];
  while (done.size < mine.length) {
    const wave = mine.filter(
      (e) => !done.has(e.name) && e.dependsOn.every((d) => !names.has(d) || done.has(d)),
    );
    if (wave.length === 0) throw new Error(`serverless-compose.yml: dependency cycle in ${region}`);
    wave.forEach((e) => done.add(e.name));
    waves.push(wave);
  }
  return waves;
}

/** `${auth-use1.AuthorizerArn}` → ['auth-use1', 'AuthorizerArn'] */
const OUTPUT_REFERENCE = /^\$\{([A-Za-z0-9-]+)\.([A-Za-z0-9]+)\}$/;

/** Core outputs a service takes as `--param` (design.md: Terraform core feeds the services). */
export function coreParams(service: string, region: Region, core: CoreOutputs): Record<string, string> {
  const key = core.kms_key_arns?.secrets?.[region];
  // auth (authorizer) and transactions (list cursors) decrypt the service-token secret of their region.
  if ((service === 'auth' || service === 'transactions') && key) return { secretsKmsKeyArn: key };
  return {};
}

export function serviceParams(
  entry: ComposeEntry,
  outputs: Record<string, Record<string, string>>,
  core: CoreOutputs,
): Record<string, string> {
  const params: Record<string, string> = { ...coreParams(entry.service, entry.region, core) };
  for (const [name, value] of Object.entries(entry.params)) {
    const reference = OUTPUT_REFERENCE.exec(value);
    if (!reference) {
      params[name] = value;
      continue;
    }
    const [, source = '', output = ''] = reference;
    const resolved = outputs[source]?.[output];
    if (resolved === undefined) {
      throw new Error(
        `${entry.name}: param ${name} needs output ${output} of ${source}, which is not deployed`,
      );
    }
    params[name] = resolved;
  }
  return params;
}

// ---------------------------------------------------------------------------------------------
// Running things

export interface CoreOutputs {
  kms_key_arns?: Record<string, Record<string, string>>;
  alarm_topic_arns?: Record<string, string>;
  observability_kms_key_arns?: Record<string, string>;
  secret_names?: Record<string, string>;
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

const log = (line: string) => process.stdout.write(`${line}\n`);

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

const slsBin = join(repoRoot, 'node_modules/.bin/sls');
const paramArgs = (params: Record<string, string>) =>
  Object.entries(params).flatMap(([k, v]) => ['--param', `${k}=${v}`]);

// ---------------------------------------------------------------------------------------------
// Terraform

const foundation = join(repoRoot, 'terraform-foundation');
export const TF_ROOTS = ['core', 'edge', 'portal'] as const;
type TfRoot = (typeof TF_ROOTS)[number];

/** Default provider mirror: the folder these machines ship (docs/deployment-guide.md), when present. */
const DEFAULT_MIRROR = '/opt/tf-plugins';

/**
 * Terraform's environment. TF_PROVIDER_MIRROR (default /opt/tf-plugins when it exists) selects a
 * filesystem mirror of hashicorp/aws, as scripts/terraform/check.sh does; '' = the public registry.
 */
function terraformEnv(ctx: Ctx): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
  const mirror =
    process.env.TF_PROVIDER_MIRROR ??
    (existsSync(join(DEFAULT_MIRROR, 'registry.terraform.io/hashicorp/aws')) ? DEFAULT_MIRROR : '');
  if (mirror) {
    const file = join(ctx.scratch, 'terraformrc');
    if (!existsSync(file)) {
      writeFileSync(
        file,
        `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`,
      );
    }
    env.TF_CLI_CONFIG_FILE = file;
  }
  return env;
}

/** Provider aliases of a root (each needs its own override block). */
function providerAliases(dir: string): string[] {
  const text = readFileSync(join(dir, 'providers.tf'), 'utf8');
  return [...text.matchAll(/^\s*alias\s*=\s*"([a-z_]+)"/gm)].map((m) => m[1] ?? '');
}

/** Every AWS service endpoint the roots use, pointed at the emulator. */
const EMULATED_SERVICES = [
  'acm',
  'apigateway',
  'appautoscaling',
  'backup',
  'cloudfront',
  'cloudtrail',
  'cloudwatch',
  'cloudwatchlogs',
  'dynamodb',
  'ec2',
  'ecs',
  'elbv2',
  'iam',
  'kms',
  'lambda',
  'rds',
  'route53',
  's3',
  'secretsmanager',
  'sns',
  'sts',
  'wafv2',
  'scheduler',
  'events',
  'ssm',
  'ecr',
];

function overrideBlock(alias: string | undefined, endpoint: string | undefined): string {
  const lines = [
    'provider "aws" {',
    ...(alias ? [`  alias = "${alias}"`] : []),
    '  skip_credentials_validation = true',
    '  skip_requesting_account_id  = true',
    '  skip_metadata_api_check     = true',
  ];
  if (endpoint) {
    // max_retries: the SDK retries throttling, 5xx and dropped connections (moto's threaded dev server
    // drops an occasional keep-alive connection under load). 3 attempts ride out a dropped
    // connection while an API moto does not implement still fails within seconds, not after the
    // provider's default 25 attempts.
    lines.push('  s3_use_path_style = true', '  max_retries       = 3', '  endpoints {');
    for (const service of EMULATED_SERVICES) lines.push(`    ${service} = "${endpoint}"`);
    lines.push('  }');
  }
  lines.push('}');
  return lines.join('\n');
}

/**
 * The directory Terraform runs in. Real deploy: the root itself (+ a backend override when remote
 * state is configured). Dry run and emulated run: a scratch copy with provider overrides (skip_*
 * settings; endpoints for the emulator): the real configuration is never bent.
 */
function terraformDir(ctx: Ctx, root: TfRoot): string {
  const source = join(foundation, root);
  if (!ctx.options.dryRun && !ctx.options.endpoint) {
    if (ctx.options.stateBucket) {
      writeFileSync(
        join(source, 'backend_override.tf'),
        '# Written by scripts/deploy/pipeline.ts (--state-bucket): S3 remote state, configured at init\n' +
          '# with -backend-config. Not committed (.gitignore).\nterraform {\n  backend "s3" {}\n}\n',
      );
    }
    return source;
  }
  // Emulated runs keep their Terraform state between invocations (deploy, later destroy) in .local/
  // (git-ignored); dry runs use the throw-away scratch folder.
  const work = ctx.options.endpoint
    ? join(repoRoot, '.local', 'emulated', ctx.options.stage, 'tf', root)
    : join(ctx.scratch, 'tf', root);
  // The configuration is copied afresh on every call (a later destroy must see the same code as the
  // deploy, and a fixed root must reach a re-run); the state and .terraform/ stay.
  mkdirSync(work, { recursive: true });
  for (const file of readdirSync(work)) {
    if (file.endsWith('.tf')) rmSync(join(work, file));
  }
  rmSync(join(work, 'modules'), { recursive: true, force: true });
  for (const file of readdirSync(source)) {
    if (file.endsWith('.tf') && !file.endsWith('_override.tf')) cpSync(join(source, file), join(work, file));
  }
  if (existsSync(join(source, '.terraform.lock.hcl')))
    cpSync(join(source, '.terraform.lock.hcl'), join(work, '.terraform.lock.hcl'));
  if (existsSync(join(source, 'modules')))
    cpSync(join(source, 'modules'), join(work, 'modules'), { recursive: true });
  const blocks = [undefined, ...providerAliases(work)].map((alias) =>
    overrideBlock(alias, ctx.options.endpoint),
  );
  writeFileSync(join(work, 'pipeline_override.tf'), `${blocks.join('\n\n')}\n`);
  return work;
}

async function terraformInit(ctx: Ctx, root: TfRoot): Promise<string> {
  const dir = terraformDir(ctx, root);
  const args = ['-chdir=' + dir, 'init', '-input=false', '-lockfile=readonly'];
  if (ctx.options.dryRun) {
    args.push('-backend=false');
  } else if (ctx.options.stateBucket && !ctx.options.endpoint) {
    args.push(
      '-reconfigure',
      `-backend-config=bucket=${ctx.options.stateBucket}`,
      `-backend-config=key=ledgerline/${ctx.options.stage}/${root}.tfstate`,
      `-backend-config=region=${ctx.options.stateRegion}`,
      '-backend-config=encrypt=true',
      '-backend-config=use_lockfile=true',
    );
  }
  await sh('terraform', args, { env: terraformEnv(ctx), timeoutS: 300 });
  return dir;
}

/** -var arguments every root gets, plus the root's var file. */
function commonVars(ctx: Ctx, root: TfRoot): string[] {
  const vars = [`-var=environment_suffix=${ctx.options.stage}`, `-var=account_id=${ctx.accountId}`];
  if (root !== 'portal') vars.push(`-var=table_definitions_dir=${join(repoRoot, 'shared/tables')}`);
  if (root === 'core' && ctx.options.dryRun) {
    // Offline plan only: no secret value generation (GetRandomPassword through an ephemeral resource).
    // The emulated run keeps the default (true): edge and portal need the origin-verify value.
    vars.push('-var=generate_secret_values=false');
  }
  if (root === 'core' && ctx.options.endpoint) {
    // moto cannot create table replicas or replica keys (docs/deployment-guide.md, "Emulated deploy (moto)").
    vars.push('-var=enable_replication=false');
  }
  if (root === 'portal' && ctx.options.endpoint) {
    // moto cannot create aws_appautoscaling_target (ListTagsForResource is not implemented).
    vars.push('-var=enable_autoscaling=false');
  }
  const file = ctx.options.varFiles[root];
  if (file) vars.push(`-var-file=${file}`);
  return vars;
}

async function terraformOutputs<T>(ctx: Ctx, dir: string): Promise<T> {
  const json = await sh('terraform', ['-chdir=' + dir, 'output', '-json'], {
    env: terraformEnv(ctx),
    capture: true,
    timeoutS: 120,
  });
  const raw = JSON.parse(json) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value])) as T;
}

// ---------------------------------------------------------------------------------------------
// AWS reads (real and emulated runs only)

async function stackOutputs(
  ctx: Ctx,
  service: string,
  region: Region,
): Promise<Record<string, string> | undefined> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const client = new CloudFormationClient({
    region,
    ...(ctx.options.endpoint && { endpoint: ctx.options.endpoint }),
  });
  try {
    const { Stacks } = await client.send(
      new DescribeStacksCommand({ StackName: `ledgerline-${service}-${ctx.options.stage}` }),
    );
    const stack = Stacks?.[0];
    if (!stack || stack.StackStatus === 'DELETE_COMPLETE') return undefined;
    return Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
  } catch (error) {
    if (/does not exist/.test((error as Error).message)) return undefined;
    throw error;
  } finally {
    client.destroy();
  }
}

async function remainingStacks(ctx: Ctx): Promise<string[]> {
  const { CloudFormationClient, ListStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const left: string[] = [];
  for (const region of REGIONS) {
    const client = new CloudFormationClient({
      region,
      ...(ctx.options.endpoint && { endpoint: ctx.options.endpoint }),
    });
    try {
      let NextToken: string | undefined;
      do {
        const page = await client.send(new ListStacksCommand({ NextToken }));
        for (const s of page.StackSummaries ?? []) {
          if (
            s.StackStatus !== 'DELETE_COMPLETE' &&
            s.StackName?.startsWith('ledgerline-') &&
            s.StackName.endsWith(`-${ctx.options.stage}`)
          ) {
            left.push(`${region}/${s.StackName} (${s.StackStatus})`);
          }
        }
        NextToken = page.NextToken;
      } while (NextToken);
    } finally {
      client.destroy();
    }
  }
  return left;
}

/** The origin-verify value, read from Secrets Manager for edge; never printed, never written. */
async function originVerifyValue(ctx: Ctx): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({
    region: PRIMARY,
    ...(ctx.options.endpoint && { endpoint: ctx.options.endpoint }),
  });
  try {
    const name = ctx.core?.secret_names?.['origin-verify'] ?? `ledgerline/${ctx.options.stage}/origin-verify`;
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: name }));
    if (!SecretString) throw new Error(`secret ${name} has no value (core generate_secret_values=false?)`);
    return SecretString;
  } finally {
    client.destroy();
  }
}

async function callerAccountId(ctx: Ctx): Promise<string> {
  const { STSClient, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  const client = new STSClient({
    region: PRIMARY,
    ...(ctx.options.endpoint && { endpoint: ctx.options.endpoint }),
  });
  try {
    const { Account } = await client.send(new GetCallerIdentityCommand({}));
    if (!Account) throw new Error('sts get-caller-identity returned no account');
    return Account;
  } finally {
    client.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Steps

export interface Step {
  name: string;
  run(ctx: Ctx): Promise<void>;
}

async function readCore(ctx: Ctx): Promise<CoreOutputs> {
  if (!ctx.core) {
    const dir = await terraformInit(ctx, 'core');
    ctx.core = await terraformOutputs<CoreOutputs>(ctx, dir);
  }
  return ctx.core;
}

/** Outputs of every entry deployed before this region (and of this region, as they come). */
async function readServiceOutputs(ctx: Ctx, entries: ComposeEntry[]): Promise<void> {
  for (const entry of entries) {
    if (ctx.outputs[entry.name]) continue;
    const outputs = await stackOutputs(ctx, entry.service, entry.region);
    if (outputs) ctx.outputs[entry.name] = outputs;
  }
}

function servicesStep(region: Region, command: 'deploy' | 'remove'): Step {
  return {
    name: `services:${region}`,
    async run(ctx) {
      const entries = composeEntries();
      let waves = regionWaves(entries, region);
      if (command === 'remove') waves = [...waves].reverse();
      else {
        await readCore(ctx);
        await readServiceOutputs(
          ctx,
          entries.filter((e) => e.region !== region),
        );
      }
      for (const wave of waves) {
        log(`    wave: ${wave.map((e) => e.name).join(', ')}`);
        await Promise.all(
          wave.map(async (entry) => {
            const cwd = join(repoRoot, 'services', entry.service);
            const base = ['--stage', ctx.options.stage, '--region', entry.region];
            if (command === 'remove') {
              await sh(slsBin, ['remove', ...base], { cwd, env: ctx.env, timeoutS: SLS_TIMEOUT_S.remove });
              delete ctx.outputs[entry.name];
              return;
            }
            const params = serviceParams(entry, ctx.outputs, ctx.core ?? {});
            await sh(slsBin, ['deploy', ...base, ...paramArgs(params)], {
              cwd,
              env: ctx.env,
              timeoutS: SLS_TIMEOUT_S.deploy,
            });
            const outputs = await stackOutputs(ctx, entry.service, entry.region);
            if (!outputs)
              throw new Error(
                `${entry.name}: stack ledgerline-${entry.service}-${ctx.options.stage} not found after deploy`,
              );
            ctx.outputs[entry.name] = outputs;
            log(`    ${entry.name}: outputs ${Object.keys(outputs).sort().join(', ')}`);
          }),
        );
      }
    },
  };
}

/** edge's api_origins from the services' ServiceEndpoint outputs: { auth: { us-east-1: host } }. */
export function apiOrigins(
  entries: ComposeEntry[],
  outputs: Record<string, Record<string, string>>,
): Record<string, Record<string, string>> {
  const origins: Record<string, Record<string, string>> = {};
  for (const entry of entries) {
    const endpoint = outputs[entry.name]?.ServiceEndpoint;
    if (!endpoint) throw new Error(`${entry.name}: no ServiceEndpoint output (deploy the services first)`);
    (origins[entry.service] ??= {})[entry.region] = new URL(endpoint).host;
  }
  return origins;
}

function edgeVarsFile(ctx: Ctx, origins: Record<string, Record<string, string>>): string {
  const core = ctx.core ?? {};
  const observability = core.observability_kms_key_arns ?? {};
  const vars = {
    api_origins: origins,
    alarm_topic_arns: core.alarm_topic_arns,
    logs_kms_key_arn: observability[PRIMARY] ?? null,
    regional_logs_kms_key_arns: observability,
  };
  const file = join(ctx.scratch, 'edge.pipeline.tfvars.json');
  writeFileSync(file, `${JSON.stringify(vars, null, 2)}\n`);
  return file;
}

function terraformApplyStep(root: TfRoot, command: 'apply' | 'destroy'): Step {
  return {
    name: root,
    async run(ctx) {
      if (root === 'portal' && !ctx.options.varFiles.portal) {
        log(
          '    skipped: no --portal-var-file (the portal root needs its domain, zone and image; see docs/deployment-guide.md)',
        );
        return;
      }
      const env = terraformEnv(ctx);
      const extra: string[] = [];
      if (root === 'edge') {
        await readCore(ctx);
        const entries = composeEntries();
        // Destroy too reads the real endpoints while the services still exist (edge goes first);
        // shape-valid placeholders only when they are gone already (a re-run after a partial destroy).
        await readServiceOutputs(ctx, entries);
        const complete = entries.every((e) => ctx.outputs[e.name]?.ServiceEndpoint);
        if (command === 'apply' || complete) {
          extra.push(`-var-file=${edgeVarsFile(ctx, apiOrigins(entries, ctx.outputs))}`);
        } else {
          extra.push(`-var-file=${edgeVarsFile(ctx, placeholderOrigins(entries))}`);
        }
      }
      if (root === 'edge' || root === 'portal') {
        // From Secrets Manager into the child's environment only: never printed, never in a file.
        env.TF_VAR_origin_verify_header_value =
          command === 'destroy' ? 'destroyplaceholdervalue000000000000000' : await originVerifyValue(ctx);
      }
      const dir = await terraformInit(ctx, root);
      await sh(
        'terraform',
        ['-chdir=' + dir, command, '-input=false', '-auto-approve', ...commonVars(ctx, root), ...extra],
        { env, timeoutS: TF_TIMEOUT_S },
      );
      if (root === 'core' && command === 'apply') ctx.core = await terraformOutputs<CoreOutputs>(ctx, dir);
      if (command === 'destroy') {
        const left = await sh('terraform', ['-chdir=' + dir, 'state', 'list'], {
          env,
          capture: true,
          timeoutS: 120,
        });
        if (left.trim()) throw new Error(`${root}: resources left in state after destroy:\n${left}`);
      }
    },
  };
}

/** Destroy needs edge's variables to be valid only, not real: hosts of the right shape. */
function placeholderOrigins(entries: ComposeEntry[]): Record<string, Record<string, string>> {
  const origins: Record<string, Record<string, string>> = {};
  entries.forEach((entry, i) => {
    const id = `${entry.service.slice(0, 4)}${String(i).padStart(6, '0')}`.slice(0, 10).padEnd(10, '0');
    (origins[entry.service] ??= {})[entry.region] = `${id}.execute-api.${entry.region}.amazonaws.com`;
  });
  return origins;
}

export function deploySteps(): Step[] {
  return [
    terraformApplyStep('core', 'apply'),
    servicesStep('us-east-1', 'deploy'),
    servicesStep('us-west-2', 'deploy'),
    terraformApplyStep('edge', 'apply'),
    terraformApplyStep('portal', 'apply'),
  ];
}

export function destroySteps(): Step[] {
  return [
    terraformApplyStep('portal', 'destroy'),
    terraformApplyStep('edge', 'destroy'),
    servicesStep('us-west-2', 'remove'),
    servicesStep('us-east-1', 'remove'),
    terraformApplyStep('core', 'destroy'),
    {
      name: 'check: nothing left',
      async run(ctx) {
        const left = await remainingStacks(ctx);
        if (left.length > 0) throw new Error(`stacks left:\n  ${left.join('\n  ')}`);
        log(
          `    no ledgerline-*-${ctx.options.stage} stack in ${REGIONS.join(', ')}; every Terraform state is empty`,
        );
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Dry run: everything that needs no AWS account

/** What core would output, shaped like the real thing (fake account, fake key ids). */
export function fakeCoreOutputs(stage: string): CoreOutputs {
  const key = (region: string, n: number) =>
    `arn:aws:kms:${region}:${FAKE_ACCOUNT_ID}:key/mrk-${String(n).padStart(32, '0')}`;
  return {
    kms_key_arns: {
      secrets: { 'us-east-1': key('us-east-1', 1), 'us-west-2': key('us-west-2', 1) },
      data: { 'us-east-1': key('us-east-1', 2), 'us-west-2': key('us-west-2', 2) },
    },
    alarm_topic_arns: Object.fromEntries(
      REGIONS.map((r) => [r, `arn:aws:sns:${r}:${FAKE_ACCOUNT_ID}:ledgerline-alarms-${stage}`]),
    ),
    observability_kms_key_arns: { 'us-east-1': key('us-east-1', 3), 'us-west-2': key('us-west-2', 3) },
  };
}

/** What the services would output (the outputs compose wiring and edge read). */
export function fakeServiceOutputs(
  entries: ComposeEntry[],
  stage: string,
): Record<string, Record<string, string>> {
  const origins = placeholderOrigins(entries);
  return Object.fromEntries(
    entries.map((e) => {
      const host = origins[e.service]?.[e.region] ?? '';
      const pool = `${PRIMARY}_Fake${stage}`;
      return [
        e.name,
        {
          ServiceEndpoint: `https://${host}/${stage}`,
          AuthorizerArn: `arn:aws:lambda:${e.region}:${FAKE_ACCOUNT_ID}:function:ledgerline-auth-${stage}-authorizer`,
          UserPoolId: pool,
          UserPoolClientId: '1fakeclientid2345678901234',
          UserPoolArn: `arn:aws:cognito-idp:${PRIMARY}:${FAKE_ACCOUNT_ID}:userpool/${pool}`,
        },
      ];
    }),
  );
}

export function dryRunSteps(options: Options): Step[] {
  const steps: Step[] = [
    {
      name: 'typecheck (tsc --noEmit)',
      run: async (ctx) => {
        await sh(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], {
          env: ctx.env,
          timeoutS: 300,
        });
      },
    },
  ];
  for (const region of REGIONS) {
    if (!options.only.has(`services:${region}`)) continue;
    steps.push({
      name: `package services:${region} (with the params a deploy passes)`,
      async run(ctx) {
        const entries = composeEntries();
        const outputs = fakeServiceOutputs(entries, ctx.options.stage);
        const core = fakeCoreOutputs(ctx.options.stage);
        // One sls per service directory at a time; the services of a region in parallel.
        await Promise.all(
          entries
            .filter((e) => e.region === region)
            .map(async (entry) => {
              const out = join(ctx.scratch, 'package', entry.service, entry.region);
              const params = serviceParams(entry, outputs, core);
              await sh(
                slsBin,
                [
                  'package',
                  '--stage',
                  ctx.options.stage,
                  '--region',
                  region,
                  '--package',
                  out,
                  ...paramArgs(params),
                ],
                {
                  cwd: join(repoRoot, 'services', entry.service),
                  env: ctx.env,
                  timeoutS: SLS_TIMEOUT_S.package,
                },
              );
              const template = JSON.parse(
                readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
              ) as {
                Resources: Record<string, unknown>;
              };
              const text = JSON.stringify(template);
              for (const value of Object.values(params)) {
                if (!text.includes(value))
                  throw new Error(`${entry.name}: param value ${value} is not in the packaged template`);
              }
              log(
                `    ${entry.name}: ${Object.keys(template.Resources).length} resources; params ${Object.keys(params).sort().join(', ') || '(none)'}`,
              );
            }),
        );
      },
    });
  }
  for (const root of TF_ROOTS) {
    if (!options.only.has(root)) continue;
    steps.push({
      name: `terraform ${root}: offline ${options.command === 'destroy' ? 'plan -destroy' : 'plan'} (fake credentials, -backend=false)`,
      async run(ctx) {
        const env = terraformEnv(ctx);
        const extra: string[] = [];
        if (root === 'edge' || root === 'portal')
          env.TF_VAR_origin_verify_header_value = 'dryrunplaceholder000000000000000000000';
        if (root === 'edge') {
          ctx.core = fakeCoreOutputs(ctx.options.stage);
          const entries = composeEntries();
          extra.push(
            `-var-file=${edgeVarsFile(ctx, apiOrigins(entries, fakeServiceOutputs(entries, ctx.options.stage)))}`,
          );
        }
        if (root === 'portal' && !ctx.options.varFiles.portal) {
          extra.push(`-var-file=${join(repoRoot, 'scripts/terraform/fixtures/portal.tfvars')}`);
        }
        const dir = await terraformInit(ctx, root);
        const planFile = join(ctx.scratch, `${root}.tfplan`);
        await sh(
          'terraform',
          [
            '-chdir=' + dir,
            'plan',
            '-input=false',
            '-lock=false',
            `-out=${planFile}`,
            ...(options.command === 'destroy' ? ['-destroy'] : []),
            ...commonVars(ctx, root),
            ...extra,
          ],
          { env, timeoutS: 600, quiet: true },
        ).catch((error: Error & { output?: string }) => {
          throw new Error(`${error.message}\n${error.output ?? ''}`);
        });
        const plan = JSON.parse(
          await sh('terraform', ['-chdir=' + dir, 'show', '-json', planFile], {
            env,
            capture: true,
            timeoutS: 300,
          }),
        ) as {
          resource_changes?: Array<{ change: { actions: string[] } }>;
        };
        const actions = (plan.resource_changes ?? [])
          .flatMap((c) => c.change.actions)
          .filter((a) => a !== 'no-op');
        const count = (a: string) => actions.filter((x) => x === a).length;
        log(
          `    ${root}: plan ok: ${count('create')} to add, ${count('update')} to change, ${count('delete')} to destroy`,
        );
      },
    });
  }
  return steps;
}

// ---------------------------------------------------------------------------------------------

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
    // The emulator accepts any key; never send real credentials to it.
    Object.assign(env, {
      AWS_ENDPOINT_URL: options.endpoint,
      // moto's ExecuteChangeSet fills no stack Outputs: plain CreateStack/UpdateStack instead
      // (serverless.common.yml, provider.deploymentMethod).
      LEDGERLINE_SLS_DEPLOYMENT_METHOD: 'direct',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_DEFAULT_PROFILE']) delete env[name];
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    process.env.AWS_ENDPOINT_URL = options.endpoint;
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
