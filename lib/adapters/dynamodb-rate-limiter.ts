import { ConditionalCheckFailedException, UpdateItemCommand, type AttributeValue, type DynamoDBClient, type Update } from '@aws-sdk/client-dynamodb';
import { callAws } from './aws-errors';
import type { RateLimitCharge, RateLimiter, RateLimitHit } from '../ports';
import { SLIDING_LOG_MAX, secondsUntil, subWindowOf } from '../reset/rate-limits';

/** Partition key prefix of rate-limit items (the functions' IAM policies are scoped by it). */
export const RATE_KEY_PREFIX = 'rate#';

/** The attribute names of a sliding log of `limit` timestamps, oldest first. */
const slots = (limit: number): string[] => Array.from({ length: limit }, (_, i) => `s${i}`);

/** Separates the parts of a receipt; never in a key (base64url ids, IP addresses, domain names). */
const SEPARATOR = '\n';

/** Tells apart two hits of one key in the same millisecond, so a refund takes back only its own. */
export type HitNonce = () => string;

const randomHitNonce: HitNonce = () => String(Math.floor(Math.random() * 1e6)).padStart(6, '0');

/**
 * One hit as a conditional update of its counter item, in the shape both UpdateItem and a
 * TransactWriteItems `Update` take: the write counts the hit only if the limit allows it (a refused
 * hit writes nothing), and a refusal returns the item as it was (ReturnValuesOnConditionCheckFailure),
 * from which `retryAfterSeconds` reads the wait. `receipt` is what a refund needs to take the count back.
 */
export interface RateLimitUpdate {
  readonly update: Update;
  readonly receipt: string;
  retryAfterSeconds(itemAsItWas: Record<string, AttributeValue> | undefined): number;
}

/**
 * The conditional update that counts one hit of `charge` at `nowMs` (epoch ms), all in one item per
 * key and rule:
 *
 * - **Sliding log** (limits up to SLIDING_LOG_MAX, `pk = rate#<key>#<window seconds>`): the last
 *   `limit` allowed requests' times as `s0` (oldest) .. `s<limit-1>`. A hit shifts them down and
 *   appends its own, on condition that the oldest has left the window: exact, so never more than
 *   `limit` in any window. The oldest time gives the exact Retry-After.
 * - **Sub-window budget** (larger limits, `pk = rate#<key>#<window seconds>#<sub-window>`): an ADD per
 *   sub-window, on condition that the sub-window has not admitted its share of the limit yet (see
 *   subWindowOf); the wait is the sub-window's end. Removed by TTL.
 *
 * The window's length is part of the key, so a scope's minute and hour rules never share an item.
 */
export function rateLimitUpdate(tableName: string, charge: RateLimitCharge, nowMs: number, nonce: HitNonce = randomHitNonce): RateLimitUpdate {
  const { key, limit, windowSeconds } = charge;
  if (limit > SLIDING_LOG_MAX) {
    const { index, endMs, share } = subWindowOf({ limit, windowSeconds }, nowMs);
    const pk = `${RATE_KEY_PREFIX}${key}#${windowSeconds}#${index}`;
    return {
      update: {
        TableName: tableName,
        Key: { pk: { S: pk } },
        UpdateExpression: 'ADD hits :one SET expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(hits) OR hits < :share',
        ExpressionAttributeValues: { ':one': { N: '1' }, ':share': { N: String(share) }, ':expires': { N: String(Math.ceil(endMs / 1000)) } },
      },
      receipt: pk,
      retryAfterSeconds: () => secondsUntil(endMs, nowMs),
    };
  }
  const pk = `${RATE_KEY_PREFIX}${key}#${windowSeconds}`;
  const names = slots(limit);
  const entry = `${nowMs}.${nonce()}`;
  const shifts = names.slice(0, -1).map((name, i) => `${name} = if_not_exists(${names[i + 1]}, :zero)`);
  return {
    update: {
      TableName: tableName,
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
    },
    receipt: [pk, entry, String(limit)].join(SEPARATOR),
    retryAfterSeconds: (item) => secondsUntil(Number(item?.s0?.N ?? nowMs) + windowSeconds * 1000, nowMs),
  };
}

/** Rate limits in the token table, one conditional UpdateItem per hit ({@link rateLimitUpdate}). */
export class DynamoDbRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly nonce: HitNonce = randomHitNonce,
  ) {}

  async hit(key: string, limit: number, windowSeconds: number, nowMs: number): Promise<RateLimitHit> {
    const { update, receipt, retryAfterSeconds } = rateLimitUpdate(this.tableName, { key, limit, windowSeconds }, nowMs, this.nonce);
    try {
      await callAws('DynamoDB', this.client.send(new UpdateItemCommand(update)));
      return { key, allowed: true, retryAfterSeconds: 0, receipt };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { key, allowed: false, retryAfterSeconds: retryAfterSeconds(error.Item) };
    }
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
