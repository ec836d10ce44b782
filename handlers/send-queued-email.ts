import type { DynamoDBRecord, DynamoDBStreamEvent, Handler, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createDynamoDbClient, createSesClient, createSqsClient } from '../lib/adapters/aws-clients';
import { DynamoDbCustomerDirectory } from '../lib/adapters/dynamodb-customer-directory';
import { DynamoDbRateLimiter } from '../lib/adapters/dynamodb-rate-limiter';
import { DynamoDbOutbox, TOKEN_KEY_PREFIX } from '../lib/adapters/dynamodb-token-store';
import { addressSealerLoader, customerIdsAndLinksUnder, keyLoader } from '../lib/adapters/service-keys';
import { SesMailer } from '../lib/adapters/ses-mailer';
import { SqsSendTimer } from '../lib/adapters/sqs-send-timer';
import { loadConfig, loadSendDelayQueueUrl, loadSesConfigurationSet } from '../lib/config';
import { emailBrandCatalog } from '../lib/email/brand-settings';
import { describeError, logger, maskEmail, writeRequestRecord, type MetricName } from '../lib/observability';
import type { OutboxKind } from '../lib/ports';
import { sendQueuedEmail, type QueuedEmail, type SendResult } from '../lib/reset/send-queued-email';

// Cold start: configuration, every brand's email settings and templates checked once, clients made once.
const config = loadConfig(process.env);
const brands = emailBrandCatalog(config.brands, config.stage, process.env);
const dynamodb = createDynamoDbClient();
const directory = config.customerTableName ? new DynamoDbCustomerDirectory(dynamodb, config.customerTableName) : undefined;
const customerIdKey = keyLoader(process.env, 'CUSTOMER_ID_KEY');
const keyed = customerIdsAndLinksUnder(customerIdKey);
const deps = {
  brands,
  tokens: new DynamoDbOutbox(dynamodb, config.tableName, addressSealerLoader(process.env)),
  mailer: new SesMailer(createSesClient(), loadSesConfigurationSet(process.env)),
  clock: Date,
  keyVersion: config.customerIdKeyVersion,
  directoryFor: (brandKey: string) => (brands.findBrand(brandKey)?.customerDirectory === 'table' ? directory : undefined),
  rateLimiter: new DynamoDbRateLimiter(dynamodb, config.tableName),
  timer: new SqsSendTimer(createSqsClient(), loadSendDelayQueueUrl(process.env)),
};

const OUTBOX_KINDS: readonly OutboxKind[] = ['reset-password', 'password-changed'];

/** The counts each result adds to the email's line (docs/operate.md). */
const METRICS: Readonly<Record<SendResult, readonly MetricName[]>> = {
  sent: ['EmailsSent'],
  'no-account': ['EmailsSent', 'NoAccountNotices'],
  unknown: ['UnknownAddresses'],
  rejected: ['EmailsRejected'],
  superseded: ['EmailsSuperseded'],
  delayed: ['EmailsDelayed'],
  expired: ['EmailsGivenUp'],
};

/**
 * What a stream record queued, read off its new image; throws for a record that is not one (the
 * mapping's filter lets through only images with `outbox`, so this is a poison record: it fails, is
 * retried, and ends in the on-failure queue without holding up the rest).
 */
export function queuedEmailOf(record: DynamoDBRecord): QueuedEmail {
  const image = record.dynamodb?.NewImage;
  const pk = image?.pk?.S;
  const nonce = image?.nonce?.S;
  const kind = OUTBOX_KINDS.find((name) => name === image?.outbox?.S);
  if (!pk?.startsWith(TOKEN_KEY_PREFIX) || !nonce || !kind) throw new Error('stream record is not a queued email');
  return { customerId: pk.slice(TOKEN_KEY_PREFIX.length), nonce, kind };
}

/**
 * What a message of the schedule's delay queue hands back (lib/adapters/sqs-send-timer.ts); throws
 * for a body that is not one (a poison message: retried, then moved to the queue's dead-letter queue).
 */
export function queuedEmailOfMessage(record: SQSRecord): QueuedEmail {
  const body = JSON.parse(record.body) as Partial<Record<keyof QueuedEmail, unknown>>;
  const kind = OUTBOX_KINDS.find((name) => name === body.kind);
  if (typeof body.customerId !== 'string' || !body.customerId || typeof body.nonce !== 'string' || !body.nonce || !kind) throw new Error('queue message is not a queued email');
  return { customerId: body.customerId, nonce: body.nonce, kind };
}

/** One record: send, then write the email's line; a failure is logged and thrown for the batch to report. */
async function sendRecord(queuedOf: () => QueuedEmail): Promise<void> {
  const started = performance.now();
  try {
    const queued = queuedOf();
    const outcome = await sendQueuedEmail(queued, { ...deps, ...(await keyed()) });
    const fields = { operation: 'SendQueuedEmail', outcome: outcome.result, kind: outcome.kind, brand: outcome.brand, email: outcome.email && maskEmail(outcome.email) };
    writeRequestRecord({ ...fields, latencyMs: Math.round((performance.now() - started) * 10) / 10 }, METRICS[outcome.result], 'Emails');
  } catch (error) {
    // The stream hands the record back (retries, bisect), then to the on-failure queue; never an address here.
    writeRequestRecord({ operation: 'SendQueuedEmail', outcome: 'failed', ...describeError(error) }, ['EmailSendFailures'], 'Emails');
    throw error;
  }
}

/** Thrown when every record of a batch failed: Lambda then retries (and, on the stream, bisects) the whole batch. */
export class FullBatchFailureError extends Error {
  override readonly name = 'FullBatchFailureError';
}

/**
 * Runs `send` on every record of a batch at once and names those that failed in the partial batch
 * response Lambda reads with ReportBatchItemFailures (AWS Lambda Developer Guide, "Handling errors
 * for a DynamoDB event source" and "Reporting batch item failures" for SQS): `itemIdentifier` is a
 * stream record's sequence number, a queue message's id. The stream retries from the lowest sequence
 * number named, the queue makes each named message visible again. When every record failed, it
 * throws instead, so the mapping treats the invocation as failed and bisects the batch; a failed
 * record without an identifier fails the whole batch too, as Lambda would treat an empty one. The
 * same contract as Powertools' `processPartialResponse` (its default, records in parallel), in a
 * few lines: the utility was 5.8 KB of the sender's bundle (docs/develop.md).
 */
export async function partialBatchResponse<R>(records: readonly R[], idOf: (record: R) => string | undefined, send: (record: R) => Promise<void>): Promise<SQSBatchResponse> {
  const settled = await Promise.allSettled(records.map(send));
  const failed = records.filter((_, i) => settled[i]!.status === 'rejected');
  const ids = failed.map(idOf);
  if (failed.length > 0 && (failed.length === records.length || ids.some((id) => !id))) {
    throw new FullBatchFailureError(`${failed.length} of ${records.length} records failed`);
  }
  return { batchItemFailures: ids.map((id) => ({ itemIdentifier: id! })) };
}

const isQueueEvent = (event: DynamoDBStreamEvent | SQSEvent): event is SQSEvent => event.Records[0]?.eventSource === 'aws:sqs';

/**
 * The sender, on two sources: the token table's stream (serverless.yml: filter, batch size, retries,
 * bisect, record age, on-failure queue) and the schedule's delay queue (an email held back, handed
 * back when it may go). Each record is one queued email; failures are reported per record
 * ({@link partialBatchResponse}): the stream retries from the first failed record, the queue makes
 * each failed message visible again, and records already sent are skipped by their own check
 * (send-queued-email.ts).
 */
export const handler: Handler<DynamoDBStreamEvent | SQSEvent, SQSBatchResponse> = async (event) => {
  const response = isQueueEvent(event)
    ? await partialBatchResponse(event.Records, (record) => record.messageId, (record) => sendRecord(() => queuedEmailOfMessage(record)))
    : await partialBatchResponse(event.Records, (record) => record.dynamodb?.SequenceNumber, (record) => sendRecord(() => queuedEmailOf(record)));
  if (response.batchItemFailures.length) logger.warn('emails to retry', { count: response.batchItemFailures.length });
  return response;
};
