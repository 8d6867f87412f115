/** `--dry-run`: everything a deploy does that needs no AWS account (typecheck, package, offline plans). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/repo';
import { serviceDir } from '../lib/services';
import { composeEntries, type ComposeEntry, serviceParams } from './compose';
import { type CoreOutputs, log, paramArgs, sh, SLS_TIMEOUT_S, slsBin } from './context';
import { FAKE_ACCOUNT_ID, type Options, PRIMARY, REGIONS } from './options';
import { apiOrigins, edgeVarsFile, placeholderOrigins, type Step } from './steps';
import { commonVars, terraformEnv, terraformInit } from './terraform';
import { TF_ROOTS } from '../terraform/offline';

/** What core would output, shaped like the real thing (fake account, fake key ids). */
export function fakeCoreOutputs(stage: string): CoreOutputs {
  const key = (region: string, n: number) =>
    `arn:aws:kms:${region}:${FAKE_ACCOUNT_ID}:key/mrk-${String(n).padStart(32, '0')}`;
  return {
    kms_key_arns: {
      secrets: { 'us-east-1': key('us-east-1', 1), 'us-west-2': key('us-west-2', 1) },
      data: { 'us-east-1': key('us-east-1', 2), 'us-west-2': key('us-west-2', 2) },
      'person-keys': { 'us-east-1': key('us-east-1', 6), 'us-west-2': key('us-west-2', 6) },
    },
    alarm_topic_arns: Object.fromEntries(
      REGIONS.map((r) => [r, `arn:aws:sns:${r}:${FAKE_ACCOUNT_ID}:ledgerline-alarms-${stage}`]),
    ),
    observability_kms_key_arns: { 'us-east-1': key('us-east-1', 3), 'us-west-2': key('us-west-2', 3) },
    table_stream_arns_by_region: {
      transactions: Object.fromEntries(
        REGIONS.map((r) => [
          r,
          `arn:aws:dynamodb:${r}:${FAKE_ACCOUNT_ID}:table/ledgerline-transactions-${stage}/stream/2026-01-01T00:00:00.000`,
        ]),
      ),
      profiles: Object.fromEntries(
        REGIONS.map((r) => [
          r,
          `arn:aws:dynamodb:${r}:${FAKE_ACCOUNT_ID}:table/ledgerline-profiles-${stage}/stream/2026-01-01T00:00:00.000`,
        ]),
      ),
    },
    exports_bucket: {
      name: `ledgerline-exports-${stage}-${FAKE_ACCOUNT_ID}`,
      arn: `arn:aws:s3:::ledgerline-exports-${stage}-${FAKE_ACCOUNT_ID}`,
    },
    exports_kms_key_arn: key(PRIMARY, 4),
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
                  cwd: serviceDir(entry.service),
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
        if (root === 'portal' && ctx.options.portalImage)
          extra.push(`-var=portal_image=${ctx.options.portalImage}`);
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
