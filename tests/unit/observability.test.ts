import { describeError, maskEmail } from '../../lib/observability';

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
