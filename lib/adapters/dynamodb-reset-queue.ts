import { TransactionCanceledException, TransactWriteItemsCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { setTimeout as pause } from 'node:timers/promises';
import { DependencyUnavailableError } from '../errors';
import type { QueueResetResult, RateLimitCharge, ResetQueue, ResetTokenRecord } from '../ports';
import type { AddressSealer } from '../reset/sealed-address';
import { callAws } from './aws-errors';
import { rateLimitUpdate, type HitNonce } from './dynamodb-rate-limiter';
import { resetItemOf } from './dynamodb-token-store';

/**
 * Tries of a transaction that DynamoDB cancelled for a conflict (another transaction or write on one
 * of its items at that moment: two requests of one client, or of one mailbox, in flight together).
 * The other write takes milliseconds, so a short random pause lets the next try through.
 */
const CONFLICT_ATTEMPTS = 3;
const CONFLICT_PAUSE_MS = { min: 5, max: 25 };

/** Cancellation reasons that pass: DynamoDB asks the caller to try again (a 503 if they persist). */
const PASSING_REASONS = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded', 'TransactionConflict']);

/**
 * The request path's one write: the client's rate-limit counts and the mailbox's reset item in a
 * single TransactWriteItems (one round trip; DynamoDB bills it as two writes per item). Each count is
 * the conditional update {@link rateLimitUpdate} makes, so a limit that refuses cancels the whole
 * transaction: nothing is counted, the item is not written, and the cancellation reasons carry each
 * refusing counter as it was, for the wait. A put that cannot fail follows the counts, replacing the
 * mailbox's earlier item (dynamodb-token-store.ts resetItemOf).
 *
 * Conflicts are tried again ({@link CONFLICT_ATTEMPTS}); throttling, or conflicts that persist, end as
 * a 503; anything else goes on as it is. The SDK's own retries of one attempt reuse its
 * ClientRequestToken, so a retried transaction is applied once.
 */
export class DynamoDbResetQueue implements ResetQueue {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    /** Asked for at each call: its key comes from a secret the first request fetches. */
    private readonly sealer: () => Promise<AddressSealer>,
    private readonly hitNonce?: HitNonce,
    private readonly conflictPause: (ms: number) => Promise<unknown> = pause,
  ) {}

  async queueReset(record: ResetTokenRecord, charges: readonly RateLimitCharge[], nowMs: number): Promise<QueueResetResult> {
    const item = resetItemOf(record, (await this.sealer()).seal(record.customerId, record.email));
    for (let attempt = 1; ; attempt++) {
      const counts = charges.map((charge) => rateLimitUpdate(this.tableName, charge, nowMs, this.hitNonce));
      try {
        await callAws('DynamoDB', this.client.send(new TransactWriteItemsCommand({ TransactItems: [...counts.map(({ update }) => ({ Update: update })), { Put: { TableName: this.tableName, Item: item } }] })));
        return { queued: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const waits = counts.flatMap((count, i) => (reasons[i]?.Code === 'ConditionalCheckFailed' ? [count.retryAfterSeconds(reasons[i].Item)] : []));
        if (waits.length > 0) return { queued: false, retryAfterSeconds: Math.max(...waits) };
        const codes = reasons.map((reason) => reason.Code ?? 'None').filter((code) => code !== 'None');
        if (codes.length === 0 || !codes.every((code) => PASSING_REASONS.has(code))) throw error;
        if (attempt >= CONFLICT_ATTEMPTS || !codes.every((code) => code === 'TransactionConflict')) throw new DependencyUnavailableError('DynamoDB', error);
        await this.conflictPause(CONFLICT_PAUSE_MS.min + Math.random() * (CONFLICT_PAUSE_MS.max - CONFLICT_PAUSE_MS.min));
      }
    }
  }
}
