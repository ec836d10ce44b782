import { NATIVE_TYPES_DOCUMENTS } from '../../../lib/wire/native-types';
import { allOperations } from '../../../lib/wire/operations';
import { routesOf } from '../../../lib/wire/routes';
import {
  allIamStatements,
  brandSenders,
  isRecord,
  onlyOne,
  policyStatements,
  referencedId,
  resource,
  resourcesOfType,
  resourceTexts,
  routes,
  zipEntryNames,
  type PackagedStage,
} from './packaged-stage';

/**
 * The AWS actions each function's code calls, by function logical id: its role must grant exactly
 * these. A function missing here fails the suite, so a new one cannot ship with an unreviewed role.
 */
export const expectedActions: Readonly<Record<string, readonly string[]>> = {
  // Token put, rate-limit counters (UpdateItem), the customer directory (GetItem), the email.
  ResetCustomerPasswordLambdaFunction: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'ses:SendEmail'],
  VerifyCustomerPasswordResetTokenLambdaFunction: ['dynamodb:GetItem'],
  // One conditional update redeems the token; the notice email follows.
  CompleteCustomerPasswordResetLambdaFunction: ['dynamodb:UpdateItem', 'ses:SendEmail'],
  MetadataLambdaFunction: [],
};

/** Every ServiceStack route of every operation: the custom route with its endings, predefined and /api routes. */
export const operationRoutes: readonly string[] = allOperations.flatMap((op) => routesOf(op));

const TABLE_ARNS = [{ 'Fn::GetAtt': ['ResetTable', 'Arn'] }, { 'Fn::GetAtt': ['CustomerTable', 'Arn'] }];

/** The framework's logical id of a function's log group. */
const logGroupOf = (functionId: string): string => functionId.replace(/LambdaFunction$/, 'LogGroup');

/** Checks every stage must pass; call inside a `describe` with that stage's packaged output. */
export function itHasTheSharedShape(packaged: PackagedStage): void {
  const { stage, template } = packaged;
  const functions = resourcesOfType(template, 'AWS::Lambda::Function');

  it('lists every function in expectedActions', () => {
    expect(functions.map(([id]) => id).sort()).toEqual(Object.keys(expectedActions).sort());
  });

  it('runs every function on nodejs22.x, arm64, 512 MB, 20 s, with source maps bundled and enabled', () => {
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 512, Timeout: 20 });
      expect(fn.Properties.Environment).toMatchObject({ Variables: { NODE_OPTIONS: '--enable-source-maps', STAGE: stage } });
      const entries = zipEntryNames(packaged, fn);
      const bundles = entries.filter((name) => name.endsWith('.js'));
      expect(bundles.length).toBeGreaterThan(0);
      for (const bundle of bundles) expect(entries).toContain(`${bundle}.map`);
    }
  });

  describe('least privilege', () => {
    it('gives each function a role of its own, and creates no shared role', () => {
      const roleIds = functions.map(([, fn]) => referencedId(fn.Properties.Role));
      expect(new Set(roleIds).size).toBe(functions.length);
      for (const id of roleIds) expect(resource(template, id ?? '').Type).toBe('AWS::IAM::Role');
      expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
    });

    it.each(Object.entries(expectedActions))('grants %s only the calls its code makes, plus its own log streams', (fnId, actions) => {
      const fn = resource(template, fnId);
      const statements = policyStatements(resource(template, referencedId(fn.Properties.Role) ?? ''));
      expect(statements[0]).toEqual({
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logGroupOf(fnId), 'Arn'] },
        Condition: undefined,
      });
      const granted = statements.slice(1);
      expect(granted.every((s) => s.Effect === 'Allow')).toBe(true);
      expect(granted.flatMap((s) => s.Action).sort()).toEqual([...actions].sort());
    });

    it("grants DynamoDB actions on the service's tables only, the customers table read-only", () => {
      const dynamo = allIamStatements(template).filter(({ statement }) => statement.Action.some((a) => a.startsWith('dynamodb:')));
      expect(dynamo.length).toBeGreaterThan(0);
      for (const { statement } of dynamo) {
        expect(statement.Action.every((a) => a.startsWith('dynamodb:'))).toBe(true);
        expect(TABLE_ARNS).toContainEqual(statement.Resource);
        if (JSON.stringify(statement.Resource).includes('CustomerTable')) expect(statement.Action).toEqual(['dynamodb:GetItem']);
      }
    });

    it('lets SES send only from the brand senders: their exact identities and From addresses', () => {
      const senders = brandSenders(stage);
      const identities = [...new Set(senders.flatMap((address) => [address.split('@')[1], address]))].sort();
      const ses = allIamStatements(template).filter(({ statement }) => statement.Action.some((a) => a.startsWith('ses:')));
      expect(ses.length).toBeGreaterThan(0);
      for (const { statement } of ses) {
        expect(statement.Action).toEqual(['ses:SendEmail']);
        expect(resourceTexts(statement.Resource).sort()).toEqual(
          identities.map((identity) => `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/${identity}`),
        );
        expect(statement.Condition).toEqual({ StringEquals: { 'ses:FromAddress': [...senders].sort() } });
      }
    });

    it('has no wildcard action or resource in any IAM statement of the template', () => {
      const statements = allIamStatements(template);
      expect(statements.length).toBeGreaterThan(0);
      const offending = statements.filter(
        ({ statement }) =>
          statement.Action.some((action) => action.includes('*')) ||
          resourceTexts(statement.Resource).some((arn) => arn === '*' || arn.endsWith('/*')),
      );
      expect(offending).toEqual([]);
    });
  });

  it('keeps tokens in an on-demand, encrypted table whose TTL attribute is expiresAt', () => {
    expect(resource(template, 'ResetTable').Properties).toMatchObject({
      TableName: `reset-customer-password-${stage}`,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('sets a retention on every log group: each function, and the API access logs', () => {
    const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');
    expect(groups.map(([id]) => id).sort()).toEqual(
      ['ApiGatewayAccessLogGroup', ...functions.map(([id]) => logGroupOf(id))].sort(),
    );
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toEqual(expect.any(Number));
  });

  describe('API', () => {
    it('routes every ServiceStack route of every operation with ANY (so OPTIONS and wrong methods reach the function), plus the public catch-all', () => {
      const documentation = ['/metadata', '/openapi.json', '/types', ...Object.values(NATIVE_TYPES_DOCUMENTS).map((document) => `/types/${document}`)];
      const expected = [...operationRoutes, '/{proxy+}', ...documentation].map((path) => `ANY ${path}`);
      expect(routes(template).filter((route) => route.startsWith('ANY ')).sort()).toEqual(expected.sort());
    });

    it('requires the portal API key on every route of verify and complete, and nowhere else', () => {
      const keyed = routes(template, (method) => method.Properties.ApiKeyRequired === true);
      const portalOnly = operationRoutes.filter((path) => /Verify|Complete/.test(path)).map((path) => `ANY ${path}`);
      expect(keyed).toEqual(portalOnly.sort());
    });

    it('passes every request body to the functions as bytes (binary media type */*), so they decode it themselves', () => {
      const [, api] = onlyOne(resourcesOfType(template, 'AWS::ApiGateway::RestApi'));
      expect(api.Properties.BinaryMediaTypes).toEqual(['*/*']);
      // Proxy integrations only: a MOCK integration (cors: true preflights) would fail on binary bodies.
      for (const [, method] of resourcesOfType(template, 'AWS::ApiGateway::Method')) {
        expect(method.Properties.Integration).toMatchObject({ Type: 'AWS_PROXY' });
      }
    });

    it('has one stage, declared in the template, on the current deployment; the deployment makes none', () => {
      const [deploymentId, deployment] = onlyOne(resourcesOfType(template, 'AWS::ApiGateway::Deployment'));
      expect(deployment.Properties).not.toHaveProperty('StageName');
      const [, apiStage] = onlyOne(resourcesOfType(template, 'AWS::ApiGateway::Stage'));
      expect(apiStage.Properties).toMatchObject({ StageName: stage, DeploymentId: { Ref: deploymentId } });
    });

    it('throttles the stage and writes JSON access logs without bodies or headers', () => {
      const { MethodSettings, AccessLogSetting } = resource(template, 'ApiGatewayStage').Properties;
      expect(MethodSettings).toEqual([
        expect.objectContaining({ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) }),
      ]);
      expect(AccessLogSetting).toMatchObject({ DestinationArn: { 'Fn::GetAtt': ['ApiGatewayAccessLogGroup', 'Arn'] } });
      if (!isRecord(AccessLogSetting) || typeof AccessLogSetting.Format !== 'string') throw new Error('No access log format');
      const format: unknown = JSON.parse(AccessLogSetting.Format);
      expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', ip: '$context.identity.sourceIp' });
      expect(JSON.stringify(format)).not.toMatch(/body|header|querystring|authorizer/i);
    });

    it('makes framework resources that need the stage wait for it', () => {
      for (const id of ['ApiGatewayUsagePlan', 'ApiGatewayApiKey1']) {
        expect([resource(template, id).DependsOn].flat()).toContain('ApiGatewayStage');
      }
    });

    it("takes the portal's API key value from SSM, never from the repository", () => {
      expect(resource(template, 'ApiGatewayApiKey1').Properties.Value).toBe(
        `{{resolve:ssm:/reset-customer-password/${stage}/portal-api-key}}`,
      );
    });

    it('gives the customer-id key, from SSM, to the reset function alone', () => {
      const keys = functions.map(([id, fn]) => {
        const { Environment } = fn.Properties;
        const variables = isRecord(Environment) && isRecord(Environment.Variables) ? Environment.Variables : {};
        return [id, variables.CUSTOMER_ID_KEY];
      });
      expect(keys.filter(([, key]) => key !== undefined)).toEqual([
        ['ResetCustomerPasswordLambdaFunction', `{{resolve:ssm:/reset-customer-password/${stage}/customer-id-key}}`],
      ]);
    });
  });

  describe('alarms', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
    const alarm = (metric: string) => alarms.find(([, candidate]) => candidate.Properties.MetricName === metric)?.[1].Properties;
    const apiDimensions = [
      { Name: 'ApiName', Value: `reset-customer-password-${stage}` },
      { Name: 'Stage', Value: stage },
    ];

    it('sends every alarm, and its recovery, to the alarm topic, whose email subscription comes from SSM', () => {
      expect(alarms.length).toBeGreaterThanOrEqual(3 + functions.length);
      for (const [, each] of alarms) expect(each.Properties).toMatchObject({ AlarmActions: [{ Ref: 'AlarmTopic' }], OKActions: [{ Ref: 'AlarmTopic' }] });
      expect(resource(template, 'AlarmTopic').Type).toBe('AWS::SNS::Topic');
      expect(resource(template, 'AlarmEmailSubscription').Properties).toEqual({
        TopicArn: { Ref: 'AlarmTopic' },
        Protocol: 'email',
        Endpoint: `{{resolve:ssm:/reset-customer-password/${stage}/alarm-email}}`,
      });
    });

    it('watches the share of 5xx answers', () => {
      expect(alarm('5XXError')).toMatchObject({ Namespace: 'AWS/ApiGateway', Dimensions: apiDimensions, Statistic: 'Average', Threshold: 0.05 });
    });

    it('watches p99 latency', () => {
      expect(alarm('Latency')).toMatchObject({ Namespace: 'AWS/ApiGateway', Dimensions: apiDimensions, ExtendedStatistic: 'p99' });
    });

    it("watches the service's EmailSendFailures metric, in the namespace the functions emit to", () => {
      expect(alarm('EmailSendFailures')).toMatchObject({
        Namespace: 'ResetCustomerPassword',
        Dimensions: [{ Name: 'service', Value: 'reset-customer-password' }],
        Statistic: 'Sum',
        Threshold: 1,
        TreatMissingData: 'notBreaching',
      });
      for (const [, fn] of functions) {
        expect(fn.Properties.Environment).toMatchObject({
          Variables: { METRICS_NAMESPACE: 'ResetCustomerPassword', SERVICE_NAME: 'reset-customer-password' },
        });
      }
    });

    it('watches throttles of every function', () => {
      const watched = alarms
        .filter(([, each]) => each.Properties.MetricName === 'Throttles' && each.Properties.Namespace === 'AWS/Lambda')
        .map(([, each]) => each.Properties.Dimensions);
      const expected = functions.map(([id]) => [{ Name: 'FunctionName', Value: { Ref: id } }]);
      expect(watched).toHaveLength(expected.length);
      expect(watched).toEqual(expect.arrayContaining(expected));
    });
  });
}
