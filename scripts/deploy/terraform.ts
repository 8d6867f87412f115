/**
 * The pipeline's Terraform runner. Every mode runs in a work copy of the root
 * (scripts/terraform/offline.ts), so nothing is ever written into terraform-foundation/:
 * - dry run: a throw-away copy with the offline provider settings, `-backend=false`;
 * - emulated run: a copy under .local/emulated/<stage>/ with emulator endpoints, state kept there;
 * - real deploy: a copy under .local/deploy/<stage>/ with the committed providers, and either the S3
 *   backend (`--state-bucket`, configured at init) or local state kept in that folder.
 */
import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/repo';
import { cliConfig, defaultMirror, foundationDir, prepareWorkRoot, type TfRoot } from '../terraform/offline';
import { type Ctx, log, sh } from './context';
import { EMULATED_SERVICES, emulatedWorkDir, emulatorTerraformVars } from './emulator';

export type { TfRoot } from '../terraform/offline';

/**
 * Terraform's environment. TF_PROVIDER_MIRROR (default /opt/tf-plugins when it exists) selects a
 * filesystem mirror of hashicorp/aws, as scripts/terraform/check.sh does; '' = the public registry.
 */
export function terraformEnv(ctx: Ctx): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
  const mirror = defaultMirror();
  if (mirror) {
    const file = join(ctx.scratch, 'terraformrc');
    if (!existsSync(file)) writeFileSync(file, cliConfig(mirror));
    env.TF_CLI_CONFIG_FILE = file;
  }
  return env;
}

/** Where a real deploy keeps a root's work copy (and its local state without --state-bucket). */
const deployWorkDir = (stage: string, root: TfRoot) => join(repoRoot, '.local', 'deploy', stage, 'tf', root);

/** The work copy Terraform runs in for this mode (see the module comment). */
function terraformDir(ctx: Ctx, root: TfRoot): string {
  const { dryRun, endpoint, stage, stateBucket } = ctx.options;
  if (dryRun) return prepareWorkRoot(root, join(ctx.scratch, 'tf', root), { provider: {} });
  if (endpoint) {
    return prepareWorkRoot(root, emulatedWorkDir(stage, root), {
      provider: { endpoint, services: EMULATED_SERVICES },
    });
  }
  const work = prepareWorkRoot(root, deployWorkDir(stage, root), { s3Backend: Boolean(stateBucket) });
  // Local state used to live in the root itself: carry it over once rather than start empty.
  const legacyState = join(foundationDir, root, 'terraform.tfstate');
  if (!stateBucket && existsSync(legacyState) && !existsSync(join(work, 'terraform.tfstate'))) {
    cpSync(legacyState, join(work, 'terraform.tfstate'));
    log(
      `    ${root}: local state copied from ${legacyState} to ${work} (delete the old file after checking)`,
    );
  }
  return work;
}

export async function terraformInit(ctx: Ctx, root: TfRoot): Promise<string> {
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
export function commonVars(ctx: Ctx, root: TfRoot): string[] {
  const vars = [`-var=environment_suffix=${ctx.options.stage}`, `-var=account_id=${ctx.accountId}`];
  if (root !== 'portal') vars.push(`-var=table_definitions_dir=${join(repoRoot, 'shared/tables')}`);
  if (root === 'core' && ctx.options.dryRun) {
    // Offline plan only: no secret value generation (GetRandomPassword through an ephemeral resource).
    // The emulated run keeps the default (true): edge and portal need the origin-verify value.
    vars.push('-var=generate_secret_values=false');
  }
  if (ctx.options.endpoint) vars.push(...emulatorTerraformVars(root));
  const file = ctx.options.varFiles[root];
  if (file) vars.push(`-var-file=${file}`);
  return vars;
}

export async function terraformOutputs<T>(ctx: Ctx, dir: string): Promise<T> {
  const json = await sh('terraform', ['-chdir=' + dir, 'output', '-json'], {
    env: terraformEnv(ctx),
    capture: true,
    timeoutS: 120,
  });
  const raw = JSON.parse(json) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.value])) as T;
}
