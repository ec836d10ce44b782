import { ConditionalCheckFailedException, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callAws } from './aws-errors';
import type { RateLimiter, RateLimitHit } from '../ports';
import { SLIDING_LOG_MAX, secondsUntil, subWindowOf } from '../reset/rate-limits';

/** Partition key prefix of rate-limit items (the functions' IAM policies are scoped by it). */
export const RATE_KEY_PREFIX = 'rate#';

/** The attribute names of a sliding log of `limit` timestamps, oldest first. */
const slots = (limit: number): string[] => Array.from({ length: limit }, (_, i) => `s${i}`);

/** Separates the parts of a receipt; never in a key (base64url ids, IP addresses, domain names). */
const SEPARATOR = '\n';

/**
 * Rate limits in the token table, one UpdateItem per hit, all in one item per key and rule:
 *
 * - **Sliding log** (limits up to SLIDING_LOG_MAX, `pk = rate#<key>#<window seconds>`): the last
 *   `limit` allowed requests' times as `s0` (oldest) .. `s<limit-1>`. A hit shifts them down and
 *   appends its own, on condition that the oldest has left the window: exact, so never more than
 *   `limit` in any window, and a refused hit writes nothing. The oldest time gives the exact
 *   Retry-After (ReturnValuesOnConditionCheckFailure).
 * - **Sub-window budget** (larger limits, `pk = rate#<key>#<window seconds>#<sub-window>`): an atomic
 *   ADD per sub-window, each admitting its share of the limit (see subWindowOf), removed by TTL.
 *
 * The window's length is part of the key, so a scope's minute and hour rules never share an item.
 */
export class DynamoDbRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** Tells apart two hits of one key in the same millisecond, so a refund takes back only its own. */
    private readonly nonce: () => string = () => String(Math.floor(Math.random() * 1e6)).padStart(6, '0'),
  ) {}

  hit(key: string, limit: number, windowSeconds: number, nowMs: number): Promise<RateLimitHit> {
    return limit <= SLIDING_LOG_MAX ? this.logHit(key, limit, windowSeconds, nowMs) : this.budgetHit(key, limit, windowSeconds, nowMs);
  }

  private async logHit(key: string, limit: number, windowSeconds: number, nowMs: number): Promise<RateLimitHit> {
    const pk = `${RATE_KEY_PREFIX}${key}#${windowSeconds}`;
    const names = slots(limit);
    const entry = `${nowMs}.${this.nonce()}`;
    const shifts = names.slice(0, -1).map((name, i) => `${name} = if_not_exists(${names[i + 1]}, :zero)`);
    try {
      await callAws('DynamoDB', this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: pk } },
          UpdateExpression: `SET ${[...shifts, `${names[limit - 1]} = :entry`, 'expiresAt = :expires'].join(', ')}`,
          ConditionExpression: 'attribute_not_exists(s0) OR s0 <= :since',
          ExpressionAttributeValues: {
            ...(limit > 1 ? { ':zero': { N: '0' } } : {}),
            ':entry': { N: entry },
            ':since': { N: String(nowMs - windowSeconds * 1000) },
            ':expires': { N: String(Math.ceil(nowMs / 1000) + windowSeconds) },
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ));
      return { key, allowed: true, retryAfterSeconds: 0, receipt: [pk, entry, String(limit)].join(SEPARATOR) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const oldestMs = Number(error.Item?.s0?.N ?? nowMs);
      return { key, allowed: false, retryAfterSeconds: secondsUntil(oldestMs + windowSeconds * 1000, nowMs) };
    }
  }

  private async budgetHit(key: string, limit: number, windowSeconds: number, nowMs: number): Promise<RateLimitHit> {
    const { index, endMs, share } = subWindowOf({ limit, windowSeconds }, nowMs);
    const pk = `${RATE_KEY_PREFIX}${key}#${windowSeconds}#${index}`;
    const result = await callAws('DynamoDB', this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: pk } },
        UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
        ExpressionAttributeValues: { ':one': { N: '1' }, ':expires': { N: String(Math.ceil(endMs / 1000)) } },
        ReturnValues: 'UPDATED_NEW',
      }),
    ));
    const count = Number(result.Attributes?.hits?.N ?? '1');
    return { key, allowed: count <= share, retryAfterSeconds: secondsUntil(endMs, nowMs), receipt: pk };
  }

  /**
   * Best effort: a refund that fails only leaves a limit a little tighter until its window ends. A
   * log entry is taken back by shifting the log up again, only while it is still the newest: once a
   * later hit has followed, it stays (the limit is then tighter by one, never looser).
   */
  async refund(hits: readonly RateLimitHit[]): Promise<void> {
    await Promise.allSettled(hits.flatMap((hit) => (hit.receipt === undefined ? [] : [this.client.send(this.refundCommand(hit.receipt))])));
  }

  private refundCommand(receipt: string): UpdateItemCommand {
    const [pk = '', entry, limit] = receipt.split(SEPARATOR);
    if (entry === undefined) {
      return new UpdateItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: pk } },
        UpdateExpression: 'ADD hits :minusOne',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':minusOne': { N: '-1' } },
      });
    }
    const names = slots(Number(limit));
    const unshifts = names.slice(1).map((name, i) => `${name} = ${names[i]}`).reverse();
    return new UpdateItemCommand({
      TableName: this.tableName,
      Key: { pk: { S: pk } },
      // The oldest time the hit pushed out had left the window (its condition), so zero stands in for it.
      UpdateExpression: `SET ${[...unshifts, 's0 = :zero'].join(', ')}`,
      ConditionExpression: `${names[names.length - 1]} = :entry`,
      ExpressionAttributeValues: { ':zero': { N: '0' }, ':entry': { N: entry } },
    });
  }
}
