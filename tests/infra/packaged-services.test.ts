// Packages every service for both regions (scripts/package-services.ts, stage `ci`, offline) and
// checks the generated CloudFormation and artifacts against the platform's rules.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { load } from 'js-yaml';
import { PROBLEM_BASE_URI, problemTypes } from '../../shared/src/problems';
import { tableName } from '../../shared/src/tables';
import { packageDir, REGIONS, SERVICES } from '../../scripts/package-services';
import { manifestOf } from '../../scripts/generate/manifests';
import type { Template } from './cfn';
import {
  externalSdkRequires,
  namedValues,
  namesWithoutStage,
  policyStatements,
  resourcesOfType,
  wildcardViolations,
} from './cfn';

const ROOT = path.resolve(__dirname, '../..');
const STAGE = 'ci';
const OUT = path.join(ROOT, '.build', 'infra-test', STAGE);
const run = promisify(execFile);

const cases = SERVICES.flatMap((service) => REGIONS.map((region) => ({ service, region })));
const templatePath = (service: string, region: string) =>
  path.join(packageDir(OUT, service, region), 'cloudformation-template-update-stack.json');
const template = (service: string, region: string): Template =>
  JSON.parse(readFileSync(templatePath(service, region), 'utf8'));
const state = (service: string, region: string) =>
  JSON.parse(readFileSync(path.join(packageDir(OUT, service, region), 'serverless-state.json'), 'utf8')) as {
    service: { provider: Record<string, unknown> };
  };

interface LambdaProperties {
  Runtime: string;
  Architectures: string[];
  TracingConfig: unknown;
  Timeout: number;
  Tags: Array<{ Key: string; Value: string }>;
  Environment: { Variables: Record<string, string> };
}

jest.setTimeout(15 * 60 * 1000);

beforeAll(async () => {
  const { stdout } = await run(
    'npx',
    ['tsx', 'scripts/package-services.ts', '--stage', STAGE, '--out', path.relative(ROOT, OUT)],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 14 * 60 * 1000 },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`package-services failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  });
  console.log(stdout);
});

it('cfn-lint reports nothing (no errors, warnings or informational findings) in any template', async () => {
  const templates = cases.map(({ service, region }) => templatePath(service, region));
  const result = await run('cfn-lint', ['--regions', ...REGIONS, '--', ...templates], {
    timeout: 5 * 60 * 1000,
  }).then(
    () => ({ code: 0, output: '' }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? -1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );
  expect(result).toEqual({ code: 0, output: '' });
});

describe.each(cases)('$service in $region', ({ service, region }) => {
  const expectedTable = tableName(service, STAGE);

  it('keeps every log group for 90 days', () => {
    const groups = resourcesOfType(template(service, region), 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const [, group] of groups) expect(group.Properties?.RetentionInDays).toBe(90);
  });

  it('runs every function on nodejs22.x arm64 with active tracing, tags and the service table', () => {
    const functions = resourcesOfType(template(service, region), 'AWS::Lambda::Function');
    expect(functions.map(([id]) => id)).toContain('HealthLambdaFunction');
    // Routes answer within API Gateway's 29 s integration limit; scheduled and stream functions
    // (not in the route manifest) within Lambda's 15 minutes.
    const routeIds = new Set(
      Object.keys(manifestOf(service)).map((fn) => `${fn[0]!.toUpperCase()}${fn.slice(1)}LambdaFunction`),
    );
    for (const [id, fn] of functions) {
      const props = fn.Properties as unknown as LambdaProperties;
      expect(props.Runtime).toBe('nodejs22.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      expect({ id, timeoutOk: props.Timeout < (routeIds.has(id) ? 29 : 900) }).toEqual({
        id,
        timeoutOk: true,
      });
      const tags = Object.fromEntries(props.Tags.map((t) => [t.Key, t.Value]));
      expect(tags).toMatchObject({
        CostCenter: expect.any(String),
        Environment: STAGE,
        Compliance: 'PCI-DSS',
      });
      expect(props.Environment.Variables).toMatchObject({
        TABLE_NAME: expectedTable,
        STAGE,
        SERVICE_NAME: service,
        POWERTOOLS_SERVICE_NAME: `ledgerline-${service}`,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
      // Not on AWS: it costs ~250 ms of every cold start (docs/performance.md).
      expect(props.Environment.Variables.NODE_OPTIONS).toBeUndefined();
      expect(props.Environment.Variables.SERVICE_VERSION).toMatch(/^\d+\.\d+\.\d+/);
    }
  });

  it('asks for API Gateway tracing and version pruning, and declares the stage where throttled', () => {
    // With provider.tracing.apiGateway alone the framework enables X-Ray on the stage through an SDK
    // call after deploy (the packaged service state is what that step reads). The public data APIs
    // (transactions, profiles) also declare their stage explicitly (serverless.common.yml apiStage):
    // tracing and the seeds' throttling are then in the template, and the Deployment has no
    // StageName (else CloudFormation would create the stage twice).
    const provider = state(service, region).service.provider;
    expect(provider.tracing).toEqual({ lambda: true, apiGateway: true });
    expect(provider.pruneFunctionVersions).toEqual({ number: 3 });
    expect(provider.region).toBe(region);
    const stages = resourcesOfType(template(service, region), 'AWS::ApiGateway::Stage');
    const deployments = resourcesOfType(template(service, region), 'AWS::ApiGateway::Deployment');
    if (service === 'auth') {
      expect(stages).toEqual([]);
      return;
    }
    expect(stages).toHaveLength(1);
    const [, stage] = stages[0]!;
    expect(stage.Properties).toMatchObject({
      StageName: STAGE,
      TracingEnabled: true,
      MethodSettings: [
        expect.objectContaining({
          ThrottlingBurstLimit: 10000,
          ThrottlingRateLimit: 5000,
          DataTraceEnabled: false,
        }),
      ],
    });
    expect(deployments.map(([, d]) => d.Properties?.StageName)).toEqual([undefined]);
  });

  it("answers API Gateway's own errors as problem+json with registered problem types", () => {
    const responses = resourcesOfType(template(service, region), 'AWS::ApiGateway::GatewayResponse');
    const byType = Object.fromEntries(responses.map(([, r]) => [r.Properties?.ResponseType, r.Properties]));
    expect(Object.keys(byType).sort()).toEqual([
      'ACCESS_DENIED',
      'DEFAULT_4XX',
      'DEFAULT_5XX',
      'THROTTLED',
      'UNAUTHORIZED',
    ]);
    for (const properties of Object.values(byType) as Array<Record<string, Record<string, string>>>) {
      expect(properties.ResponseParameters?.['gatewayresponse.header.Content-Type']).toBe(
        "'application/problem+json'",
      );
      // API Gateway substitutes $context values into the template; the result must be a problem.
      // `messageString` is the message as a quoted JSON string, the others are raw text.
      const document = JSON.parse(
        String(properties.ResponseTemplates?.['application/json'])
          .replace(/\$context\.error\.messageString/g, '"x"')
          .replace(/\$context\.[\w.]+/g, 'x'),
      ) as { type: string; status?: number };
      const slug = document.type.replace(PROBLEM_BASE_URI, '') as keyof typeof problemTypes;
      expect(problemTypes[slug]).toBeDefined();
      if (document.status !== undefined) expect(String(document.status)).toBe(properties.StatusCode);
    }
    // The local stack answers from serverless.common.yml (scripts/serverless/offline-gateway-responses.js):
    // it must be exactly what is packaged.
    const common = load(readFileSync(path.join(ROOT, 'serverless.common.yml'), 'utf8')) as {
      gatewayResponses: { Resources: Record<string, unknown> };
    };
    expect(Object.fromEntries(responses)).toEqual(common.gatewayResponses.Resources);
  });

  it('has no IAM wildcard except the documented exceptions, and the shared role is gone', () => {
    const t = template(service, region);
    expect(wildcardViolations(t)).toEqual([]);
    expect(t.Resources.IamRoleLambdaExecution).toBeUndefined();
  });

  it('gives the health role exactly GetItem on its table, log streams and X-Ray', () => {
    const t = template(service, region);
    const statements = policyStatements(t)
      .filter(({ where }) => where.startsWith('HealthIamRoleLambdaExecution.'))
      .map(({ statement }) => statement);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [
          {
            'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/ledgerline-${service}-${STAGE}-health:*`,
          },
        ],
      },
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem'],
        Resource: {
          'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/${expectedTable}`,
        },
      },
      { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
    ]);
  });

  it('puts the stage in every resource name, and keeps role names within 64 characters', () => {
    const t = template(service, region);
    expect(namesWithoutStage(t, region, STAGE)).toEqual([]);
    const names = Object.fromEntries(namedValues(t, region).map(({ where, name }) => [where, name]));
    expect(names).toMatchObject({
      'HealthLambdaFunction.FunctionName': `ledgerline-${service}-${STAGE}-health`,
      'HealthLogGroup.LogGroupName': `/aws/lambda/ledgerline-${service}-${STAGE}-health`,
      'ApiGatewayRestApi.Name': `ledgerline-${service}-${STAGE}`,
    });
    const roleName = names['HealthIamRoleLambdaExecution.RoleName'];
    expect(roleName).toContain(region);
    expect(roleName!.length).toBeLessThanOrEqual(64);
  });

  it('ships each function alone: its bundle with the AWS SDK inside it and a linked source map', () => {
    const dir = packageDir(OUT, service, region);
    expect(existsSync(path.join(dir, `ledgerline-${service}.zip`))).toBe(false);
    const zip = path.join(dir, 'health.zip');
    expect(existsSync(zip)).toBe(true);
    // Every function of the template has its own zip, and only its own handler in it.
    const functions = Object.entries(template(service, region).Resources)
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .map(([id]) => id.replace(/LambdaFunction$/, ''));
    expect(functions.length).toBeGreaterThan(1);
    for (const fn of functions) {
      const name = fn.charAt(0).toLowerCase() + fn.slice(1);
      expect(existsSync(path.join(dir, `${name}.zip`))).toBe(true);
    }
    const size = statSync(zip).size;
    console.log(`${service} ${region}: ${path.relative(ROOT, zip)} ${(size / 1024).toFixed(0)} KiB`);
    // What Lambda downloads and unpacks on a cold start: one bundle and its map (a service zip of
    // every function was 7-11 MB).
    expect(size).toBeLessThan(2 * 1024 * 1024);
    const listing = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(listing.sort()).toEqual(['src/handlers/health.js', 'src/handlers/health.js.map']);
    expect(listing.filter((entry) => entry.startsWith('node_modules/'))).toEqual([]);
    const bundle = execFileSync('unzip', ['-p', zip, 'src/handlers/health.js'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(externalSdkRequires(bundle)).toEqual([]);
    expect(bundle).toContain('GetItemCommand');
    expect(bundle.trimEnd()).toMatch(/\/\/# sourceMappingURL=health\.js\.map$/);
  });

  it('loads its bundle with no node_modules anywhere above it (nothing external at load time)', () => {
    const zip = path.join(packageDir(OUT, service, region), 'health.zip');
    const dir = mkdtempSync(path.join(tmpdir(), `ledgerline-${service}-`));
    try {
      execFileSync('unzip', ['-q', zip, '-d', dir]);
      const probe =
        "const m = require(process.argv[1]); if (typeof m.handler !== 'function') process.exit(3);";
      const env = { PATH: process.env.PATH, STAGE, TABLE_NAME: expectedTable, AWS_REGION: region };
      expect(() =>
        execFileSync(process.execPath, ['-e', probe, path.join(dir, 'src/handlers/health.js')], {
          cwd: dir,
          env,
          stdio: 'pipe',
        }),
      ).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(REGIONS)('sessions: auth in %s', (region) => {
  const authTableArn = {
    'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/${tableName('auth', STAGE)}`,
  };
  const revocationItemsOnly = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] } };
  /** Each auth role's statements, by function (the role's logical id minus `IamRoleLambdaExecution`). */
  const statementsByFunction = () => {
    const byFunction: Record<string, Array<Record<string, unknown>>> = {};
    for (const { where, statement } of policyStatements(template('auth', region))) {
      const fn = where.split('IamRoleLambdaExecution')[0]!;
      (byFunction[fn] ??= []).push(statement as unknown as Record<string, unknown>);
    }
    return byFunction;
  };
  const actionsOf = (statements: Array<Record<string, unknown>>, prefix: string) =>
    statements.flatMap((s) => [s.Action].flat().map(String)).filter((a) => a.startsWith(prefix));

  it('lets the authorizer read only the revocation items of the auth table in its region', () => {
    const dynamo = statementsByFunction().Authorizer!.filter((s) => actionsOf([s], 'dynamodb:').length > 0);
    expect(dynamo).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:BatchGetItem'],
        Resource: authTableArn,
        Condition: revocationItemsOnly,
      },
    ]);
  });

  it('gives each route exactly the revocation access and Cognito Admin actions it needs', () => {
    const byFunction = statementsByFunction();
    const expected: Record<string, { dynamodb: string[]; cognito: string[] }> = {
      Refresh: { dynamodb: ['dynamodb:BatchGetItem'], cognito: [] },
      Logout: { dynamodb: ['dynamodb:UpdateItem'], cognito: [] },
      LogoutAll: { dynamodb: ['dynamodb:UpdateItem'], cognito: [] },
      LockUser: {
        dynamodb: ['dynamodb:UpdateItem'],
        cognito: ['cognito-idp:AdminDisableUser', 'cognito-idp:AdminUserGlobalSignOut'],
      },
      UnlockUser: { dynamodb: [], cognito: ['cognito-idp:AdminEnableUser'] },
      ResetMfa: {
        dynamodb: ['dynamodb:UpdateItem'],
        cognito: ['cognito-idp:AdminSetUserMFAPreference', 'cognito-idp:AdminUserGlobalSignOut'],
      },
      Signup: { dynamodb: [], cognito: [] },
      Login: { dynamodb: [], cognito: [] },
      DisableTotp: { dynamodb: [], cognito: [] },
    };
    for (const [fn, want] of Object.entries(expected)) {
      const statements = byFunction[fn] ?? [];
      expect({
        fn,
        dynamodb: actionsOf(statements, 'dynamodb:'),
        cognito: actionsOf(statements, 'cognito-idp:'),
      }).toEqual({
        fn,
        ...want,
      });
      for (const s of statements.filter((st) => actionsOf([st], 'dynamodb:').length > 0)) {
        expect({ fn, Resource: s.Resource, Condition: s.Condition }).toEqual({
          fn,
          Resource: authTableArn,
          Condition: revocationItemsOnly,
        });
      }
      for (const s of statements.filter((st) => actionsOf([st], 'cognito-idp:').length > 0)) {
        // The one user pool, in the primary region, also from us-west-2.
        const [arn, variables] = (s.Resource as { 'Fn::Sub': [string, Record<string, unknown>] })['Fn::Sub'];
        expect(arn).toBe(
          'arn:${AWS::Partition}:cognito-idp:${PoolRegion}:${AWS::AccountId}:userpool/${PoolId}',
        );
        expect(variables.PoolRegion).toBe('us-east-1');
      }
    }
  });

  it('puts the back-office routes behind the authorizer (the handlers then require auth:admin)', () => {
    const methods = resourcesOfType(template('auth', region), 'AWS::ApiGateway::Method').filter(([id]) =>
      id.includes('Admin'),
    );
    expect(methods).toHaveLength(3);
    for (const [, method] of methods) expect(method.Properties?.AuthorizationType).toBe('CUSTOM');
  });
});

it('caches authorizer decisions for 30 s on every API (the revocation bound: docs/auth.md)', () => {
  for (const { service, region } of cases) {
    for (const [, authorizer] of resourcesOfType(template(service, region), 'AWS::ApiGateway::Authorizer')) {
      expect({ service, region, ttl: authorizer.Properties?.AuthorizerResultTtlInSeconds }).toEqual({
        service,
        region,
        ttl: 30,
      });
    }
  }
});
