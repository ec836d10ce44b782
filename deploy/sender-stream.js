'use strict';
// The sender's event source mapping on the token table's stream: one definition for AWS and for the
// local stack. serverless.yml reads `event` (`${file(./deploy/sender-stream.js):event}`); the local
// stream poller (local/stream-poller.ts) reads `mapping` and applies the same semantics to DynamoDB
// Local's stream, since serverless offline runs no stream events (docs/develop.md).
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

/**
 * The shortest link lifetime of any brand of any stage (config/brands.*.json, tokenTtlSeconds): a
 * request whose email has not left by then is given up (to the on-failure queue, and counted),
 * since the customer has long asked again or given up themselves.
 */
function shortestLinkLifetimeSeconds() {
  const folder = path.join(__dirname, '..', 'config');
  const lifetimes = readdirSync(folder)
    .filter((name) => /^brands\.[\w-]+\.json$/.test(name))
    .flatMap((name) => JSON.parse(readFileSync(path.join(folder, name), 'utf8')).brands.map((brand) => brand.tokenTtlSeconds));
  return Math.min(...lifetimes);
}

/**
 * AWS's settings (Lambda's CreateEventSourceMapping, for DynamoDB Streams):
 * - filterPatterns: only images that queue an email (`outbox` set: a reset request's write, a redeem
 *   queuing its notice); the sender's own mark removes `outbox`, and deletions (TTL) have no new image;
 * - batchSize 10: a batch is sent in parallel, so it bounds the burst a shard puts on SES;
 * - functionResponseType ReportBatchItemFailures: the sender reports the records that failed, and the
 *   stream retries from the first of them (the records after it skip themselves: already marked);
 * - bisectBatchOnFunctionError: a batch whose invocation failed whole is split, so one poison record
 *   is cornered in a few retries instead of failing its neighbours;
 * - maximumRetryAttempts 10, maximumRecordAgeInSeconds the shortest link lifetime: what still fails
 *   then goes to the on-failure queue (metadata, not the record: docs/operate.md's runbook);
 * - startingPosition LATEST: a new mapping does not replay a day of old requests.
 */
const mapping = Object.freeze({
  batchSize: 10,
  maximumRetryAttempts: 10,
  maximumRecordAgeInSeconds: shortestLinkLifetimeSeconds(),
  bisectBatchOnFunctionError: true,
  functionResponseType: 'ReportBatchItemFailures',
  startingPosition: 'LATEST',
  filterPatterns: [{ eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { outbox: { S: [{ exists: true }] } } } }],
});

/** The serverless.yml `stream` event: the mapping on the table's stream, failures to the queue. */
const event = {
  type: 'dynamodb',
  arn: { 'Fn::GetAtt': ['ResetTable', 'StreamArn'] },
  ...mapping,
  destinations: { onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': ['SendFailureQueue', 'Arn'] } } },
};

module.exports = { mapping, event };
