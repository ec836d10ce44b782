import { conditionHolds, packageStage, resource } from './support/packaged-stage';
import { apiBudgets, itHasTheSharedShape } from './support/shared-checks';

describe('sls package --stage dev (no AWS credentials)', () => {
  const packaged = packageStage('dev');
  const { template } = packaged;

  itHasTheSharedShape(packaged);

  it('lets any origin call it (local and sandbox)', () => {
    expect(resource(template, 'ResetCustomerPasswordLambdaFunction').Properties.Environment).toMatchObject({
      Variables: { CORS_ALLOWED_ORIGINS: '*', TABLE_NAME: 'reset-customer-password-dev' },
    });
  });

  it('leaves the table removable: no deletion protection, no point-in-time recovery', () => {
    expect(resource(template, 'ResetTable').Properties).toMatchObject({
      DeletionProtectionEnabled: false,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
    });
  });

  it('keeps logs a week', () => {
    expect(resource(template, 'ResetCustomerPasswordLogGroup').Properties.RetentionInDays).toBe(7);
  });

  it('throttles each function to the budget docs/deploy.md states, summed over its routes', () => {
    const { byFunction, stageDefault } = apiBudgets(template);
    const post = (fnId: string) => [byFunction[fnId]!.POST!.rate, byFunction[fnId]!.POST!.burst];
    expect(post('ResetCustomerPasswordLambdaFunction')).toEqual([3.5, 7]);
    expect(post('VerifyCustomerPasswordResetTokenLambdaFunction')).toEqual([6, 12]);
    expect(post('CompleteCustomerPasswordResetLambdaFunction')).toEqual([3, 6]);
    expect([byFunction.MetadataLambdaFunction!.GET!.rate, byFunction.MetadataLambdaFunction!.GET!.burst]).toEqual([2, 4]);
    expect(byFunction.ResetCustomerPasswordLambdaFunction!.OPTIONS!.rate).toBe(3.5);
    expect(stageDefault).toMatchObject({ ThrottlingRateLimit: 1, ThrottlingBurstLimit: 1 });
  });

  it("lets through no more emails a second than SES's starting sending rate (14): reset and complete send one each", () => {
    const { byFunction } = apiBudgets(template);
    const emailsPerSecond = byFunction.ResetCustomerPasswordLambdaFunction!.POST!.rate + byFunction.CompleteCustomerPasswordResetLambdaFunction!.POST!.rate;
    expect(emailsPerSecond).toBeLessThanOrEqual(14);
  });

  it('reserves no concurrency (accounts with a low Lambda quota cannot)', () => {
    expect(conditionHolds(template, 'ResetConcurrencyReserved')).toBe(false);
  });

  it('alarms above 200 reset emails an hour or 20 rate-limited requests in 5 minutes', () => {
    expect(resource(template, 'EmailsSentAlarm').Properties).toMatchObject({ MetricName: 'EmailsSent', Threshold: 200 });
    expect(resource(template, 'RateLimitedAlarm').Properties).toMatchObject({ MetricName: 'RateLimited', Threshold: 20 });
  });

  it('has neither a custom domain nor WAF unless asked', () => {
    expect(conditionHolds(template, 'CustomDomainEnabled')).toBe(false);
    expect(conditionHolds(template, 'WafEnabled')).toBe(false);
  });
});
