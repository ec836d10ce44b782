'use strict';
// Per-function resources the framework has no syntax for:
//
// - An IAM role for each function, holding only the statements listed under its
//   `iamRoleStatements` plus writing to its own log group. The framework's shared role would give
//   every function the union of all permissions. (serverless-iam-roles-per-function does the same
//   job, but it names roles `<service>-<stage>-<function>-<region>`, which goes over IAM's 64
//   characters for names like completeCustomerPasswordReset, and it leaves the shared role in the
//   stack.) Roles here are unnamed, so CloudFormation picks unique names.
// - A CloudWatch alarm on each function's Throttles, to the topic named in
//   `custom.perFunction.alarmTopic`, so a new function is watched without copying an alarm.
//
// Every function must declare `iamRoleStatements` (an empty list if it calls no AWS API), so no
// function silently falls back to a shared role.

const ASSUME_BY_LAMBDA = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
};

class PerFunctionResources {
  constructor(serverless) {
    this.serverless = serverless;
    this.naming = serverless.getProvider('aws').naming;
    serverless.configSchemaHandler.defineFunctionProperties('aws', {
      properties: { iamRoleStatements: { $ref: '#/definitions/awsIamPolicyStatements' } },
    });
    serverless.configSchemaHandler.defineCustomProperties({
      properties: {
        perFunction: {
          type: 'object',
          properties: { alarmTopic: { type: 'string' } },
          required: ['alarmTopic'],
          additionalProperties: false,
        },
      },
    });
    this.hooks = {
      // Before the framework decides whether it needs its shared role: with a role on every
      // function, it creates none.
      'before:package:setupProviderConfiguration': () => this.assignRoles(),
      'before:package:finalize': () => this.addResources(),
    };
  }

  functions() {
    const { service } = this.serverless;
    return service.getAllFunctions().map((name) => ({ name, definition: service.getFunction(name) }));
  }

  roleLogicalId(functionName) {
    return `${this.naming.getNormalizedFunctionName(functionName)}LambdaRole`;
  }

  assignRoles() {
    for (const { name, definition } of this.functions()) {
      if (!Array.isArray(definition.iamRoleStatements)) {
        throw new this.serverless.classes.Error(
          `Function ${name} must list the IAM statements its code needs under iamRoleStatements (use [] for none)`,
        );
      }
      if ('role' in definition) throw new this.serverless.classes.Error(`Function ${name}: use iamRoleStatements, not role`);
      definition.role = this.roleLogicalId(name);
    }
  }

  addResources() {
    const resources = this.serverless.service.provider.compiledCloudFormationTemplate.Resources;
    const alarmTopic = { Ref: this.serverless.service.custom.perFunction.alarmTopic };
    for (const { name, definition } of this.functions()) {
      resources[this.roleLogicalId(name)] = {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: ASSUME_BY_LAMBDA,
          Policies: [
            {
              PolicyName: definition.name,
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [
                  {
                    // Streams of this function's log group only; the group itself is a stack
                    // resource (with its retention), so the function never creates one.
                    Effect: 'Allow',
                    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
                    Resource: { 'Fn::GetAtt': [this.naming.getLogGroupLogicalId(name), 'Arn'] },
                  },
                  ...definition.iamRoleStatements,
                ],
              },
            },
          ],
        },
      };
      resources[`${this.naming.getNormalizedFunctionName(name)}ThrottlesAlarm`] = {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          AlarmName: `${definition.name}-throttles`,
          AlarmDescription: `Lambda refused invocations of ${definition.name} (concurrency limit reached): callers got errors.`,
          Namespace: 'AWS/Lambda',
          MetricName: 'Throttles',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: this.naming.getLambdaLogicalId(name) } }],
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [alarmTopic],
          OKActions: [alarmTopic],
        },
      };
    }
  }
}

module.exports = PerFunctionResources;
