'use strict';

/**
 * osls plugin: lets a service declare its API Gateway stage explicitly (serverless.common.yml,
 * `apiStage`) with stage settings the framework cannot express in the template (throttling,
 * method settings, access logs, tracing). The framework's `AWS::ApiGateway::Deployment` carries a
 * `StageName`, which makes CloudFormation create the stage implicitly; with an explicit
 * `AWS::ApiGateway::Stage` for the same name the deploy would fail ("stage already exists"). This
 * removes `StageName` from every Deployment, on `before:package:finalize`, when the template has an
 * explicit Stage, and does nothing otherwise (safe to list in any service).
 *
 * It also drops the `DependsOn: <authorizer>` the framework puts on every `AWS::ApiGateway::Method`
 * that already `Ref`s that authorizer in `AuthorizerId` (cfn-lint W3005, redundant dependency).
 *
 * @example
 * plugins: { localPath: ../../scripts/serverless, modules: [..., explicit-stage] }
 */
class ExplicitStagePlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.apply() };
  }

  apply() {
    const { service } = this.serverless;
    const compiled = Object.values(service.provider.compiledCloudFormationTemplate.Resources);
    for (const method of compiled.filter((resource) => resource.Type === 'AWS::ApiGateway::Method')) {
      const authorizer = method.Properties?.AuthorizerId?.Ref;
      if (!authorizer || method.DependsOn === undefined) continue;
      const rest = [method.DependsOn].flat().filter((id) => id !== authorizer);
      if (rest.length > 0) method.DependsOn = rest;
      else delete method.DependsOn;
    }
    // `resources:` from serverless.yml is merged into the template later (package:finalize).
    const declared = Object.values(service.resources?.Resources ?? {});
    if (![...compiled, ...declared].some((resource) => resource?.Type === 'AWS::ApiGateway::Stage')) return;
    for (const resource of compiled) {
      if (resource.Type === 'AWS::ApiGateway::Deployment') delete resource.Properties.StageName;
    }
  }
}

module.exports = ExplicitStagePlugin;
