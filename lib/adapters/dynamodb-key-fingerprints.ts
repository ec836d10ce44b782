import { ConditionalCheckFailedException, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callAws } from './aws-errors';
import type { KeyFingerprints } from '../ports';

/** Partition key prefix of key-version items (the functions' IAM policies are scoped by it). */
export const KEY_VERSION_KEY_PREFIX = 'keyversion#';

/**
 * Key fingerprints in the token table, one item per key version (`pk = keyversion#<version>`,
 * `fingerprint`), without a TTL: a version's key is fixed for as long as the version is in use.
 */
export class DynamoDbKeyFingerprints implements KeyFingerprints {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async registerKeyFingerprint(keyVersion: string, fingerprint: string): Promise<boolean> {
    try {
      await callAws('DynamoDB', this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: { pk: { S: `${KEY_VERSION_KEY_PREFIX}${keyVersion}` }, fingerprint: { S: fingerprint } },
          ConditionExpression: 'attribute_not_exists(pk) OR fingerprint = :fingerprint',
          ExpressionAttributeValues: { ':fingerprint': { S: fingerprint } },
        }),
      ));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
