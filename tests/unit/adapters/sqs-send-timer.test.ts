import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { MAX_DELAY_SECONDS, SqsSendTimer } from '../../../lib/adapters/sqs-send-timer';

const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/reset-customer-password-dev-send-delay';
const queued = { customerId: 'cust-1', nonce: 'nonce-1', kind: 'reset-password' as const };

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
});

describe('SqsSendTimer', () => {
  it('puts the queued email on the delay queue, delayed by the wait in whole seconds, with no address or token', async () => {
    await new SqsSendTimer(new SQSClient({}), QUEUE_URL).sendLater(queued, 41.2);

    expect(sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, MessageBody: '{"customerId":"cust-1","nonce":"nonce-1","kind":"reset-password"}', DelaySeconds: 42 },
    ]);
  });

  it('caps the delay at what SQS allows (the sender sets the rest when the message comes back) and waits at least a second', async () => {
    const timer = new SqsSendTimer(new SQSClient({}), QUEUE_URL);
    await timer.sendLater(queued, 3600);
    await timer.sendLater(queued, 0);

    expect(sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input.DelaySeconds)).toEqual([MAX_DELAY_SECONDS, 1]);
  });
});
