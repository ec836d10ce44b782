'use strict';
// The framework creates the REST API stage implicitly, through `StageName` on its deployment, and
// applies access logs afterwards with API calls of its own (plus a custom resource whose role may
// create and pass any role in the account). Stage throttling has no setting at all. So the stage is
// declared as a plain `AWS::ApiGateway::Stage` (`ApiGatewayStage` in deploy/resources/api.yml), with
// its throttling and access logs in the template where tests can see them, and this plugin removes
// the implicit stage. Resources the framework makes wait for the deployment because they need the
// stage (a usage plan for API keys); they are made to wait for the stage itself.

const STAGE = 'ApiGatewayStage';

class OwnApiStage {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.ownStage() };
  }

  ownStage() {
    const { Resources } = this.serverless.service.provider.compiledCloudFormationTemplate;
    const deployments = Object.keys(Resources).filter((id) => Resources[id].Type === 'AWS::ApiGateway::Deployment');
    if (deployments.length === 0) return; // no http events, no API
    const [deployment] = deployments;
    const stage = this.serverless.service.resources?.Resources?.[STAGE];
    if (stage?.Type !== 'AWS::ApiGateway::Stage' || stage.Properties?.DeploymentId?.Ref !== deployment) {
      throw new this.serverless.classes.Error(`${STAGE} must be an AWS::ApiGateway::Stage with DeploymentId: !Ref ${deployment}`);
    }
    delete Resources[deployment].Properties.StageName;
    for (const resource of Object.values(Resources)) {
      const dependsOn = [resource.DependsOn ?? []].flat();
      if (dependsOn.includes(deployment) && resource.Type !== 'AWS::ApiGateway::Stage') {
        resource.DependsOn = [...dependsOn, STAGE];
      }
    }
  }
}

module.exports = OwnApiStage;
