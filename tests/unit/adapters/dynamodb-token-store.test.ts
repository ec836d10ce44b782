import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, GetItemCommand, ProvisionedThroughputExceededException, ResourceNotFoundException, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { DependencyUnavailableError } from '../../../lib/errors';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { DynamoDbOutbox, DynamoDbTokenReader, DynamoDbTokenRedeemer, DynamoDbTokenRevoker } from '../../../lib/adapters/dynamodb-token-store';
import { storedRecord } from '../fakes';
import { addressSealerUnder } from '../../../lib/reset/sealed-address';

const dynamodb = mockClient(DynamoDBClient);
const sealer = addressSealerUnder('an-address-key-of-more-than-32-characters', randomBytes);
const client = () => new DynamoDBClient({ region: 'eu-west-1' });
/** Each role of the store (ports.ts), as the function that holds it builds it. */
const store = () => ({
  findResetToken: (...args: Parameters<DynamoDbTokenReader['findResetToken']>) => new DynamoDbTokenReader(client(), 'resets', async () => sealer).findResetToken(...args),
  consumeResetToken: (...args: Parameters<DynamoDbTokenRedeemer['consumeResetToken']>) => new DynamoDbTokenRedeemer(client(), 'resets', async () => sealer).consumeResetToken(...args),
  markEmailHandled: (...args: Parameters<DynamoDbOutbox['markEmailHandled']>) => new DynamoDbOutbox(client(), 'resets', async () => sealer).markEmailHandled(...args),
  revokeResetTokens: (...args: Parameters<DynamoDbTokenRevoker['revokeResetTokens']>) => new DynamoDbTokenRevoker(client(), 'resets').revokeResetTokens(...args),
});
const record = storedRecord();
const item = {
  pk: { S: 'token#cid' },
  brand: { S: 'PumpAlarm' },
  address: { B: sealer.seal('cid', 'a+tag@b.com') },
  nonce: { S: 'nonce' },
  tokenHash: { S: 'hash' },
  locale: { S: 'de' },
  createdAt: { N: '100' },
  expiresAt: { N: '3700' },
  keyVersion: { S: '2' },
};
const failed = (Item?: Record<string, unknown>) => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: Item as never });

describe('the DynamoDB token store, role by role', () => {
  beforeEach(() => dynamodb.reset());

  it('reads the current record consistently, opening its address, with what waits for the sender', async () => {
    dynamodb.on(GetItemCommand).resolves({ Item: { ...item, outbox: { S: 'reset-password' } } });

    expect(await store().findResetToken('cid')).toEqual({ ...record, outbox: 'reset-password' });
    expect(dynamodb.commandCalls(GetItemCommand)[0]!.args[0].input).toEqual({ TableName: 'resets', Key: { pk: { S: 'token#cid' } }, ConsistentRead: true });
  });

  it('reads a missing item, or an item of the earlier model without a sealed address, as no record', async () => {
    const { address: _sealed, ...earlierModel } = item;
    dynamodb.on(GetItemCommand).resolvesOnce({}).resolvesOnce({ Item: { ...earlierModel, email: { S: 'a@b.com' } } });
    expect(await store().findResetToken('cid')).toBeUndefined();
    expect(await store().findResetToken('cid')).toBeUndefined();
  });

  it('refuses to read an address sealed for another item', async () => {
    dynamodb.on(GetItemCommand).resolves({ Item: { ...item, address: { B: sealer.seal('other', 'a+tag@b.com') } } });
    await expect(store().findResetToken('cid')).rejects.toThrow();
  });

  it('consumes with one conditional update on hash, key version, unused and unexpired, queuing the notice in the language asked for', async () => {
    dynamodb.on(UpdateItemCommand).resolves({
      Attributes: { ...item, usedAt: { N: '500' }, outbox: { S: 'password-changed' }, noticeAcceptLanguage: { S: 'de-CH' } },
    });

    expect(await store().consumeResetToken('cid', 'hash', 500, '2', { acceptLanguage: 'de-CH' })).toEqual({
      consumed: true,
      record: { ...record, usedAt: 500, outbox: 'password-changed', noticeLanguage: { locale: undefined, acceptLanguage: 'de-CH' } },
    });
    expect(dynamodb.commandCalls(UpdateItemCommand)[0]!.args[0].input).toMatchObject({
      Key: { pk: { S: 'token#cid' } },
      UpdateExpression: 'SET usedAt = :now, outbox = :notice, noticeAcceptLanguage = :noticeAcceptLanguage',
      ConditionExpression: 'tokenHash = :hash AND keyVersion = :keyVersion AND attribute_exists(address) AND attribute_not_exists(usedAt) AND expiresAt > :now',
      ExpressionAttributeValues: { ':hash': { S: 'hash' }, ':keyVersion': { S: '2' }, ':now': { N: '500' }, ':notice': { S: 'password-changed' }, ':noticeAcceptLanguage': { S: 'de-CH' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('cuts a language asked for to 256 characters', async () => {
    dynamodb.on(UpdateItemCommand).resolves({ Attributes: { ...item, usedAt: { N: '500' } } });
    await store().consumeResetToken('cid', 'hash', 500, '2', { locale: 'x'.repeat(300) });
    expect(dynamodb.commandCalls(UpdateItemCommand)[0]!.args[0].input.ExpressionAttributeValues![':noticeLocale']).toEqual({ S: 'x'.repeat(256) });
  });

  it('returns the item as it stood when the condition failed', async () => {
    dynamodb.on(UpdateItemCommand).rejects(failed({ ...item, usedAt: { N: '400' }, handledAt: { N: '120' } }));
    expect(await store().consumeResetToken('cid', 'hash', 500, '2', {})).toEqual({
      consumed: false,
      record: { ...record, usedAt: 400, handledAt: 120, noticeLanguage: { locale: undefined, acceptLanguage: undefined } },
    });
  });

  it("marks an email handled only while the item still holds the request and waits for that email, setting the link's end", async () => {
    dynamodb.on(UpdateItemCommand).resolvesOnce({}).rejectsOnce(failed());

    expect(await store().markEmailHandled('cid', 'nonce', 'reset-password', 200, 3800)).toBe(true);
    expect(await store().markEmailHandled('cid', 'nonce', 'password-changed', 300)).toBe(false);

    const [reset, notice] = dynamodb.commandCalls(UpdateItemCommand).map((call) => call.args[0].input);
    expect(reset).toEqual({
      TableName: 'resets',
      Key: { pk: { S: 'token#cid' } },
      UpdateExpression: 'SET handledAt = :now, expiresAt = :expiresAt REMOVE outbox',
      ConditionExpression: 'nonce = :nonce AND outbox = :kind',
      ExpressionAttributeValues: { ':now': { N: '200' }, ':nonce': { S: 'nonce' }, ':kind': { S: 'reset-password' }, ':expiresAt': { N: '3800' } },
    });
    expect(notice).toMatchObject({ UpdateExpression: 'SET handledAt = :now REMOVE outbox', ExpressionAttributeValues: { ':now': { N: '300' }, ':nonce': { S: 'nonce' }, ':kind': { S: 'password-changed' } } });
  });

  it('revokes with one conditional delete of a live, unused token of the key version, and counts it', async () => {
    dynamodb.on(DeleteItemCommand).resolves({});

    expect(await store().revokeResetTokens('cid', '2', 500)).toBe(1);
    expect(dynamodb.commandCalls(DeleteItemCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'resets',
        Key: { pk: { S: 'token#cid' } },
        ConditionExpression: 'attribute_exists(tokenHash) AND keyVersion = :keyVersion AND attribute_exists(address) AND attribute_not_exists(usedAt) AND expiresAt > :now',
        ExpressionAttributeValues: { ':keyVersion': { S: '2' }, ':now': { N: '500' } },
      },
    ]);
  });

  it('revokes nothing, and says so, when the mailbox holds no live token', async () => {
    dynamodb.on(DeleteItemCommand).rejects(failed());
    expect(await store().revokeResetTokens('cid', '2', 500)).toBe(0);
  });

  it('answers a throttled revoke with a retryable 503', async () => {
    dynamodb.on(DeleteItemCommand).rejects(new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput', $metadata: {} }));
    await expect(store().revokeResetTokens('cid', '2', 500)).rejects.toBeInstanceOf(DependencyUnavailableError);
  });

  it('lets other DynamoDB errors reach the caller', async () => {
    dynamodb.on(UpdateItemCommand).rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} }));
    await expect(store().markEmailHandled('cid', 'nonce', 'reset-password', 200)).rejects.toThrow(ResourceNotFoundException);
    await expect(store().consumeResetToken('cid', 'hash', 500, '2', {})).rejects.toThrow(ResourceNotFoundException);
  });
});
