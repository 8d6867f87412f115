// The GitHub Actions workflows are checked automatically. actionlint cannot be installed
// on these machines (not on npm, not in Debian's archive here), so: Ajv against a vendored schema of
// the workflow syntax (.github/schemas/github-workflow.schema.json, strict: unknown keys fail) plus
// the semantic rules actionlint would catch and the rules of our delivery design.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { load } from 'js-yaml';
import { repoRoot } from './support/processes';

type Json = Record<string, unknown>;
interface Job {
  needs?: string | string[];
  uses?: string;
  steps?: Array<{ uses?: string; run?: string; with?: Json; id?: string; if?: string; env?: Json }>;
  permissions?: Json | string;
  environment?: { name: string } | string;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  with?: Json;
  if?: string;
}
interface Workflow {
  on: Json;
  permissions?: Json;
  jobs: Record<string, Job>;
}

const dir = join(repoRoot, '.github/workflows');
const files = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const workflows = Object.fromEntries(
  files.map((f) => [f, load(readFileSync(join(dir, f), 'utf8')) as Workflow]),
);
const schema = JSON.parse(
  readFileSync(join(repoRoot, '.github/schemas/github-workflow.schema.json'), 'utf8'),
) as Json;
const scripts = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const allText = files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');

test('the workflows are there', () => {
  expect(files).toEqual(['checks.yml', 'deploy-stage.yml', 'deploy.yml']);
});

test.each(files)('%s matches the workflow schema', (file) => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const ok = validate(workflows[file]);
  expect(ok ? [] : validate.errors).toEqual([]);
});

test('the schema rejects what actionlint would (unknown keys, bad permissions, steps without run/uses)', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const base = workflows['checks.yml'] as unknown as Json;
  const broken = (mutate: (w: { jobs: Record<string, Json & { steps: Json[] }> } & Json) => void) => {
    const copy = structuredClone(base) as { jobs: Record<string, Json & { steps: Json[] }> } & Json;
    mutate(copy);
    return validate(copy);
  };
  expect(broken((w) => (w.jobs.lint!['runs_on'] = 'x'))).toBe(false);
  expect(broken((w) => (w.permissions = { 'id-token': 'read' }))).toBe(false);
  expect(broken((w) => w.jobs.lint!.steps.push({ name: 'nothing' }))).toBe(false);
  expect(broken((w) => w.jobs.lint!.steps.push({ uses: 'actions/checkout' }))).toBe(false); // unpinned
});

test('needs refer to jobs of the same workflow; local reusable workflows exist and are callable', () => {
  for (const [file, workflow] of Object.entries(workflows)) {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      for (const need of ([] as string[]).concat(job.needs ?? [])) {
        expect({ file, name, need, exists: need in workflow.jobs }).toEqual({
          file,
          name,
          need,
          exists: true,
        });
      }
      if (job.uses?.startsWith('./')) {
        const target = job.uses.replace('./.github/workflows/', '');
        expect(Object.keys(workflows)).toContain(target);
        expect(workflows[target]!.on).toHaveProperty('workflow_call');
        const declared = Object.keys(
          ((workflows[target]!.on.workflow_call ?? {}) as { inputs?: Json }).inputs ?? {},
        );
        expect(Object.keys(job.with ?? {}).filter((k) => !declared.includes(k))).toEqual([]);
      }
    }
  }
});

test('every `npm run <script>` of a workflow exists in package.json', () => {
  const used = [...allText.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]!);
  expect(used.length).toBeGreaterThan(0);
  expect(used.filter((s) => !(s in scripts))).toEqual([]);
});

test('expressions only use known contexts', () => {
  const known = new Set([
    'github',
    'inputs',
    'vars',
    'env',
    'needs',
    'secrets',
    'matrix',
    'steps',
    'runner',
    'job',
    'always',
    'success',
    'failure',
    'cancelled',
    'hashFiles',
    'format',
    'contains',
    'startsWith',
    'fromJSON',
    'toJSON',
  ]);
  const expressions = [...allText.matchAll(/\$\{\{([^}]*)\}\}/g)].map((m) => m[1]!);
  const ifs = Object.values(workflows).flatMap((w) => Object.values(w.jobs).map((j) => j.if ?? ''));
  const identifiers = [...expressions, ...ifs]
    .map((e) => e.replace(/'[^']*'/g, ''))
    .flatMap((e) => [...e.matchAll(/(?<![.\w-])([A-Za-z_][\w]*)/g)].map((m) => m[1]!));
  expect(identifiers.filter((id) => !known.has(id) && !['true', 'false', 'null'].includes(id))).toEqual([]);
});

test('pull requests run lint, typecheck, tests and the deploy dry run', () => {
  const checks = workflows['checks.yml']!;
  expect(checks.on).toHaveProperty('pull_request');
  const runs = (job: string) => (checks.jobs[job]?.steps ?? []).map((s) => s.run ?? '').join('\n');
  expect(runs('lint')).toContain('npm run lint');
  expect(runs('typecheck')).toContain('npm run typecheck');
  expect(runs('test')).toContain('npm test');
  expect(runs('dry-run')).toContain('npm run deploy -- --stage ci --dry-run');
  expect(checks.permissions).toEqual({ contents: 'read' });
});

test('the emulated deploy runs on pull requests against a pinned moto_server, bounded', () => {
  const job = workflows['checks.yml']!.jobs['emulated-deploy'] as Job & { 'timeout-minutes'?: number };
  expect(job).toBeDefined();
  const runs = (job.steps ?? []).map((s) => s.run ?? '').join('\n');
  expect(runs).toMatch(/pip install [^\n]*'moto\[server\]==5\.2\.1'/);
  expect(runs).toContain('npm run test:emulated');
  expect(scripts['test:emulated']).toContain('emulated-deploy');
  expect(job['timeout-minutes']).toBeLessThanOrEqual(30);
  // No AWS credentials or role anywhere near it: moto accepts fake keys only.
  expect(JSON.stringify(job)).not.toMatch(/configure-aws-credentials|id-token|secrets\./);
  // The `test` job runs `npm test`, which includes the delivery project (and so this file): both
  // need moto_server installed.
  const testRuns = (workflows['checks.yml']!.jobs.test?.steps ?? []).map((s) => s.run ?? '').join('\n');
  expect(testRuns).toMatch(/'moto\[server\]==5\.2\.1'/);
});

test('deploys: main only, OIDC (no long-lived keys), one concurrency group per stage, protected prod', () => {
  const deploy = workflows['deploy.yml']!;
  expect(deploy.on).toEqual(expect.objectContaining({ push: { branches: ['main'] } }));
  expect(deploy.jobs.dev?.needs).toBe('checks');
  expect(deploy.jobs.prod?.needs).toEqual(['checks', 'dev']);
  expect(deploy.jobs.prod?.with).toEqual({ stage: 'prod' });
  for (const job of ['dev', 'prod'])
    expect(deploy.jobs[job]?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });

  const stage = workflows['deploy-stage.yml']!.jobs.deploy!;
  expect(stage.environment).toEqual({ name: '${{ inputs.stage }}' });
  expect(stage.concurrency).toEqual({ group: 'deploy-${{ inputs.stage }}', 'cancel-in-progress': false });
  const credentials = stage.steps!.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
  expect(credentials?.with).toMatchObject({ 'role-to-assume': '${{ vars.AWS_DEPLOY_ROLE_ARN }}' });
  expect(allText).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
  // Per region, in the deploy order (docs/architecture.md).
  const runs = stage.steps!.map((s) => s.run ?? '').filter((r) => r.includes('npm run deploy'));
  expect(runs.map((r) => /--only (\S+)/.exec(r)?.[1])).toEqual([
    'core',
    'services:us-east-1',
    'services:us-west-2',
    'edge',
  ]);
});

test('the portal job builds the image, pushes it to the stage repository and deploys it by digest, not tag', () => {
  const stageWorkflow = workflows['deploy-stage.yml']!;
  const job = stageWorkflow.jobs.portal as Job & { steps: NonNullable<Job['steps']> };
  expect(job).toBeDefined();
  // After the stage's services and edge (api_base_url), with the same environment protection and OIDC role.
  expect(job.needs).toBe('deploy');
  expect(job.environment).toEqual({ name: '${{ inputs.stage }}' });
  expect(job.concurrency).toEqual({
    group: 'deploy-portal-${{ inputs.stage }}',
    'cancel-in-progress': false,
  });
  const credentials = job.steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
  expect(credentials?.with).toMatchObject({
    'role-to-assume': '${{ vars.AWS_DEPLOY_ROLE_ARN }}',
    'aws-region': '${{ env.PORTAL_REGION }}',
  });

  // Third-party actions of this job are pinned by commit SHA.
  const thirdParty = job.steps
    .map((s) => s.uses ?? '')
    .filter((u) => /^(docker|aws-actions\/amazon-ecr-login)/.test(u));
  expect(thirdParty).toHaveLength(3);
  for (const uses of thirdParty) expect(uses).toMatch(/@[0-9a-f]{40}$/);

  const build = job.steps.find((s) => s.uses?.startsWith('docker/build-push-action@'))!;
  expect(build.id).toBe('image');
  expect(build.with).toMatchObject({
    context: '.',
    file: 'services/portal/Dockerfile',
    push: true,
    provenance: false,
  });
  expect(String(build.with!.tags)).toContain(
    '${{ steps.ecr.outputs.registry }}/ledgerline-portal-${{ inputs.stage }}:',
  );
  // The image steps come before the deploy that uses their digest.
  const index = (predicate: (s: (typeof job.steps)[number]) => boolean) => job.steps.findIndex(predicate);
  const deployIndex = index((s) => (s.run ?? '').includes('npm run deploy'));
  expect(index((s) => s.id === 'ecr')).toBeLessThan(index((s) => s.id === 'image'));
  expect(index((s) => s.id === 'image')).toBeLessThan(deployIndex);

  // The deploy: only the portal step, the image by digest from the build step, never by tag.
  const deploy = job.steps[deployIndex]!;
  expect(deploy.run).toMatch(/--only portal\b/);
  expect(deploy.run).toContain('--portal-image "$PORTAL_IMAGE"');
  expect(deploy.run).toContain('--portal-var-file "$PORTAL_VAR_FILE"');
  expect(deploy.env).toEqual({
    PORTAL_IMAGE:
      '${{ steps.ecr.outputs.registry }}/ledgerline-portal-${{ inputs.stage }}@${{ steps.image.outputs.digest }}',
  });
  const image = String(deploy.env!.PORTAL_IMAGE);
  expect(image).not.toMatch(/:\$\{\{ *(github\.sha|steps\.image\.outputs\.(imageid|metadata)) *\}\}$/);
  expect(image).toMatch(/@\$\{\{ steps\.image\.outputs\.digest \}\}$/);
  expect(scripts.deploy).toContain('scripts/deploy/deploy.ts');

  // Every step after the stage check runs only when the stage has a portal var file.
  const gate = index((s) => s.id === 'stage');
  expect(gate).toBe(1);
  expect(job.steps.slice(gate + 1).every((s) => s.if === "steps.stage.outputs.enabled == 'true'")).toBe(true);
});
