import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { callAws } from './aws-errors';
import type { ClaimResult, ConsumeResult, Lease, ResetTokenRecord, TokenStore } from '../ports';

/**
 * Partition key prefix of token items; other item kinds share the table under other prefixes (the
 * functions' IAM policies are scoped by them).
 */
export const TOKEN_KEY_PREFIX = 'token#';

/** The version of records written before records carried one: the first key's. */
const FIRST_KEY_VERSION = '1';

/** A lease-only item (a stranger's request on an empty mailbox) lives a minute: no clutter. */
const LEASE_ONLY_TTL_SECONDS = 60;

/** The condition that an item was made under `keyVersion` (records without one are the first key's). */
const sameKeyVersion = (keyVersion: string): string =>
  keyVersion === FIRST_KEY_VERSION ? '(keyVersion = :keyVersion OR attribute_not_exists(keyVersion))' : 'keyVersion = :keyVersion';

/** The table's key for a customer's token item. */
export const tokenKey = (customerId: string): string => `${TOKEN_KEY_PREFIX}${customerId}`;

type Item = Record<string, AttributeValue>;

/** The record's fields as update values (`:brand`, ...), the key aside. */
function recordValues(record: ResetTokenRecord): Item {
  return {
    ':brand': { S: record.brand },
    ':email': { S: record.email },
    ':tokenHash': { S: record.tokenHash },
    ':locale': { S: record.locale },
    ':createdAt': { N: String(record.createdAt) },
    ':expiresAt': { N: String(record.expiresAt) },
    ':keyVersion': { S: record.keyVersion },
  };
}

const RECORD_FIELDS = ['brand', 'email', 'tokenHash', 'locale', 'createdAt', 'expiresAt', 'keyVersion'];

function fromItem(item: Item | undefined): ResetTokenRecord | undefined {
  if (!item?.pk?.S?.startsWith(TOKEN_KEY_PREFIX)) return undefined;
  const usedAt = item.usedAt?.N;
  return {
    customerId: item.pk.S.slice(TOKEN_KEY_PREFIX.length),
    brand: item.brand?.S ?? '',
    email: item.email?.S ?? '',
    tokenHash: item.tokenHash?.S ?? '',
    locale: item.locale?.S ?? '',
    createdAt: Number(item.createdAt?.N),
    expiresAt: Number(item.expiresAt?.N),
    keyVersion: item.keyVersion?.S ?? FIRST_KEY_VERSION,
    ...(usedAt === undefined ? {} : { usedAt: Number(usedAt) }),
  };
}

/**
 * Token items in DynamoDB: one item per customer mailbox, so a new token replaces the previous one.
 * `expiresAt` is the table's TTL attribute; reads must still check it, as TTL deletion runs late. A
 * used token keeps its item (with `usedAt`) until TTL removes it, so a second redeem reads as
 * `TokenUsed`. The lease (`leaseId`, `leaseUntil` in epoch ms) rides on the same item, so taking it
 * and writing the token are one conditional write.
 */
export class DynamoDbTokenStore implements TokenStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async claimResetToken(customerId: string, record: ResetTokenRecord | undefined, lease: Lease, nowMs: number): Promise<ClaimResult> {
    // A customer's token replaces the whole record (and clears `usedAt`); a stranger's request takes
    // the lease alone, so it never ends a link, and leaves an empty mailbox's item to TTL soon.
    const update = record
      ? `SET ${RECORD_FIELDS.map((field) => `${field} = :${field}`).join(', ')}, leaseId = :leaseId, leaseUntil = :leaseUntil REMOVE usedAt`
      : 'SET leaseId = :leaseId, leaseUntil = :leaseUntil, expiresAt = if_not_exists(expiresAt, :expiresAt)';
    const values = record ? recordValues(record) : { ':expiresAt': { N: String(Math.ceil(nowMs / 1000) + LEASE_ONLY_TTL_SECONDS) } };
    try {
      await callAws('DynamoDB', this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: tokenKey(customerId) } },
          UpdateExpression: update,
          ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil <= :now',
          ExpressionAttributeValues: { ...values, ':leaseId': { S: lease.id }, ':leaseUntil': { N: String(lease.untilMs) }, ':now': { N: String(nowMs) } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ));
      return { claimed: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { claimed: false, heldUntilMs: Number(error.Item?.leaseUntil?.N ?? nowMs) };
      throw error;
    }
  }

  async releaseResetToken(customerId: string, lease: Lease): Promise<void> {
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: tokenKey(customerId) } },
          UpdateExpression: 'REMOVE leaseId, leaseUntil',
          ConditionExpression: 'leaseId = :leaseId',
          ExpressionAttributeValues: { ':leaseId': { S: lease.id } },
        }),
      );
    } catch {
      // Lapsed and taken by another request, or DynamoDB failed: either way the lease ends at its
      // `untilMs`, and the request has already been served.
    }
  }

  async findResetToken(customerId: string): Promise<ResetTokenRecord | undefined> {
    const result = await callAws('DynamoDB', this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: tokenKey(customerId) } }, ConsistentRead: true }),
    ));
    return fromItem(result.Item);
  }

  async consumeResetToken(customerId: string, tokenHash: string, nowSeconds: number, keyVersion: string): Promise<ConsumeResult> {
    try {
      const result = await callAws('DynamoDB', this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: tokenKey(customerId) } },
          UpdateExpression: 'SET usedAt = :now',
          ConditionExpression: `tokenHash = :hash AND ${sameKeyVersion(keyVersion)} AND attribute_not_exists(usedAt) AND expiresAt > :now`,
          ExpressionAttributeValues: { ':hash': { S: tokenHash }, ':keyVersion': { S: keyVersion }, ':now': { N: String(nowSeconds) } },
          ReturnValues: 'ALL_NEW',
          // The item as it stood when the condition failed tells expired from used from replaced.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ));
      return { consumed: true, record: fromItem(result.Attributes)! };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { consumed: false, record: fromItem(error.Item) };
      throw error;
    }
  }

  /**
   * Deletes the mailbox's item if it holds a live token (one DeleteItem, conditional). Deleted rather
   * than marked: the address leaves the table at once instead of at the TTL, and verify, complete and
   * anything reading the item see what a replaced link shows (no item: `TokenNotFound`) without a
   * revoked state for each to learn. The mailbox's lease, if a request holds one, goes with it: that
   * request's token is the one revoked, and the next request may write at once.
   */
  async revokeResetTokens(customerId: string, keyVersion: string, nowSeconds: number): Promise<number> {
    try {
      await callAws('DynamoDB', this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: tokenKey(customerId) } },
          // A lease-only item (a stranger's request) has no token; a used one stays, to read as TokenUsed.
          ConditionExpression: `attribute_exists(tokenHash) AND ${sameKeyVersion(keyVersion)} AND attribute_not_exists(usedAt) AND expiresAt > :now`,
          ExpressionAttributeValues: { ':keyVersion': { S: keyVersion }, ':now': { N: String(nowSeconds) } },
        }),
      ));
      return 1;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 0;
      throw error;
    }
  }
}
