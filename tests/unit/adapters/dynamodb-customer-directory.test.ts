import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbCustomerDirectory } from '../../../lib/adapters/dynamodb-customer-directory';

const dynamodb = mockClient(DynamoDBClient);

describe('DynamoDbCustomerDirectory', () => {
  beforeEach(() => dynamodb.reset());

  it('looks up <brand>#<address>, reading the key only', async () => {
    dynamodb.on(GetItemCommand, { Key: { pk: { S: 'aquaguard#a@b.com' } } }).resolves({ Item: { pk: { S: 'aquaguard#a@b.com' } } });
    dynamodb.on(GetItemCommand, { Key: { pk: { S: 'aquaguard#x@b.com' } } }).resolves({});
    const directory = new DynamoDbCustomerDirectory(new DynamoDBClient({ region: 'eu-west-1' }), 'customers');

    expect(await directory.isCustomer('aquaguard', 'a@b.com')).toBe(true);
    expect(await directory.isCustomer('aquaguard', 'x@b.com')).toBe(false);
    expect(dynamodb.commandCalls(GetItemCommand)[0]!.args[0].input).toEqual({
      TableName: 'customers',
      Key: { pk: { S: 'aquaguard#a@b.com' } },
      ProjectionExpression: 'pk',
    });
  });
});
