import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbRateLimiter } from '../../../lib/adapters/dynamodb-rate-limiter';

const dynamodb = mockClient(DynamoDBClient);
const limiter = () => new DynamoDbRateLimiter(new DynamoDBClient({ region: 'eu-west-1' }), 'resets');

describe('DynamoDbRateLimiter', () => {
  beforeEach(() => dynamodb.reset());

  it("adds one to the window's counter, which TTL removes when the window ends", async () => {
    dynamodb.on(UpdateItemCommand).resolves({ Attributes: { hits: { N: '1' } } });

    const hit = await limiter().hit('customer#c1', 1, 60, 1_000_030);

    expect(hit).toEqual({ key: 'customer#c1', windowKey: 'rate#customer#c1#60#1000020', allowed: true, retryAfterSeconds: 50 });
    expect(dynamodb.commandCalls(UpdateItemCommand)[0]!.args[0].input).toEqual({
      TableName: 'resets',
      Key: { pk: { S: 'rate#customer#c1#60#1000020' } },
      UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
      ExpressionAttributeValues: { ':one': { N: '1' }, ':expires': { N: '1000080' } },
      ReturnValues: 'UPDATED_NEW',
    });
  });

  it("keeps each window's counter apart when a scope's minute and hour windows start at the same second", async () => {
    dynamodb.on(UpdateItemCommand).resolves({ Attributes: { hits: { N: '1' } } });
    const onTheHour = 3600 * 500_000;

    const [minute, hour] = [await limiter().hit('customer#c1', 1, 60, onTheHour + 5), await limiter().hit('customer#c1', 5, 3600, onTheHour + 5)];

    expect([minute.windowKey, hour.windowKey]).toEqual([`rate#customer#c1#60#${onTheHour}`, `rate#customer#c1#3600#${onTheHour}`]);
    const keys = dynamodb.commandCalls(UpdateItemCommand).map((call) => call.args[0].input.Key?.pk?.S);
    expect(new Set(keys).size).toBe(2);
  });

  it('refuses once the count passes the limit', async () => {
    dynamodb.on(UpdateItemCommand).resolves({ Attributes: { hits: { N: '2' } } });
    expect((await limiter().hit('ip#1.2.3.4', 1, 60, 0)).allowed).toBe(false);
  });

  it('refunds best effort: a counter TTL already removed does not fail the request', async () => {
    dynamodb.on(UpdateItemCommand).rejects(new Error('ConditionalCheckFailedException'));
    await expect(limiter().refund([{ key: 'k', windowKey: 'rate#k#0', allowed: true, retryAfterSeconds: 1 }])).resolves.toBeUndefined();
    expect(dynamodb.commandCalls(UpdateItemCommand)[0]!.args[0].input).toMatchObject({ UpdateExpression: 'ADD hits :minusOne' });
  });
});
