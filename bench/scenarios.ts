import type { APIGatewayProxyEvent, DynamoDBStreamEvent } from 'aws-lambda';
import { postEvent } from '../tests/fixtures/api-gateway-event';
import type { WireItem } from './fake-aws';

/** The function the request, memory and end-to-end sections drive. */
export const requestFunction = 'resetCustomerPassword';
/** The function on the table's stream that mails what the reset function queued. */
export const senderFunction = 'sendQueuedEmail';

/** The floors (bench/floors): what each function is measured against, by the clients it needs. */
export type FloorName = 'http' | 'sender';
export const floorEntries: Readonly<Record<FloorName, string>> = { http: 'bench/floors/http.ts', sender: 'bench/floors/sender.ts' };
/** The sender's floor has SES and no XML parser; every other function's is the HTTP floor. */
export const floorOf = (functionName: string): FloorName => (functionName === senderFunction ? 'sender' : 'http');

/** A reset request as a client sends it; in process it becomes an API Gateway event, end to end an HTTP request. */
export interface Scenario {
  readonly label: string;
  readonly path: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

const path = '/ResetCustomerPassword';

/** AquaGuard keeps a customer directory: its email needs a lookup, and jane.doe is in it. */
export const json: Scenario = {
  label: 'JSON',
  path,
  body: JSON.stringify({ Email: 'jane.doe@example.com', CustomerBrandName: 'AquaGuard' }),
  headers: { 'Content-Type': 'application/json' },
};

/** The old service's DataContract XML, answered in XML; PumpAlarm mails every address (no directory). */
export const xml: Scenario = {
  label: 'XML',
  path,
  body:
    '<ResetCustomerPasswordRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xmlns="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration">' +
    '<CustomerBrandName>PumpAlarm</CustomerBrandName><Email>jane.doe@example.com</Email></ResetCustomerPasswordRequest>',
  headers: { 'Content-Type': 'application/xml', Accept: 'application/xml' },
};

/** A verify request for `token`, as the portal's back end sends it. */
export const verify = (token: string): Scenario => ({
  label: 'verify',
  path: '/VerifyCustomerPasswordResetToken',
  body: JSON.stringify({ Token: token }),
  headers: { 'Content-Type': 'application/json' },
});

export const eventOf = (scenario: Scenario): APIGatewayProxyEvent => {
  const { 'Content-Type': contentType = '', ...others } = scenario.headers;
  return postEvent(scenario.body, contentType, others);
};

/** The stream record of the reset function's write of `item`, as Lambda's mapping hands it to the sender. */
export const streamEventOf = (item: WireItem): DynamoDBStreamEvent => ({
  Records: [
    {
      eventID: 'bench',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      eventSourceARN: 'arn:aws:dynamodb:eu-west-1:123456789012:table/reset-customer-password-dev/stream/2026-12-07T00:00:00.000',
      dynamodb: {
        Keys: { pk: item.pk as { S: string } },
        NewImage: item as NonNullable<DynamoDBStreamEvent['Records'][number]['dynamodb']>['NewImage'],
        SequenceNumber: '1',
        SizeBytes: JSON.stringify(item).length,
        StreamViewType: 'NEW_IMAGE',
      },
    },
  ],
});
