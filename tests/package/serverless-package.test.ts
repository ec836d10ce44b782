import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allOperations } from '../../lib/wire/operations';
import { routesOf } from '../../lib/wire/routes';

interface Template {
  Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
}

/** Runs `sls package` exactly as a user would, but with every AWS credential removed. */
function packageStage(stage: string): Template {
  const out = mkdtempSync(join(tmpdir(), `sls-${stage}-`));
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  execFileSync(process.execPath, [require.resolve('osls/bin/serverless.js'), 'package', '--stage', stage, '--package', out], {
    cwd: join(__dirname, '../..'),
    env: { ...env, SLS_TELEMETRY_DISABLED: '1', ESBUILD_WORK_FOLDER: '.esbuild/package' },
    stdio: 'pipe',
  });
  return JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
}

/** `METHOD /full/path` for every API Gateway method, rebuilt from the resource tree. */
function apiRoutes(template: Template): Array<{ route: string; apiKeyRequired: boolean }> {
  const pathOf = (ref: unknown): string => {
    const id = (ref as { Ref?: string }).Ref;
    const resource = id ? template.Resources[id] : undefined;
    return resource ? `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}` : '';
  };
  return ofType(template, 'AWS::ApiGateway::Method').map((m) => ({
    route: `${m.Properties.HttpMethod} ${pathOf(m.Properties.ResourceId)}`,
    apiKeyRequired: m.Properties.ApiKeyRequired === true,
  }));
}

const ofType = (template: Template, type: string) => Object.values(template.Resources).filter((r) => r.Type === type);

describe('sls package --stage dev (no AWS credentials)', () => {
  const template = packageStage('dev');

  it('declares the token table on demand, keyed by pk, with expiresAt as its TTL attribute', () => {
    const [table] = ofType(template, 'AWS::DynamoDB::Table').filter((t) => t.Properties.TimeToLiveSpecification);
    expect(table!.Properties).toMatchObject({
      TableName: 'reset-customer-password-dev',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('runs every function on a current arm64 runtime with the table names in its environment', () => {
    const functions = ofType(template, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Environment.Variables).toMatchObject({
        TABLE_NAME: 'reset-customer-password-dev',
        CUSTOMER_TABLE_NAME: 'reset-customer-password-dev-customers',
        STAGE: 'dev',
      });
    }
  });

  it('grants only the DynamoDB calls the code makes, on its tables, and SendEmail from the brand senders', () => {
    const [role] = ofType(template, 'AWS::IAM::Role');
    const statements: Array<{ Action: string[]; Resource: unknown; Condition?: unknown }> = role!.Properties.Policies[0].PolicyDocument.Statement;
    const granted = statements.filter((s) => !s.Action.every((a) => a.startsWith('logs:')));
    expect(granted).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: { 'Fn::GetAtt': ['ResetTable', 'Arn'] } },
      { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: { 'Fn::GetAtt': ['CustomerTable', 'Arn'] } },
      expect.objectContaining({
        Action: ['ses:SendEmail'],
        Condition: { StringLike: { 'ses:FromAddress': ['no-reply@pumpalarm.com', 'no-reply@aquaguard.example'] } },
      }),
    ]);
  });

  it('routes every ServiceStack route of every operation, any method, plus the public catch-all', () => {
    const expected = allOperations.flatMap((op) => routesOf(op));
    expect(apiRoutes(template).map((r) => r.route).sort()).toEqual([...expected, '/{proxy+}', '/metadata', '/openapi.json'].map((path) => `ANY ${path}`).sort());
  });

  it('requires the portal API key on verify and complete only', () => {
    const keyed = apiRoutes(template).filter((r) => r.apiKeyRequired).map((r) => r.route);
    const expected = allOperations.filter((op) => op.requiresApiKey).flatMap((op) => routesOf(op).map((path) => `ANY ${path}`));
    expect(keyed.sort()).toEqual(expected.sort());
    expect(ofType(template, 'AWS::ApiGateway::ApiKey')).toHaveLength(1);
  });
});
