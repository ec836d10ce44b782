import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY_VERSION_KEY_PREFIX } from '../../../lib/adapters/dynamodb-key-fingerprints';
import { RATE_KEY_PREFIX } from '../../../lib/adapters/dynamodb-rate-limiter';
import { TOKEN_KEY_PREFIX } from '../../../lib/adapters/dynamodb-token-store';
import { loadConfig } from '../../../lib/config';
import { composeEmail } from '../../../lib/email/render';
import { METADATA_FORMATS } from '../../../lib/wire/metadata';
import { NATIVE_TYPES_DOCUMENTS } from '../../../lib/wire/native-types';
import { allOperations } from '../../../lib/wire/operations';
import { explicitRoutesOf } from '../../../lib/wire/routes';
import {
  allIamStatements,
  brandSenders,
  conditionHolds,
  isRecord,
  onlyOne,
  pathOfMethod,
  policyStatements,
  referencedId,
  resource,
  resourcesOfType,
  resourceTexts,
  routes,
  zipEntryNames,
  zipEntryText,
  type PackagedStage,
  type Template,
} from './packaged-stage';

/**
 * The AWS actions each function's code calls, by function logical id: its role must grant exactly
 * these. A function missing here fails the suite, so a new one cannot ship with an unreviewed role.
 */
export const expectedActions: Readonly<Record<string, readonly string[]>> = {
  // The mailbox's item (PutItem) and rate-limit counters (UpdateItem), in one TransactWriteItems
  // (IAM checks its actions one by one), both keys' secrets once per instance, and the customer-id key's fingerprint (PutItem) at its first use. No email: no SES,
  // and no directory lookup.
  ResetCustomerPasswordLambdaFunction: ['dynamodb:PutItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'secretsmanager:GetSecretValue', 'secretsmanager:GetSecretValue'],
  // The item, and the address key to mask its address.
  VerifyCustomerPasswordResetTokenLambdaFunction: ['dynamodb:GetItem', 'secretsmanager:GetSecretValue'],
  // The link read (GetItem), the customer directory (GetItem), one conditional update redeems the
  // token and queues the notice; the address key opens the address.
  CompleteCustomerPasswordResetLambdaFunction: ['dynamodb:GetItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'secretsmanager:GetSecretValue'],
  // The stream (as the event source mapping reads it), the item, its mark, the sending limits'
  // counters, the directory, the email, both keys, the on-failure queue the mapping writes to with
  // the function's role, and the delay queue it puts held-back emails on and reads them back from.
  SendQueuedEmailLambdaFunction: [
    'dynamodb:DescribeStream',
    'dynamodb:GetItem',
    'dynamodb:GetItem',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
    'dynamodb:ListStreams',
    'dynamodb:UpdateItem',
    'dynamodb:UpdateItem',
    'secretsmanager:GetSecretValue',
    'secretsmanager:GetSecretValue',
    'ses:SendEmail',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:ReceiveMessage',
    'sqs:SendMessage',
    'sqs:SendMessage',
  ],
  // One conditional delete ends the link; the customer-id key's secret and its fingerprint once per
  // instance. No address key: it opens no address.
  RevokeCustomerPasswordResetTokensLambdaFunction: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'secretsmanager:GetSecretValue'],
  MetadataLambdaFunction: [],
};

const TOKENS = `${TOKEN_KEY_PREFIX}*`;
const RATES = `${RATE_KEY_PREFIX}*`;
const KEY_VERSIONS = `${KEY_VERSION_KEY_PREFIX}*`;

/**
 * Each function's statements on the token table: the action of each, and the kinds of item (by key
 * prefix) it must carry as `dynamodb:LeadingKeys`, so the complete function cannot change a
 * rate-limit counter, nor the reset function overwrite one whole, nor revoke delete anything but a
 * token; the key fingerprints (`keyversion#`) have statements of their own.
 */
export const expectedTokenTableStatements: Readonly<Record<string, ReadonlyArray<readonly [action: string, prefixes: readonly string[]]>>> = {
  ResetCustomerPasswordLambdaFunction: [
    ['dynamodb:PutItem', [KEY_VERSIONS]],
    ['dynamodb:PutItem', [TOKENS]],
    ['dynamodb:UpdateItem', [RATES]],
  ],
  VerifyCustomerPasswordResetTokenLambdaFunction: [['dynamodb:GetItem', [TOKENS]]],
  CompleteCustomerPasswordResetLambdaFunction: [
    ['dynamodb:GetItem', [TOKENS]],
    ['dynamodb:UpdateItem', [TOKENS]],
  ],
  SendQueuedEmailLambdaFunction: [
    ['dynamodb:GetItem', [TOKENS]],
    ['dynamodb:UpdateItem', [TOKENS]],
    ['dynamodb:UpdateItem', [RATES]],
  ],
  RevokeCustomerPasswordResetTokensLambdaFunction: [
    ['dynamodb:DeleteItem', [TOKENS]],
    ['dynamodb:PutItem', [KEY_VERSIONS]],
  ],
};

/** One function's API budget for one method, summed over its routes, as the stage's MethodSettings set it. */
export interface ApiBudget {
  readonly rate: number;
  readonly burst: number;
  readonly routes: number;
  /** The per-route rates, to check the split is even. */
  readonly rates: readonly number[];
}

/**
 * The stage's method-level throttles by function and method (`ResetCustomerPasswordLambdaFunction`
 * -> `POST` -> budget), each route matched to the function its integration invokes, and the `/*`
 * default. Throws for a setting on a route no function serves.
 */
export function apiBudgets(template: Template): {
  byFunction: Record<string, Record<string, ApiBudget>>;
  stageDefault: Record<string, unknown>;
  /** How many routes each function serves. */
  routeCounts: Record<string, number>;
} {
  // MethodSettings name a route as `/~1json~1reply~1X`; the function is the one its integration invokes.
  const functionOfRoute = new Map(
    resourcesOfType(template, 'AWS::ApiGateway::Method').map(([, method]) => [
      `/${pathOfMethod(template, method).replaceAll('/', '~1')}`,
      /"(\w+LambdaFunction)"/.exec(JSON.stringify(method.Properties.Integration))?.[1],
    ]),
  );
  const [stageDefault, ...settings] = resource(template, 'ApiGatewayStage').Properties.MethodSettings as Array<Record<string, unknown>>;
  const byFunction: Record<string, Record<string, ApiBudget>> = {};
  for (const setting of settings) {
    const fn = functionOfRoute.get(String(setting.ResourcePath));
    if (!fn) throw new Error(`A throttle on a route no function serves: ${JSON.stringify(setting)}`);
    const method = String(setting.HttpMethod);
    const before = byFunction[fn]?.[method] ?? { rate: 0, burst: 0, routes: 0, rates: [] };
    const rate = Number(setting.ThrottlingRateLimit);
    byFunction[fn] = {
      ...byFunction[fn],
      [method]: { rate: before.rate + rate, burst: before.burst + Number(setting.ThrottlingBurstLimit), routes: before.routes + 1, rates: [...before.rates, rate] },
    };
  }
  const routeCounts: Record<string, number> = {};
  for (const fn of functionOfRoute.values()) if (fn) routeCounts[fn] = (routeCounts[fn] ?? 0) + 1;
  return { byFunction, stageDefault: stageDefault ?? {}, routeCounts };
}

/** Every ServiceStack route of every operation: the custom route with its endings, predefined and /api routes. */
export const operationRoutes: readonly string[] = allOperations.flatMap((op) => explicitRoutesOf(op));

const TABLE_ARNS = [{ 'Fn::GetAtt': ['ResetTable', 'Arn'] }, { 'Fn::GetAtt': ['CustomerTable', 'Arn'] }, { 'Fn::GetAtt': ['ResetTable', 'StreamArn'] }];

/** The framework's logical id of a function's log group. */
const logGroupOf = (functionId: string): string => functionId.replace(/LambdaFunction$/, 'LogGroup');

/** Checks every stage must pass; call inside a `describe` with that stage's packaged output. */
export function itHasTheSharedShape(packaged: PackagedStage): void {
  const { stage, template } = packaged;
  const functions = resourcesOfType(template, 'AWS::Lambda::Function');

  it('lists every function in expectedActions', () => {
    expect(functions.map(([id]) => id).sort()).toEqual(Object.keys(expectedActions).sort());
  });

  it('runs every function on nodejs24.x, arm64, 512 MB, 20 s, with source maps bundled beside it but not loaded at start', () => {
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 512, Timeout: 20 });
      expect(fn.Properties.Environment).toMatchObject({ Variables: { STAGE: stage } });
      // No --enable-source-maps: it parses the map at every cold start, and no stack trace is logged (docs/operate.md).
      expect(JSON.stringify(fn.Properties.Environment)).not.toContain('NODE_OPTIONS');
      const entries = zipEntryNames(packaged, fn);
      const bundles = entries.filter((name) => name.endsWith('.js'));
      expect(bundles.length).toBeGreaterThan(0);
      for (const bundle of bundles) expect(entries).toContain(`${bundle}.map`);
    }
  });

  it("bundles its own stage's brand file and no other stage's", () => {
    const resetUrlsOf = (brandsStage: string) => (JSON.parse(readFileSync(join(__dirname, '../../../config', `brands.${brandsStage}.json`), 'utf8')) as { brands: Array<{ resetUrl: string }> }).brands.map((brand) => brand.resetUrl);
    const others = readdirSync(join(__dirname, '../../../config')).flatMap((name) => /^brands\.(\w+)\.json$/.exec(name)?.[1] ?? []).filter((other) => other !== stage);
    expect(others.length).toBeGreaterThan(0);
    for (const [, fn] of functions.filter(([id]) => id !== 'MetadataLambdaFunction')) {
      const bundle = zipEntryNames(packaged, fn).find((name) => name.endsWith('.js'))!;
      const code = zipEntryText(packaged, fn, bundle);
      for (const url of resetUrlsOf(stage)) expect(code).toContain(url);
      for (const url of others.flatMap(resetUrlsOf)) expect(code).not.toContain(url);
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

    it("grants DynamoDB actions on the service's tables only, the customers table read-only, the stream to the sender alone", () => {
      const dynamo = allIamStatements(template).filter(({ statement }) => statement.Action.some((a) => a.startsWith('dynamodb:')));
      expect(dynamo.length).toBeGreaterThan(0);
      for (const { statement } of dynamo) {
        expect(statement.Action.every((a) => a.startsWith('dynamodb:'))).toBe(true);
        expect(TABLE_ARNS).toContainEqual(statement.Resource);
        if (JSON.stringify(statement.Resource).includes('CustomerTable')) expect(statement.Action).toEqual(['dynamodb:GetItem']);
      }
      const onStream = dynamo.filter(({ statement }) => JSON.stringify(statement.Resource).includes('StreamArn')).map(({ holder }) => holder);
      expect(onStream).toEqual(['SendQueuedEmailLambdaRole']);
    });

    it("scopes each function's access to the token table to its own item kinds (dynamodb:LeadingKeys)", () => {
      for (const [fnId, expected] of Object.entries(expectedTokenTableStatements)) {
        const fn = resource(template, fnId);
        const onTable = policyStatements(resource(template, referencedId(fn.Properties.Role) ?? '')).filter(
          (statement) => JSON.stringify(statement.Resource) === JSON.stringify({ 'Fn::GetAtt': ['ResetTable', 'Arn'] }),
        );
        const byActionAndKeys = ([a, x]: readonly [string, unknown], [b, y]: readonly [string, unknown]) => (`${a} ${JSON.stringify(x)}` < `${b} ${JSON.stringify(y)}` ? -1 : 1);
        const granted = onTable.flatMap((statement) => statement.Action.map((action) => [action, statement.Condition] as const));
        expect([fnId, ...granted.sort(byActionAndKeys)]).toEqual([
          fnId,
          ...expected.map(([action, prefixes]) => [action, { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes } }] as const).sort(byActionAndKeys),
        ]);
      }
    });

    it("lets SES send only from the brand senders (their exact identities and From addresses), through the stage's configuration set", () => {
      const senders = brandSenders(stage);
      const identities = [...new Set(senders.flatMap((address) => [address.split('@')[1], address]))].sort();
      const configurationSet = `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:configuration-set/reset-customer-password-${stage}`;
      const ses = allIamStatements(template).filter(({ statement }) => statement.Action.some((a) => a.startsWith('ses:')));
      expect(ses.length).toBeGreaterThan(0);
      for (const { statement } of ses) {
        expect(statement.Action).toEqual(['ses:SendEmail']);
        expect(resourceTexts(statement.Resource).sort()).toEqual(
          [configurationSet, ...identities.map((identity) => `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/${identity}`)].sort(),
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
      ['ApiGatewayAccessLogGroup', 'SuppressedSendsLogGroup', ...functions.map(([id]) => logGroupOf(id))].sort(),
    );
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toEqual(expect.any(Number));
  });

  describe('API', () => {
    it('routes every ServiceStack route of every operation with ANY (so OPTIONS and wrong methods reach the function), plus the public catch-all', () => {
      const documentation = [
        '/metadata',
        '/openapi.json',
        ...METADATA_FORMATS.map((format) => `/${format}/metadata`),
        '/types',
        ...Object.values(NATIVE_TYPES_DOCUMENTS).map((document) => `/types/${document}`),
      ];
      const expected = [...operationRoutes, '/{proxy+}', ...documentation].map((path) => `ANY ${path}`);
      expect(routes(template).filter((route) => route.startsWith('ANY ')).sort()).toEqual(expected.sort());
    });

    it('requires the portal API key on every route of verify, complete and revoke (the operations marked requiresApiKey), and nowhere else', () => {
      const keyed = routes(template, (method) => method.Properties.ApiKeyRequired === true);
      const portalOnly = allOperations.filter((op) => op.requiresApiKey).flatMap((op) => explicitRoutesOf(op)).map((path) => `ANY ${path}`);
      expect(allOperations.filter((op) => op.requiresApiKey).map((op) => op.requestName)).toEqual([
        'VerifyCustomerPasswordResetTokenRequest',
        'CompleteCustomerPasswordResetRequest',
        'RevokeCustomerPasswordResetTokensRequest',
      ]);
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

    it("throttles every route of every function, each method at an even share of the function's budget, and other methods at the stage default", () => {
      const { byFunction, stageDefault, routeCounts } = apiBudgets(template);
      expect(stageDefault).toMatchObject({ ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) });
      // Every function with routes: all but the sender, which the stream runs.
      expect(Object.keys(byFunction).sort()).toEqual(functions.map(([id]) => id).filter((id) => id !== 'SendQueuedEmailLambdaFunction').sort());
      const served = { ResetCustomerPasswordLambdaFunction: ['OPTIONS', 'POST'], VerifyCustomerPasswordResetTokenLambdaFunction: ['OPTIONS', 'POST'], CompleteCustomerPasswordResetLambdaFunction: ['OPTIONS', 'POST'], RevokeCustomerPasswordResetTokensLambdaFunction: ['OPTIONS', 'POST'], MetadataLambdaFunction: ['GET'] };
      for (const [fnId, methods] of Object.entries(byFunction)) {
        expect(Object.keys(methods).sort()).toEqual(served[fnId as keyof typeof served]);
        for (const budget of Object.values(methods)) {
          expect(budget.routes).toBe(routeCounts[fnId]);
          expect(new Set(budget.rates).size).toBe(1);
        }
      }
      expect(routeCounts.ResetCustomerPasswordLambdaFunction).toBe(7);
    });

    it('writes JSON access logs without bodies or headers', () => {
      const { AccessLogSetting } = resource(template, 'ApiGatewayStage').Properties;
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

    it("lets API Gateway generate the portal's API key: its value is in no parameter, template or repository", () => {
      expect(resource(template, 'ApiGatewayApiKey1').Properties.Value).toBeUndefined();
    });

    it("puts no secret in any function environment: each function gets the ARNs of the keys' secrets it reads", () => {
      const variables = functions.map(([id, fn]) => {
        const { Environment } = fn.Properties;
        return [id, isRecord(Environment) && isRecord(Environment.Variables) ? Environment.Variables : {}] as const;
      });
      for (const [, each] of variables) {
        // A variable named for a secret may only say where it is or which version it is; no value may
        // be resolved from a secret store.
        expect(Object.keys(each).filter((name) => /KEY|SECRET|PASSWORD|TOKEN/.test(name) && !/_(ARN|VERSION)$/.test(name))).toEqual([]);
        expect(JSON.stringify(each)).not.toMatch(/resolve:(ssm-secure|secretsmanager):/);
      }
      const holders = (name: string, secret: string) =>
        variables.filter(([, each]) => name in each).map(([id, each]) => [id, JSON.stringify(each[name]) === JSON.stringify({ Ref: secret })]);
      expect(holders('CUSTOMER_ID_KEY_SECRET_ARN', 'CustomerIdKeySecret').sort()).toEqual(
        [['ResetCustomerPasswordLambdaFunction', true], ['RevokeCustomerPasswordResetTokensLambdaFunction', true], ['SendQueuedEmailLambdaFunction', true]].sort(),
      );
      expect(holders('ADDRESS_KEY_SECRET_ARN', 'AddressKeySecret').sort()).toEqual(
        [
          ['CompleteCustomerPasswordResetLambdaFunction', true],
          ['ResetCustomerPasswordLambdaFunction', true],
          ['SendQueuedEmailLambdaFunction', true],
          ['VerifyCustomerPasswordResetTokenLambdaFunction', true],
        ].sort(),
      );
    });

    it.each([
      [
        'CustomerIdKeySecret',
        'customer-id-key',
        'OnlyTheFunctionsMakingCustomerIdsReadTheKey',
        ['ResetCustomerPasswordLambdaRole', 'SendQueuedEmailLambdaRole', 'RevokeCustomerPasswordResetTokensLambdaRole'],
      ],
      [
        'AddressKeySecret',
        'address-key',
        'OnlyTheServiceFunctionsReadTheKey',
        ['ResetCustomerPasswordLambdaRole', 'SendQueuedEmailLambdaRole', 'VerifyCustomerPasswordResetTokenLambdaRole', 'CompleteCustomerPasswordResetLambdaRole'],
      ],
    ])('has CloudFormation make %s, and lets only the functions that need it read it', (secret, name, sid, roles) => {
      expect(resource(template, secret).Properties).toEqual({
        Name: `reset-customer-password/${stage}/${name}`,
        Description: expect.any(String),
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
      });
      const readers = allIamStatements(template).filter(({ statement }) => statement.Action.some((a) => a.startsWith('secretsmanager:')) && referencedId(statement.Resource) === secret);
      expect(readers.map(({ holder, statement }) => [holder, statement]).sort()).toEqual(
        roles.map((role) => [role, { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: { Ref: secret }, Condition: undefined }]).sort(),
      );
      // The secret's own policy denies everyone else, administrators and read-only principals included.
      expect(resource(template, `${secret}Policy`).Properties).toEqual({
        SecretId: { Ref: secret },
        BlockPublicPolicy: true,
        ResourcePolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: sid,
              Effect: 'Deny',
              Principal: '*',
              Action: 'secretsmanager:GetSecretValue',
              Resource: '*',
              Condition: { ArnNotEquals: { 'aws:PrincipalArn': roles.map((role) => ({ 'Fn::GetAtt': [role, 'Arn'] })) } },
            },
          ],
        },
      });
    });
  });

  describe('the outbox', () => {
    it("streams the token table's new images", () => {
      expect(resource(template, 'ResetTable').Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    });

    it('runs the sender on the stream with the mapping of deploy/sender-stream.js: filter, batch, partial failures, bisect, retries, record age, on-failure queue', () => {
      const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping');
      const [, mappingResource] = onlyOne(mappings.filter(([, mapping]) => JSON.stringify(mapping.Properties.EventSourceArn).includes('StreamArn')));
      expect(mappingResource.Properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': ['ResetTable', 'StreamArn'] },
        FunctionName: { 'Fn::GetAtt': ['SendQueuedEmailLambdaFunction', 'Arn'] },
        BatchSize: 10,
        StartingPosition: 'LATEST',
        MaximumRetryAttempts: 10,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['SendFailureQueue', 'Arn'] } } },
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { outbox: { S: [{ exists: true }] } } } }) }] },
      });
      // No longer than the shortest link's life of any brand: an email that late is given up, and counted.
      const lifetimes = ['dev', 'prod'].flatMap((each) => loadConfig({ STAGE: each, TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' }).brands.all.map((brand) => brand.tokenTtlSeconds));
      expect(mappingResource.Properties.MaximumRecordAgeInSeconds).toBe(Math.min(...lifetimes));
    });

    it("alarms on the on-failure queue's first message and on the sender falling behind", () => {
      expect(resource(template, 'SendFailureQueue').Properties).toMatchObject({ MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true });
      expect(resource(template, 'SendFailuresAlarm').Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: 'AlarmTopic' }],
      });
      expect(resource(template, 'SenderIteratorAgeAlarm').Properties).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'IteratorAge',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'SendQueuedEmailLambdaFunction' } }],
        AlarmActions: [{ Ref: 'AlarmTopic' }],
      });
    });

    it("runs the sender on its delay queue too: partial failures, a dead-letter queue after five receives, the queue's URL in its environment", () => {
      const [, mapping] = onlyOne(resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(([, each]) => JSON.stringify(each.Properties.EventSourceArn).includes('SendDelayQueue')));
      expect(mapping.Properties).toMatchObject({
        EventSourceArn: { 'Fn::GetAtt': ['SendDelayQueue', 'Arn'] },
        FunctionName: { 'Fn::GetAtt': ['SendQueuedEmailLambdaFunction', 'Arn'] },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(resource(template, 'SendDelayQueue').Properties).toMatchObject({
        VisibilityTimeout: 120,
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['SendDelayDeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 },
      });
      expect(resource(template, 'SendQueuedEmailLambdaFunction').Properties.Environment).toMatchObject({ Variables: { SEND_DELAY_QUEUE_URL: { Ref: 'SendDelayQueue' } } });
    });

    it('alarms on a growing backlog of held-back emails, on any given up, and on any in the delay queue\'s dead-letter queue', () => {
      expect(resource(template, 'SendBacklogAlarm').Properties).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesDelayed',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['SendDelayQueue', 'QueueName'] } }],
        AlarmActions: [{ Ref: 'AlarmTopic' }],
      });
      expect(resource(template, 'EmailsGivenUpAlarm').Properties).toMatchObject({ MetricName: 'EmailsGivenUp', Threshold: 1, AlarmActions: [{ Ref: 'AlarmTopic' }] });
      expect(resource(template, 'SendDelayFailuresAlarm').Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['SendDelayDeadLetterQueue', 'QueueName'] } }],
        Threshold: 1,
      });
    });

    it('gives the sender no HTTP route, and the functions that answer callers no SES permission', () => {
      const withRoutes = new Set(Object.keys(apiBudgets(template).byFunction));
      expect(withRoutes.has('SendQueuedEmailLambdaFunction')).toBe(false);
      const sending = Object.entries(expectedActions).filter(([, actions]) => actions.includes('ses:SendEmail')).map(([id]) => id);
      expect(sending).toEqual(['SendQueuedEmailLambdaFunction']);
    });
  });

  describe('sending reputation', () => {
    const name = `reset-customer-password-${stage}`;
    const brand = loadConfig({ STAGE: stage, TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' }).brands.defaultBrand;
    /** The tag names the code puts on every message. */
    const tagNames = Object.keys(composeEmail(brand, brand.locales[0]!, 'jane@example.com', { kind: 'no-account' }).tags).sort();
    const destinations = resourcesOfType(template, 'AWS::SES::ConfigurationSetEventDestination').map(([, each]) => each.Properties);
    const destination = (kind: string) => destinations.map((each) => each.EventDestination).find((each) => isRecord(each) && kind in each) as Record<string, unknown>;

    it('has a configuration set that suppresses bounced and complaining addresses and tracks reputation', () => {
      const [, set] = onlyOne(resourcesOfType(template, 'AWS::SES::ConfigurationSet'));
      expect(set.Properties).toEqual({
        Name: name,
        SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
        ReputationOptions: { ReputationMetricsEnabled: true },
        SendingOptions: { SendingEnabled: true },
      });
      for (const each of destinations) expect(each.ConfigurationSetName).toEqual({ Ref: 'EmailConfigurationSet' });
    });

    it('makes every function that sends email send through it, and no other', () => {
      const named = functions.map(([id, fn]) => {
        const { Environment } = fn.Properties;
        return [id, isRecord(Environment) && isRecord(Environment.Variables) ? Environment.Variables.SES_CONFIGURATION_SET : undefined];
      });
      const senders = Object.entries(expectedActions).filter(([, actions]) => actions.includes('ses:SendEmail')).map(([id]) => [id, name]);
      expect(named.filter(([, set]) => set !== undefined)).toEqual(senders);
    });

    it('publishes send, delivery, bounce, complaint and reject events to CloudWatch by the brand and email-kind tags every message carries', () => {
      expect(tagNames).toEqual(['brand', 'emailKind']);
      expect(destination('CloudWatchDestination')).toEqual({
        Name: 'cloudwatch',
        Enabled: true,
        MatchingEventTypes: ['SEND', 'DELIVERY', 'BOUNCE', 'COMPLAINT', 'REJECT'],
        CloudWatchDestination: {
          DimensionConfigurations: tagNames.map((tag) => ({ DimensionName: tag, DimensionValueSource: 'MESSAGE_TAG', DefaultDimensionValue: 'none' })),
        },
      });
    });

    it('counts sends dropped for a suppressed address as SuppressedSends, from a log that keeps no address', () => {
      expect(destination('EventBridgeDestination')).toMatchObject({ Enabled: true, MatchingEventTypes: ['BOUNCE', 'COMPLAINT'] });
      const rule = resource(template, 'SuppressedSendsRule').Properties;
      expect(rule.EventPattern).toEqual({
        source: ['aws.ses'],
        detail: {
          mail: { tags: { 'ses:configuration-set': [name] } },
          $or: [{ bounce: { bounceSubType: ['OnAccountSuppressionList'] } }, { complaint: { complaintSubType: ['OnAccountSuppressionList'] } }],
        },
      });
      const [target] = rule.Targets as Array<Record<string, unknown>>;
      expect(target!.Arn).toEqual({ 'Fn::GetAtt': ['SuppressedSendsLogGroup', 'Arn'] });
      const transformer = target!.InputTransformer as { InputPathsMap: Record<string, string> };
      expect(Object.values(transformer.InputPathsMap).sort()).toEqual(['$.detail.mail.tags.brand[0]', '$.detail.mail.tags.emailKind[0]', '$.time']);
      expect(JSON.stringify(resource(template, 'SuppressedSendsLogPolicy').Properties)).toContain('events.amazonaws.com');
      expect(resource(template, 'SuppressedSendsMetricFilter').Properties).toMatchObject({
        LogGroupName: { Ref: 'SuppressedSendsLogGroup' },
        MetricTransformations: [{ MetricNamespace: 'ResetCustomerPassword', MetricName: 'SuppressedSends', MetricValue: '1', Unit: 'Count' }],
      });
    });

    it.each([
      ['Reputation.BounceRate', 0.05],
      ['Reputation.ComplaintRate', 0.001],
    ])('alarms on the SES account %s well before SES reviews the account (%s)', (metric, reviewedAt) => {
      const [, alarm] = onlyOne(resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(([, each]) => each.Properties.MetricName === metric));
      expect(alarm.Properties).toMatchObject({
        Namespace: 'AWS/SES',
        Statistic: 'Maximum',
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: 'AlarmTopic' }],
        OKActions: [{ Ref: 'AlarmTopic' }],
      });
      expect(alarm.Properties.Threshold).toBeLessThanOrEqual(reviewedAt / 2);
      expect(alarm.Properties.Dimensions).toBeUndefined();
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
      expect(alarms.length).toBeGreaterThanOrEqual(5 + functions.length);
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

    it.each([
      ['EmailsSent', 3600],
      ['RateLimited', 300],
    ])("watches unusual volume of the service's %s metric, summed over %i s", (metric, period) => {
      expect(alarm(metric)).toMatchObject({
        Namespace: 'ResetCustomerPassword',
        Dimensions: [{ Name: 'service', Value: 'reset-customer-password' }],
        Statistic: 'Sum',
        Period: period,
        Threshold: expect.any(Number),
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      });
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

/** What a stage's template must set: docs/deploy.md's table. Budgets are [requests per second, burst]. */
export interface StageLimits {
  readonly budgets: Readonly<Record<'reset' | 'verify' | 'complete' | 'revoke' | 'metadata', readonly [number, number]>>;
  /** Reserved concurrency of the reset function, `undefined` for none. */
  readonly reservedConcurrency: string | undefined;
  readonly alarms: { readonly emailsSentPerHour: number; readonly rateLimitedPer5Minutes: number };
}

/** Checks a stage's throttling, reserved concurrency and volume alarms; call inside its `describe`. */
export function itHasTheStageLimits(packaged: PackagedStage, limits: StageLimits): void {
  const { template } = packaged;
  const functionIds = {
    reset: 'ResetCustomerPasswordLambdaFunction',
    verify: 'VerifyCustomerPasswordResetTokenLambdaFunction',
    complete: 'CompleteCustomerPasswordResetLambdaFunction',
    revoke: 'RevokeCustomerPasswordResetTokensLambdaFunction',
    metadata: 'MetadataLambdaFunction',
  } as const;

  it('throttles each function to the budget docs/deploy.md states, summed over its routes, and other methods at 1 a second', () => {
    const { byFunction, stageDefault } = apiBudgets(template);
    for (const [name, [rate, burst]] of Object.entries(limits.budgets)) {
      const methods = byFunction[functionIds[name as keyof typeof functionIds]]!;
      for (const budget of Object.values(methods)) expect([budget.rate, budget.burst]).toEqual([rate, burst]);
    }
    expect(stageDefault).toMatchObject({ ThrottlingRateLimit: 1, ThrottlingBurstLimit: 1 });
  });

  it(`reserves ${limits.reservedConcurrency ?? 'no'} concurrent executions for the reset function`, () => {
    expect(conditionHolds(template, 'ResetConcurrencyReserved')).toBe(limits.reservedConcurrency !== undefined);
    expect(resource(template, functionIds.reset).Properties.ReservedConcurrentExecutions).toEqual({
      'Fn::If': ['ResetConcurrencyReserved', limits.reservedConcurrency ?? '0', { Ref: 'AWS::NoValue' }],
    });
  });

  it(`alarms above ${limits.alarms.emailsSentPerHour} reset emails an hour or ${limits.alarms.rateLimitedPer5Minutes} rate-limited requests in 5 minutes`, () => {
    expect(resource(template, 'EmailsSentAlarm').Properties).toMatchObject({ MetricName: 'EmailsSent', Threshold: limits.alarms.emailsSentPerHour });
    expect(resource(template, 'RateLimitedAlarm').Properties).toMatchObject({ MetricName: 'RateLimited', Threshold: limits.alarms.rateLimitedPer5Minutes });
  });
}
