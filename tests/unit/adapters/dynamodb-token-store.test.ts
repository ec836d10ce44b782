import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, GetItemCommand, ProvisionedThroughputExceededException, ResourceNotFoundException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DependencyUnavailableError } from '../../../lib/errors';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbTokenStore } from '../../../lib/adapters/dynamodb-token-store';
import type { ResetTokenRecord } from '../../../lib/ports';

const dynamodb = mockClient(DynamoDBClient);
const store = () => new DynamoDbTokenStore(new DynamoDBClient({ region: 'eu-west-1' }), 'resets');
const record: ResetTokenRecord = {
  customerId: 'cid',
  brand: 'PumpAlarm',
  email: 'a+tag@b.com',
  tokenHash: 'hash',
  locale: 'de',
  createdAt: 100,
  expiresAt: 3700,
  keyVersion: '2',
};
const item = {
  pk: { S: 'token#cid' },
  brand: { S: 'PumpAlarm' },
  email: { S: 'a+tag@b.com' },
  tokenHash: { S: 'hash' },
  locale: { S: 'de' },
  createdAt: { N: '100' },
  expiresAt: { N: '3700' },
  keyVersion: { S: '2' },
};
const lease = { id: 'lease-1', untilMs: 110_000 };
const failed = (Item?: Record<string, unknown>) => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: Item as never });

describe('DynamoDbTokenStore', () => {
  beforeEach(() => dynamodb.reset());

  it("writes a customer's token and takes the mailbox's lease in one conditional update, clearing an earlier use", async () => {
    dynamodb.on(UpdateItemCommand).resolves({});

    expect(await store().claimResetToken('cid', record, lease, 100_000)).toEqual({ claimed: true });

    expect(dynamodb.commandCalls(UpdateItemCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'resets',
        Key: { pk: { S: 'token#cid' } },
        UpdateExpression:
          'SET brand = :brand, email = :email, tokenHash = :tokenHash, locale = :locale, createdAt = :createdAt, expiresAt = :expiresAt, keyVersion = :keyVersion, leaseId = :leaseId, leaseUntil = :leaseUntil REMOVE usedAt',
        ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil <= :now',
        ExpressionAttributeValues: {
          ':brand': { S: 'PumpAlarm' },
          ':email': { S: 'a+tag@b.com' },
          ':tokenHash': { S: 'hash' },
          ':locale': { S: 'de' },
          ':createdAt': { N: '100' },
          ':expiresAt': { N: '3700' },
          ':keyVersion': { S: '2' },
          ':leaseId': { S: 'lease-1' },
          ':leaseUntil': { N: '110000' },
          ':now': { N: '100000' },
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    ]);
  });

  it("takes only the lease for a stranger, so no customer's link ends, and lets an empty item expire in a minute", async () => {
    dynamodb.on(UpdateItemCommand).resolves({});

    expect(await store().claimResetToken('cid', undefined, lease, 100_000)).toEqual({ claimed: true });

    expect(dynamodb.commandCalls(UpdateItemCommand)[0]!.args[0].input).toMatchObject({
      UpdateExpression: 'SET leaseId = :leaseId, leaseUntil = :leaseUntil, expiresAt = if_not_exists(expiresAt, :expiresAt)',
      ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil <= :now',
      ExpressionAttributeValues: { ':expiresAt': { N: '160' }, ':leaseId': { S: 'lease-1' }, ':leaseUntil': { N: '110000' }, ':now': { N: '100000' } },
    });
  });

  it('reports a lease another request holds, with the time it lapses', async () => {
    dynamodb.on(UpdateItemCommand).rejects(failed({ ...item, leaseId: { S: 'other' }, leaseUntil: { N: '104000' } }));
    expect(await store().claimResetToken('cid', record, lease, 100_000)).toEqual({ claimed: false, heldUntilMs: 104_000 });
  });

  it('releases only its own lease, and a failed release does not fail the request', async () => {
    dynamodb.on(UpdateItemCommand).rejects(failed());

    await expect(store().releaseResetToken('cid', lease)).resolves.toBeUndefined();

    expect(dynamodb.commandCalls(UpdateItemCommand)[0]!.args[0].input).toEqual({
      TableName: 'resets',
      Key: { pk: { S: 'token#cid' } },
      UpdateExpression: 'REMOVE leaseId, leaseUntil',
      ConditionExpression: 'leaseId = :leaseId',
      ExpressionAttributeValues: { ':leaseId': { S: 'lease-1' } },
    });
  });

  it('reads a record consistently and maps it back; a record from before key versions is of version 1', async () => {
    dynamodb.on(GetItemCommand).resolves({ Item: { ...item, usedAt: { N: '200' } } });
    expect(await store().findResetToken('cid')).toEqual({ ...record, usedAt: 200 });
    expect(dynamodb.commandCalls(GetItemCommand)[0]!.args[0].input).toEqual({ TableName: 'resets', Key: { pk: { S: 'token#cid' } }, ConsistentRead: true });

    const { keyVersion: _, ...unversioned } = item;
    dynamodb.on(GetItemCommand).resolves({ Item: unversioned });
    expect(await store().findResetToken('cid')).toEqual({ ...record, keyVersion: '1' });
  });

  it('reads a missing item as no record', async () => {
    dynamodb.on(GetItemCommand).resolves({});
    expect(await store().findResetToken('cid')).toBeUndefined();
  });

  it('consumes with one conditional update on hash, key version, unused and unexpired', async () => {
    dynamodb.on(UpdateItemCommand).resolves({ Attributes: { ...item, usedAt: { N: '500' } } });

    expect(await store().consumeResetToken('cid', 'hash', 500, '2')).toEqual({ consumed: true, record: { ...record, usedAt: 500 } });
    expect(dynamodb.commandCalls(UpdateItemCommand)[0]!.args[0].input).toMatchObject({
      Key: { pk: { S: 'token#cid' } },
      UpdateExpression: 'SET usedAt = :now',
      ConditionExpression: 'tokenHash = :hash AND keyVersion = :keyVersion AND attribute_not_exists(usedAt) AND expiresAt > :now',
      ExpressionAttributeValues: { ':hash': { S: 'hash' }, ':keyVersion': { S: '2' }, ':now': { N: '500' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('counts a record without a key version as version 1 when consuming under version 1', async () => {
    dynamodb.on(UpdateItemCommand).resolves({ Attributes: { ...item, usedAt: { N: '500' } } });
    await store().consumeResetToken('cid', 'hash', 500, '1');
    expect(dynamodb.commandCalls(UpdateItemCommand)[0]!.args[0].input.ConditionExpression).toBe(
      'tokenHash = :hash AND (keyVersion = :keyVersion OR attribute_not_exists(keyVersion)) AND attribute_not_exists(usedAt) AND expiresAt > :now',
    );
  });

  it('returns the item as it stood when the condition failed', async () => {
    dynamodb.on(UpdateItemCommand).rejects(failed({ ...item, usedAt: { N: '400' } }));
    expect(await store().consumeResetToken('cid', 'hash', 500, '2')).toEqual({ consumed: false, record: { ...record, usedAt: 400 } });
  });

  it('revokes with one conditional delete of a live, unused token of the key version, and counts it', async () => {
    dynamodb.on(DeleteItemCommand).resolves({});

    expect(await store().revokeResetTokens('cid', '2', 500)).toBe(1);
    expect(dynamodb.commandCalls(DeleteItemCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'resets',
        Key: { pk: { S: 'token#cid' } },
        ConditionExpression: 'attribute_exists(tokenHash) AND keyVersion = :keyVersion AND attribute_not_exists(usedAt) AND expiresAt > :now',
        ExpressionAttributeValues: { ':keyVersion': { S: '2' }, ':now': { N: '500' } },
      },
    ]);
  });

  it('counts a record without a key version as version 1 when revoking under version 1', async () => {
    dynamodb.on(DeleteItemCommand).resolves({});
    await store().revokeResetTokens('cid', '1', 500);
    expect(dynamodb.commandCalls(DeleteItemCommand)[0]!.args[0].input.ConditionExpression).toBe(
      'attribute_exists(tokenHash) AND (keyVersion = :keyVersion OR attribute_not_exists(keyVersion)) AND attribute_not_exists(usedAt) AND expiresAt > :now',
    );
  });

  it('revokes nothing, and says so, when the mailbox holds no live token', async () => {
    dynamodb.on(DeleteItemCommand).rejects(failed());
    expect(await store().revokeResetTokens('cid', '2', 500)).toBe(0);
  });

  it('answers a throttled revoke with a retryable 503', async () => {
    dynamodb.on(DeleteItemCommand).rejects(new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput', $metadata: {} }));
    await expect(store().revokeResetTokens('cid', '2', 500)).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  it('lets other DynamoDB errors reach the edge', async () => {
    dynamodb.on(UpdateItemCommand).rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} }));
    await expect(store().claimResetToken('cid', record, lease, 100_000)).rejects.toThrow(ResourceNotFoundException);
  });
});
