import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with the next calls: pass them on, or fail them as the real service would. */
export type FaultMode = 'pass' | 'ses-throttled' | 'ses-paused' | 'ses-hanging' | 'dynamodb-unavailable';

export interface FaultProxy {
  readonly url: string;
  mode: FaultMode;
  close(): Promise<void>;
}

/** An SES (query protocol) error document, which the SDK turns into the exception class named by its Code. */
const sesError = (code: string, message: string) =>
  '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type>' +
  `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`;
const SES_ERRORS: Partial<Record<FaultMode, string>> = {
  'ses-throttled': sesError('Throttling', 'Maximum sending rate exceeded.'),
  // Failing for good: SES paused the account's sending (its reputation, say).
  'ses-paused': sesError('AccountSendingPausedException', 'Email sending is disabled for your entire Amazon SES account.'),
};
const DYNAMODB_UNAVAILABLE = '{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"}';

/**
 * A proxy on 127.0.0.1 in front of DynamoDB Local and local SES: it passes calls through, or answers
 * them with the errors the real services give when throttled, down or paused, or lets SES hang. DynamoDB calls carry an
 * X-Amz-Target header; SES v1 calls do not.
 */
export async function startFaultProxy(dynamodbUrl: string, sesUrl: string): Promise<FaultProxy> {
  const proxy = { mode: 'pass' as FaultMode };
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const isDynamoDb = incoming.headers['x-amz-target'] !== undefined;
    if (proxy.mode === 'dynamodb-unavailable' && isDynamoDb) {
      outgoing.writeHead(500, { 'Content-Type': 'application/x-amz-json-1.0' }).end(DYNAMODB_UNAVAILABLE);
      incoming.resume();
      return;
    }
    if (proxy.mode === 'ses-hanging' && !isDynamoDb) {
      // Accepts the call and never answers: only the client's own timeout ends it.
      incoming.resume();
      return;
    }
    const sesError = SES_ERRORS[proxy.mode];
    if (sesError && !isDynamoDb) {
      outgoing.writeHead(400, { 'Content-Type': 'text/xml' }).end(sesError);
      incoming.resume();
      return;
    }
    const target = new URL(incoming.url ?? '/', isDynamoDb ? dynamodbUrl : sesUrl);
    const upstream = forward(target, { method: incoming.method, headers: { ...incoming.headers, host: target.host } }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
