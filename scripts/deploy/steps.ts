/** The steps of a real (or emulated) deploy and destroy, in the platform's deploy order. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceDir } from '../lib/services';
import { remainingStacks, originVerifyValue, stackOutputs } from './aws';
import { composeEntries, regionWaves, serviceParams, type ComposeEntry } from './compose';
import {
  type CoreOutputs,
  type Ctx,
  log,
  paramArgs,
  sh,
  SLS_TIMEOUT_S,
  slsBin,
  TF_TIMEOUT_S,
} from './context';
import { PRIMARY, REGIONS, type Region } from './options';
import { commonVars, terraformEnv, terraformInit, terraformOutputs, type TfRoot } from './terraform';

export interface Step {
  name: string;
  run(ctx: Ctx): Promise<void>;
}

export async function readCore(ctx: Ctx): Promise<CoreOutputs> {
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
            const cwd = serviceDir(entry.service);
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

export function edgeVarsFile(ctx: Ctx, origins: Record<string, Record<string, string>>): string {
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
      // Before the root's var file (which may override them) / after it (explicit options win).
      const defaults: string[] = [];
      const extra: string[] = [];
      if (root === 'portal') {
        // The APIs the portal calls: edge's public entry point. Destroy needs a valid value only.
        defaults.push(
          `-var=api_base_url=${command === 'apply' ? await edgeApiBaseUrl(ctx) : 'https://destroy.invalid'}`,
        );
        if (ctx.options.portalImage) extra.push(`-var=portal_image=${ctx.options.portalImage}`);
      }
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
        [
          '-chdir=' + dir,
          command,
          '-input=false',
          '-auto-approve',
          ...defaults,
          ...commonVars(ctx, root),
          ...extra,
        ],
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

/** edge's api_base_url output (edge is applied before the portal). */
async function edgeApiBaseUrl(ctx: Ctx): Promise<string> {
  const outputs = await terraformOutputs<{ api_base_url?: string }>(ctx, await terraformInit(ctx, 'edge'));
  if (!outputs.api_base_url) throw new Error('portal: edge has no api_base_url output (deploy edge first)');
  return outputs.api_base_url;
}

/** Destroy needs edge's variables to be valid only, not real: hosts of the right shape. */
export function placeholderOrigins(entries: ComposeEntry[]): Record<string, Record<string, string>> {
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
