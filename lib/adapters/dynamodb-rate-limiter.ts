import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callAws } from './aws-errors';
import type { RateLimiter, RateLimitHit } from '../ports';

/**
 * Fixed-window counters in the token table (`pk = rate#<key>#<window seconds>#<window start>`), one
 * atomic ADD per hit, removed by TTL after their window. The window's length is part of the name:
 * a scope's minute and hour windows both start on the hour, and without it their counts would land
 * in one item and count every request twice there. A fixed window lets a burst of up to twice the limit
 * straddle a boundary; for "one email a minute" that is an accepted trade for one write per rule.
 */
export class DynamoDbRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async hit(key: string, limit: number, windowSeconds: number, nowSeconds: number): Promise<RateLimitHit> {
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const windowEnd = windowStart + windowSeconds;
    const windowKey = `rate#${key}#${windowSeconds}#${windowStart}`;
    const result = await callAws('DynamoDB', this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: windowKey } },
        UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
        ExpressionAttributeValues: { ':one': { N: '1' }, ':expires': { N: String(windowEnd) } },
        ReturnValues: 'UPDATED_NEW',
      }),
    ));
    const count = Number(result.Attributes?.hits?.N ?? '1');
    return { key, windowKey, allowed: count <= limit, retryAfterSeconds: Math.max(1, windowEnd - nowSeconds) };
  }

  /** Best effort: a refund that fails only leaves a limit a little tighter until its window ends. */
  async refund(hits: readonly RateLimitHit[]): Promise<void> {
    await Promise.allSettled(
      hits.map((hit) =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { pk: { S: hit.windowKey } },
            UpdateExpression: 'ADD hits :minusOne',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':minusOne': { N: '-1' } },
          }),
        ),
      ),
    );
  }
}
