import { ConditionalCheckFailedException, DynamoDBClient, ProvisionedThroughputExceededException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbRateLimiter } from '../../../lib/adapters/dynamodb-rate-limiter';
import { DependencyUnavailableError } from '../../../lib/errors';

const dynamodb = mockClient(DynamoDBClient);
const limiter = () => new DynamoDbRateLimiter(new DynamoDBClient({ region: 'eu-west-1' }), 'resets', () => '000042');
const inputs = () => dynamodb.commandCalls(UpdateItemCommand).map((call) => call.args[0].input);
const failed = (Item?: Record<string, unknown>) => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: Item as never });

describe('DynamoDbRateLimiter: sliding log (limits up to 32)', () => {
  beforeEach(() => dynamodb.reset());

  it('appends the time to the last `limit` allowed times in one conditional update, if the oldest has left the window', async () => {
    dynamodb.on(UpdateItemCommand).resolves({});

    const hit = await limiter().hit('customer#c1', 3, 60, 1_000_030_500);

    expect(hit).toEqual({ key: 'customer#c1', allowed: true, retryAfterSeconds: 0, receipt: 'rate#customer#c1#60\n1000030500.000042\n3' });
    expect(inputs()).toEqual([
      {
        TableName: 'resets',
        Key: { pk: { S: 'rate#customer#c1#60' } },
        UpdateExpression: 'SET s0 = if_not_exists(s1, :zero), s1 = if_not_exists(s2, :zero), s2 = :entry, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(s0) OR s0 <= :since',
        ExpressionAttributeValues: {
          ':zero': { N: '0' },
          ':entry': { N: '1000030500.000042' },
          ':since': { N: '999970500' },
          ':expires': { N: '1000091' },
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    ]);
  });

  it('refuses while the oldest of the last `limit` is inside the window, with the exact wait until it leaves', async () => {
    dynamodb.on(UpdateItemCommand).rejects(failed({ s0: { N: '1000000000.123456' }, s1: { N: '1000010000' } }));

    const hit = await limiter().hit('customer#c1', 2, 60, 1_000_030_500);

    expect(hit).toEqual({ key: 'customer#c1', allowed: false, retryAfterSeconds: 30 });
  });

  it('keeps a one-a-minute log in a single attribute', async () => {
    dynamodb.on(UpdateItemCommand).resolves({});
    await limiter().hit('customer#c1', 1, 60, 5_000);
    expect(inputs()[0]).toMatchObject({ UpdateExpression: 'SET s0 = :entry, expiresAt = :expires', ConditionExpression: 'attribute_not_exists(s0) OR s0 <= :since' });
    expect(inputs()[0]!.ExpressionAttributeValues).not.toHaveProperty(':zero');
  });

  it("keeps each window's log apart when a scope has a minute and an hour rule", async () => {
    dynamodb.on(UpdateItemCommand).resolves({});
    await limiter().hit('customer#c1', 1, 60, 5_000);
    await limiter().hit('customer#c1', 5, 3600, 5_000);
    expect(inputs().map((input) => input.Key?.pk?.S)).toEqual(['rate#customer#c1#60', 'rate#customer#c1#3600']);
  });

  it('takes an entry back by shifting the log up, only while it is still the newest', async () => {
    dynamodb.on(UpdateItemCommand).resolves({});

    await limiter().refund([{ key: 'customer#c1', allowed: true, retryAfterSeconds: 0, receipt: 'rate#customer#c1#60\n1000030500.000042\n3' }]);

    expect(inputs()).toEqual([
      {
        TableName: 'resets',
        Key: { pk: { S: 'rate#customer#c1#60' } },
        UpdateExpression: 'SET s2 = s1, s1 = s0, s0 = :zero',
        ConditionExpression: 's2 = :entry',
        ExpressionAttributeValues: { ':zero': { N: '0' }, ':entry': { N: '1000030500.000042' } },
      },
    ]);
  });

  it('lets DynamoDB failures other than the condition reach the caller as a 503', async () => {
    dynamodb.on(UpdateItemCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    await expect(limiter().hit('ip#203.0.113.7', 30, 300, 5_000)).rejects.toThrow(DependencyUnavailableError);
  });
});

describe('DynamoDbRateLimiter: sub-window budget (limits above 32)', () => {
  beforeEach(() => dynamodb.reset());

  it("adds one to the current tenth of the window, if it has admitted less than its 1/11 of the limit; TTL removes it when it ends", async () => {
    dynamodb.on(UpdateItemCommand).resolves({});

    // 1000 an hour: tenths of 360 s, each admitting 90; 1,000,030 s is 310 s into tenth 2777, which ends at 1,000,080 s.
    const hit = await limiter().hit('domain#d1', 1000, 3600, 1_000_030_000);

    expect(hit).toEqual({ key: 'domain#d1', allowed: true, retryAfterSeconds: 0, receipt: 'rate#domain#d1#3600#2777' });
    expect(inputs()).toEqual([
      {
        TableName: 'resets',
        Key: { pk: { S: 'rate#domain#d1#3600#2777' } },
        UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :share',
        ExpressionAttributeValues: { ':one': { N: '1' }, ':share': { N: '90' }, ':expires': { N: '1000080' } },
      },
    ]);
  });

  it('refuses, counting nothing, once the sub-window has admitted its share, until it ends', async () => {
    dynamodb.on(UpdateItemCommand).rejects(failed());
    expect(await limiter().hit('domain#d1', 1000, 3600, 1_000_030_000)).toEqual({ key: 'domain#d1', allowed: false, retryAfterSeconds: 50 });
  });

  it('refunds best effort: a counter TTL already removed does not fail the request', async () => {
    dynamodb.on(UpdateItemCommand).rejects(failed());
    await expect(limiter().refund([{ key: 'global', allowed: true, retryAfterSeconds: 1, receipt: 'rate#global#86400#7' }])).resolves.toBeUndefined();
    expect(inputs()[0]).toMatchObject({
      Key: { pk: { S: 'rate#global#86400#7' } },
      UpdateExpression: 'ADD hits :minusOne',
      ConditionExpression: 'attribute_exists(pk)',
    });
  });

  it('refunds nothing for a hit that counted nothing', async () => {
    await limiter().refund([{ key: 'customer#c1', allowed: false, retryAfterSeconds: 5 }]);
    expect(inputs()).toEqual([]);
  });
});
