import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ResetTokenRecord, TokenStore } from '../ports';

/** Partition key prefix of token items; other item kinds may share the table under other prefixes. */
export const TOKEN_KEY_PREFIX = 'token#';

/** The table's key for a customer's token item. */
export const tokenKey = (customerId: string): string => `${TOKEN_KEY_PREFIX}${customerId}`;

/**
 * Token items in DynamoDB: one item per customer, so a put replaces the previous token. `expiresAt`
 * is the table's TTL attribute; reads must still check it, as TTL deletion runs late.
 */
export class DynamoDbTokenStore implements TokenStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async saveResetToken(record: ResetTokenRecord): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: { S: tokenKey(record.customerId) },
          brand: { S: record.brand },
          email: { S: record.email },
          tokenHash: { S: record.tokenHash },
          createdAt: { N: String(record.createdAt) },
          expiresAt: { N: String(record.expiresAt) },
        },
      }),
    );
  }
}
