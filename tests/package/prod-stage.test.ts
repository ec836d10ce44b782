import { conditionHolds, packageStage, resource } from './support/packaged-stage';
import { apiBudgets, itHasTheSharedShape } from './support/shared-checks';

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

  it('throttles each function to the budget docs/deploy.md states, summed over its routes', () => {
    const { byFunction, stageDefault } = apiBudgets(template);
    const post = (fnId: string) => [byFunction[fnId]!.POST!.rate, byFunction[fnId]!.POST!.burst];
    expect(post('ResetCustomerPasswordLambdaFunction')).toEqual([7, 14]);
    expect(post('VerifyCustomerPasswordResetTokenLambdaFunction')).toEqual([12, 24]);
    expect(post('CompleteCustomerPasswordResetLambdaFunction')).toEqual([6, 12]);
    expect([byFunction.MetadataLambdaFunction!.GET!.rate, byFunction.MetadataLambdaFunction!.GET!.burst]).toEqual([2, 4]);
    expect(byFunction.ResetCustomerPasswordLambdaFunction!.OPTIONS!.rate).toBe(7);
    expect(stageDefault).toMatchObject({ ThrottlingRateLimit: 1, ThrottlingBurstLimit: 1 });
  });

  it("lets through no more emails a second than SES's starting sending rate (14): reset and complete send one each", () => {
    const { byFunction } = apiBudgets(template);
    const emailsPerSecond = byFunction.ResetCustomerPasswordLambdaFunction!.POST!.rate + byFunction.CompleteCustomerPasswordResetLambdaFunction!.POST!.rate;
    expect(emailsPerSecond).toBeLessThanOrEqual(14);
  });

  it('reserves 10 concurrent executions for the reset function', () => {
    expect(conditionHolds(template, 'ResetConcurrencyReserved')).toBe(true);
    expect(resource(template, 'ResetCustomerPasswordLambdaFunction').Properties.ReservedConcurrentExecutions).toEqual({
      'Fn::If': ['ResetConcurrencyReserved', '10', { Ref: 'AWS::NoValue' }],
    });
  });

  it('alarms above 2000 reset emails an hour or 100 rate-limited requests in 5 minutes', () => {
    expect(resource(template, 'EmailsSentAlarm').Properties).toMatchObject({ MetricName: 'EmailsSent', Threshold: 2000 });
    expect(resource(template, 'RateLimitedAlarm').Properties).toMatchObject({ MetricName: 'RateLimited', Threshold: 100 });
  });

  it('has neither a custom domain nor WAF by default', () => {
    expect(conditionHolds(template, 'CustomDomainEnabled')).toBe(false);
    expect(conditionHolds(template, 'WafEnabled')).toBe(false);
  });
});
