// The emulated deploy smoke test: the real pipeline (`npm run deploy -- --endpoint`, then
// `npm run destroy`) against moto_server on 127.0.0.1, checked from the outside through the AWS SDK
// (and boto3 for the kinds whose SDK v3 client this repository does not install), then a check that
// nothing is left. Steps: core, services us-east-1, services us-west-2, edge, portal (in a Route 53
// zone the test creates, as an operator would): the real order. What the emulated run does not cover:
// docs/testing-guide.md, "Emulated deploy (moto)". moto_server is required: without it this file
// FAILS (it never skips).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, DescribeAlarmsCommand, ListDashboardsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetFunctionConfigurationCommand, LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { composeEntries, REGIONS } from '../../scripts/deploy/pipeline';
import type { Moto } from './support/moto';
import { startMoto } from './support/moto';
import { offlineEnv, repoRoot, run } from './support/processes';
import { SERVICE_NAMES } from '../../scripts/lib/services';

// Not `ci` or `dryrun`: the infra project and deploy-pipeline.test.ts package those stages in the
// same service directories while `npm test` runs the projects in parallel.
const STAGE = 'emulated';
const tsx = join(repoRoot, 'node_modules/.bin/tsx');
const SERVICES = SERVICE_NAMES;
/** The steps the emulated run takes: all of them, in the real order. */
const DEPLOY_STEPS = ['core', 'services:us-east-1', 'services:us-west-2', 'edge', 'portal'];
/** Functions that are not API routes and run longer than the routes' 10 s (services/transactions/serverless.yml). */
const TIMEOUTS: Record<string, number> = {
  settleLedger: 60,
  deliverTransfers: 60,
  reconcile: 300,
  runErasures: 60,
  runExports: 540,
};
/** Functions that are not 1 GB (the export worker streams, it does not compute). */
const MEMORY: Record<string, number> = { runExports: 512 };
/** The portal root's regions (terraform-foundation/portal/variables.tf defaults). */
const PORTAL_REGIONS = ['ap-southeast-1', 'ap-southeast-2'] as const;
const ALL_REGIONS = [...REGIONS, ...PORTAL_REGIONS];
/** The zone the portal gets (route53_zone_id): created by the test, deleted after the destroy. */
const ZONE = `${STAGE}.ledgerline.example.com`;
/** Each pipeline run's own limit (the pipeline also bounds every child it starts). */
const DEPLOY_TIMEOUT_MS = 15 * 60_000;
const DESTROY_TIMEOUT_MS = 15 * 60_000;
/** SDK/boto3 checks against a busy emulator (jest's 5 s default is too short on a loaded machine). */
const CHECK_TIMEOUT_MS = 120_000;
const tables = readdirSync(join(repoRoot, 'shared/tables'))
  .filter((f) => f.endsWith('.json') && !f.includes('schema'))
  .map((f) => JSON.parse(readFileSync(join(repoRoot, 'shared/tables', f), 'utf8')) as TableDefinition);

interface TableDefinition {
  stem: string;
  partitionKey: { name: string };
  sortKey?: { name: string };
  globalSecondaryIndexes?: Array<{ name: string }>;
  ttlAttribute?: string;
}

let moto: Moto;
let env: NodeJS.ProcessEnv;
let portalVarFile: string;
const timings: string[] = [];
const work = mkdtempSync(join(tmpdir(), 'ledgerline-emulated-'));
const stateDir = join(repoRoot, '.local/emulated', STAGE);

const client = <T>(Client: new (config: object) => T, region: string): T =>
  new Client({
    region,
    endpoint: moto.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 2,
  });

/** Runs the pipeline; fails with the tail of its output on a non-zero exit. */
async function pipeline(script: 'deploy' | 'destroy', args: string[], timeoutMs: number): Promise<string> {
  const result = await run(
    tsx,
    [`scripts/deploy/${script}.ts`, '--stage', STAGE, '--endpoint', moto.endpoint, ...args],
    {
      env,
      timeoutMs,
    },
  );
  const output = result.stdout + result.stderr;
  writeFileSync(join(work, `${script}.log`), output);
  for (const m of output.matchAll(/^\[\d+\/\d+\] (.+): ok \(([\d.]+) s\)$/gm)) {
    timings.push(`${script} ${m[1]}: ${m[2]} s`);
  }
  timings.push(`${script} total: ${(result.ms / 1000).toFixed(1)} s`);
  if (result.code !== 0) {
    throw new Error(
      `${script} exited ${result.code ?? result.signal} after ${result.ms} ms:\n${output.slice(-8000)}`,
    );
  }
  return output;
}

/** tests/delivery/support/route53_zone.py: create (prints the id) or delete the portal's zone. */
async function zone(action: 'create' | 'delete'): Promise<string> {
  const result = await run(
    'python3',
    [join(__dirname, 'support/route53_zone.py'), moto.endpoint, action, ZONE],
    { env, timeoutMs: 60_000 },
  );
  if (result.code !== 0) throw new Error(`route53_zone.py ${action} failed:\n${result.stderr.slice(-4000)}`);
  return result.stdout.trim();
}

/** boto3 read-back of the edge root (tests/delivery/support/edge.py). */
async function edge(): Promise<EdgeReadBack> {
  const result = await run(
    'python3',
    [join(__dirname, 'support/edge.py'), moto.endpoint, STAGE, ...REGIONS],
    { env, timeoutMs: 120_000 },
  );
  if (result.code !== 0) throw new Error(`edge.py failed:\n${result.stderr.slice(-4000)}`);
  return JSON.parse(result.stdout) as EdgeReadBack;
}

interface EdgeReadBack {
  distributions: Array<{
    id: string;
    comment: string;
    enabled: boolean;
    web_acl_id: string;
    logging_bucket: string;
    origins: Record<string, { domain: string; path: string; headers: string[] }>;
    behaviours: Array<{
      path: string;
      target: string;
      cache_policy: string;
      origin_request_policy: string;
      functions: string[];
    }>;
  }>;
  cache_policies: Record<string, string>;
  origin_request_policies: Record<string, string>;
  functions: Record<string, string>;
  associations: Record<string, string | null>;
}

/** boto3 inventory of the kinds without an SDK v3 client here (tests/delivery/support/inventory.py). */
async function inventory(regions: string[]): Promise<Record<string, string[]>> {
  const result = await run(
    'python3',
    [join(__dirname, 'support/inventory.py'), moto.endpoint, STAGE, ...regions],
    { env, timeoutMs: 120_000 },
  );
  if (result.code !== 0) throw new Error(`inventory.py failed:\n${result.stderr.slice(-4000)}`);
  return JSON.parse(result.stdout) as Record<string, string[]>;
}

async function stack(region: string, service: string) {
  const cfn = client(CloudFormationClient, region);
  try {
    const { Stacks } = await cfn.send(
      new DescribeStacksCommand({ StackName: `ledgerline-${service}-${STAGE}` }),
    );
    const s = Stacks![0]!;
    const { StackResourceSummaries } = await cfn.send(
      new ListStackResourcesCommand({ StackName: s.StackName }),
    );
    return {
      status: s.StackStatus,
      outputs: Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!])),
      resources: StackResourceSummaries ?? [],
    };
  } finally {
    cfn.destroy();
  }
}

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // Fails here, with the install hint, when moto (server extra) is missing.
  moto = await startMoto();
  env = offlineEnv({ AWS_ENDPOINT_URL: moto.endpoint });
  // A fresh emulator holds nothing: drop any Terraform state an earlier interrupted run left.
  rmSync(stateDir, { recursive: true, force: true });
  // The portal's inputs an operator chooses (--portal-var-file): its zone, name and image. The prefix
  // list ids are those of the offline plan fixture (moto does not check them).
  const zoneId = await zone('create');
  portalVarFile = join(work, 'portal.tfvars');
  writeFileSync(
    portalVarFile,
    [
      `domain_name     = "portal.${ZONE}"`,
      `route53_zone_id = "${zoneId}"`,
      'portal_image    = "123456789012.dkr.ecr.ap-southeast-1.amazonaws.com/ledgerline-portal:1.0.0"',
      'cloudfront_prefix_list_ids = { ap-southeast-1 = "pl-31a34658", ap-southeast-2 = "pl-b8a742d1" }',
      'route53_healthcheck_prefix_list_ids = { ap-southeast-1 = "pl-0c1d2e3f4a5b6c7d8", ap-southeast-2 = "pl-0d1e2f3a4b5c6d7e8" }',
      '',
    ].join('\n'),
  );
}, 120_000);

afterAll(async () => {
  await moto?.stop();
  rmSync(stateDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  if (timings.length) console.log(`emulated deploy timings (stage ${STAGE}):\n  ${timings.join('\n  ')}`);
});

describe('emulated deploy (moto_server)', () => {
  test(
    'npm run deploy -- --endpoint: core → services us-east-1 → services us-west-2 → edge → portal, every step ok',
    async () => {
      const output = await pipeline(
        'deploy',
        ['--only', DEPLOY_STEPS.join(','), '--portal-var-file', portalVarFile],
        DEPLOY_TIMEOUT_MS,
      );
      const steps = [...output.matchAll(/^\[\d+\/\d+\] (.+): ok/gm)].map((m) => m[1]);
      expect(steps).toEqual(DEPLOY_STEPS);
      // The emulated-run switches, and nothing else: secret values are generated as in a real stage.
      expect(output).toContain('-var=enable_replication=false');
      expect(output).toContain('-var=enable_autoscaling=false');
      // The portal keeps its production defaults otherwise: standby region, backups, trail.
      expect(output).not.toMatch(/standby_enabled=false/);
      expect(output).not.toContain('generate_secret_values=false');
      // Services in the deploy order (docs/architecture.md), each wired from the outputs before it.
      const waves = [...output.matchAll(/^ {4}wave: (.+)$/gm)].map((m) => m[1]);
      expect(waves).toEqual([
        'auth-use1',
        'transactions-use1, profiles-use1',
        'auth-usw2',
        'transactions-usw2, profiles-usw2',
      ]);
    },
    DEPLOY_TIMEOUT_MS + 60_000,
  );

  test(
    'every service stack is complete in both regions, with the outputs the pipeline wires',
    async () => {
      const outputs: Record<string, Record<string, string>> = {};
      for (const entry of composeEntries()) {
        const s = await stack(entry.region, entry.service);
        // osls creates a stack with its deployment bucket, then updates it with the service.
        expect({ stack: entry.name, status: s.status }).toEqual({
          stack: entry.name,
          status: 'UPDATE_COMPLETE',
        });
        expect(s.outputs.ServiceEndpoint).toMatch(new RegExp(`/${STAGE}$`));
        outputs[entry.name] = s.outputs;
      }
      const primary = outputs['auth-use1']!;
      expect(primary.AuthorizerArn).toBe(
        `arn:aws:lambda:us-east-1:123456789012:function:ledgerline-auth-${STAGE}-authorizer`,
      );
      expect(outputs['auth-usw2']!.AuthorizerArn).toBe(
        `arn:aws:lambda:us-west-2:123456789012:function:ledgerline-auth-${STAGE}-authorizer`,
      );
      // One user directory: us-west-2 got the primary pool and client through --param (compose wiring).
      expect(primary.UserPoolId).toMatch(/^us-east-1_/);
      expect(outputs['auth-usw2']!.UserPoolId).toBe(primary.UserPoolId);
      expect(outputs['auth-usw2']!.UserPoolClientId).toBe(primary.UserPoolClientId);
      expect(outputs['auth-usw2']!.UserPoolArn).toBe(primary.UserPoolArn);

      const cognito = client(CognitoIdentityProviderClient, 'us-east-1');
      try {
        const { UserPool } = await cognito.send(
          new DescribeUserPoolCommand({ UserPoolId: primary.UserPoolId }),
        );
        expect(UserPool?.Name).toBe(`ledgerline-users-${STAGE}`);
        expect(UserPool?.Arn).toBe(primary.UserPoolArn);
        const { UserPoolClient } = await cognito.send(
          new DescribeUserPoolClientCommand({
            UserPoolId: primary.UserPoolId,
            ClientId: primary.UserPoolClientId,
          }),
        );
        expect(UserPoolClient?.ClientName).toBe(`ledgerline-mobile-${STAGE}`);
      } finally {
        cognito.destroy();
      }
      const west = client(CognitoIdentityProviderClient, 'us-west-2');
      try {
        const { UserPools } = await west.send(new ListUserPoolsCommand({ MaxResults: 60 }));
        expect(UserPools ?? []).toEqual([]); // Cognito lives in the primary region only
      } finally {
        west.destroy();
      }
    },
    CHECK_TIMEOUT_MS,
  );

  test.each(REGIONS)(
    '%s: functions carry the stage, run nodejs22.x with 1 GB / 10 s and point at their stage table; REST APIs exist',
    async (region) => {
      const lambda = client(LambdaClient, region);
      const apigateway = client(APIGatewayClient, region);
      try {
        const listed: string[] = [];
        let Marker: string | undefined;
        do {
          const page = await lambda.send(new ListFunctionsCommand({ Marker }));
          listed.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
          Marker = page.NextMarker;
        } while (Marker);
        for (const service of SERVICES) {
          const s = await stack(region, service);
          const functions = s.resources
            .filter((r) => r.ResourceType === 'AWS::Lambda::Function')
            .map((r) => r.PhysicalResourceId!);
          expect(functions.length).toBeGreaterThanOrEqual(2);
          for (const name of functions) {
            expect(name.startsWith(`ledgerline-${service}-${STAGE}-`)).toBe(true);
            expect(listed).toContain(name);
            const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
            // (Architectures is not asserted: moto's CloudFormation drops it and reports x86_64; the
            // infra suite checks arm64 in the packaged templates.)
            expect({
              name,
              runtime: config.Runtime,
              memory: config.MemorySize,
              timeout: config.Timeout,
            }).toEqual({
              name,
              runtime: 'nodejs22.x',
              memory: MEMORY[name.split('-').at(-1)!] ?? 1024,
              timeout: TIMEOUTS[name.split('-').at(-1)!] ?? 10,
            });
            expect(config.Environment?.Variables).toMatchObject({ STAGE });
            expect(config.Environment?.Variables?.TABLE_NAME).toMatch(
              new RegExp(`^ledgerline-[a-z]+-${STAGE}$`),
            );
          }
        }
        const { items } = await apigateway.send(new GetRestApisCommand({ limit: 500 }));
        const apis = (items ?? []).map((a) => a.name);
        for (const service of SERVICES) expect(apis).toContain(`ledgerline-${service}-${STAGE}`);
      } finally {
        lambda.destroy();
        apigateway.destroy();
      }
    },
    CHECK_TIMEOUT_MS,
  );

  test(
    'core: every shared table (keys, GSIs, CMK encryption, stream) and the secrets with values',
    async () => {
      const dynamodb = client(DynamoDBClient, 'us-east-1');
      const secrets = client(SecretsManagerClient, 'us-east-1');
      try {
        expect(tables.length).toBeGreaterThanOrEqual(3);
        for (const definition of tables) {
          const { Table } = await dynamodb.send(
            new DescribeTableCommand({ TableName: `ledgerline-${definition.stem}-${STAGE}` }),
          );
          expect(Table?.TableStatus).toBe('ACTIVE');
          expect(Table?.KeySchema).toEqual([
            { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
            ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' }] : []),
          ]);
          expect((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName).sort()).toEqual(
            (definition.globalSecondaryIndexes ?? []).map((g) => g.name).sort(),
          );
          expect(Table?.SSEDescription?.SSEType).toBe('KMS');
          expect(Table?.StreamSpecification?.StreamEnabled).toBe(true);
          expect(Table?.Replicas ?? []).toEqual([]); // enable_replication=false
        }
        const { SecretList } = await secrets.send(new ListSecretsCommand({ MaxResults: 100 }));
        const names = (SecretList ?? []).map((s) => s.Name);
        for (const name of ['origin-verify', 'api-keys', 'service-token-signing-key']) {
          expect(names).toContain(`ledgerline/${STAGE}/${name}`);
        }
        // generate_secret_values (the default) filled the origin-verify value that edge and portal use.
        const { SecretString } = await secrets.send(
          new GetSecretValueCommand({ SecretId: `ledgerline/${STAGE}/origin-verify` }),
        );
        expect(SecretString?.length ?? 0).toBeGreaterThanOrEqual(32);
      } finally {
        dynamodb.destroy();
        secrets.destroy();
      }
    },
    CHECK_TIMEOUT_MS,
  );

  test(
    'KMS keys and alarm topics of core: a single-region key set plus the secondary observability key',
    async () => {
      const found = await inventory([...REGIONS]);
      const inRegion = (kind: string, region: string) =>
        (found[kind] ?? []).filter((x) => x.startsWith(`${region}/`));
      expect(inRegion('kms_keys', 'us-east-1')).toHaveLength(5); // data, secrets, observability, person-keys, exports
      expect(inRegion('kms_keys', 'us-west-2')).toHaveLength(1); // observability (no replicas)
      expect(inRegion('sns_topics', 'us-east-1')).toEqual([
        `us-east-1/arn:aws:sns:us-east-1:123456789012:ledgerline-alarms-${STAGE}`,
      ]);
      expect(inRegion('sns_topics', 'us-west-2')).toEqual([
        `us-west-2/arn:aws:sns:us-west-2:123456789012:ledgerline-alarms-${STAGE}`,
      ]);
    },
    CHECK_TIMEOUT_MS,
  );

  test(
    'core: the exports bucket (SSE-KMS, private, TLS-only, 7-day expiry, access logs) and its log bucket',
    async () => {
      const s3 = new S3Client({
        region: 'us-east-1',
        endpoint: moto.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 2,
      });
      const exportsBucket = `ledgerline-exports-${STAGE}-123456789012`;
      const logsBucket = `ledgerline-exports-logs-${STAGE}-123456789012`;
      try {
        const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: exportsBucket }));
        const rule = encryption.ServerSideEncryptionConfiguration?.Rules?.[0];
        expect(rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('aws:kms');
        expect(rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID).toMatch(/^arn:aws:kms:us-east-1:/);
        const lifecycle = await s3.send(
          new GetBucketLifecycleConfigurationCommand({ Bucket: exportsBucket }),
        );
        expect(lifecycle.Rules?.map((r) => [r.Status, r.Expiration?.Days])).toEqual([['Enabled', 7]]);
        const logging = await s3.send(new GetBucketLoggingCommand({ Bucket: exportsBucket }));
        expect(logging.LoggingEnabled?.TargetBucket).toBe(logsBucket);
        for (const Bucket of [exportsBucket, logsBucket]) {
          const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket }));
          expect(block.PublicAccessBlockConfiguration).toEqual({
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          });
          const { Policy } = await s3.send(new GetBucketPolicyCommand({ Bucket }));
          expect(Policy).toContain('aws:SecureTransport');
        }
        const logsEncryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: logsBucket }));
        expect(
          logsEncryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
            ?.SSEAlgorithm,
        ).toBe('AES256');
      } finally {
        s3.destroy();
      }
    },
    CHECK_TIMEOUT_MS,
  );

  test(
    "edge: CloudFront over both regions' APIs with x-origin-verify, no-cache/origin-request policies and the 404 function; WAF ACLs; origin guards on every API stage; alarms and dashboards",
    async () => {
      const read = await edge();
      expect(read.distributions).toHaveLength(1);
      const dist = read.distributions[0]!;
      expect(dist.comment).toBe(`ledgerline-api-${STAGE}`);
      expect(dist.enabled).toBe(true);
      // One origin per service and region, at the service's own REST API (its stack output), stage path,
      // each sending the origin-verify header (its value is a secret: only the name is read back).
      const expected: Record<string, { domain: string; path: string; headers: string[] }> = {};
      for (const entry of composeEntries()) {
        const s = await stack(entry.region, entry.service);
        expected[`${entry.service}-${entry.region}`] = {
          domain: new URL(s.outputs.ServiceEndpoint!).host,
          path: `/${STAGE}`,
          headers: ['x-origin-verify'],
        };
      }
      expect(Object.keys(expected)).toHaveLength(SERVICES.length * REGIONS.length);
      expect(dist.origins).toEqual(expected);
      // The CLOUDFRONT-scope WAF ACL, and the access-log bucket.
      expect(dist.web_acl_id).toMatch(
        new RegExp(`^arn:aws:wafv2:us-east-1:123456789012:global/webacl/ledgerline-edge-${STAGE}/`),
      );
      expect(dist.logging_bucket).toMatch(/\.s3\.amazonaws\.com$/);
      // Every behaviour: the stage's no-cache and origin-request policies; the default one also runs
      // the published 404 function at viewer-request.
      expect(Object.values(read.cache_policies)).toEqual([`ledgerline-no-cache-${STAGE}`]);
      expect(Object.values(read.origin_request_policies)).toEqual([`ledgerline-api-origin-request-${STAGE}`]);
      const functionArn = `arn:aws:cloudfront::123456789012:function/ledgerline-not-found-${STAGE}`;
      expect(read.functions).toEqual({ [functionArn]: 'cloudfront-js-2.0' });
      expect(dist.behaviours.length).toBeGreaterThan(SERVICES.length);
      for (const b of dist.behaviours) {
        expect(Object.keys(read.cache_policies)).toContain(b.cache_policy);
        expect(Object.keys(read.origin_request_policies)).toContain(b.origin_request_policy);
        expect(Object.keys(dist.origins).concat(SERVICES.map((s) => `${s}-failover`))).toContain(b.target);
      }
      expect(dist.behaviours[0]).toMatchObject({ path: '*', functions: [functionArn] });
      // Origin guard: each region's ACL on every service's API stage there.
      expect(read.associations).toEqual(
        Object.fromEntries(
          REGIONS.flatMap((region) =>
            SERVICES.map((service) => [
              `${region}/ledgerline-${service}-${STAGE}`,
              `ledgerline-origin-guard-${region}-${STAGE}`,
            ]),
          ),
        ),
      );
      const found = await inventory([...REGIONS]);
      const acls = (found.waf_web_acls ?? []).sort();
      expect(acls).toEqual(
        expect.arrayContaining([
          `us-east-1/CLOUDFRONT/ledgerline-edge-${STAGE}`,
          `us-east-1/REGIONAL/ledgerline-origin-guard-us-east-1-${STAGE}`,
          `us-west-2/REGIONAL/ledgerline-origin-guard-us-west-2-${STAGE}`,
        ]),
      );
      // Alarms in both API regions (per service, function, table, origin guard) plus the global
      // WAF/CloudFront ones in us-east-1; the dashboards in the primary region.
      for (const region of REGIONS) {
        const cloudwatch = client(CloudWatchClient, region);
        try {
          const names: string[] = [];
          let NextToken: string | undefined;
          do {
            const page = await cloudwatch.send(new DescribeAlarmsCommand({ NextToken, MaxRecords: 100 }));
            names.push(...(page.MetricAlarms ?? []).map((a) => a.AlarmName!));
            NextToken = page.NextToken;
          } while (NextToken);
          for (const service of SERVICES) {
            expect(names).toContain(`ledgerline-${service}-api-5xx-rate-${region}-${STAGE}`);
            expect(names).toContain(`ledgerline-${service}-api-latency-p99-${region}-${STAGE}`);
          }
          expect(names).toContain(`ledgerline-origin-guard-blocked-${region}-${STAGE}`);
          if (region === 'us-east-1') {
            expect(names).toContain(`ledgerline-waf-blocked-spike-${STAGE}`);
            expect(names).toContain(`ledgerline-cloudfront-5xx-rate-${STAGE}`);
            const { DashboardEntries } = await cloudwatch.send(new ListDashboardsCommand({}));
            expect((DashboardEntries ?? []).map((d) => d.DashboardName).sort()).toEqual(
              ['apis', 'data', 'edge', 'ledger'].map((d) => `ledgerline-${d}-${STAGE}`),
            );
          }
        } finally {
          cloudwatch.destroy();
        }
      }
    },
    CHECK_TIMEOUT_MS,
  );

  test(
    'portal: VPC, ALB, ECS cluster and service, Aurora, backup vaults and plan in both portal regions; trail, CloudFront, DNS',
    async () => {
      const found = await inventory([...PORTAL_REGIONS]);
      const names = (kind: string) => [...(found[kind] ?? [])].sort();
      const [primary, standby] = PORTAL_REGIONS;
      expect(names('vpcs')).toHaveLength(2);
      expect(
        names('vpcs')
          .map((v) => v.split('/')[0])
          .sort(),
      ).toEqual([primary, standby]);
      expect(names('load_balancers')).toEqual([
        `${primary}/ledgerline-portal-${STAGE}`,
        `${standby}/ledgerline-portal-${STAGE}`,
      ]);
      expect(names('ecs_clusters')).toEqual([
        `${primary}/ledgerline-portal-${primary}-${STAGE}`,
        `${standby}/ledgerline-portal-${standby}-${STAGE}`,
      ]);
      expect(names('ecs_services')).toHaveLength(2);
      for (const region of PORTAL_REGIONS) {
        expect(
          names('ecs_services').some((s) => s.startsWith(`${region}/ledgerline-portal-${region}-${STAGE}/`)),
        ).toBe(true);
      }
      // Aurora in the primary only (the standby gets copies through AWS Backup, no database).
      expect(names('rds_clusters')).toEqual([`${primary}/ledgerline-portal-db-${primary}-${STAGE}`]);
      expect(names('rds_instances')).toEqual([
        `${primary}/ledgerline-portal-db-reader-1-${primary}-${STAGE}`,
        `${primary}/ledgerline-portal-db-writer-${primary}-${STAGE}`,
      ]);
      expect(names('backup_vaults')).toEqual([
        `${primary}/ledgerline-portal-backup-${primary}-${STAGE}`,
        `${standby}/ledgerline-portal-backup-${standby}-${STAGE}`,
      ]);
      expect(names('backup_plans')).toEqual([`${primary}/ledgerline-portal-backup-${STAGE}`]);
      expect(names('cloudtrails')).toEqual([`${primary}/ledgerline-portal-trail-${STAGE}`]);
      // The portal's and edge's (edge's is checked in detail above).
      expect(names('cloudfront_distributions')).toHaveLength(2);
      expect(names('hosted_zones')).toEqual([`global/${ZONE}.`]);
      expect(names('health_checks')).toEqual([
        `global/${primary}.origin.portal.${ZONE}`,
        `global/${standby}.origin.portal.${ZONE}`,
      ]);
    },
    CHECK_TIMEOUT_MS,
  );

  test(
    'npm run destroy -- --yes: portal → edge → services us-west-2 → us-east-1 → core, then its own check',
    async () => {
      const output = await pipeline(
        'destroy',
        ['--yes', '--only', [...DEPLOY_STEPS].reverse().join(','), '--portal-var-file', portalVarFile],
        DESTROY_TIMEOUT_MS,
      );
      const steps = [...output.matchAll(/^\[\d+\/\d+\] (.+): ok/gm)].map((m) => m[1]);
      expect(steps).toEqual([
        'portal',
        'edge',
        'services:us-west-2',
        'services:us-east-1',
        'core',
        'check: nothing left',
      ]);
      // The zone was the operator's: empty again, deleted (fails if the destroy left records in it).
      await zone('delete');
    },
    DESTROY_TIMEOUT_MS + 60_000,
  );

  test(
    'nothing of the stage is left, kind by kind',
    async () => {
      const left: Record<string, string[]> = {};
      const note = (kind: string, items: string[]) => (left[kind] = [...(left[kind] ?? []), ...items]);
      const hasStage = (name = '') => name.includes(STAGE);
      for (const region of ALL_REGIONS) {
        const cfn = client(CloudFormationClient, region);
        const lambda = client(LambdaClient, region);
        const dynamodb = client(DynamoDBClient, region);
        const apigateway = client(APIGatewayClient, region);
        const logs = client(CloudWatchLogsClient, region);
        const secrets = client(SecretsManagerClient, region);
        const cognito = client(CognitoIdentityProviderClient, region);
        const cloudwatch = client(CloudWatchClient, region);
        try {
          // `${region}/${name}` of every listed name (only the stage's where other stages may exist).
          const named = (names: (string | undefined)[], stageOnly = false) =>
            names.filter((n) => !stageOnly || hasStage(n)).map((n) => `${region}/${n}`);
          const stacks = await cfn.send(new ListStacksCommand({}));
          note(
            'stacks',
            named(
              (stacks.StackSummaries ?? [])
                .filter((s) => s.StackStatus !== 'DELETE_COMPLETE')
                .map((s) => s.StackName),
            ),
          );
          const functions = await lambda.send(new ListFunctionsCommand({}));
          note('functions', named((functions.Functions ?? []).map((f) => f.FunctionName)));
          const tableNames = await dynamodb.send(new ListTablesCommand({}));
          note('tables', named(tableNames.TableNames ?? []));
          const apis = await apigateway.send(new GetRestApisCommand({ limit: 500 }));
          note('rest apis', named((apis.items ?? []).map((a) => a.name)));
          const groups = await logs.send(new DescribeLogGroupsCommand({}));
          note(
            'log groups',
            named(
              (groups.logGroups ?? []).map((g) => g.logGroupName),
              true,
            ),
          );
          const secretList = await secrets.send(new ListSecretsCommand({ MaxResults: 100 }));
          note(
            'secrets (not scheduled for deletion)',
            named((secretList.SecretList ?? []).filter((s) => !s.DeletedDate).map((s) => s.Name)),
          );
          const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
          note('user pools', named((pools.UserPools ?? []).map((p) => p.Name)));
          const alarms = await cloudwatch.send(new DescribeAlarmsCommand({ MaxRecords: 100 }));
          const alarmList = [...(alarms.MetricAlarms ?? []), ...(alarms.CompositeAlarms ?? [])];
          note(
            'alarms',
            named(
              alarmList.map((a) => a.AlarmName),
              true,
            ),
          );
          const dashboards = await cloudwatch.send(new ListDashboardsCommand({}));
          note(
            'dashboards',
            named(
              (dashboards.DashboardEntries ?? []).map((d) => d.DashboardName),
              true,
            ),
          );
        } finally {
          for (const c of [cfn, lambda, dynamodb, apigateway, logs, secrets, cognito, cloudwatch])
            c.destroy();
        }
      }
      const iam = client(IAMClient, 'us-east-1');
      const s3 = client(S3Client, 'us-east-1');
      try {
        const roles = await iam.send(new ListRolesCommand({ MaxItems: 1000 }));
        note(
          'roles',
          (roles.Roles ?? []).filter((r) => hasStage(r.RoleName)).map((r) => r.RoleName!),
        );
        const buckets = await s3.send(new ListBucketsCommand({}));
        note(
          'buckets',
          (buckets.Buckets ?? []).map((b) => b.Name!),
        );
      } finally {
        iam.destroy();
        s3.destroy();
      }
      for (const [kind, items] of Object.entries(await inventory(ALL_REGIONS))) {
        note(kind, items);
      }
      // Every kind was looked at; every list is empty.
      expect(Object.keys(left).length).toBeGreaterThanOrEqual(29);
      expect(Object.fromEntries(Object.entries(left).filter(([, items]) => items.length > 0))).toEqual({});
    },
    CHECK_TIMEOUT_MS,
  );
});
