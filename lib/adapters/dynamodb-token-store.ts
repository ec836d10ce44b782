import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { callAws } from './aws-errors';
import type { ConsumeResult, ResetTokenRecord, TokenStore } from '../ports';

/** Partition key prefix of token items; other item kinds may share the table under other prefixes. */
const TOKEN_KEY_PREFIX = 'token#';

/** The table's key for a customer's token item. */
export const tokenKey = (customerId: string): string => `${TOKEN_KEY_PREFIX}${customerId}`;

type Item = Record<string, AttributeValue>;

function toItem(record: ResetTokenRecord): Item {
  return {
    pk: { S: tokenKey(record.customerId) },
    brand: { S: record.brand },
    email: { S: record.email },
    tokenHash: { S: record.tokenHash },
    locale: { S: record.locale },
    createdAt: { N: String(record.createdAt) },
    expiresAt: { N: String(record.expiresAt) },
  };
}

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
    ...(usedAt === undefined ? {} : { usedAt: Number(usedAt) }),
  };
}

/**
 * Token items in DynamoDB: one item per customer, so a put replaces the previous token. `expiresAt`
 * is the table's TTL attribute; reads must still check it, as TTL deletion runs late. A used token
 * keeps its item (with `usedAt`) until TTL removes it, so a second redeem reads as `TokenUsed`.
 */
export class DynamoDbTokenStore implements TokenStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async saveResetToken(record: ResetTokenRecord): Promise<void> {
    await callAws('DynamoDB', this.client.send(new PutItemCommand({ TableName: this.tableName, Item: toItem(record) })));
  }

  async findResetToken(customerId: string): Promise<ResetTokenRecord | undefined> {
    const result = await callAws('DynamoDB', this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: tokenKey(customerId) } }, ConsistentRead: true }),
    ));
    return fromItem(result.Item);
  }

  async consumeResetToken(customerId: string, tokenHash: string, nowSeconds: number): Promise<ConsumeResult> {
    try {
      const result = await callAws('DynamoDB', this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: tokenKey(customerId) } },
          UpdateExpression: 'SET usedAt = :now',
          ConditionExpression: 'tokenHash = :hash AND attribute_not_exists(usedAt) AND expiresAt > :now',
          ExpressionAttributeValues: { ':hash': { S: tokenHash }, ':now': { N: String(nowSeconds) } },
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
}
