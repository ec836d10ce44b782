import { TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { callAws, isTransient } from '../../../lib/adapters/aws-errors';
import { DependencyUnavailableError } from '../../../lib/errors';

const named = (name: string, extra: object = {}) => Object.assign(new Error(name), { name }, extra);

describe('isTransient', () => {
  it.each([
    ['a throttled call', named('ThrottlingException')],
    ['provisioned throughput exceeded', named('ProvisionedThroughputExceededException')],
    ['a server fault', named('InternalFailure', { $fault: 'server' })],
    ['an error the SDK marks retryable', named('Whatever', { $retryable: {} })],
    ['a timeout', named('TimeoutError')],
    ['a refused connection', named('Error', { code: 'ECONNREFUSED' })],
    ['a write that met a transaction on its item', new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata: {} })],
  ])('counts %s as transient', (_case, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ['a rejected message', named('MessageRejected', { $fault: 'client' })],
    ['a missing table', named('ResourceNotFoundException', { $fault: 'client' })],
    ['a failed condition', named('ConditionalCheckFailedException', { $fault: 'client' })],
    ['a non-error', 'boom'],
  ])('does not count %s as transient', (_case, error) => {
    expect(isTransient(error)).toBe(false);
  });
});

describe('callAws', () => {
  it('turns a transient failure into a 503 with Retry-After', async () => {
    const failure = callAws('DynamoDB', Promise.reject(named('ThrottlingException')));
    await expect(failure).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(failure).rejects.toMatchObject({ statusCode: 503, errorCode: 'ServiceUnavailable', headers: { 'Retry-After': '1' } });
  });

  it('lets other failures through unchanged, and results too', async () => {
    const missing = named('ResourceNotFoundException');
    await expect(callAws('DynamoDB', Promise.reject(missing))).rejects.toBe(missing);
    await expect(callAws('SES', Promise.resolve(42))).resolves.toBe(42);
  });
});
