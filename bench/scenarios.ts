import type { APIGatewayProxyEvent } from 'aws-lambda';
import { postEvent } from '../tests/fixtures/api-gateway-event';

/** The function the request, memory and end-to-end sections drive. */
export const requestFunction = 'resetCustomerPassword';

/** A reset request as a client sends it; in process it becomes an API Gateway event, end to end an HTTP request. */
export interface Scenario {
  readonly label: string;
  readonly path: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

const path = '/ResetCustomerPassword';

export const json: Scenario = {
  label: 'JSON',
  path,
  body: JSON.stringify({ Email: 'jane.doe@example.com', CustomerBrandName: 'AquaGuard' }),
  headers: { 'Content-Type': 'application/json' },
};

/** The old service's DataContract XML, answered in XML. */
export const xml: Scenario = {
  label: 'XML',
  path,
  body:
    '<ResetCustomerPasswordRequest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" ' +
    'xmlns="http://schemas.datacontract.org/2004/07/Registrar.Model.Model.Transactions.UserRegistration">' +
    '<CustomerBrandName>PumpAlarm</CustomerBrandName><Email>jane.doe@example.com</Email></ResetCustomerPasswordRequest>',
  headers: { 'Content-Type': 'application/xml', Accept: 'application/xml' },
};

export const eventOf = (scenario: Scenario): APIGatewayProxyEvent => {
  const { 'Content-Type': contentType = '', ...others } = scenario.headers;
  return postEvent(scenario.body, contentType, others);
};
