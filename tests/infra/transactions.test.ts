// The packaged transactions service, in both regions, with the params compose passes.
// Packages on its own (offline) into .build/infra-test/transactions, under its own stage name so it
// never shares serverless-esbuild's work folder (.esbuild/<stage>-<region>) with
// packaged-services.test.ts running in parallel.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Statement, Template } from './cfn';
import { namesWithoutStage, policyStatements, resourcesOfType, wildcardViolations } from './cfn';

const ROOT = path.resolve(__dirname, '../..');
const STAGE = 'ci-tx';
const OUT = path.join(ROOT, '.build', 'infra-test', 'transactions');
const REGIONS = ['us-east-1', 'us-west-2'] as const;
const AUTHORIZER_ARN = (region: string) =>
  `arn:aws:lambda:${region}:123456789012:function:ledgerline-auth-${STAGE}-authorizer`;
const KMS_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TABLE = `ledgerline-transactions-${STAGE}`;
const STREAM_ARN = (region: string) =>
  `arn:aws:dynamodb:${region}:123456789012:table/${TABLE}/stream/2026-12-04T00:00:00.000`;
const tableArn = (region: string) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:${region}:\${AWS::AccountId}:table/${TABLE}`,
});
const LOCAL_TABLE = tableArn('${AWS::Region}');
const run = promisify(execFile);
const templatePath = (region: string) => path.join(OUT, region, 'cloudformation-template-update-stack.json');
const template = (region: string): Template => JSON.parse(readFileSync(templatePath(region), 'utf8'));

/** Writes in the accounts' home regions: reads and the TransactWriteItems Puts, both replicas named. */
const HOME_WRITER: { statements: Statement[] } = {
  statements: [
    {
      Effect: 'Allow',
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: [tableArn('us-east-1'), tableArn('us-west-2')],
    },
  ],
};

const PERSON_KEYS_KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/mrk-00000000000000000000000000000006';

/**
 * Sealing (write) or opening (read) the ledger's personal fields: the person-keys table of the
 * function's region, and the person-keys CMK for exactly the key-wrapping encryption context.
 */
const personalFields = (access: 'read' | 'write'): Statement[] => [
  {
    Effect: 'Allow',
    Action: access === 'write' ? ['dynamodb:Query', 'dynamodb:PutItem'] : ['dynamodb:Query'],
    Resource: {
      'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/ledgerline-person-keys-${STAGE}`,
    },
  },
  {
    Effect: 'Allow',
    Action: access === 'write' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
    Resource: PERSON_KEYS_KEY_ARN,
    // @ts-expect-error Condition is not part of the minimal Statement type
    Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'ledgerline-person-key' } },
  },
];

/** The TTL of the person's data keys (AML retention): this region's person-keys table. */
const KEY_RETENTION: Statement[] = [
  {
    Effect: 'Allow',
    Action: ['dynamodb:Query', 'dynamodb:UpdateItem'],
    Resource: {
      'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/ledgerline-person-keys-${STAGE}`,
    },
  },
];

/** A route that moves money: a home writer that seals the transfer's personal fields. */
const MONEY_MOVER: { statements: Statement[] } = {
  statements: [...HOME_WRITER.statements, ...personalFields('write')],
};

/** The list cursors' key: the signing secret (by name) and its CMK through Secrets Manager only. */
const CURSOR_SECRET: Statement[] = [
  {
    Effect: 'Allow',
    Action: ['secretsmanager:GetSecretValue'],
    Resource: {
      'Fn::Sub': `arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:ledgerline/${STAGE}/service-token-signing-key-??????`,
    },
  },
  {
    Effect: 'Allow',
    Action: ['kms:Decrypt'],
    Resource: KMS_KEY_ARN,
    // @ts-expect-error Condition is not part of the minimal Statement type
    Condition: {
      StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'secretsmanager.${AWS::Region}.amazonaws.com' } },
    },
  },
];

/** Each function's route and exactly the statements (besides logs and X-Ray) its role may have. */
const ROUTES: Record<string, { statements: Statement[] }> = {
  CreateAccount: {
    statements: [{ Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: LOCAL_TABLE }, ...KEY_RETENTION],
  },
  GetAccount: {
    statements: [{ Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: LOCAL_TABLE }],
  },
  CreateTransfer: MONEY_MOVER,
  PostTransfer: MONEY_MOVER,
  VoidTransfer: MONEY_MOVER,
  ReverseTransfer: MONEY_MOVER,
  CloseAccount: {
    statements: [
      ...HOME_WRITER.statements,
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: {
          'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/${TABLE}/index/gsi3`,
        },
      },
      { Effect: 'Allow', Action: ['dynamodb:BatchGetItem'], Resource: LOCAL_TABLE },
      ...KEY_RETENTION,
    ],
  },
  SetOverdraftLimit: HOME_WRITER,
  GetTransfer: {
    statements: [
      { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: LOCAL_TABLE },
      ...personalFields('read'),
    ],
  },
  SettleLedger: {
    statements: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: [tableArn('us-east-1'), tableArn('us-west-2')],
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: {
          'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/${TABLE}/index/gsi1`,
        },
      },
    ],
  },
  DeliverTransfers: {
    statements: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        Resource: [tableArn('us-east-1'), tableArn('us-west-2')],
      },
      {
        Effect: 'Allow',
        Action: ['sqs:SendMessage'],
        Resource: { 'Fn::GetAtt': ['TransferDeliveryDeadLetterQueue', 'Arn'] },
      },
    ],
  },
  Reconcile: {
    statements: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        Resource: [tableArn('us-east-1'), tableArn('us-west-2')],
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: [
          {
            'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/${TABLE}/index/gsi1`,
          },
          {
            'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/${TABLE}/index/gsi2`,
          },
        ],
      },
      { Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: LOCAL_TABLE },
    ],
  },
  ListAccounts: {
    statements: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: {
          'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/${TABLE}/index/gsi3`,
        },
      },
      { Effect: 'Allow', Action: ['dynamodb:BatchGetItem'], Resource: LOCAL_TABLE },
      ...CURSOR_SECRET,
    ],
  },
  ListEntries: {
    statements: [
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: LOCAL_TABLE },
      ...CURSOR_SECRET,
      ...personalFields('read'),
    ],
  },
};

jest.setTimeout(10 * 60 * 1000);

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
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
      `secretsKmsKeyArn=${KMS_KEY_ARN}`,
      '--param',
      `transferStreamArn=${STREAM_ARN(region)}`,
      '--param',
      `personKeysKmsKeyArn=${PERSON_KEYS_KEY_ARN}`,
    );
    await run('timeout', ['300', 'npx', ...args], {
      cwd: path.join(ROOT, 'services', 'transactions'),
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
  }
});

it('passes cfn-lint with no findings in either region', async () => {
  const result = await run('cfn-lint', ['--regions', ...REGIONS, '--', ...REGIONS.map(templatePath)]).then(
    () => ({ code: 0, output: '' }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, output: error.stdout ?? '' }),
  );
  expect(result).toEqual({ code: 0, output: '' });
});

describe.each(REGIONS)('in %s', (region) => {
  it('gives each function exactly its own table actions, log streams and X-Ray, nothing else', () => {
    const t = template(region);
    expect(wildcardViolations(t)).toEqual([]);
    for (const [fn, route] of Object.entries(ROUTES)) {
      const statements = policyStatements(t)
        .filter(({ where }) => where.startsWith(`${fn}IamRoleLambdaExecution.`))
        .map(({ statement }) => statement);
      expect({ fn, statements }).toEqual({
        fn,
        statements: [
          expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
          // The framework's statement for a stream event: reads of this region's stream only.
          ...(fn === 'DeliverTransfers'
            ? [
                {
                  Effect: 'Allow',
                  Action: [
                    'dynamodb:GetRecords',
                    'dynamodb:GetShardIterator',
                    'dynamodb:DescribeStream',
                    'dynamodb:ListStreams',
                  ],
                  Resource: [STREAM_ARN(region)],
                },
              ]
            : []),
          ...route.statements,
          { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
        ],
      });
    }
  });

  it('puts the auth service’s authorizer (by ARN, TOKEN, 30 s cache) on every route but health', () => {
    const t = template(region);
    const [[authorizerId, authorizer]] = resourcesOfType(t, 'AWS::ApiGateway::Authorizer') as unknown as [
      [string, { Properties: Record<string, unknown> }],
    ];
    expect(authorizer.Properties).toMatchObject({
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 30,
    });
    expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(AUTHORIZER_ARN(region));
    const methods = resourcesOfType(t, 'AWS::ApiGateway::Method').map(([id, m]) => ({
      id,
      ...(m.Properties as { AuthorizationType: string }),
    }));
    expect(methods).toHaveLength(12);
    for (const method of methods) {
      if (method.id === 'ApiGatewayMethodTransactionsHealthGet') {
        expect(method.AuthorizationType).toBe('NONE');
      } else {
        expect(method).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
      }
    }
  });

  it('declares the stage explicitly: throttling 10000/5000, X-Ray, metrics, access logs, no body logging', () => {
    const t = template(region);
    const stages = resourcesOfType(t, 'AWS::ApiGateway::Stage');
    expect(stages).toHaveLength(1);
    const [[, stage]] = stages as unknown as [
      [string, { Properties: Record<string, unknown>; DependsOn?: unknown }],
    ];
    expect(stage.Properties).toMatchObject({
      StageName: STAGE,
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      TracingEnabled: true,
      MethodSettings: [
        {
          ResourcePath: '/*',
          HttpMethod: '*',
          ThrottlingBurstLimit: 10000,
          ThrottlingRateLimit: 5000,
          MetricsEnabled: true,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        },
      ],
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': ['ApiGatewayAccessLogGroup', 'Arn'] } },
    });
    // Execution logging needs API Gateway's account-level CloudWatch role: terraform-foundation/core
    // owns it (applied before any service), so no service stack may declare it.
    expect(stage.DependsOn).toBeUndefined();
    expect(resourcesOfType(t, 'AWS::ApiGateway::Account')).toEqual([]);
    const deployments = resourcesOfType(t, 'AWS::ApiGateway::Deployment');
    expect(deployments).toHaveLength(1);
    const [[deploymentId, deployment]] = deployments as unknown as [
      [string, { Properties: Record<string, unknown> }],
    ];
    expect(stage.Properties.DeploymentId).toEqual({ Ref: deploymentId });
    expect(deployment.Properties.StageName).toBeUndefined();
  });

  it('keeps access logs 90 days in a group the framework will not delete, and names everything by stage', () => {
    const t = template(region);
    expect(t.Resources.ApiGatewayAccessLogGroup?.Properties).toEqual({
      LogGroupName: `/aws/api-gateway/access/ledgerline-transactions-${STAGE}`,
      RetentionInDays: 90,
    });
    for (const [, group] of resourcesOfType(t, 'AWS::Logs::LogGroup')) {
      expect(group.Properties?.RetentionInDays).toBe(90);
    }
    expect(namesWithoutStage(t, region, STAGE)).toEqual([]);
  });

  it('runs every function with active tracing and the list functions with the cursor secret name only', () => {
    const t = template(region);
    const functions = resourcesOfType(t, 'AWS::Lambda::Function');
    expect(functions.map(([id]) => id).sort()).toEqual(
      [...Object.keys(ROUTES), 'Health'].map((fn) => `${fn}LambdaFunction`).sort(),
    );
    for (const [id, fn] of functions) {
      const props = fn.Properties as {
        TracingConfig: unknown;
        Environment: { Variables: Record<string, string> };
      };
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      expect(props.Environment.Variables.TABLE_NAME).toBe(TABLE);
      expect(props.Environment.Variables.CURSOR_KEY_SECRET_NAME).toBe(
        ['ListEntriesLambdaFunction', 'ListAccountsLambdaFunction'].includes(id)
          ? `ledgerline/${STAGE}/service-token-signing-key`
          : undefined,
      );
    }
  });

  it("completes cross-region transfers from this region's stream: filtered to its own, retried, then the DLQ", () => {
    const t = template(region);
    const mappings = resourcesOfType(t, 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(1);
    const [, mapping] = mappings[0]!;
    const props = mapping.Properties as Record<string, unknown>;
    expect(props).toMatchObject({
      EventSourceArn: STREAM_ARN(region),
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: 10,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': ['TransferDeliveryDeadLetterQueue', 'Arn'] } },
      },
    });
    const filter = JSON.parse(
      (props.FilterCriteria as { Filters: Array<{ Pattern: string }> }).Filters[0]!.Pattern,
    );
    expect(filter.dynamodb.NewImage).toMatchObject({
      entity: { S: ['transfer'] },
      status: { S: ['pending'] },
      homeRegion: { S: [region] },
    });
    const queues = resourcesOfType(t, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(1);
    expect(queues[0]![1].Properties).toMatchObject({
      QueueName: `ledgerline-transfer-delivery-dlq-${STAGE}`,
      MessageRetentionPeriod: 1209600,
      SqsManagedSseEnabled: true,
    });
  });
});
