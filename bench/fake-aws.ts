import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BENCH_SECRET } from './secret';

/** An item as DynamoDB's JSON protocol (and a stream record's image) carries it: binary values in base64. */
export type WireItem = Record<string, Record<string, unknown>>;

/** A known customer: what a GetItem finds for a key nobody put (the brands' directories). */
const FOUND = '{"Item":{"pk":{"S":"customer"}}}';

/**
 * JSON-protocol answers by operation, but for GetItem, PutItem and TransactWriteItems. DynamoDB: an UpdateItem that
 * succeeds, which counts a first hit within every limit (a budget reads `hits`, a sliding log only
 * its success) or marks a token item handled. Secrets Manager: the keys, read once per instance.
 */
const JSON_ANSWERS: Readonly<Record<string, string>> = {
  'DynamoDB_20120810.UpdateItem': '{"Attributes":{"hits":{"N":"1"}}}',
  'secretsmanager.GetSecretValue': JSON.stringify({ SecretString: BENCH_SECRET }),
};
const SES_SEND_EMAIL_RESPONSE =
  '<SendEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendEmailResult><MessageId>bench</MessageId>' +
  '</SendEmailResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></SendEmailResponse>';

export interface FakeAws {
  /** For AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SES and AWS_ENDPOINT_URL_SECRETS_MANAGER alike. */
  readonly url: string;
  /** The last item put under each key, by table: what the reset function queued. */
  readonly items: ReadonlyMap<string, ReadonlyMap<string, WireItem>>;
  /** How many SendEmail calls it answered. */
  readonly emailsSent: () => number;
  close(): Promise<void>;
}

/**
 * DynamoDB, SES and Secrets Manager on 127.0.0.1, answering the calls the functions make at once, so
 * a request's time is the client's work alone: a table that keeps what PutItem and the puts of
 * TransactWriteItems wrote and GetItem reads back (a key nobody put is a known customer), UpdateItem, SendEmail, and GetSecretValue.
 * Anything else is a 400, which a handler turns into a 500 (or a failed record) the loop refuses.
 */
export async function startFakeAws(): Promise<FakeAws> {
  const items = new Map<string, Map<string, WireItem>>();
  let emailsSent = 0;
  const table = (name: string) => items.get(name) ?? items.set(name, new Map()).get(name)!;
  const answer = (target: string | undefined, body: string): string | undefined => {
    if (target === 'DynamoDB_20120810.PutItem') {
      const { TableName, Item } = JSON.parse(body) as { TableName: string; Item: WireItem };
      table(TableName).set(String(Item.pk?.S), Item);
      return '{}';
    }
    if (target === 'DynamoDB_20120810.TransactWriteItems') {
      // The reset's one write: its counts succeed (within every limit), its put is kept.
      const { TransactItems } = JSON.parse(body) as { TransactItems: Array<{ Put?: { TableName: string; Item: WireItem } }> };
      for (const { Put } of TransactItems) if (Put) table(Put.TableName).set(String(Put.Item.pk?.S), Put.Item);
      return '{}';
    }
    if (target === 'DynamoDB_20120810.GetItem') {
      const { TableName, Key } = JSON.parse(body) as { TableName: string; Key: WireItem };
      const item = items.get(TableName)?.get(String(Key.pk?.S));
      return item ? JSON.stringify({ Item: item }) : FOUND;
    }
    return target === undefined ? undefined : JSON_ANSWERS[target];
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const body = Buffer.concat(chunks).toString();
      const jsonAnswer = answer(typeof target === 'string' ? target : undefined, body);
      if (jsonAnswer !== undefined) {
        response.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' }).end(jsonAnswer);
      } else if (target === undefined && body.startsWith('Action=SendEmail&')) {
        emailsSent++;
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
    items,
    emailsSent: () => emailsSent,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The environment that points every client at `aws`. */
export const endpointsOf = (aws: FakeAws): Record<string, string> => ({
  AWS_ENDPOINT_URL_DYNAMODB: aws.url,
  AWS_ENDPOINT_URL_SES: aws.url,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
});
