import { DynamoDBClient, ResourceNotFoundException, TransactionCanceledException, TransactWriteItemsCommand, type CancellationReason } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { DynamoDbResetQueue } from '../../../lib/adapters/dynamodb-reset-queue';
import { DependencyUnavailableError } from '../../../lib/errors';
import type { RateLimitCharge } from '../../../lib/ports';
import { storedRecord } from '../fakes';
import { addressSealerUnder, SEALED_ADDRESS_BYTES } from '../../../lib/reset/sealed-address';

const dynamodb = mockClient(DynamoDBClient);
const sealer = addressSealerUnder('an-address-key-of-more-than-32-characters', randomBytes);
const pauses: number[] = [];
const queue = () =>
  new DynamoDbResetQueue(new DynamoDBClient({ region: 'eu-west-1' }), 'resets', async () => sealer, () => '000042', async (ms) => void pauses.push(ms));
const transactions = () => dynamodb.commandCalls(TransactWriteItemsCommand).map((call) => call.args[0].input);

const record = storedRecord({ createdAt: 1_000_030, expiresAt: 1_003_630 });
/** The client's two limits: a sliding log (30 in 5 minutes) and a sub-window budget (100 an hour, 9 a tenth). */
const charges: RateLimitCharge[] = [
  { key: 'ip#203.0.113.7', limit: 30, windowSeconds: 300 },
  { key: 'ip#203.0.113.7', limit: 100, windowSeconds: 3600 },
];
const NOW_MS = 1_000_030_500;

const cancelled = (...reasons: CancellationReason[]) =>
  new TransactionCanceledException({ message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`, $metadata: {}, CancellationReasons: reasons });
const none: CancellationReason = { Code: 'None' };
const conflict: CancellationReason = { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' };

describe('DynamoDbResetQueue', () => {
  beforeEach(() => {
    dynamodb.reset();
    pauses.length = 0;
  });

  it("counts the client's limits and writes the mailbox's item in one transaction: the counts conditional, the put not", async () => {
    dynamodb.on(TransactWriteItemsCommand).resolves({});

    expect(await queue().queueReset(record, charges, NOW_MS)).toEqual({ queued: true });

    const [input] = transactions();
    const [log, budget, put] = input!.TransactItems!;
    expect(log!.Update).toMatchObject({ TableName: 'resets', Key: { pk: { S: 'rate#ip#203.0.113.7#300' } }, ConditionExpression: 'attribute_not_exists(s0) OR s0 <= :since' });
    expect(log!.Update!.ExpressionAttributeValues![':entry']).toEqual({ N: '1000030500.000042' });
    expect(budget!.Update).toMatchObject({ Key: { pk: { S: 'rate#ip#203.0.113.7#3600#2777' } }, ConditionExpression: 'attribute_not_exists(hits) OR hits < :share' });
    expect(put!.Put).toEqual({
      TableName: 'resets',
      Item: {
        pk: { S: 'token#cid' },
        brand: { S: 'PumpAlarm' },
        address: { B: expect.any(Buffer) },
        nonce: { S: 'nonce' },
        tokenHash: { S: 'hash' },
        locale: { S: 'de' },
        createdAt: { N: '1000030' },
        expiresAt: { N: '1003630' },
        keyVersion: { S: '2' },
        outbox: { S: 'reset-password' },
      },
    });
    expect(put!.Put).not.toHaveProperty('ConditionExpression');
    expect(input!.TransactItems).toHaveLength(3);
  });

  it('stores the language as the request asked it, each part cut to 256 characters, and leaves out what it did not ask', async () => {
    dynamodb.on(TransactWriteItemsCommand).resolves({});
    await queue().queueReset({ ...record, language: { locale: undefined, acceptLanguage: `de-CH,${'x'.repeat(300)}` } }, [], NOW_MS);
    await queue().queueReset({ ...record, language: { locale: '', acceptLanguage: undefined } }, [], NOW_MS);
    const [asked, none] = transactions().map((input) => input.TransactItems![0]!.Put!.Item!);
    expect(asked).toMatchObject({ acceptLanguage: { S: `de-CH,${'x'.repeat(250)}` } });
    expect(asked).not.toHaveProperty('locale');
    expect(none).not.toHaveProperty('locale');
    expect(none).not.toHaveProperty('acceptLanguage');
  });

  it('seals the address: the same size for every address, opened only with the key, never in clear', async () => {
    dynamodb.on(TransactWriteItemsCommand).resolves({});
    await queue().queueReset(record, [], NOW_MS);
    const item = transactions()[0]!.TransactItems![0]!.Put!.Item!;
    expect(item.address!.B).toHaveLength(SEALED_ADDRESS_BYTES);
    expect(sealer.open('cid', item.address!.B!)).toBe('a+tag@b.com');
    expect(JSON.stringify(item)).not.toContain('a+tag');
  });

  it('reports a limit that refuses with the longest wait of those refusing, and writes nothing', async () => {
    // The log's oldest entry leaves the 300 s window in 20 s; the budget's tenth ends in 50 s.
    const oldestInLog = { s0: { N: '999750000.123456' } };
    dynamodb
      .on(TransactWriteItemsCommand)
      .rejectsOnce(cancelled({ Code: 'ConditionalCheckFailed', Item: oldestInLog }, none, none))
      .rejectsOnce(cancelled({ Code: 'ConditionalCheckFailed', Item: oldestInLog }, { Code: 'ConditionalCheckFailed' }, none))
      .rejectsOnce(cancelled(none, { Code: 'ConditionalCheckFailed' }, none));

    const results = [];
    for (let i = 0; i < 3; i++) results.push(await queue().queueReset(record, charges, NOW_MS));

    expect(results).toEqual([
      { queued: false, retryAfterSeconds: 20 },
      { queued: false, retryAfterSeconds: 50 },
      { queued: false, retryAfterSeconds: 50 },
    ]);
    expect(pauses).toEqual([]);
  });

  it('tries a transaction cancelled for a conflict again after a short pause, with fresh counts', async () => {
    dynamodb.on(TransactWriteItemsCommand).rejectsOnce(cancelled(conflict, none, none)).resolves({});

    expect(await queue().queueReset(record, charges, NOW_MS)).toEqual({ queued: true });

    expect(transactions()).toHaveLength(2);
    expect(pauses).toHaveLength(1);
    expect(pauses[0]).toBeGreaterThanOrEqual(5);
    expect(pauses[0]).toBeLessThanOrEqual(25);
  });

  it('answers 503 when conflicts persist, or DynamoDB throttles the transaction', async () => {
    dynamodb.on(TransactWriteItemsCommand).rejects(cancelled(none, none, conflict));
    await expect(queue().queueReset(record, charges, NOW_MS)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(transactions()).toHaveLength(3);

    dynamodb.reset();
    dynamodb.on(TransactWriteItemsCommand).rejects(cancelled({ Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity for one or more global secondary indexes' }, none, none));
    await expect(queue().queueReset(record, charges, NOW_MS)).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(transactions()).toHaveLength(1);
  });

  it('lets other failures reach the caller as they are', async () => {
    dynamodb.on(TransactWriteItemsCommand).rejects(cancelled(none, none, { Code: 'ValidationError', Message: 'Item size has exceeded the maximum allowed size' }));
    await expect(queue().queueReset(record, charges, NOW_MS)).rejects.toBeInstanceOf(TransactionCanceledException);

    dynamodb.on(TransactWriteItemsCommand).rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} }));
    await expect(queue().queueReset(record, charges, NOW_MS)).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
