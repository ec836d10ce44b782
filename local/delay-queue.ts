/**
 * Lambda's event source mapping on an SQS queue, for the local stack's delay queue (the sender's
 * schedule, lib/adapters/sqs-send-timer.ts): serverless offline runs no SQS events, so
 * local/delay-queue-main.ts receives from a local SQS server and invokes the sender through serverless
 * offline's Lambda endpoint. Pure logic here (tests/unit/local/delay-queue.test.ts): the event record
 * a message becomes, and which messages an invocation's result lets the mapping delete.
 */
import type { InvokeResult } from './stream-poller';

/** A received message, as the SQS client returns it. */
export interface ReceivedMessage {
  readonly MessageId?: string;
  readonly ReceiptHandle?: string;
  readonly Body?: string;
  readonly MD5OfBody?: string;
  readonly Attributes?: Record<string, string>;
}

/** An SQS record as Lambda hands it to a function (the `Records` entries of an SQS event). */
export interface QueueEventRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: Record<string, string>;
  readonly messageAttributes: Record<string, never>;
  readonly md5OfBody: string;
  readonly eventSource: 'aws:sqs';
  readonly eventSourceARN: string;
  readonly awsRegion: string;
}

/** The record Lambda would make of `message` from the queue `queueArn`. */
export function queueEventRecord(message: ReceivedMessage, queueArn: string, region: string): QueueEventRecord {
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: message.Attributes ?? {},
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/**
 * The messages the mapping deletes after an invocation, as Lambda does with ReportBatchItemFailures:
 * none after a function error; none when the function names a message it was not given (Lambda then
 * takes the whole batch as failed); else all but the failed ones. What is not deleted comes back
 * once its visibility timeout ends, and after the queue's maxReceiveCount goes to its dead-letter queue.
 */
export function deliveredMessages<T extends { readonly messageId: string }>(records: readonly T[], result: InvokeResult): readonly T[] {
  if ('functionError' in result) return [];
  const ids = new Set(records.map((record) => record.messageId));
  if (result.batchItemFailures.some((id) => !ids.has(id))) return [];
  return records.filter((record) => !result.batchItemFailures.includes(record.messageId));
}
