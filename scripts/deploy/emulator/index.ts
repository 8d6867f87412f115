/**
 * The emulated mode (`--endpoint <url>`): the real pipeline against moto_server instead of AWS
 * (tests/delivery/emulated-deploy.test.ts). Everything that differs from a real run is here:
 * where Terraform keeps its state, which provider endpoints point at the emulator, which variables
 * avoid what moto cannot do, and the environment of every child process. What it does not cover:
 * docs/deployment-guide.md, "Emulated deploy (moto)".
 */
import { join } from 'node:path';
import { repoRoot } from '../../lib/repo';
import type { TfRoot } from '../../terraform/offline';

/** Every AWS service endpoint the Terraform roots use, pointed at the emulator. */
export const EMULATED_SERVICES = [
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
] as const;

/**
 * Where an emulated run keeps a root's work copy and state between invocations (deploy, later
 * destroy): git-ignored, per stage.
 */
export const emulatedWorkDir = (stage: string, root: TfRoot): string =>
  join(repoRoot, '.local', 'emulated', stage, 'tf', root);

/** Variables that keep a root within what moto_server can emulate. */
export function emulatorTerraformVars(root: TfRoot): string[] {
  // moto cannot create table replicas or replica keys, and does not keep an ECR registry
  // replication configuration (it reads back as absent right after PutReplicationConfiguration).
  if (root === 'core') return ['-var=enable_replication=false', '-var=manage_portal_ecr_replication=false'];
  // moto cannot create aws_appautoscaling_target (ListTagsForResource is not implemented).
  if (root === 'portal') return ['-var=enable_autoscaling=false'];
  return [];
}

/**
 * The environment of every child process (and of this one's SDK clients) in an emulated run: the
 * endpoint, fake credentials only (the emulator accepts any key; real ones must never reach it).
 */
export function emulatorEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    AWS_ENDPOINT_URL: endpoint,
    // moto's ExecuteChangeSet fills no stack Outputs: plain CreateStack/UpdateStack instead
    // (serverless.common.yml, provider.deploymentMethod).
    LEDGERLINE_SLS_DEPLOYMENT_METHOD: 'direct',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
