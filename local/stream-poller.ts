/**
 * Lambda's event source mapping for DynamoDB Streams, for the local stack: serverless offline runs
 * no stream events, so this polls DynamoDB Local's stream and invokes the sender through serverless
 * offline's Lambda endpoint with the mapping's settings (deploy/sender-stream.js), as Lambda would:
 * the filter, the batch size, partial batch failures (ReportBatchItemFailures: retry from the first
 * failed record), bisect on a function error, the retry limit, the record age, and the on-failure
 * record (the metadata AWS sends to the on-failure destination, appended to a file as JSON lines).
 * A plugin that does this (serverless-offline-dynamodb-streams) ignores partial batch failures, has
 * no bisect or record age and drops failed records without a trace (docs/develop.md).
 *
 * Pure logic here, tested with fakes (tests/unit/local/stream-poller.test.ts); the SDK and HTTP
 * wiring is local/stream-poller-main.ts.
 */

/** A stream record as Lambda hands it to a function (the `Records` entries of a DynamoDB stream event). */
export interface StreamRecord {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly eventVersion: '1.1';
  readonly eventSource: 'aws:dynamodb';
  readonly awsRegion: string;
  readonly eventSourceARN: string;
  readonly dynamodb: {
    readonly ApproximateCreationDateTime?: number;
    readonly Keys?: Record<string, unknown>;
    readonly NewImage?: Record<string, unknown>;
    readonly SequenceNumber: string;
    readonly SizeBytes?: number;
    readonly StreamViewType?: string;
  };
}

/** The mapping's settings, as deploy/sender-stream.js writes them. */
export interface MappingSettings {
  readonly batchSize: number;
  /** -1: until the record is too old. */
  readonly maximumRetryAttempts: number;
  /** -1: no limit. */
  readonly maximumRecordAgeInSeconds: number;
  readonly bisectBatchOnFunctionError: boolean;
  readonly functionResponseType?: 'ReportBatchItemFailures';
  readonly filterPatterns: readonly unknown[];
}

/** What an invocation came back with: a function error, or the records the function reports as failed. */
export type InvokeResult = { readonly functionError: string } | { readonly batchItemFailures: readonly string[] };

/** The message Lambda sends to a stream mapping's on-failure destination (metadata, not the records). */
export interface OnFailureRecord {
  readonly requestContext: { readonly condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded'; readonly approximateInvokeCount: number; readonly functionArn: string };
  readonly responseContext: { readonly functionError?: string };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
}

/**
 * Whether `value` matches an EventBridge-style pattern as Lambda's event filtering reads it: an object
 * pattern matches field by field; an array lists the values a leaf may take (exact strings or numbers,
 * `{ prefix }`, `{ exists }`). Other operators throw, so a filter never silently means something else
 * locally than on AWS (docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html).
 */
export function matchesPattern(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((rule) => {
      if (rule !== null && typeof rule === 'object') {
        const [operator, operand] = Object.entries(rule)[0] ?? [];
        if (operator === 'exists') return (value !== undefined) === operand;
        if (operator === 'prefix') return typeof value === 'string' && value.startsWith(String(operand));
        throw new Error(`filter operator ${operator} is not supported locally`);
      }
      return value !== undefined && rule === value;
    });
  }
  if (pattern !== null && typeof pattern === 'object') {
    return Object.entries(pattern).every(([key, inner]) => {
      const child = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      // A missing field reads as undefined all the way down: only `{ exists: false }` matches it.
      return matchesPattern(inner, child);
    });
  }
  throw new Error('a filter pattern is an object or an array of values');
}

/** Whether any of the mapping's patterns lets the record through (no patterns: every record). */
export const passesFilter = (patterns: readonly unknown[], record: StreamRecord): boolean => patterns.length === 0 || patterns.some((pattern) => matchesPattern(pattern, record));

/** What the poller needs of the outside world: the function, the on-failure destination, a clock, a wait. */
export interface PollerPorts {
  invoke(records: readonly StreamRecord[]): Promise<InvokeResult>;
  onFailure(record: OnFailureRecord): void;
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

/** A record waiting in a shard, with what the mapping has counted of it. */
interface Pending {
  readonly record: StreamRecord;
  /** Epoch ms the poller first read it: DynamoDB Local rounds ApproximateCreationDateTime to the minute. */
  readonly arrivedMs: number;
}

/**
 * One shard's records in order, processed as Lambda processes a shard: one batch at a time, the next
 * only once the current one has succeeded or been given up.
 */
export class ShardProcessor {
  private readonly pending: Pending[] = [];
  /** Failed invocations of the batch at the head, since it last made progress. */
  private attempts = 0;
  /** The batch size in force: halved by each bisect, back to the mapping's after progress. */
  private size: number;

  constructor(
    private readonly shardId: string,
    private readonly streamArn: string,
    private readonly functionArn: string,
    private readonly settings: MappingSettings,
    private readonly ports: PollerPorts,
    /** The wait before retrying a failed batch: doubles from this, up to 50 times it. */
    private readonly retryBaseMs = 100,
  ) {
    this.size = settings.batchSize;
  }

  /** Records read from the shard, in order; those the filter keeps wait for {@link drain}. */
  add(records: readonly StreamRecord[]): void {
    const arrivedMs = this.ports.now();
    for (const record of records) if (passesFilter(this.settings.filterPatterns, record)) this.pending.push({ record, arrivedMs });
  }

  /** How many records wait. */
  get waiting(): number {
    return this.pending.length;
  }

  /** Processes batches until nothing waits. */
  async drain(): Promise<void> {
    while (this.pending.length) await this.step();
  }

  /** One invocation (or one discard), as the mapping would make it. */
  private async step(): Promise<void> {
    const { maximumRecordAgeInSeconds: maxAge, maximumRetryAttempts: maxRetries } = this.settings;
    const tooOld = (entry: Pending) => maxAge >= 0 && this.ports.now() - entry.arrivedMs > maxAge * 1000;
    let expired = 0;
    while (expired < this.pending.length && tooOld(this.pending[expired]!)) expired += 1;
    if (expired > 0) return this.discard(expired, 'RecordAgeExceeded', undefined);

    const batch = this.pending.slice(0, this.size).map((entry) => entry.record);
    const result = await this.ports.invoke(batch);
    let functionError: string | undefined;
    if ('functionError' in result) functionError = result.functionError;
    else if (result.batchItemFailures.length === 0 || this.settings.functionResponseType !== 'ReportBatchItemFailures') return this.progress(batch.length);
    else {
      // Retry from the first failed record: the records before it are done. A report naming records
      // it was not given reads as success, as Lambda reads it.
      const first = batch.findIndex((record) => result.batchItemFailures.includes(record.dynamodb.SequenceNumber));
      if (first < 0) return this.progress(batch.length);
      this.pending.splice(0, first);
    }
    this.attempts += 1;
    if (maxRetries >= 0 && this.attempts > maxRetries) return this.discard(Math.min(this.size, this.pending.length), 'RetryAttemptsExhausted', functionError);
    if (functionError !== undefined && this.settings.bisectBatchOnFunctionError && batch.length > 1) this.size = Math.ceil(batch.length / 2);
    await this.ports.sleep(Math.min(this.retryBaseMs * 2 ** (this.attempts - 1), this.retryBaseMs * 50));
  }

  private progress(count: number): void {
    this.pending.splice(0, count);
    this.attempts = 0;
    this.size = this.settings.batchSize;
  }

  /** Gives up the first `count` records, with the on-failure record AWS would send for them. */
  private discard(count: number, condition: OnFailureRecord['requestContext']['condition'], functionError: string | undefined): void {
    const records = this.pending.slice(0, count).map((entry) => entry.record);
    this.ports.onFailure({
      requestContext: { condition, approximateInvokeCount: this.attempts, functionArn: this.functionArn },
      responseContext: functionError === undefined ? {} : { functionError },
      version: '1.0',
      timestamp: new Date(this.ports.now()).toISOString(),
      DDBStreamBatchInfo: {
        shardId: this.shardId,
        startSequenceNumber: records[0]!.dynamodb.SequenceNumber,
        endSequenceNumber: records.at(-1)!.dynamodb.SequenceNumber,
        batchSize: records.length,
        streamArn: this.streamArn,
      },
    });
    this.progress(count);
  }
}
