// scripts/deploy/pipeline.ts (npm run deploy / destroy). The wiring is checked as pure
// functions; `--dry-run` (typecheck, packaging of every service for both regions with the params a
// deploy passes, offline terraform plans of core, edge and portal) runs for real: no AWS account.
import { join } from 'node:path';
import type { Ctx, Step } from '../../scripts/deploy/pipeline';
import {
  apiOrigins,
  composeEntries,
  deploySteps,
  destroySteps,
  fakeCoreOutputs,
  fakeServiceOutputs,
  parseOptions,
  regionWaves,
  runSteps,
  serviceParams,
  UsageError,
} from '../../scripts/deploy/pipeline';
import { offlineEnv, repoRoot, run } from './support/processes';

const tsx = join(repoRoot, 'node_modules/.bin/tsx');

describe('wiring', () => {
  const entries = composeEntries();

  test('order: auth first in each region, every us-east-1 service before us-west-2', () => {
    const order = (region: 'us-east-1' | 'us-west-2') =>
      regionWaves(entries, region).map((w) => w.map((e) => e.name).sort());
    expect(order('us-east-1')).toEqual([['auth-use1'], ['profiles-use1', 'transactions-use1']]);
    expect(order('us-west-2')).toEqual([['auth-usw2'], ['profiles-usw2', 'transactions-usw2']]);
    expect(deploySteps().map((s) => s.name)).toEqual([
      'core',
      'services:us-east-1',
      'services:us-west-2',
      'edge',
      'portal',
    ]);
    expect(destroySteps().map((s) => s.name)).toEqual([
      'portal',
      'edge',
      'services:us-west-2',
      'services:us-east-1',
      'core',
      'check: nothing left',
    ]);
  });

  test('core outputs become --params: the secrets CMK of each region for auth and transactions, the stream for transactions, exports for profiles, the person-keys CMK of each region for both', () => {
    const core = fakeCoreOutputs('ci');
    const outputs = fakeServiceOutputs(entries, 'ci');
    const byName = Object.fromEntries(entries.map((e) => [e.name, serviceParams(e, outputs, core)]));
    const secrets = core.kms_key_arns!.secrets!;
    const personKeys = core.kms_key_arns!['person-keys']!;
    expect(byName['auth-use1']).toEqual({ secretsKmsKeyArn: secrets['us-east-1'] });
    expect(byName['auth-usw2']).toMatchObject({
      secretsKmsKeyArn: secrets['us-west-2'],
      userPoolId: outputs['auth-use1']!.UserPoolId,
    });
    expect(byName['transactions-usw2']).toEqual({
      secretsKmsKeyArn: secrets['us-west-2'],
      transferStreamArn: core.table_stream_arns_by_region!.transactions!['us-west-2'],
      personKeysKmsKeyArn: personKeys['us-west-2'],
      authorizerArn: outputs['auth-usw2']!.AuthorizerArn,
    });
    // profiles: the exports bucket and its CMK everywhere, the primary pool, and the profiles table's
    // stream only in the home region (where export jobs are written).
    const profilesCommon = {
      exportsBucket: core.exports_bucket!.name,
      exportsKmsKeyArn: core.exports_kms_key_arn,
      userPoolClientId: outputs['auth-use1']!.UserPoolClientId,
      userPoolId: outputs['auth-use1']!.UserPoolId,
      userPoolArn: outputs['auth-use1']!.UserPoolArn,
    };
    expect(byName['profiles-usw2']).toEqual({
      ...profilesCommon,
      personKeysKmsKeyArn: personKeys['us-west-2'],
      authorizerArn: outputs['auth-usw2']!.AuthorizerArn,
    });
    expect(byName['profiles-use1']).toEqual({
      ...profilesCommon,
      personKeysKmsKeyArn: personKeys['us-east-1'],
      authorizerArn: outputs['auth-use1']!.AuthorizerArn,
      profilesStreamArn: core.table_stream_arns_by_region!.profiles!['us-east-1'],
    });
    // A region without a key (core enable_replication=false) passes none: the service's fallback applies.
    expect(
      serviceParams(
        entries.find((e) => e.name === 'auth-usw2')!,
        outputs,
        { kms_key_arns: { secrets: {} } },
      ),
    ).not.toHaveProperty('secretsKmsKeyArn');
  });

  test('a service output that does not exist yet is an error, not an empty param', () => {
    const transactions = entries.find((e) => e.name === 'transactions-use1')!;
    expect(() => serviceParams(transactions, {}, {})).toThrow(/needs output AuthorizerArn of auth-use1/);
  });

  test("the services' ServiceEndpoint outputs become edge's api_origins", () => {
    const origins = apiOrigins(entries, fakeServiceOutputs(entries, 'ci'));
    expect(Object.keys(origins).sort()).toEqual(['auth', 'profiles', 'transactions']);
    for (const byRegion of Object.values(origins)) {
      expect(Object.keys(byRegion).sort()).toEqual(['us-east-1', 'us-west-2']);
      for (const [region, host] of Object.entries(byRegion)) {
        expect(host).toMatch(new RegExp(`^[a-z0-9]{10}\\.execute-api\\.${region}\\.amazonaws\\.com$`));
      }
    }
    expect(() => apiOrigins(entries, {})).toThrow(/no ServiceEndpoint/);
  });

  test('options: --stage is required and checked; --only names real steps', () => {
    expect(() => parseOptions([], 'deploy')).toThrow(UsageError);
    expect(() => parseOptions(['--stage', 'Prod!'], 'deploy')).toThrow(UsageError);
    expect(() => parseOptions(['--stage', 'dev', '--only', 'core,nope'], 'deploy')).toThrow(
      /unknown step "nope"/,
    );
    const options = parseOptions(
      ['--stage', 'dev', '--only', 'services:us-west-2', '--state-bucket', 'b'],
      'deploy',
    );
    expect([...options.only]).toEqual(['services:us-west-2']);
    expect(options.stateBucket).toBe('b');
    expect(options.portalImage).toBeUndefined();
    const image = `123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/ledgerline-portal-dev@sha256:${'a'.repeat(64)}`;
    expect(parseOptions(['--stage', 'dev', '--portal-image', image], 'deploy').portalImage).toBe(image);
  });
});

test('the runner prints each step and stops at the first error', async () => {
  const ran: string[] = [];
  const step = (name: string, fail = false): Step => ({
    name,
    run: async () => {
      ran.push(name);
      if (fail) throw new Error(`${name} broke`);
    },
  });
  const lines: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    const ctx = { options: parseOptions(['--stage', 'ci'], 'deploy') } as Ctx;
    expect(await runSteps([step('one'), step('two', true), step('three')], ctx)).toBe(1);
  } finally {
    write.mockRestore();
  }
  expect(ran).toEqual(['one', 'two']);
  const output = lines.join('');
  expect(output).toContain('[1/3] one: ok');
  expect(output).toContain('[2/3] two: FAILED');
  expect(output).toContain('two broke');
  expect(output).not.toContain('[3/3]');
});

// Stage `dryrun`, not `ci`: the infra project packages stage `ci` in the same service directories
// while `npm test` runs the projects in parallel (serverless-esbuild's work folder is per stage).
test('npm run deploy -- --stage dryrun --dry-run: every step that needs no AWS account', async () => {
  const result = await run(tsx, ['scripts/deploy/deploy.ts', '--stage', 'dryrun', '--dry-run'], {
    env: offlineEnv(),
    timeoutMs: 600_000,
  });
  const output = result.stdout + result.stderr;
  if (result.code !== 0) throw new Error(output.slice(-6000));
  const steps = [...output.matchAll(/^\[\d+\/\d+\] (.+): ok/gm)].map((m) => m[1]);
  expect(steps).toEqual([
    'typecheck (tsc --noEmit)',
    'package services:us-east-1 (with the params a deploy passes)',
    'package services:us-west-2 (with the params a deploy passes)',
    'terraform core: offline plan (fake credentials, -backend=false)',
    'terraform edge: offline plan (fake credentials, -backend=false)',
    'terraform portal: offline plan (fake credentials, -backend=false)',
  ]);
  expect(output).toContain('stands for: core → services:us-east-1 → services:us-west-2 → edge → portal');
  for (const entry of [
    'auth-use1',
    'transactions-use1',
    'profiles-use1',
    'auth-usw2',
    'transactions-usw2',
    'profiles-usw2',
  ]) {
    expect(output).toMatch(new RegExp(`${entry}: \\d+ resources`));
  }
  expect(output).toMatch(/core: plan ok: [1-9]\d* to add/);
  expect(output).toMatch(/edge: plan ok: [1-9]\d* to add/);
  // The origin-verify value goes to Terraform through the environment only.
  expect(output).not.toContain('dryrunplaceholder');
}, 600_000);

test('npm run destroy -- --stage ci --dry-run --only core: the reverse order, offline', async () => {
  const result = await run(
    tsx,
    ['scripts/deploy/destroy.ts', '--stage', 'ci', '--dry-run', '--only', 'core'],
    {
      env: offlineEnv(),
      timeoutMs: 300_000,
    },
  );
  const output = result.stdout + result.stderr;
  if (result.code !== 0) throw new Error(output.slice(-6000));
  expect(output).toContain('stands for: core → check: nothing left');
  expect(output).toMatch(/terraform core: offline plan -destroy .*: ok/);
}, 300_000);

test('a usage error exits 2 with the usage line', async () => {
  const result = await run(tsx, ['scripts/deploy/deploy.ts', '--dry-run'], {
    env: offlineEnv(),
    timeoutMs: 60_000,
  });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--stage <stage> is required');
}, 60_000);
