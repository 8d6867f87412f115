// The packaged profiles service, in both regions, with the params compose passes.
// Packages on its own (offline, ~15 s per region) into .build/infra-test/profiles.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Template } from './cfn';
import { namesWithoutStage, policyStatements, resourcesOfType, wildcardViolations } from './cfn';

const ROOT = path.resolve(__dirname, '../..');
const STAGE = 'ci';
const OUT = path.join(ROOT, '.build', 'infra-test', 'profiles');
const REGIONS = ['us-east-1', 'us-west-2'] as const;
const AUTHORIZER_ARN = (region: string) =>
  `arn:aws:lambda:${region}:123456789012:function:ledgerline-auth-${STAGE}-authorizer`;
const CLIENT_ID = '4example0client0id0abcdefg';
const TABLE = `ledgerline-profiles-${STAGE}`;
const HOME_TABLE_ARN = {
  'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:us-east-1:\${AWS::AccountId}:table/${TABLE}`,
};
/** The auth service's table (revocation records) in the function's OWN region, users' partitions only. */
const authTableUsers = (action: string) => ({
  Effect: 'Allow',
  Action: [action],
  Resource: {
    'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/ledgerline-auth-${STAGE}`,
  },
  Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } },
});
/** What compose passes from Terraform core and the auth service (scripts/deploy/compose.ts). */
const BUCKET = `ledgerline-exports-${STAGE}-123456789012`;
const EXPORTS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/mrk-00000000000000000000000000000004';
const POOL_ID = 'us-east-1_Example';
const POOL_ARN = `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL_ID}`;
const PROFILES_STREAM = `arn:aws:dynamodb:us-east-1:123456789012:table/${TABLE}/stream/2026-01-01T00:00:00.000`;
const EXPORT_OBJECTS = { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${BUCKET}/exports/*` };
const PERSON_KEYS_KEY = (region: string) =>
  `arn:aws:kms:${region}:123456789012:key/mrk-00000000000000000000000000000006`;
/** The framework's statement for a worker's stream trigger: the profiles stream, home region only. */
const streamReads = (region: string) =>
  region === 'us-east-1'
    ? [
        {
          Effect: 'Allow',
          Action: [
            'dynamodb:GetRecords',
            'dynamodb:GetShardIterator',
            'dynamodb:DescribeStream',
            'dynamodb:ListStreams',
          ],
          Resource: [PROFILES_STREAM],
        },
      ]
    : [];
// The erasure checks' names for the same values.
const USER_POOL_ID = POOL_ID;
const USER_POOL_ARN = POOL_ARN;
const EXPORTS_BUCKET = BUCKET;
const TRANSACTIONS_TABLE = `table/ledgerline-transactions-${STAGE}`;
/** The ledger's holdings for DELETE /me's 409: this region's transactions table, owner index and items. */
const ledgerReads = [
  {
    Effect: 'Allow',
    Action: ['dynamodb:Query'],
    Resource: {
      'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:${TRANSACTIONS_TABLE}/index/gsi3`,
    },
  },
  {
    Effect: 'Allow',
    Action: ['dynamodb:BatchGetItem'],
    Resource: {
      'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:${TRANSACTIONS_TABLE}`,
    },
  },
];
const run = promisify(execFile);
const templatePath = (region: string) => path.join(OUT, region, 'cloudformation-template-update-stack.json');
const template = (region: string): Template => JSON.parse(readFileSync(templatePath(region), 'utf8'));

/**
 * Each function's route, the only DynamoDB actions its role may use on the home-region table, and
 * its statements on the auth table (device removal revokes a token family; the list reads them).
 */
const ROUTES: Record<string, { method: string; actions: string[]; auth?: object[]; extra?: object[] }> = {
  CreateProfile: { method: 'POST', actions: ['dynamodb:PutItem'] },
  GetProfile: { method: 'GET', actions: ['dynamodb:GetItem'] },
  UpdateProfile: { method: 'PATCH', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  DeleteProfile: {
    method: 'DELETE',
    actions: ['dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem'],
  },
  PutSession: {
    method: 'PUT',
    actions: ['dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  },
  ListSessions: {
    method: 'GET',
    actions: ['dynamodb:Query'],
    auth: [authTableUsers('dynamodb:BatchGetItem')],
  },
  DeleteSession: {
    method: 'DELETE',
    actions: ['dynamodb:GetItem', 'dynamodb:DeleteItem'],
    auth: [authTableUsers('dynamodb:UpdateItem')],
  },
  // Consent records are append-only: a put, a query, never an update or a delete.
  PutConsent: { method: 'PUT', actions: ['dynamodb:PutItem'] },
  ListConsents: { method: 'GET', actions: ['dynamodb:Query'] },
  // Erasure: the request writes the job only (and reads the ledger's holdings); the worker does the rest.
  DeleteMe: { method: 'DELETE', actions: ['dynamodb:GetItem', 'dynamodb:PutItem'], extra: ledgerReads },
  GetErasure: { method: 'GET', actions: ['dynamodb:GetItem'] },
  // The job and the person's one-open-export slot, put together; the open one read back.
  CreateExport: { method: 'POST', actions: ['dynamodb:PutItem', 'dynamodb:GetItem'] },
  // Presigned links work only if the signer may read (and decrypt) the export objects, nothing else.
  GetExport: {
    method: 'GET',
    actions: ['dynamodb:GetItem'],
    auth: [
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: EXPORT_OBJECTS },
      { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: EXPORTS_KEY },
    ],
  },
};

jest.setTimeout(10 * 60 * 1000);

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  await run('timeout', ['300', 'npx', 'tsc', '-p', 'tsconfig.json', '--noEmit'], { cwd: ROOT });
  for (const region of REGIONS) {
    const args = [
      'sls',
      'package',
      '--stage',
      STAGE,
      '--region',
      region,
      '--package',
      path.join(OUT, region),
    ];
    args.push(
      '--param',
      `authorizerArn=${AUTHORIZER_ARN(region)}`,
      '--param',
      `userPoolClientId=${CLIENT_ID}`,
      ...['exportsBucket=' + BUCKET, 'exportsKmsKeyArn=' + EXPORTS_KEY, 'userPoolId=' + POOL_ID]
        .concat('userPoolArn=' + POOL_ARN, 'personKeysKmsKeyArn=' + PERSON_KEYS_KEY(region))
        // The stream trigger in the home region only (compose passes it there).
        .concat(region === 'us-east-1' ? ['profilesStreamArn=' + PROFILES_STREAM] : [])
        .flatMap((param) => ['--param', param]),
    );
    await run('timeout', ['300', 'npx', ...args], {
      cwd: path.join(ROOT, 'services', 'profiles'),
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`sls package ${region} failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
  }
});

it('cfn-lint reports nothing in either template', async () => {
  const result = await run('cfn-lint', ['--regions', ...REGIONS, '--', ...REGIONS.map(templatePath)]).then(
    () => '',
    (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
  );
  expect(result).toBe('');
});

describe.each(REGIONS)('profiles in %s', (region) => {
  it('puts every route but health behind the auth service’s JWT authorizer of its region (by ARN, TOKEN, 30 s)', () => {
    const t = template(region);
    const authorizers = resourcesOfType(t, 'AWS::ApiGateway::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0]!;
    expect(authorizer.Properties).toMatchObject({
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 30,
    });
    expect(JSON.stringify(authorizer.Properties?.AuthorizerUri)).toContain(AUTHORIZER_ARN(region));
    // API Gateway may invoke that function for this API (the framework's permission for ARN authorizers).
    const permissions = resourcesOfType(t, 'AWS::Lambda::Permission');
    expect(JSON.stringify(permissions)).toContain(AUTHORIZER_ARN(region));
    const methods = resourcesOfType(t, 'AWS::ApiGateway::Method').filter(
      ([, method]) => method.Properties?.HttpMethod !== 'OPTIONS',
    );
    expect(methods).toHaveLength(Object.keys(ROUTES).length + 1);
    for (const [id, method] of methods) {
      if (id === 'ApiGatewayMethodProfilesHealthGet') {
        expect(method.Properties?.AuthorizationType).toBe('NONE');
        continue;
      }
      expect({ id, ...method.Properties }).toMatchObject({
        id,
        AuthorizationType: 'CUSTOM',
        AuthorizerId: { Ref: authorizerId },
      });
    }
  });

  it('gives each function exactly its DynamoDB actions on the home-region table (and the auth table), its log group and X-Ray', () => {
    const t = template(region);
    for (const [name, { actions, auth = [], extra = [] }] of Object.entries(ROUTES)) {
      const statements = policyStatements(t)
        .filter(({ where }) => where.startsWith(`${name}IamRoleLambdaExecution.`))
        .map(({ statement }) => statement);
      const fn = name.charAt(0).toLowerCase() + name.slice(1);
      expect(statements).toEqual([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [
            {
              'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/ledgerline-profiles-${STAGE}-${fn}:*`,
            },
          ],
        },
        { Effect: 'Allow', Action: [...actions], Resource: HOME_TABLE_ARN },
        ...auth,
        ...extra,
        { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
      ]);
    }
    expect(wildcardViolations(t)).toEqual([]);
    expect(t.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it('gives the export worker exactly its statements: jobs, gsi1, export objects, the exports key, AdminGetUser, ledger reads', () => {
    const t = template(region);
    const statements = policyStatements(t)
      .filter(({ where }) => where.startsWith('RunExportsIamRoleLambdaExecution.'))
      .map(({ statement }) => statement);
    const transactions = `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/ledgerline-transactions-${STAGE}`;
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [
          {
            'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/ledgerline-profiles-${STAGE}-runExports:*`,
          },
        ],
      },
      // The framework's statement for the stream trigger (home region only): that stream, nothing else.
      ...streamReads(region),
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        Resource: HOME_TABLE_ARN,
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: { 'Fn::Sub': `${HOME_TABLE_ARN['Fn::Sub']}/index/gsi1` },
      },
      {
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'],
        Resource: EXPORT_OBJECTS,
      },
      { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: EXPORTS_KEY },
      { Effect: 'Allow', Action: ['cognito-idp:AdminGetUser'], Resource: POOL_ARN },
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
        Resource: { 'Fn::Sub': transactions },
      },
      { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: { 'Fn::Sub': `${transactions}/index/gsi3` } },
      // The person's data keys (this region's replica) and their CMK, bound to its key-wrapping use.
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: {
          'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/ledgerline-person-keys-${STAGE}`,
        },
      },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: PERSON_KEYS_KEY(region),
        Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'ledgerline-person-key' } },
      },
      { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
    ]);
    const props = t.Resources.RunExportsLambdaFunction!.Properties as {
      Environment: { Variables: Record<string, string> };
    };
    expect(props.Environment.Variables).toMatchObject({
      EXPORTS_BUCKET: BUCKET,
      EXPORTS_KMS_KEY_ARN: EXPORTS_KEY,
      USER_POOL_ID: POOL_ID,
    });
    // The 5-minute sweep everywhere; the stream trigger (new export jobs only) in the home region.
    const rules = resourcesOfType(t, 'AWS::Events::Rule').filter(([id]) => id.startsWith('RunExports'));
    expect(rules.map(([, rule]) => rule.Properties?.ScheduleExpression)).toEqual(['rate(5 minutes)']);
    const mappings = resourcesOfType(t, 'AWS::Lambda::EventSourceMapping').filter(([id]) =>
      id.startsWith('RunExports'),
    );
    expect(mappings).toHaveLength(region === 'us-east-1' ? 1 : 0);
    if (mappings[0]) {
      expect(JSON.stringify(mappings[0][1].Properties?.FilterCriteria)).toContain('export');
    }
  });

  it('configures every function for the home region and the app client, traced, with 90-day logs', () => {
    const t = template(region);
    for (const name of Object.keys(ROUTES)) {
      const props = t.Resources[`${name}LambdaFunction`]!.Properties as {
        Environment: { Variables: Record<string, string> };
        TracingConfig: unknown;
      };
      expect(props.Environment.Variables).toMatchObject({
        TABLE_NAME: TABLE,
        PROFILES_HOME_REGION: 'us-east-1',
        COGNITO_CLIENT_ID: CLIENT_ID,
      });
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    }
    for (const [, group] of resourcesOfType(t, 'AWS::Logs::LogGroup')) {
      expect(group.Properties?.RetentionInDays).toBe(90);
    }
    expect(namesWithoutStage(t, region, STAGE)).toEqual([]);
  });

  it('gives the erasure worker exactly what its steps need, the 5-minute sweep and the stream of new erasure jobs', () => {
    const t = template(region);
    const statements = policyStatements(t)
      .filter(({ where }) => where.startsWith('RunErasuresIamRoleLambdaExecution.'))
      .map(({ statement }) => statement)
      .slice(1); // the first: its own log streams (checked for every function above)
    const sub = (arn: string) => ({ 'Fn::Sub': arn });
    const account = '${AWS::Partition}:dynamodb:%s:${AWS::AccountId}:table/';
    const dynamo = (where: string, table: string) => sub(`arn:${account.replace('%s', where)}${table}`);
    expect(statements).toEqual([
      // The stream trigger's reads (added by the plugin for the `stream` event), on that stream only:
      // the jobs live in the home region's table, so compose passes its stream there only.
      ...streamReads(region),
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        Resource: HOME_TABLE_ARN,
      },
      { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: dynamo('us-east-1', `${TABLE}/index/gsi1`) },
      authTableUsers('dynamodb:UpdateItem'),
      {
        Effect: 'Allow',
        Action: ['cognito-idp:AdminUserGlobalSignOut', 'cognito-idp:AdminDeleteUser'],
        Resource: USER_POOL_ARN,
      },
      ...ledgerReads,
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: [
          dynamo('us-east-1', `ledgerline-transactions-${STAGE}`),
          dynamo('us-west-2', `ledgerline-transactions-${STAGE}`),
        ],
      },
      {
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: sub(`arn:\${AWS::Partition}:s3:::${EXPORTS_BUCKET}`),
        Condition: { StringLike: { 's3:prefix': ['exports/*'] } },
      },
      {
        Effect: 'Allow',
        Action: ['s3:DeleteObject'],
        Resource: sub(`arn:\${AWS::Partition}:s3:::${EXPORTS_BUCKET}/exports/*`),
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query', 'dynamodb:DeleteItem'],
        Resource: dynamo('us-east-1', `ledgerline-person-keys-${STAGE}`),
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: [
          dynamo('us-east-1', `ledgerline-person-keys-${STAGE}`),
          dynamo('us-west-2', `ledgerline-person-keys-${STAGE}`),
        ],
      },
      { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
    ]);
    const props = t.Resources.RunErasuresLambdaFunction!.Properties as {
      Environment: { Variables: Record<string, string> };
    };
    expect(props.Environment.Variables).toMatchObject({
      TABLE_NAME: TABLE,
      PROFILES_HOME_REGION: 'us-east-1',
      USER_POOL_ID,
      EXPORTS_BUCKET,
    });
    const rules = resourcesOfType(t, 'AWS::Events::Rule').filter(([id]) => id.startsWith('RunErasures'));
    expect(rules.map(([, rule]) => rule.Properties?.ScheduleExpression)).toEqual(['rate(5 minutes)']);
    const mappings = resourcesOfType(t, 'AWS::Lambda::EventSourceMapping').filter(([id]) =>
      id.startsWith('RunErasures'),
    );
    expect(mappings).toHaveLength(region === 'us-east-1' ? 1 : 0);
    if (region !== 'us-east-1') return;
    expect(mappings[0]![1].Properties).toMatchObject({
      EventSourceArn: PROFILES_STREAM,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT'],
              dynamodb: { NewImage: { entity: { S: ['erasure'] } } },
            }),
          },
        ],
      },
    });
  });
});
