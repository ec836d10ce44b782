import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbTokenStore } from '../../../lib/adapters/dynamodb-token-store';
import type { ResetTokenRecord } from '../../../lib/ports';

const dynamodb = mockClient(DynamoDBClient);
const store = () => new DynamoDbTokenStore(new DynamoDBClient({ region: 'eu-west-1' }), 'resets');
const record: ResetTokenRecord = { customerId: 'cid', brand: 'PumpAlarm', email: 'a@b.com', tokenHash: 'hash', locale: 'de', createdAt: 100, expiresAt: 3700 };
const item = {
  pk: { S: 'token#cid' },
  brand: { S: 'PumpAlarm' },
  email: { S: 'a@b.com' },
  tokenHash: { S: 'hash' },
  locale: { S: 'de' },
  createdAt: { N: '100' },
  expiresAt: { N: '3700' },
};

describe('DynamoDbTokenStore', () => {
  beforeEach(() => dynamodb.reset());

  it('puts one item per customer with the hash and the TTL attribute, unconditionally', async () => {
    dynamodb.on(PutItemCommand).resolves({});

    await store().saveResetToken(record);

    expect(dynamodb.commandCalls(PutItemCommand).map((c) => c.args[0].input)).toEqual([{ TableName: 'resets', Item: item }]);
  });

  it('reads a record consistently and maps it back', async () => {
    dynamodb.on(GetItemCommand).resolves({ Item: { ...item, usedAt: { N: '200' } } });

    expect(await store().findResetToken('cid')).toEqual({ ...record, usedAt: 200 });
    expect(dynamodb.commandCalls(GetItemCommand)[0]!.args[0].input).toEqual({ TableName: 'resets', Key: { pk: { S: 'token#cid' } }, ConsistentRead: true });
  });

  it('reads a missing item as no record', async () => {
    dynamodb.on(GetItemCommand).resolves({});
    expect(await store().findResetToken('cid')).toBeUndefined();
  });

  it('consumes with one conditional update on hash, unused and unexpired', async () => {
    dynamodb.on(UpdateItemCommand).resolves({ Attributes: { ...item, usedAt: { N: '500' } } });

    expect(await store().consumeResetToken('cid', 'hash', 500)).toEqual({ consumed: true, record: { ...record, usedAt: 500 } });
    expect(dynamodb.commandCalls(UpdateItemCommand)[0]!.args[0].input).toMatchObject({
      Key: { pk: { S: 'token#cid' } },
      UpdateExpression: 'SET usedAt = :now',
      ConditionExpression: 'tokenHash = :hash AND attribute_not_exists(usedAt) AND expiresAt > :now',
      ExpressionAttributeValues: { ':hash': { S: 'hash' }, ':now': { N: '500' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('returns the item as it stood when the condition failed', async () => {
    dynamodb.on(UpdateItemCommand).rejects(new ConditionalCheckFailedException({ message: 'failed', $metadata: {}, Item: { ...item, usedAt: { N: '400' } } }));
    expect(await store().consumeResetToken('cid', 'hash', 500)).toEqual({ consumed: false, record: { ...record, usedAt: 400 } });
  });

  it('lets other DynamoDB errors reach the edge', async () => {
    dynamodb.on(PutItemCommand).rejects(new Error('ResourceNotFoundException'));
    await expect(store().saveResetToken(record)).rejects.toThrow('ResourceNotFoundException');
  });
});
