import {
  DynamoDBClient,
  InternalServerError,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { AccountSendingPausedException, MailFromDomainNotVerifiedException, MessageRejected, SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDbTokenStore } from '../../lib/adapters/dynamodb-token-store';
import { SesMailer } from '../../lib/adapters/ses-mailer';
import { loadConfig } from '../../lib/config';
import { createHttpHandler } from '../../lib/http';
import { requestPasswordReset } from '../../lib/reset/request-password-reset';
import { resetCustomerPassword } from '../../lib/wire/operations';
import { postEvent } from '../fixtures/api-gateway-event';
import { directoryOf, resetDeps } from './fakes';

/**
 * The reset operation behind the real edge, with the real SES and DynamoDB adapters on mocked clients
 * that fail with the SDK's own exception classes: customers and strangers of a directory brand must
 * get the same bytes, and no AWS name may reach the wire.
 */
const ses = mockClient(SESClient);
const dynamodb = mockClient(DynamoDBClient);
const config = loadConfig({ STAGE: 'dev', TABLE_NAME: 't', CUSTOMER_TABLE_NAME: 'c' });
const $metadata = {};

function service() {
  const deps = {
    ...resetDeps(Date.UTC(2026, 10, 28, 12), { directoryFor: () => directoryOf('aquaguard#jane.doe@example.com') }),
    tokens: new DynamoDbTokenStore(new DynamoDBClient({ region: 'eu-west-1', maxAttempts: 1 }), 't'),
    mailer: new SesMailer(new SESClient({ region: 'eu-west-1', maxAttempts: 1 }), 'reset-customer-password-dev'),
  };
  const handler = createHttpHandler(config, [{ spec: resetCustomerPassword, run: async (dto, request) => ({ log: { result: (await requestPasswordReset(dto, request, deps)).result } }) }]);
  return (email: string, accept = 'application/json') =>
    handler(postEvent(JSON.stringify({ Email: email, CustomerBrandName: 'AquaGuard' }), 'application/json', { Accept: accept }));
}

const awsNames = /\w+Exception|AccountSending|MailFrom|Provisioned|InternalServerError|ResourceNotFound|MessageRejected/;

describe('no tell in an error', () => {
  beforeEach(() => {
    ses.reset();
    dynamodb.reset();
    dynamodb.on(UpdateItemCommand).resolves({});
    ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
  });

  it.each([
    ['AccountSendingPausedException', new AccountSendingPausedException({ message: 'Sending is paused for this account.', $metadata })],
    ['MailFromDomainNotVerifiedException', new MailFromDomainNotVerifiedException({ message: 'MAIL FROM domain not verified.', $metadata })],
  ])('answers SES failing for good (%s) with one generic 500, for a customer and a stranger alike', async (_name, error) => {
    const reset = service();
    ses.on(SendEmailCommand).rejects(error);

    for (const accept of ['application/json', 'application/xml']) {
      const customer = await reset('jane.doe@example.com', accept);
      const stranger = await reset('stranger@example.com', accept);

      expect([customer.statusCode, stranger.statusCode]).toEqual([500, 500]);
      expect(stranger.body).toBe(customer.body);
      expect(customer.body).not.toMatch(/AccountSending|MailFrom/);
    }
    expect(JSON.parse((await reset('jane.doe@example.com')).body)).toEqual({ ResponseStatus: { ErrorCode: 'Exception', Message: 'An unexpected error occurred', Errors: [] } });
  });

  it('answers MessageRejected (one recipient refused for good) with a 200 for both, as if sent', async () => {
    const reset = service();
    ses.on(SendEmailCommand).rejects(new MessageRejected({ message: 'Email address is not verified.', $metadata }));
    const [customer, stranger] = [await reset('jane.doe@example.com'), await reset('stranger@example.com')];
    expect([customer.statusCode, customer.body, stranger.statusCode, stranger.body]).toEqual([200, '{}', 200, '{}']);
  });

  it.each([
    ['ProvisionedThroughputExceededException', 503, new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata })],
    ['InternalServerError', 503, new InternalServerError({ message: 'Internal server error', $metadata })],
    ['ResourceNotFoundException', 500, new ResourceNotFoundException({ message: 'Requested resource not found: Table: t not found', $metadata })],
  ])('answers DynamoDB failing (%s) with the same %i for a customer and a stranger, naming nothing of AWS', async (_name, status, error) => {
    const reset = service();
    // The token write: a customer's record, or a stranger's lease alone, is one UpdateItem either way.
    dynamodb.on(UpdateItemCommand).rejects(error);

    const [customer, stranger] = [await reset('jane.doe@example.com'), await reset('stranger@example.com')];

    expect([customer.statusCode, stranger.statusCode]).toEqual([status, status]);
    expect(stranger.body).toBe(customer.body);
    expect(customer.body).not.toMatch(awsNames);
    expect(JSON.parse(customer.body).ResponseStatus.ErrorCode).toBe(status === 503 ? 'ServiceUnavailable' : 'Exception');
  });
});
