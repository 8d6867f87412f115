// The checks of cfn.ts on tiny fake templates: each rule must catch the regression it exists for.
import type { Statement, Template } from './cfn';
import { externalSdkRequires, namesWithoutStage, resolveName, wildcardViolations } from './cfn';

const logGroup = '/aws/lambda/ledgerline-auth-ci-health';
const ownStreams = {
  'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${logGroup}:*`,
};
const xray: Statement = {
  Effect: 'Allow',
  Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
  Resource: '*',
};
const logs: Statement = {
  Effect: 'Allow',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: [ownStreams],
};

function withRole(...statements: Statement[]): Template {
  return {
    Resources: {
      HealthLogGroup: {
        Type: 'AWS::Logs::LogGroup',
        Properties: { LogGroupName: logGroup, RetentionInDays: 90 },
      },
      HealthRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
        },
      },
    },
  };
}

describe('wildcardViolations', () => {
  it('accepts the X-Ray exception and the function log streams', () => {
    expect(wildcardViolations(withRole(xray, logs))).toEqual([]);
  });

  it.each<[string, Statement]>([
    ['a wildcard table', { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }],
    [
      'a wildcard action',
      { Effect: 'Allow', Action: ['dynamodb:*'], Resource: 'arn:aws:dynamodb:us-east-1:1:table/t' },
    ],
    [
      'a table prefix',
      { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { 'Fn::Sub': 'arn:x:table/ledgerline-*' } },
    ],
    [
      'an extra action on the X-Ray statement',
      { ...xray, Action: [...(xray.Action as string[]), 'xray:GetTraceSummaries'] },
    ],
    [
      'CreateLogGroup on the log streams',
      { ...logs, Action: ['logs:CreateLogGroup', 'logs:CreateLogStream'] },
    ],
    [
      "the framework's service-wide log prefix",
      {
        ...logs,
        Resource: [
          {
            'Fn::Sub':
              'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/ledgerline-auth-ci*:*',
          },
        ],
      },
    ],
    [
      "another stack's log group",
      { ...logs, Resource: [{ 'Fn::Sub': ownStreams['Fn::Sub'].replace('auth', 'profiles') }] },
    ],
    [
      'NotResource',
      { Effect: 'Allow', Action: 'dynamodb:GetItem', NotResource: 'arn:aws:dynamodb:us-east-1:1:table/t' },
    ],
  ])('rejects %s', (_label, statement) => {
    expect(wildcardViolations(withRole(xray, logs, statement))).toHaveLength(1);
  });

  const secretArn =
    'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:ledgerline/ci/service-token-signing-key-*';
  const secretRead: Statement = {
    Effect: 'Allow',
    Action: ['secretsmanager:GetSecretValue'],
    Resource: { 'Fn::Sub': secretArn },
  };
  const decryptForSecret = (condition: Record<string, unknown>): Statement =>
    ({
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*' },
      Condition: condition,
    }) as Statement;
  const viaSecretsManager = {
    'kms:ViaService': { 'Fn::Sub': 'secretsmanager.${AWS::Region}.amazonaws.com' },
  };

  it('accepts reading one named secret (the -* is its random ARN suffix) and refuses any other secret pattern', () => {
    expect(wildcardViolations(withRole(secretRead))).toEqual([]);
    const anySecret = {
      ...secretRead,
      Resource: { 'Fn::Sub': secretArn.replace('service-token-signing-key-*', '*') },
    };
    expect(wildcardViolations(withRole(anySecret))).toHaveLength(1);
  });

  it('accepts kms:Decrypt on key/* only via Secrets Manager and for the one secret', () => {
    const scoped = decryptForSecret({
      StringEquals: viaSecretsManager,
      StringLike: { 'kms:EncryptionContext:SecretARN': { 'Fn::Sub': secretArn } },
    });
    expect(wildcardViolations(withRole(scoped))).toEqual([]);
    expect(wildcardViolations(withRole(decryptForSecret({ StringEquals: viaSecretsManager })))).toHaveLength(
      1,
    );
    expect(wildcardViolations(withRole(decryptForSecret({})))).toHaveLength(1);
  });

  it('ignores Deny statements (wildcards there only restrict)', () => {
    expect(wildcardViolations(withRole({ Effect: 'Deny', Action: 's3:*', Resource: '*' }))).toEqual([]);
  });
});

describe('namesWithoutStage', () => {
  it('resolves Fn::Join and the region, and reports names without the stage token', () => {
    const template: Template = {
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            RoleName: { 'Fn::Join': ['-', ['ledgerline-auth', 'ci', 'health', { Ref: 'AWS::Region' }]] },
          },
        },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'ledgerline-auth-health' } },
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'ledgerline-auth-circle' } },
        Permission: {
          Type: 'AWS::Lambda::Permission',
          Properties: { FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] } },
        },
      },
    };
    expect(resolveName(template.Resources.Role!.Properties!.RoleName, 'us-west-2')).toBe(
      'ledgerline-auth-ci-health-us-west-2',
    );
    expect(namesWithoutStage(template, 'us-west-2', 'ci')).toEqual([
      'Fn.FunctionName = ledgerline-auth-health',
      'Api.Name = ledgerline-auth-circle',
    ]);
  });
});

describe('externalSdkRequires', () => {
  it('finds SDK requires left in a minified bundle and ignores quoted ones in messages', () => {
    const bundle =
      'var a=require("@aws-sdk/client-dynamodb"),b=require("node:fs");' +
      'throw new Error(\'register it by calling [require("@aws-sdk/signature-v4-crt");]\');' +
      'const c=require(\'aws-sdk\'),d=require("@smithy/util-retry");';
    expect(externalSdkRequires(bundle)).toEqual([
      'require("@aws-sdk/client-dynamodb")',
      "require('aws-sdk')",
      'require("@smithy/util-retry")',
    ]);
  });
});
