import {
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { AccountSendingPausedException, SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { DynamoDbResetQueue } from '../../lib/adapters/dynamodb-reset-queue';
import { loadHttpConfig } from '../../lib/config';
import { addressSealerUnder } from '../../lib/reset/sealed-address';
import { createHttpHandler } from '../../lib/http';
import { requestPasswordReset } from '../../lib/reset/request-password-reset';
import { resetCustomerPassword } from '../../lib/wire/operations';
import { postEvent } from '../fixtures/api-gateway-event';
import { directoryOf, resetDeps } from './fakes';

/**
 * The reset operation behind the real edge, with the real DynamoDB adapter on a mocked client that
 * fails with the SDK's own exception classes: customers and strangers of a directory brand must get
 * the same bytes, and no AWS name may reach the wire. SES is mocked too, failing: the request path
 * must never reach it.
 */
const ses = mockClient(SESClient);
const dynamodb = mockClient(DynamoDBClient);
const config = loadHttpConfig({ STAGE: 'dev', TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' });
const $metadata = {};

function service() {
  const deps = {
    ...resetDeps(Date.UTC(2026, 10, 28, 12), { directoryFor: () => directoryOf('aquaguard#jane.doe@example.com') }),
    queue: new DynamoDbResetQueue(new DynamoDBClient({ region: 'eu-west-1', maxAttempts: 1 }), 't', async () => addressSealerUnder('k'.repeat(44), randomBytes)),
  };
  const handler = createHttpHandler(config, [{ spec: resetCustomerPassword, run: async (dto, request) => ({ log: { brand: (await requestPasswordReset(dto, request, deps)).brand } }) }]);
  return (email: string, accept = 'application/json') =>
    handler(postEvent(JSON.stringify({ Email: email, CustomerBrandName: 'AquaGuard' }), 'application/json', { Accept: accept }));
}

const awsNames = /\w+Exception|AccountSending|MailFrom|Provisioned|InternalServerError|ResourceNotFound|MessageRejected/;

describe('no tell in an error', () => {
  beforeEach(() => {
    ses.reset();
    dynamodb.reset();
    dynamodb.on(TransactWriteItemsCommand).resolves({});
    // The request path never reaches SES: a send would fail here.
    ses.on(SendEmailCommand).rejects(new AccountSendingPausedException({ message: 'Sending is paused for this account.', $metadata }));
  });

  it('answers 200 {} for a customer and a stranger alike while SES fails: the email is only queued', async () => {
    for (const accept of ['application/json', 'application/xml']) {
      const reset = service();
      const [customer, stranger] = [await reset('jane.doe@example.com', accept), await reset('stranger@example.com', accept)];
      expect([customer.statusCode, stranger.statusCode]).toEqual([200, 200]);
      expect(stranger.body).toBe(customer.body);
    }
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    // One transaction per request, its item of the same size whoever the address belongs to.
    // (DynamoDB's item size: each attribute's name and value, in bytes.)
    const sizeOf = (item: Record<string, { S?: string; N?: string; B?: Uint8Array }>) =>
      Object.entries(item).reduce((total, [name, value]) => total + name.length + (value.B?.length ?? Buffer.byteLength(value.S ?? value.N ?? '')), 0);
    const transactions = dynamodb.commandCalls(TransactWriteItemsCommand).map((call) => call.args[0].input.TransactItems!);
    expect(transactions).toHaveLength(4);
    expect(new Set(transactions.map((items) => items.map((item) => Object.keys(item)[0]).join())).size).toBe(1);
    const sizes = transactions.map((items) => sizeOf(items.at(-1)!.Put!.Item as Record<string, { S?: string; N?: string; B?: Uint8Array }>));
    expect(new Set(sizes).size).toBe(1);
  });

  it.each([
    ['ProvisionedThroughputExceededException', 503, new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata })],
    ['InternalServerError', 503, new InternalServerError({ message: 'Internal server error', $metadata })],
    ['TransactionCanceledException (ThrottlingError)', 503, new TransactionCanceledException({ message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError, None]', $metadata, CancellationReasons: [{ Code: 'ThrottlingError' }, { Code: 'None' }] })],
    ['ResourceNotFoundException', 500, new ResourceNotFoundException({ message: 'Requested resource not found: Table: t not found', $metadata })],
  ])('answers DynamoDB failing (%s) with the same %i for a customer and a stranger, naming nothing of AWS', async (_name, status, error) => {
    const reset = service();
    // The one write: a transaction of the same shape for a customer and a stranger.
    dynamodb.on(TransactWriteItemsCommand).rejects(error);

    const [customer, stranger] = [await reset('jane.doe@example.com'), await reset('stranger@example.com')];

    expect([customer.statusCode, stranger.statusCode]).toEqual([status, status]);
    expect(stranger.body).toBe(customer.body);
    expect(customer.body).not.toMatch(awsNames);
    expect(JSON.parse(customer.body).ResponseStatus.ErrorCode).toBe(status === 503 ? 'ServiceUnavailable' : 'Exception');
  });
});
