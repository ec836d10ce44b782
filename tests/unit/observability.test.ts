import { describeError, emfDocument, maskEmail } from '../../lib/observability';

describe('maskEmail', () => {
  it('keeps the first character and the domain only', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskEmail('not-an-address')).toBe('***');
  });
});

describe('describeError', () => {
  it('masks every address in an error message (SES names unverified recipients)', () => {
    const error = Object.assign(new Error('Email address is not verified: jane@example.com, no-reply@pumpalarm.com'), { name: 'MessageRejected' });
    expect(describeError(error)).toEqual({
      errorName: 'MessageRejected',
      errorMessage: 'Email address is not verified: j***@example.com, n***@pumpalarm.com',
    });
  });
});

describe('emfDocument', () => {
  it('writes a CloudWatch embedded-metric document with the service set and, given a brand, the brand set', () => {
    expect(JSON.parse(emfDocument('AquaGuard', ['EmailsSent'], 1_700_000_000_000))).toEqual({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: 'ResetCustomerPassword',
            Dimensions: [['service'], ['service', 'brand']],
            Metrics: [
              { Name: 'Requests', Unit: 'Count' },
              { Name: 'EmailsSent', Unit: 'Count' },
            ],
          },
        ],
      },
      service: 'reset-customer-password',
      brand: 'AquaGuard',
      Requests: 1,
      EmailsSent: 1,
    });
  });
});
