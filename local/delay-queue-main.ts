/**
 * The local stack's delay queue (see delay-queue.ts): runs a local SQS server (local-aws-sqs, which
 * honours DelaySeconds) with the sender's delay queue and its dead-letter queue, as
 * deploy/resources/sender.yml declares them, and feeds the queue to the sender through serverless
 * offline's Lambda endpoint as Lambda's SQS mapping would (batches of 10, partial batch failures).
 * Started by scripts/local-stack.js with:
 *   SQS_PORT                   where the SQS server listens (127.0.0.1)
 *   QUEUE_NAME                 the delay queue's name (its dead-letter queue: `<name>-failures`)
 *   LAMBDA_PORT, FUNCTION_NAME serverless offline's Lambda endpoint and the sender's name there
 *   VISIBILITY_TIMEOUT_SECONDS how long a failed message waits before its retry (optional)
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import { deliveredMessages, queueEventRecord } from './delay-queue';
import { invokeFunction } from './invoke-function';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`delay queue: ${name} must be set`);
  return value;
};

const port = Number(env('SQS_PORT'));
const queueName = env('QUEUE_NAME');
const functionName = env('FUNCTION_NAME');
const invokeUrl = `http://127.0.0.1:${env('LAMBDA_PORT')}/2015-03-31/functions/${functionName}/invocations`;
const visibilityTimeout = Number(process.env.VISIBILITY_TIMEOUT_SECONDS ?? 120);
const region = process.env.AWS_REGION ?? 'eu-west-1';
const ACCOUNT = '000000000000';
const queueArn = `arn:aws:sqs:${region}:${ACCOUNT}:${queueName}`;

async function main(): Promise<void> {
  await createSqsServer({
    port,
    hostname: '127.0.0.1',
    region,
    accountId: ACCOUNT,
    queues: [
      { QueueName: `${queueName}-failures` },
      {
        QueueName: queueName,
        Attributes: {
          VisibilityTimeout: visibilityTimeout,
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:${region}:${ACCOUNT}:${queueName}-failures`, maxReceiveCount: 5 }),
        },
      },
    ],
  });
  const sqs = new SQSClient({ endpoint: `http://127.0.0.1:${port}`, region });
  const queueUrl = `http://127.0.0.1:${port}/${ACCOUNT}/${queueName}`;
  process.stdout.write(`delay queue: ${queueUrl} for ${functionName}\n`);
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'] }));
    if (!Messages.length) continue;
    const records = Messages.map((message) => queueEventRecord(message, queueArn, region));
    const done = deliveredMessages(records, await invokeFunction(invokeUrl, records));
    if (done.length) {
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((record, i) => ({ Id: String(i), ReceiptHandle: record.receiptHandle })) }));
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`delay queue: ${(error as Error).stack}\n`);
  process.exit(1);
});
