import { conditionHolds, packageStage, resource } from './support/packaged-stage';
import { itHasTheSharedShape, itHasTheStageLimits } from './support/shared-checks';

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

  itHasTheStageLimits(packaged, {
    budgets: { reset: [3.5, 7], verify: [17, 34], complete: [8.5, 17], revoke: [8.5, 17], metadata: [10, 20] },
    reservedConcurrency: undefined,
    alarms: { emailsSentPerHour: 200, rateLimitedPer5Minutes: 20 },
  });

  it('has neither a custom domain nor WAF unless asked', () => {
    expect(conditionHolds(template, 'CustomDomainEnabled')).toBe(false);
    expect(conditionHolds(template, 'WafEnabled')).toBe(false);
  });
});
