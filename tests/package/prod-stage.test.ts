import { conditionHolds, packageStage, resource } from './support/packaged-stage';
import { itHasTheSharedShape, itHasTheStageLimits } from './support/shared-checks';

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
    budgets: { reset: [7, 14], verify: [12, 24], complete: [6, 12], revoke: [6, 12], metadata: [10, 20] },
    reservedConcurrency: '10',
    alarms: { emailsSentPerHour: 2000, rateLimitedPer5Minutes: 100 },
  });

  it('has neither a custom domain nor WAF by default', () => {
    expect(conditionHolds(template, 'CustomDomainEnabled')).toBe(false);
    expect(conditionHolds(template, 'WafEnabled')).toBe(false);
  });
});
