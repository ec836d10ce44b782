import { matchesPattern, passesFilter, ShardProcessor, type InvokeResult, type MappingSettings, type OnFailureRecord, type StreamRecord } from '../../../local/stream-poller';

// The plain-JavaScript settings serverless.yml reads.
const { mapping } = require('../../../deploy/sender-stream.js') as { mapping: MappingSettings };

/** A stream record of an item write, as Lambda hands it on: `outbox` set when the write queued an email. */
function record(sequence: number, { outbox = 'reset-password', eventName = 'INSERT' }: { outbox?: string | null; eventName?: StreamRecord['eventName'] } = {}): StreamRecord {
  const image = { pk: { S: `token#c${sequence}` }, nonce: { S: `n${sequence}` }, ...(outbox === null ? {} : { outbox: { S: outbox } }) };
  return {
    eventID: `e${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    eventSourceARN: 'arn:stream',
    dynamodb: { SequenceNumber: String(1000 + sequence), ...(eventName === 'REMOVE' ? {} : { NewImage: image }) },
  };
}

const settings = (changes: Partial<MappingSettings> = {}): MappingSettings => ({ ...mapping, ...changes });

/** A shard processor whose function is `respond`, recording invocations (as sequence numbers), failures and waits. */
function shard(respond: (batch: readonly StreamRecord[]) => InvokeResult, changes: Partial<MappingSettings> = {}) {
  const invocations: number[][] = [];
  const failures: OnFailureRecord[] = [];
  const waits: number[] = [];
  let now = 1_000_000;
  const processor = new ShardProcessor('shard-1', 'arn:stream', 'arn:function', settings(changes), {
    invoke: async (batch) => {
      invocations.push(batch.map((r) => Number(r.dynamodb.SequenceNumber) - 1000));
      return respond(batch);
    },
    onFailure: (failure) => failures.push(failure),
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  });
  return { processor, invocations, failures, waits, advance: (ms: number) => (now += ms) };
}

const ok = (): InvokeResult => ({ batchItemFailures: [] });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i).map((n) => record(n));

describe("the sender's filter, as Lambda's event filtering reads it", () => {
  it('lets through writes that queue an email, and keeps out the sender\'s own mark and deletions', () => {
    const patterns = mapping.filterPatterns;
    expect(passesFilter(patterns, record(1))).toBe(true);
    expect(passesFilter(patterns, record(2, { eventName: 'MODIFY', outbox: 'password-changed' }))).toBe(true);
    expect(passesFilter(patterns, record(3, { eventName: 'MODIFY', outbox: null }))).toBe(false);
    expect(passesFilter(patterns, record(4, { eventName: 'REMOVE' }))).toBe(false);
  });

  it('matches exact values, prefixes and existence, and refuses operators it does not know', () => {
    expect(matchesPattern({ a: ['x', 'y'] }, { a: 'y' })).toBe(true);
    expect(matchesPattern({ a: [{ prefix: 'to' }] }, { a: 'token#1' })).toBe(true);
    expect(matchesPattern({ a: [{ prefix: 'to' }] }, { a: 'rate#1' })).toBe(false);
    expect(matchesPattern({ a: { b: [{ exists: false }] } }, { c: 1 })).toBe(true);
    expect(matchesPattern({ a: { b: [{ exists: true }] } }, { a: {} })).toBe(false);
    expect(() => matchesPattern({ a: [{ 'anything-but': 'x' }] }, { a: 'y' })).toThrow(/not supported/);
  });
});

describe('a shard, processed as Lambda processes it', () => {
  it('hands records on in order, in batches of the batch size', async () => {
    const { processor, invocations } = shard(ok, { batchSize: 10 });
    processor.add(range(1, 25));
    await processor.drain();
    expect(invocations.map((batch) => batch.length)).toEqual([10, 10, 5]);
    expect(invocations.flat()).toEqual(range(1, 25).map((_, i) => i + 1));
  });

  it('retries from the first record the function reports as failed, after a wait that doubles', async () => {
    let failing = 2;
    const { processor, invocations, waits } = shard((batch) =>
      failing-- > 0 && batch.some((r) => r.dynamodb.SequenceNumber === '1002') ? { batchItemFailures: ['1002'] } : ok(),
    );
    processor.add(range(1, 3));
    await processor.drain();
    expect(invocations).toEqual([[1, 2, 3], [2, 3], [2, 3]]);
    expect(waits).toEqual([100, 200]);
  });

  it('bisects a batch whose invocation failed, corners the poison record, gives it up after the retries and goes on', async () => {
    const { processor, invocations, failures } = shard(
      (batch) => (batch.some((r) => r.dynamodb.SequenceNumber === '1003') ? { functionError: 'Unhandled' } : ok()),
      { maximumRetryAttempts: 3 },
    );
    processor.add(range(1, 4));
    await processor.drain();

    expect(invocations).toEqual([[1, 2, 3, 4], [1, 2], [3, 4], [3], [3], [3], [4]]);
    expect(failures).toEqual([
      expect.objectContaining({
        requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4, functionArn: 'arn:function' },
        responseContext: { functionError: 'Unhandled' },
        version: '1.0',
        DDBStreamBatchInfo: { shardId: 'shard-1', startSequenceNumber: '1003', endSequenceNumber: '1003', batchSize: 1, streamArn: 'arn:stream' },
      }),
    ]);
  });

  it('gives up records older than the record age without invoking, with the on-failure record', async () => {
    const { processor, invocations, failures, advance } = shard(ok, { maximumRecordAgeInSeconds: 60 });
    processor.add(range(1, 2));
    advance(61_000);
    processor.add(range(3, 3));
    await processor.drain();

    expect(invocations).toEqual([[3]]);
    expect(failures.map((f) => [f.requestContext.condition, f.DDBStreamBatchInfo.startSequenceNumber, f.DDBStreamBatchInfo.endSequenceNumber])).toEqual([
      ['RecordAgeExceeded', '1001', '1002'],
    ]);
  });

  it('passes over what the filter keeps out', async () => {
    const { processor, invocations } = shard(ok);
    processor.add([record(1), record(2, { eventName: 'MODIFY', outbox: null }), record(3, { eventName: 'REMOVE' }), record(4)]);
    expect(processor.waiting).toBe(2);
    await processor.drain();
    expect(invocations).toEqual([[1, 4]]);
  });
});
