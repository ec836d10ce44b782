import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * The sender's handler on its second source, the schedule's delay queue: each message is one queued
 * email, a poison message fails alone (partial batch response), and a live one is sent as from the
 * stream. Its cold start reads the environment, so the module is loaded after it is set.
 */
const dynamodb = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);

const message = (messageId: string, body: string): SQSRecord => ({
  messageId,
  receiptHandle: `r-${messageId}`,
  body,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:reset-customer-password-dev-send-delay',
  awsRegion: 'eu-west-1',
});

let handler: (event: SQSEvent, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
let queuedEmailOfMessage: (record: SQSRecord) => unknown;

beforeAll(async () => {
  Object.assign(process.env, {
    STAGE: 'dev',
    TABLE_NAME: 'tokens',
    CUSTOMER_TABLE_NAME: 'customers',
    IS_OFFLINE: 'true',
    CUSTOMER_ID_KEY: 'unit-tests-customer-id-key-not-a-secret',
    ADDRESS_KEY: 'unit-tests-address-key-not-a-secret-at-all',
    SES_CONFIGURATION_SET: 'set',
    SEND_DELAY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/reset-customer-password-dev-send-delay',
  });
  const module = (await import('../../handlers/send-queued-email')) as unknown as { handler: typeof handler; queuedEmailOfMessage: typeof queuedEmailOfMessage };
  ({ handler, queuedEmailOfMessage } = module);
});

beforeEach(() => {
  dynamodb.reset();
  sqs.reset();
  dynamodb.on(GetItemCommand).resolves({});
});

describe('the sender on its delay queue', () => {
  it('reads a message as the queued email it carries', () => {
    expect(queuedEmailOfMessage(message('m1', '{"customerId":"c1","nonce":"n1","kind":"reset-password"}'))).toEqual({ customerId: 'c1', nonce: 'n1', kind: 'reset-password' });
  });

  it.each(['not json', '{"customerId":"c1","nonce":"n1","kind":"something-else"}', '{"customerId":"","nonce":"n1","kind":"reset-password"}', '{"nonce":"n1","kind":"reset-password"}'])(
    'refuses a message that is not a queued email: %s',
    (body) => {
      expect(() => queuedEmailOfMessage(message('m1', body))).toThrow();
    },
  );

  it('reports only the poison message of a batch as failed, and handles the others (an item gone: nothing to send)', async () => {
    const event: SQSEvent = { Records: [message('good', '{"customerId":"c1","nonce":"n1","kind":"reset-password"}'), message('poison', '{}')] };

    const response = await handler(event, {} as Context);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'poison' }]);
    expect(dynamodb.commandCalls(GetItemCommand).map((call) => call.args[0].input.Key)).toEqual([{ pk: { S: 'token#c1' } }]);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
