import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { AccountSendingPausedException, SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { logSink } from '../../lib/observability';
import { addressSealerUnder } from '../../lib/reset/sealed-address';
import { customerIdsUnder, hashToken, linkTokensUnder } from '../../lib/reset/token';

/**
 * The packaged sender's entry point, as Lambda calls it with a batch from the table's stream: the real
 * adapters on mocked clients that answer and fail with the SDK's own classes.
 */
const CUSTOMER_ID_KEY = 'sender-handler-test-customer-id-key-0123456789';
const ADDRESS_KEY = 'sender-handler-test-address-key-0123456789-abcd';
Object.assign(process.env, {
  STAGE: 'dev',
  TABLE_NAME: 'resets',
  CUSTOMER_TABLE_NAME: 'customers',
  IS_OFFLINE: 'true',
  CUSTOMER_ID_KEY,
  ADDRESS_KEY,
  SES_CONFIGURATION_SET: 'reset-customer-password-dev',
  SEND_DELAY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/reset-customer-password-dev-send-delay',
  AWS_REGION: 'eu-west-1',
});
const dynamodb = mockClient(DynamoDBClient);
const ses = mockClient(SESClient);
const { handler } = require('../../handlers/send-queued-email') as typeof import('../../handlers/send-queued-email');

const sealer = addressSealerUnder(ADDRESS_KEY, randomBytes);
const NOW_SECONDS = Math.floor(Date.now() / 1000);
const customerIdOf = customerIdsUnder(CUSTOMER_ID_KEY);
const linkTokenOf = linkTokensUnder(CUSTOMER_ID_KEY);

/** A queued reset item of `email`, as the table holds it and as its stream record carries it. */
function queued(email: string, sequence: number) {
  const customerId = customerIdOf('pumpalarm', email);
  const nonce = `${'n'.repeat(42)}${sequence}`;
  const item = {
    pk: { S: `token#${customerId}` },
    brand: { S: 'PumpAlarm' },
    address: { B: sealer.seal(customerId, email) },
    nonce: { S: nonce },
    tokenHash: { S: hashToken(linkTokenOf(customerId, nonce)) },
    locale: { S: 'en' },
    createdAt: { N: String(NOW_SECONDS) },
    expiresAt: { N: String(NOW_SECONDS + 3600) },
    keyVersion: { S: '1' },
    outbox: { S: 'reset-password' },
  };
  const record = {
    eventName: 'INSERT',
    dynamodb: { SequenceNumber: String(sequence), NewImage: { pk: item.pk, nonce: item.nonce, outbox: item.outbox } },
  } as DynamoDBRecord;
  return { customerId, item, record };
}

/** The sender's marks on token items (its other updates count the sending limits, `rate#` items). */
const marks = () => dynamodb.commandCalls(UpdateItemCommand).filter((call) => call.args[0].input.Key?.pk?.S?.startsWith('token#'));

const invoke = (records: DynamoDBRecord[]) => handler({ Records: records } as DynamoDBStreamEvent, {} as Context, () => undefined);
let lines: string[];

beforeEach(() => {
  dynamodb.reset();
  ses.reset();
  lines = [];
  jest.spyOn(logSink, 'write').mockImplementation((line) => void lines.push(line));
});
afterEach(() => jest.restoreAllMocks());

describe('the sender on the stream', () => {
  it('sends each queued email, marks each item, and reports the one record that failed, for the stream to retry from', async () => {
    const [jane, poison, joe] = [queued('jane@example.com', 1), queued('x@example.com', 2), queued('joe@example.com', 3)];
    dynamodb.on(GetItemCommand).callsFake((input: { Key: { pk: { S: string } } }) => ({ Item: [jane, joe].find((q) => q.item.pk.S === input.Key.pk.S)?.item }));
    dynamodb.on(UpdateItemCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
    // A record that queues nothing the sender can read: it fails, alone.
    const broken = { ...poison.record, dynamodb: { SequenceNumber: '2', NewImage: { pk: poison.item.pk, outbox: poison.item.outbox } } } as DynamoDBRecord;

    const response = await invoke([jane.record, broken, joe.record]);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
    const sent = ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input.Destination?.ToAddresses?.[0]);
    expect(sent.sort()).toEqual(['jane@example.com', 'joe@example.com']);
    expect(marks()).toHaveLength(2);
    // One line per email, with its outcome and metrics, and no address but a masked one.
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((r) => r.outcome).sort()).toEqual(['failed', 'sent', 'sent']);
    expect(records.find((r) => r.outcome === 'failed')).toMatchObject({ message: 'email', Emails: 1, EmailSendFailures: 1 });
    expect(lines.join('\n')).not.toMatch(/jane@|joe@|token=/);
  });

  it('reports a send SES refused for now as failed, leaving the item queued, and sends nothing twice on the retry', async () => {
    const jane = queued('jane@example.com', 7);
    let item: Record<string, unknown> = jane.item;
    dynamodb.on(GetItemCommand).callsFake(() => ({ Item: item }));
    dynamodb.on(UpdateItemCommand).callsFake((input: { Key?: { pk?: { S?: string } } }) => {
      if (!input.Key?.pk?.S?.startsWith('token#')) return {};
      const { outbox: _handled, ...rest } = item;
      item = { ...rest, handledAt: { N: String(NOW_SECONDS + 1) } };
      return {};
    });
    ses.on(SendEmailCommand).rejectsOnce(new AccountSendingPausedException({ message: 'Sending is paused for this account', $metadata: {} })).resolves({ MessageId: 'm' });

    await expect(invoke([jane.record])).rejects.toThrow();
    expect(marks()).toHaveLength(0);
    await expect(invoke([jane.record])).resolves.toEqual({ batchItemFailures: [] });
    await expect(invoke([jane.record])).resolves.toEqual({ batchItemFailures: [] });

    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    expect(lines.map((line) => JSON.parse(line).outcome)).toEqual(['failed', 'sent', 'superseded']);
  });
});

describe('partialBatchResponse', () => {
  const { partialBatchResponse, FullBatchFailureError } = require('../../handlers/send-queued-email') as typeof import('../../handlers/send-queued-email');
  const failOn = (...bad: string[]) => async (record: { id?: string; name: string }) => {
    if (bad.includes(record.name)) throw new Error(`${record.name} failed`);
  };
  const records: { id?: string; name: string }[] = [{ id: '10', name: 'a' }, { id: '11', name: 'b' }, { id: '12', name: 'c' }];

  it('names every failed record by its identifier, and nothing when all went through', async () => {
    await expect(partialBatchResponse(records, (r) => r.id, failOn('a', 'c'))).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: '10' }, { itemIdentifier: '12' }] });
    await expect(partialBatchResponse(records, (r) => r.id, failOn())).resolves.toEqual({ batchItemFailures: [] });
  });

  it('runs every record even when one fails first', async () => {
    const ran: string[] = [];
    await partialBatchResponse(records, (r) => r.id, async (record) => {
      if (record.name === 'a') throw new Error('a failed');
      ran.push(record.name);
    });
    expect(ran).toEqual(['b', 'c']);
  });

  it('fails the whole batch when every record failed, or a failed record has no identifier', async () => {
    await expect(partialBatchResponse(records, (r) => r.id, failOn('a', 'b', 'c'))).rejects.toBeInstanceOf(FullBatchFailureError);
    await expect(partialBatchResponse([...records, { name: 'd' }], (r) => r.id, failOn('d'))).rejects.toThrow('1 of 4 records failed');
  });
});
