import { ThrottlingException } from '@aws-sdk/client-dynamodb';
import { DependencyUnavailableError, ServiceError, TokenError, ValidationError } from '../../../lib/errors';
import { toResponseStatus } from '../../../lib/wire/response-status';

const named = (name: string): Error => Object.assign(new Error('internal detail: arn:aws:dynamodb:eu-west-1:123456789012:table/x'), { name });

describe('toResponseStatus: what the caller sees of a failure', () => {
  it.each([
    ['markup', '<script>alert(1)</script>'],
    ['spaces and a message', 'Error: table x not found'],
    ['a leading digit', '1Error'],
    ['punctuation', 'Dynamo.Error'],
    ['65 characters', `E${'x'.repeat(64)}`],
    ['nothing at all', ''],
  ])('answers an unexpected error whose name has %s with the generic Exception', (_case, name) => {
    expect(toResponseStatus(named(name))).toEqual({
      statusCode: 500,
      status: { errorCode: 'Exception', message: 'An unexpected error occurred', errors: [] },
      headers: {},
    });
  });

  it('answers a thrown value that is not an Error with the generic Exception', () => {
    expect(toResponseStatus('TableNotFound').status.errorCode).toBe('Exception');
    expect(toResponseStatus({ name: 'TableNotFound' }).status.errorCode).toBe('Exception');
    expect(toResponseStatus(undefined).status.errorCode).toBe('Exception');
  });

  it('hides the code and message of a service error that is not exposed', () => {
    const error = new ServiceError(500, 'MailerMisconfigured', 'sender identity arn:aws:ses:... not verified');
    expect(toResponseStatus(error)).toEqual({ statusCode: 500, status: { errorCode: 'Exception', message: 'An unexpected error occurred', errors: [] }, headers: {} });
  });

  it('passes on an exposed error with its field errors and headers', () => {
    const fieldErrors = [{ errorCode: 'NotEmpty', fieldName: 'Email', message: "'Email' must not be empty." }];
    expect(toResponseStatus(new ValidationError(fieldErrors))).toEqual({
      statusCode: 400,
      status: { errorCode: 'NotEmpty', message: "'Email' must not be empty.", errors: fieldErrors },
      headers: {},
    });
    expect(toResponseStatus(new TokenError('TokenExpired')).status.message).toBe('This reset link has expired. Request a new one.');
  });

  it('answers a passing outage with 503 and Retry-After, without the cause', () => {
    const outage = new DependencyUnavailableError('DynamoDB', new ThrottlingException({ message: 'Rate exceeded for table x', $metadata: {} }));
    const { statusCode, status, headers } = toResponseStatus(outage);
    expect({ statusCode, headers }).toEqual({ statusCode: 503, headers: { 'Retry-After': '1' } });
    expect(JSON.stringify(status)).not.toContain('Rate exceeded');
  });
});
