'use strict';
// The framework creates the REST API stage implicitly, through `StageName` on its deployment, and
// applies access logs afterwards with API calls of its own (plus a custom resource whose role may
// create and pass any role in the account). Stage throttling has no setting at all. So the stage is
// declared as a plain `AWS::ApiGateway::Stage` (`ApiGatewayStage` in deploy/resources/api.yml), with
// its throttling and access logs in the template where tests can see them, and this plugin removes
// the implicit stage. Resources the framework makes wait for the deployment because they need the
// stage (a usage plan for API keys); they are made to wait for the stage itself.
//
// It also writes each function's API budget into the stage's MethodSettings. API Gateway throttles
// every method of every route on its own, so a stage-wide `/*` setting multiplies by the number of
// routes (the reset function alone has seven). `custom.apiThrottling` gives each function a budget
// for all its routes together, for the methods it serves; it is split evenly over the routes here,
// so the stage's limits add up to the budgets. Any other method (a GET on an operation's route,
// answered 405) keeps the stage's `/*` default. A function with routes but no budget fails packaging.

const STAGE = 'ApiGatewayStage';

/** A route as MethodSettings spells it: `/json/reply/X` -> `/~1json~1reply~1X`. */
const resourcePathOf = (path) => `/${`/${path.replace(/^\//, '')}`.replaceAll('/', '~1')}`;

class OwnApiStage {
  constructor(serverless) {
    this.serverless = serverless;
    serverless.configSchemaHandler.defineCustomProperties({
      properties: {
        apiThrottling: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            properties: {
              methods: { type: 'array', items: { type: 'string' } },
              rateLimit: { anyOf: [{ type: 'number' }, { type: 'string' }] },
              burstLimit: { anyOf: [{ type: 'number' }, { type: 'string' }] },
            },
            required: ['methods', 'rateLimit', 'burstLimit'],
            additionalProperties: false,
          },
        },
      },
    });
    this.hooks = { 'before:package:finalize': () => this.ownStage() };
  }

  /** One MethodSettings entry per route and method of every function, from its budget. */
  methodSettings(defaults) {
    const { service } = this.serverless;
    const budgets = service.custom?.apiThrottling ?? {};
    return service.getAllFunctions().flatMap((name) => {
      const paths = (service.getFunction(name).events ?? []).flatMap((event) => (event.http ? [event.http.path] : []));
      if (paths.length === 0) return [];
      const budget = budgets[name];
      if (!budget) throw new this.serverless.classes.Error(`Function ${name} has API routes but no budget in custom.apiThrottling`);
      const rate = Number(budget.rateLimit) / paths.length;
      const burst = Math.floor(Number(budget.burstLimit) / paths.length);
      if (!(rate > 0) || !(burst >= 1)) {
        throw new this.serverless.classes.Error(`custom.apiThrottling.${name}: the budget must give each of its ${paths.length} routes a rate above 0 and a burst of at least 1`);
      }
      return paths.flatMap((path) =>
        budget.methods.map((method) => ({ ...defaults, ResourcePath: resourcePathOf(path), HttpMethod: method, ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst })),
      );
    });
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
    const [stageDefault, ...others] = stage.Properties.MethodSettings;
    const { ResourcePath, HttpMethod, ThrottlingRateLimit, ThrottlingBurstLimit, ...defaults } = stageDefault;
    stage.Properties.MethodSettings = [stageDefault, ...others, ...this.methodSettings(defaults)];
    for (const resource of Object.values(Resources)) {
      const dependsOn = [resource.DependsOn ?? []].flat();
      if (dependsOn.includes(deployment) && resource.Type !== 'AWS::ApiGateway::Stage') {
        resource.DependsOn = [...dependsOn, STAGE];
      }
    }
  }
}

module.exports = OwnApiStage;
