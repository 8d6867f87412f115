/**
 * Checks on packaged CloudFormation templates, as pure functions returning the violations they
 * find (an empty list means the rule holds). packaged-services.test.ts applies them to the real
 * templates; template-rules.test.ts proves each one on tiny fake templates, so a check that
 * silently stopped matching anything would fail there.
 */

export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
}
export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, unknown>;
}
export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
}
export interface LocatedStatement {
  where: string;
  statement: Statement;
}

/** The one statement allowed a `Resource: '*'`: X-Ray has no resource-level permissions. */
export const XRAY_ACTIONS = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
/** Actions allowed on `log-group:<the function's own group>:*` (Lambda names streams at run time). */
export const LOG_STREAM_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const LOG_GROUP_ARN =
  /^arn:\$\{AWS::Partition\}:logs:\$\{AWS::Region\}:\$\{AWS::AccountId\}:log-group:([^*]+):\*$/;

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/**
 * Resolves a name-like value to a string: literals, `Fn::Join`, `Fn::Sub` and `Ref: AWS::Region`.
 * Returns undefined for references to other resources (not a name this template chooses).
 */
export function resolveName(value: unknown, region: string): string | undefined {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return undefined;
  const node = value as Record<string, unknown>;
  if (node.Ref === 'AWS::Region') return region;
  if (Array.isArray(node['Fn::Join'])) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    const resolved = parts.map((part) => resolveName(part, region));
    return resolved.every((part) => part !== undefined) ? resolved.join(separator) : undefined;
  }
  if (typeof node['Fn::Sub'] === 'string') return node['Fn::Sub'].replaceAll('${AWS::Region}', region);
  return undefined;
}

/** Every statement of every identity or resource policy in the template. */
export function policyStatements(template: Template): LocatedStatement[] {
  const found: LocatedStatement[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties ?? {};
    const documents: Array<[string, unknown]> = [];
    if (resource.Type === 'AWS::IAM::Role') {
      for (const [i, policy] of asArray(props.Policies as Array<{ PolicyDocument: unknown }>).entries()) {
        documents.push([`${id}.Policies[${i}]`, policy.PolicyDocument]);
      }
    }
    if (['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::S3::BucketPolicy'].includes(resource.Type)) {
      documents.push([id, props.PolicyDocument]);
    }
    for (const [where, document] of documents) {
      const statements = asArray((document as { Statement?: Statement | Statement[] })?.Statement);
      statements.forEach((statement, i) => found.push({ where: `${where}.Statement[${i}]`, statement }));
    }
  }
  return found;
}

/**
 * IAM wildcard rule: no Allow statement has an Action or Resource that is or contains `*`, except
 * - exactly `xray:PutTraceSegments` + `xray:PutTelemetryRecords` on `*`, and
 * - `logs:CreateLogStream`/`logs:PutLogEvents` on `log-group:<group>:*` where `<group>` is a log
 *   group this template creates (its streams, named by Lambda at run time).
 * NotAction/NotResource are refused outright. Deny statements may use wildcards (they restrict).
 */
export function wildcardViolations(template: Template): string[] {
  const ownLogGroups = new Set(
    Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::Logs::LogGroup')
      .map((r) => r.Properties?.LogGroupName),
  );
  const violations: string[] = [];
  for (const { where, statement } of policyStatements(template)) {
    if (statement.NotAction !== undefined || statement.NotResource !== undefined) {
      violations.push(`${where}: NotAction/NotResource`);
      continue;
    }
    if (statement.Effect !== 'Allow') continue;
    const actions = asArray(statement.Action);
    const resources = asArray(statement.Resource);
    const text = (r: unknown) => (typeof r === 'string' ? r : JSON.stringify(r));
    const actionWildcard = actions.some((a) => a.includes('*'));
    const resourceWildcard = resources.some((r) => text(r).includes('*'));
    if (actionWildcard) {
      violations.push(`${where}: wildcard action ${JSON.stringify(actions)}`);
      continue;
    }
    if (!resourceWildcard) continue;
    const sorted = [...actions].sort();
    const isXray =
      JSON.stringify(sorted) === JSON.stringify(XRAY_ACTIONS) &&
      resources.length === 1 &&
      resources[0] === '*';
    const isOwnLogStreams =
      sorted.every((a) => LOG_STREAM_ACTIONS.includes(a)) &&
      resources.every((r) => {
        const sub = (r as { 'Fn::Sub'?: unknown })?.['Fn::Sub'];
        const match = typeof sub === 'string' ? LOG_GROUP_ARN.exec(sub) : null;
        return match !== null && ownLogGroups.has(match[1]);
      });
    const isOwnSecret = isSigningKeySecretRead(sorted, resources);
    const isSecretKeyDecrypt = isDecryptOnlyForTheSecret(sorted, resources, statement);
    const isExportObjects = isExportObjectAccess(sorted, resources);
    if (!isXray && !isOwnLogStreams && !isOwnSecret && !isSecretKeyDecrypt && !isExportObjects) {
      violations.push(
        `${where}: wildcard resource ${JSON.stringify(resources)} for ${JSON.stringify(actions)}`,
      );
    }
  }
  return violations;
}

/**
 * The objects under `exports/` of ONE named bucket (the data-subject export files), no other key:
 * the keys carry the person and the export (`exports/<sub>/<exportId>/…`), so the prefix's trailing
 * `*` is the narrowest ARN there is.
 */
const EXPORT_OBJECTS_ARN = /^arn:\$\{AWS::Partition\}:s3:::[A-Za-z0-9.${}:-]+\/exports\/\*$/;
const EXPORT_OBJECT_ACTIONS = ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'];

/** Object actions on `<bucket>/exports/*` only: the key prefix is the whole point of the wildcard. */
function isExportObjectAccess(actions: string[], resources: unknown[]): boolean {
  return (
    actions.every((a) => EXPORT_OBJECT_ACTIONS.includes(a)) &&
    resources.every((r) => typeof subText(r) === 'string' && EXPORT_OBJECTS_ARN.test(subText(r) as string))
  );
}

const SECRET_ARN =
  /^arn:\$\{AWS::Partition\}:secretsmanager:\$\{AWS::Region\}:\$\{AWS::AccountId\}:secret:ledgerline\/[a-z0-9-]+\/[a-z0-9-]+-\*$/;
const subText = (r: unknown) => (r as { 'Fn::Sub'?: unknown })?.['Fn::Sub'];

/**
 * `secretsmanager:GetSecretValue` on ONE named secret: the trailing `-*` is the random 6-character
 * suffix Secrets Manager appends to every secret ARN (the name itself has no wildcard).
 */
function isSigningKeySecretRead(actions: string[], resources: unknown[]): boolean {
  return (
    actions.length === 1 &&
    actions[0] === 'secretsmanager:GetSecretValue' &&
    resources.every((r) => typeof subText(r) === 'string' && SECRET_ARN.test(subText(r) as string))
  );
}

/**
 * `kms:Decrypt` on the account's keys of this region, only through Secrets Manager of this region
 * and only for one named secret (encryption context): the fallback when the deploy does not pass
 * the secrets CMK ARN (docs/serverless.md, "IAM wildcard exceptions").
 */
function isDecryptOnlyForTheSecret(actions: string[], resources: unknown[], statement: Statement): boolean {
  const condition = (statement as { Condition?: Record<string, Record<string, unknown>> }).Condition ?? {};
  const viaService = subText(condition.StringEquals?.['kms:ViaService']);
  const secretArn = subText(condition.StringLike?.['kms:EncryptionContext:SecretARN']);
  return (
    actions.length === 1 &&
    actions[0] === 'kms:Decrypt' &&
    resources.length === 1 &&
    subText(resources[0]) === 'arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*' &&
    viaService === 'secretsmanager.${AWS::Region}.amazonaws.com' &&
    typeof secretArn === 'string' &&
    SECRET_ARN.test(secretArn)
  );
}

/** Properties that name a resource: FunctionName, RoleName, LogGroupName, Name, StageName, PolicyName… */
export function namedValues(template: Template, region: string): Array<{ where: string; name: string }> {
  const names: Array<{ where: string; name: string }> = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const props = resource.Properties ?? {};
    for (const [key, value] of Object.entries(props)) {
      if (!key.endsWith('Name')) continue;
      // An authorizer's Name is only unique within its REST API, whose own name carries the stage.
      if (resource.Type === 'AWS::ApiGateway::Authorizer' && key === 'Name') continue;
      const name = resolveName(value, region);
      if (name !== undefined) names.push({ where: `${id}.${key}`, name });
    }
    for (const [i, policy] of asArray(props.Policies as Array<{ PolicyName: unknown }>).entries()) {
      const name = resolveName(policy.PolicyName, region);
      if (name !== undefined) names.push({ where: `${id}.Policies[${i}].PolicyName`, name });
    }
  }
  return names;
}

/** Names that do not carry the stage as a `-`/`/`-delimited token. */
export function namesWithoutStage(template: Template, region: string, stage: string): string[] {
  const token = new RegExp(`(^|[-/])${stage}($|[-/])`);
  return namedValues(template, region)
    .filter(({ name }) => !token.test(name))
    .map(({ where, name }) => `${where} = ${name}`);
}

export function resourcesOfType(template: Template, type: string): Array<[string, Resource]> {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/**
 * `require()` calls of the AWS SDK (v2 or v3) or Smithy left in a bundle, i.e. loaded from outside
 * it at run time. Skips the SDK's own error messages, which quote `[require("@aws-sdk/…")]`.
 */
export function externalSdkRequires(bundle: string): string[] {
  return bundle.match(/(?<![[\w"'`])require\(\s*["'`](?:@aws-sdk|@smithy|aws-sdk)[/"'`][^)]*\)/g) ?? [];
}
