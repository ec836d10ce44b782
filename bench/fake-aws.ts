import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * JSON-protocol answers by operation. DynamoDB: a known customer; an UpdateItem that succeeds, which
 * counts a first hit within every limit (a budget reads `hits`, a sliding log only its success), takes
 * the mailbox's lease with the token, and gives the lease back. Secrets Manager: the customer-id key
 * the reset function reads once per instance.
 */
const JSON_ANSWERS: Readonly<Record<string, string>> = {
  'DynamoDB_20120810.GetItem': '{"Item":{"pk":{"S":"customer"}}}',
  'DynamoDB_20120810.UpdateItem': '{"Attributes":{"hits":{"N":"1"}}}',
  'secretsmanager.GetSecretValue': '{"SecretString":"bench-customer-id-key-not-a-secret-0123456789"}',
};
const SES_SEND_EMAIL_RESPONSE =
  '<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendEmailResult><MessageId>bench</MessageId>' +
  '</SendEmailResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></SendEmailResponse>';

export interface FakeAws {
  /** For AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SES and AWS_ENDPOINT_URL_SECRETS_MANAGER alike. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * DynamoDB, SES and Secrets Manager on 127.0.0.1, answering the calls a reset request makes (GetItem,
 * UpdateItem, SendEmail, and GetSecretValue once per instance) at once, so a request's time is the
 * client's work alone. Anything else is a
 * 400, which the handler turns into a 500 the loop refuses.
 */
export async function startFakeAws(): Promise<FakeAws> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const jsonAnswer = typeof target === 'string' ? JSON_ANSWERS[target] : undefined;
      if (jsonAnswer !== undefined) {
        response.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' }).end(jsonAnswer);
      } else if (target === undefined && Buffer.concat(chunks).toString().startsWith('Action=SendEmail&')) {
        response.writeHead(200, { 'Content-Type': 'text/xml' }).end(SES_SEND_EMAIL_RESPONSE);
      } else {
        response.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.0' }).end('{"__type":"UnknownOperationException"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
