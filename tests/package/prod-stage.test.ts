import { conditionHolds, packageStage, pathOfMethod, resource, resourcesOfType } from './support/packaged-stage';
import { apiBudgets, itHasTheSharedShape, itHasTheStageLimits, operationRoutes } from './support/shared-checks';

describe('sls package --stage prod (no AWS credentials)', () => {
  const packaged = packageStage('prod');
  const { template } = packaged;

  itHasTheSharedShape(packaged);

  it('reads the allowed origins from SSM at deploy time', () => {
    expect(resource(template, 'ResetCustomerPasswordLambdaFunction').Properties.Environment).toMatchObject({
      Variables: { CORS_ALLOWED_ORIGINS: '{{resolve:ssm:/reset-customer-password/prod/cors-allowed-origins}}' },
    });
  });

  it('protects the table from deletion and keeps point-in-time recovery', () => {
    expect(resource(template, 'ResetTable').Properties).toMatchObject({
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('keeps logs 30 days', () => {
    expect(resource(template, 'ResetCustomerPasswordLogGroup').Properties.RetentionInDays).toBe(30);
    expect(resource(template, 'ApiGatewayAccessLogGroup').Properties.RetentionInDays).toBe(30);
  });

  itHasTheStageLimits(packaged, {
    budgets: { reset: [105, 1400], verify: [34, 68], complete: [17, 34], revoke: [17, 34], metadata: [35, 1400] },
    reservedConcurrency: '10',
    alarms: { emailsSentPerHour: 2000, rateLimitedPer5Minutes: 100 },
  });

  it('has no custom domain by default, and blocks an IP above 100 requests in 5 minutes', () => {
    expect(conditionHolds(template, 'CustomDomainEnabled')).toBe(false);
    expect(conditionHolds(template, 'WafEnabled')).toBe(true);
    expect(resource(template, 'WebAcl').Properties.Rules).toEqual([
      expect.objectContaining({ Action: { Block: {} }, Statement: { RateBasedStatement: expect.objectContaining({ AggregateKeyType: 'IP', EvaluationWindowSec: 300, Limit: '100' }) } }),
    ]);
  });

  describe('no public method has a budget one client can use up for everyone', () => {
    const rule = (resource(template, 'WebAcl').Properties.Rules as Array<{ Statement: { RateBasedStatement: Record<string, unknown> } }>)[0]!.Statement.RateBasedStatement;
    const perIpPer5Minutes = Number(rule.Limit);
    const privateRoutes = new RegExp(String((rule as { ScopeDownStatement: { NotStatement: { Statement: { RegexMatchStatement: { RegexString: string } } } } }).ScopeDownStatement.NotStatement.Statement.RegexMatchStatement.RegexString));
    const publicFunctions = ['ResetCustomerPasswordLambdaFunction', 'MetadataLambdaFunction'];
    const methodsOf = (fn: string) =>
      resourcesOfType(template, 'AWS::ApiGateway::Method').filter(([, method]) => JSON.stringify(method.Properties.Integration).includes(`"${fn}"`));

    it('counts every public route, on the execute-api address (stage prefix) and a custom domain alike, and leaves out only the private operations', () => {
      const publicPaths = publicFunctions.flatMap((fn) => methodsOf(fn).map(([, method]) => pathOfMethod(template, method).replace('{proxy+}', 'VerifyCustomerPasswordResetToken/x')));
      const privatePaths = operationRoutes.filter((route) => /Verify|Complete|Revoke/.test(route));
      expect(privatePaths.length).toBeGreaterThanOrEqual(18);
      for (const path of publicPaths) for (const prefix of ['', '/prod']) expect(privateRoutes.test(`${prefix}${path}`)).toBe(false);
      for (const path of privatePaths) for (const prefix of ['', '/prod']) expect(privateRoutes.test(`${prefix}${path}`)).toBe(true);
    });

    it("holds one IP's whole 5-minute WAF allowance in any one public route's burst, and refills it ten times over in 5 minutes", () => {
      const { byFunction } = apiBudgets(template);
      for (const fn of publicFunctions) {
        for (const budget of Object.values(byFunction[fn]!)) {
          expect(budget.burst / budget.routes).toBeGreaterThan(perIpPer5Minutes);
          for (const rate of budget.rates) expect(rate * 300).toBeGreaterThanOrEqual(10 * perIpPer5Minutes);
        }
      }
    });
  });
});
