'use strict';

/**
 * osls plugin: least-privilege CloudWatch Logs permissions for per-function roles.
 *
 * serverless-iam-roles-per-function 3.2.0 gives each function's role
 * `logs:CreateLogStream`, `logs:CreateLogGroup`, `logs:PutLogEvents` on
 * `log-group:<group>:*:*`, and leaves the framework's shared `IamRoleLambdaExecution` (with
 * `log-group:/aws/lambda/<service>-<stage>*:*`, a prefix wildcard over every function of the
 * service) in the template even when no function uses it. This plugin, run after it on
 * `before:package:finalize` (list it after serverless-iam-roles-per-function):
 *
 * - rewrites the logs statement of every function's role to `logs:CreateLogStream` and
 *   `logs:PutLogEvents` on `log-group:<the function's own group>:*` (the form of the role the
 *   Lambda console creates: it matches the group and the streams in it, nothing else). No
 *   `CreateLogGroup`: the stack creates the group with its 90-day retention, and a function that
 *   could recreate it would recreate it without one. The `:*` suffix is the only wildcard left:
 *   Lambda names its streams at run time (docs/serverless.md, "IAM wildcard exceptions");
 * - drops the function's role from the function's DependsOn (its `Role: Fn::GetAtt` already
 *   orders them; cfn-lint W3005);
 * - removes `IamRoleLambdaExecution` when nothing in the template references it any more.
 *
 * @example
 * # serverless.common.yml
 * plugins:
 *   localPath: ../../scripts/serverless
 *   modules: [serverless-esbuild, serverless-iam-roles-per-function, least-privilege-logs]
 */
class LeastPrivilegeLogsPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.apply() };
  }

  apply() {
    const { service } = this.serverless;
    const { naming } = this.serverless.getProvider('aws');
    const resources = service.provider.compiledCloudFormationTemplate.Resources;

    for (const functionName of service.getAllFunctions()) {
      const functionObject = service.getFunction(functionName);
      const lambda = resources[naming.getLambdaLogicalId(functionName)];
      const roleLogicalId = lambda?.Properties?.Role?.['Fn::GetAtt']?.[0];
      const role = roleLogicalId && resources[roleLogicalId];
      if (!role || roleLogicalId === naming.getRoleLogicalId()) continue;
      const streams =
        'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:' +
        `${naming.getLogGroupName(functionObject.name)}:*`;
      if (Array.isArray(lambda.DependsOn))
        lambda.DependsOn = lambda.DependsOn.filter((d) => d !== roleLogicalId);
      for (const policy of role.Properties.Policies ?? []) {
        const statements = policy.PolicyDocument.Statement;
        const logs = statements.filter((s) => [s.Action].flat().every((a) => String(a).startsWith('logs:')));
        for (const statement of logs) statements.splice(statements.indexOf(statement), 1);
        statements.unshift({
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: [{ 'Fn::Sub': streams }],
        });
      }
    }

    const sharedRole = naming.getRoleLogicalId();
    if (resources[sharedRole] && !isReferenced(service.provider.compiledCloudFormationTemplate, sharedRole)) {
      delete resources[sharedRole];
    }
  }
}

/** True when any resource or output refers to `logicalId` (Ref, Fn::GetAtt, DependsOn, Fn::Sub). */
function isReferenced(template, logicalId) {
  const others = Object.fromEntries(Object.entries(template.Resources).filter(([id]) => id !== logicalId));
  const seen = (node) => {
    if (Array.isArray(node)) return node.some(seen);
    if (typeof node === 'string') return false;
    if (!node || typeof node !== 'object') return false;
    if (node.Ref === logicalId) return true;
    if (Array.isArray(node['Fn::GetAtt']) && node['Fn::GetAtt'][0] === logicalId) return true;
    if (typeof node['Fn::GetAtt'] === 'string' && node['Fn::GetAtt'].split('.')[0] === logicalId) return true;
    if ([node.DependsOn].flat().includes(logicalId)) return true;
    const sub = node['Fn::Sub'];
    const subText = Array.isArray(sub) ? sub[0] : sub;
    if (typeof subText === 'string' && subText.includes('${' + logicalId)) return true;
    return Object.values(node).some(seen);
  };
  return seen(others) || seen(template.Outputs ?? {});
}

module.exports = LeastPrivilegeLogsPlugin;
