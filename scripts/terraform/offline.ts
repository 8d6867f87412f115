/**
 * Running a Terraform root somewhere other than its folder, the one implementation shared by the
 * deploy pipeline (scripts/deploy/terraform.ts: dry runs, emulated runs, real deploys) and the
 * offline checks (scripts/terraform/check.sh, through the command line below):
 *
 * - `cliConfig(mirror)`: a Terraform CLI config installing hashicorp/aws from a filesystem mirror;
 * - `prepareWorkRoot(root, dir, overrides)`: a copy of `terraform-foundation/<root>` (and the local
 *   modules it calls) in `dir`, plus an override file; the committed roots are never written to.
 *
 *   npx tsx scripts/terraform/offline.ts cli-config [<mirror>] > terraformrc
 *   npx tsx scripts/terraform/offline.ts prepare <root> <work-dir>      # offline provider overrides
 *
 * @example
 * writeFileSync(rc, cliConfig(defaultMirror()!));
 * prepareWorkRoot('core', '/tmp/plan/core', { provider: {} });
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { repoRoot } from '../lib/repo';

export const foundationDir = join(repoRoot, 'terraform-foundation');
export const TF_ROOTS = ['core', 'edge', 'portal'] as const;
export type TfRoot = (typeof TF_ROOTS)[number];

/** The folder these machines ship the provider mirror in (docs/deployment-guide.md). */
const DEFAULT_MIRROR = '/opt/tf-plugins';

/**
 * The provider mirror to use: TF_PROVIDER_MIRROR when set ('' = none: the public registry or the
 * caller's own TF_CLI_CONFIG_FILE), else the default folder when it holds hashicorp/aws.
 */
export function defaultMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const mirror =
    env.TF_PROVIDER_MIRROR ??
    (existsSync(join(DEFAULT_MIRROR, 'registry.terraform.io/hashicorp/aws')) ? DEFAULT_MIRROR : '');
  return mirror || undefined;
}

/** A CLI config that takes hashicorp/aws from `mirror` and every other provider from the registry. */
export function cliConfig(mirror: string): string {
  if (!existsSync(join(mirror, 'registry.terraform.io/hashicorp/aws'))) {
    throw new Error(`no hashicorp/aws provider under ${mirror}`);
  }
  return [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = "${mirror}"`,
    '    include = ["registry.terraform.io/hashicorp/aws"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/hashicorp/aws"]',
    '  }',
    '}',
    '',
  ].join('\n');
}

export interface Overrides {
  /**
   * Provider settings for an offline or emulated run: the skip_* settings (no credential, account
   * or metadata look-ups), and with `endpoint` every listed AWS service pointed at an emulator.
   * Absent: the providers stay as committed (a real deploy).
   */
  provider?: { endpoint?: string; services?: readonly string[] };
  /** Declares the S3 backend, configured at init with -backend-config (a real deploy's remote state). */
  s3Backend?: boolean;
}

/** Provider aliases a root declares (each needs its own override block). */
function providerAliases(dir: string): string[] {
  const text = readFileSync(join(dir, 'providers.tf'), 'utf8');
  return [...text.matchAll(/^\s*alias\s*=\s*"([a-z_]+)"/gm)].map((m) => m[1] ?? '');
}

function providerBlock(alias: string | undefined, provider: NonNullable<Overrides['provider']>): string {
  const lines = [
    'provider "aws" {',
    ...(alias ? [`  alias = "${alias}"`] : []),
    '  skip_credentials_validation = true',
    '  skip_requesting_account_id  = true',
    '  skip_metadata_api_check     = true',
  ];
  if (provider.endpoint) {
    // max_retries: the SDK retries throttling, 5xx and dropped connections (moto's threaded dev
    // server drops an occasional keep-alive connection under load). 3 attempts ride out a dropped
    // connection while an API moto does not implement still fails within seconds, not after the
    // provider's default 25 attempts.
    lines.push('  s3_use_path_style = true', '  max_retries       = 3', '  endpoints {');
    for (const service of provider.services ?? []) lines.push(`    ${service} = "${provider.endpoint}"`);
    lines.push('  }');
  }
  lines.push('}');
  return lines.join('\n');
}

/** Local module folders (`source = "./…"` or `"../…"`) a configuration folder calls, recursively. */
function localModuleDirs(dir: string, seen = new Set<string>()): Set<string> {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tf'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const [, source = ''] of text.matchAll(/^\s*source\s*=\s*"(\.{1,2}\/[^"]+)"/gm)) {
      const target = join(dir, source);
      if (!seen.has(target)) {
        seen.add(target);
        localModuleDirs(target, seen);
      }
    }
  }
  return seen;
}

/**
 * Copies a root's configuration (and every local module it calls, at the same relative place) into
 * `workDir`, next to `dirname(workDir)`, and writes `ledgerline_override.tf` there. The configuration
 * is copied afresh on every call (a later destroy must see the same code as the deploy); the state
 * and `.terraform/` in `workDir` stay.
 */
export function prepareWorkRoot(root: TfRoot, workDir: string, overrides: Overrides): string {
  // Local modules are copied to the same place relative to the root: the work folder must be named
  // like the root, so that `../modules/x` resolves beside it as it does in terraform-foundation/.
  if (basename(workDir) !== root) throw new Error(`work folder ${workDir} must be named ${root}`);
  const source = join(foundationDir, root);
  const copyConfig = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const file of readdirSync(to)) if (file.endsWith('.tf')) rmSync(join(to, file));
    for (const file of readdirSync(from)) {
      if (file.endsWith('.tf') && !file.endsWith('_override.tf')) cpSync(join(from, file), join(to, file));
    }
  };
  copyConfig(source, workDir);
  if (existsSync(join(source, '.terraform.lock.hcl'))) {
    cpSync(join(source, '.terraform.lock.hcl'), join(workDir, '.terraform.lock.hcl'));
  }
  for (const module of localModuleDirs(source)) {
    const relative = module.slice(foundationDir.length + 1);
    const target = join(dirname(workDir), relative);
    rmSync(target, { recursive: true, force: true });
    cpSync(module, target, { recursive: true });
  }
  const blocks: string[] = [];
  if (overrides.provider) {
    for (const alias of [undefined, ...providerAliases(workDir)]) {
      blocks.push(providerBlock(alias, overrides.provider));
    }
  }
  if (overrides.s3Backend) blocks.push('terraform {\n  backend "s3" {}\n}');
  const overrideFile = join(workDir, 'ledgerline_override.tf');
  if (blocks.length > 0) {
    writeFileSync(
      overrideFile,
      `# Written by scripts/terraform/offline.ts into a work copy; the committed root is unchanged.\n${blocks.join('\n\n')}\n`,
    );
  }
  return workDir;
}

if (require.main === module) {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'cli-config') {
    const mirror = args[0] || defaultMirror();
    if (!mirror) throw new Error('cli-config: no provider mirror (pass one or set TF_PROVIDER_MIRROR)');
    process.stdout.write(cliConfig(mirror));
  } else if (
    command === 'prepare' &&
    args.length === 2 &&
    (TF_ROOTS as readonly string[]).includes(args[0]!)
  ) {
    prepareWorkRoot(args[0] as TfRoot, args[1]!, { provider: {} });
  } else {
    console.error('usage: offline.ts cli-config [<mirror>] | prepare <core|edge|portal> <work-dir>');
    process.exit(2);
  }
}
