import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbTokenStore } from '../../../lib/adapters/dynamodb-token-store';

const dynamodb = mockClient(DynamoDBClient);

describe('DynamoDbTokenStore', () => {
  beforeEach(() => dynamodb.reset());

  it('puts one item per customer with the hash and the TTL attribute, never a condition', async () => {
    dynamodb.on(PutItemCommand).resolves({});
    const store = new DynamoDbTokenStore(new DynamoDBClient({ region: 'eu-west-1' }), 'resets');

    await store.saveResetToken({ customerId: 'cid', brand: 'PumpAlarm', email: 'a@b.com', tokenHash: 'hash', createdAt: 100, expiresAt: 3700 });

    const calls = dynamodb.commandCalls(PutItemCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      TableName: 'resets',
      Item: {
        pk: { S: 'token#cid' },
        brand: { S: 'PumpAlarm' },
        email: { S: 'a@b.com' },
        tokenHash: { S: 'hash' },
        createdAt: { N: '100' },
        expiresAt: { N: '3700' },
      },
    });
  });

  it('lets DynamoDB errors reach the edge', async () => {
    dynamodb.on(PutItemCommand).rejects(new Error('ResourceNotFoundException'));
    const store = new DynamoDbTokenStore(new DynamoDBClient({ region: 'eu-west-1' }), 'resets');
    await expect(
      store.saveResetToken({ customerId: 'c', brand: 'b', email: 'e', tokenHash: 'h', createdAt: 1, expiresAt: 2 }),
    ).rejects.toThrow('ResourceNotFoundException');
  });
});
