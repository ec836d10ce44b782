/**
 * The local stack's stream poller (see stream-poller.ts): reads DynamoDB Local's stream of the token
 * table and invokes the sender through serverless offline's Lambda endpoint. Started by
 * scripts/local-stack.js with:
 *   AWS_ENDPOINT_URL_DYNAMODB  DynamoDB Local
 *   TABLE_NAME                 the token table
 *   LAMBDA_PORT, FUNCTION_NAME serverless offline's Lambda endpoint and the sender's name there
 *   STREAM_MAPPING             deploy/sender-stream.js's `mapping`, as JSON
 *   SENDER_FAILURES_FILE       where on-failure records go, one JSON line each
 *   STREAM_RETRY_BASE_MS       the first wait before a retry (optional; tests shorten it)
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb-streams';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { invokeFunction } from './invoke-function';
import { ShardProcessor, type MappingSettings, type PollerPorts, type StreamRecord } from './stream-poller';

const POLL_MS = 100;
const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`stream poller: ${name} must be set`);
  return value;
};

const endpoint = env('AWS_ENDPOINT_URL_DYNAMODB');
const tableName = env('TABLE_NAME');
const functionName = env('FUNCTION_NAME');
const invokeUrl = `http://127.0.0.1:${env('LAMBDA_PORT')}/2015-03-31/functions/${functionName}/invocations`;
const settings = JSON.parse(env('STREAM_MAPPING')) as MappingSettings;
const failuresFile = env('SENDER_FAILURES_FILE');
const retryBaseMs = Number(process.env.STREAM_RETRY_BASE_MS ?? 100);
const region = process.env.AWS_REGION ?? 'eu-west-1';

const dynamodb = new DynamoDBClient({ endpoint, region });
const streams = new DynamoDBStreamsClient({ endpoint, region });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An attribute value as Lambda's JSON event carries it: binary as base64. */
function toEventValue(value: AttributeValue): unknown {
  if (value.B) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M) return { M: toEventImage(value.M) };
  if (value.L) return { L: value.L.map(toEventValue) };
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
const toEventImage = (image: Record<string, AttributeValue> | undefined) =>
  image && Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toEventValue(value)]));

/** A record from GetRecords in the shape Lambda hands to a function. */
function toEventRecord(record: _Record, streamArn: string): StreamRecord {
  const stream = record.dynamodb!;
  return {
    eventID: record.eventID!,
    eventName: record.eventName as StreamRecord['eventName'],
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: stream.ApproximateCreationDateTime && Math.floor(stream.ApproximateCreationDateTime.getTime() / 1000),
      Keys: toEventImage(stream.Keys as Record<string, AttributeValue>),
      NewImage: toEventImage(stream.NewImage as Record<string, AttributeValue> | undefined),
      SequenceNumber: stream.SequenceNumber!,
      SizeBytes: stream.SizeBytes,
      StreamViewType: stream.StreamViewType,
    },
  };
}

const ports: PollerPorts = {
  invoke: (records) => invokeFunction(invokeUrl, records),
  onFailure: (record) => appendFileSync(failuresFile, `${JSON.stringify(record)}\n`),
  now: Date.now,
  sleep,
};

/** The table's stream, once serverless offline has created the table. */
async function streamArnOf(): Promise<string> {
  for (;;) {
    const arn = await dynamodb.send(new DescribeTableCommand({ TableName: tableName })).then((result) => result.Table?.LatestStreamArn, () => undefined);
    if (arn) return arn;
    await sleep(200);
  }
}

/** Reads one shard from its start to its end (an open shard never ends), handing records to its processor. */
async function followShard(streamArn: string, shardId: string): Promise<void> {
  const processor = new ShardProcessor(shardId, streamArn, `arn:aws:lambda:${region}:000000000000:function:${functionName}`, settings, ports, retryBaseMs);
  let lastSequence: string | undefined;
  const iteratorFrom = async () =>
    (
      await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ...(lastSequence ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: lastSequence } : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      )
    ).ShardIterator;
  let iterator = await iteratorFrom();
  while (iterator) {
    let result;
    try {
      result = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
    } catch (error) {
      // DynamoDB Local once refused the first read after the first write: a fresh iterator does it.
      // Any other failure is passing (Lambda's poller retries too): wait, and read on from where we were.
      if (!(error instanceof TrimmedDataAccessException)) {
        process.stderr.write(`stream poller: reading shard ${shardId} failed (${(error as Error).name}); retrying\n`);
        await sleep(1_000);
      }
      iterator = await iteratorFrom();
      continue;
    }
    const records = result.Records ?? [];
    if (records.length) {
      lastSequence = records.at(-1)!.dynamodb!.SequenceNumber;
      processor.add(records.map((record) => toEventRecord(record, streamArn)));
      await processor.drain();
    } else {
      await sleep(POLL_MS);
    }
    iterator = result.NextShardIterator;
  }
}

async function main(): Promise<void> {
  mkdirSync(dirname(failuresFile), { recursive: true });
  const streamArn = await streamArnOf();
  process.stdout.write(`stream poller: following ${tableName}'s stream for ${functionName}\n`);
  const followed = new Set<string>();
  for (;;) {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || followed.has(shard.ShardId)) continue;
      followed.add(shard.ShardId);
      followShard(streamArn, shard.ShardId).catch((error: unknown) => {
        process.stderr.write(`stream poller: shard ${shard.ShardId} stopped: ${(error as Error).message}\n`);
        process.exit(1);
      });
    }
    await sleep(1_000);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`stream poller: ${(error as Error).stack}\n`);
  process.exit(1);
});
