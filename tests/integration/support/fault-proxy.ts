import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with the next calls: pass them on, or fail them as the real service would. */
export type FaultMode = 'pass' | 'ses-throttled' | 'dynamodb-unavailable';

export interface FaultProxy {
  readonly url: string;
  mode: FaultMode;
  close(): Promise<void>;
}

const SES_THROTTLED =
  '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code>' +
  '<Message>Maximum sending rate exceeded.</Message></Error><RequestId>fault</RequestId></ErrorResponse>';
const DYNAMODB_UNAVAILABLE = '{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"Internal server error"}';

/**
 * A proxy on 127.0.0.1 in front of DynamoDB Local and local SES: it passes calls through, or answers
 * them with the errors the real services give when throttled or down. DynamoDB calls carry an
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
    if (proxy.mode === 'ses-throttled' && !isDynamoDb) {
      outgoing.writeHead(400, { 'Content-Type': 'text/xml' }).end(SES_THROTTLED);
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
