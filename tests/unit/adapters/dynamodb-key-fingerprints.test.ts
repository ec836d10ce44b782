import { ConditionalCheckFailedException, DynamoDBClient, InternalServerError, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbKeyFingerprints } from '../../../lib/adapters/dynamodb-key-fingerprints';
import { DependencyUnavailableError } from '../../../lib/errors';

const dynamodb = mockClient(DynamoDBClient);
const fingerprints = () => new DynamoDbKeyFingerprints(new DynamoDBClient({ region: 'eu-west-1', maxAttempts: 1 }), 'resets');

describe('DynamoDbKeyFingerprints', () => {
  beforeEach(() => dynamodb.reset());

  it("records a version's fingerprint in one conditional put that only the same fingerprint passes again", async () => {
    dynamodb.on(PutItemCommand).resolves({});

    expect(await fingerprints().registerKeyFingerprint('2026-12', 'fp-a')).toBe(true);
    expect(dynamodb.commandCalls(PutItemCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'resets',
        Item: { pk: { S: 'keyversion#2026-12' }, fingerprint: { S: 'fp-a' } },
        ConditionExpression: 'attribute_not_exists(pk) OR fingerprint = :fingerprint',
        ExpressionAttributeValues: { ':fingerprint': { S: 'fp-a' } },
      },
    ]);
  });

  it('answers false when another fingerprint holds the version', async () => {
    dynamodb.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    expect(await fingerprints().registerKeyFingerprint('1', 'fp-b')).toBe(false);
  });

  it('turns a failing DynamoDB into a retryable 503', async () => {
    dynamodb.on(PutItemCommand).rejects(new InternalServerError({ message: 'Internal server error', $metadata: {} }));
    await expect(fingerprints().registerKeyFingerprint('1', 'fp-a')).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
