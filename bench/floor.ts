/**
 * The floor: what any implementation of these functions has to load and run, and nothing more. It
 * imports the same AWS SDK clients and XML parser, creates each once at module scope (as every
 * Lambda using them must) and makes the same two calls. Built with serverless.yml's esbuild
 * settings, it is the floor for bundle size, cold init and the per-request path alike.
 */
import { DynamoDBClient, PutItemCommand, type PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-ses';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const dynamodb = new DynamoDBClient({});
const ses = new SESClient({});

/** Exported so the bundle keeps the parser, as the functions need it for XML bodies. */
export const xml = { parser: new XMLParser(), validate: XMLValidator.validate };

/** The two bare calls of a reset request: store the token, send the email. */
export async function send(item: PutItemCommandInput, email: SendEmailCommandInput): Promise<void> {
  await dynamodb.send(new PutItemCommand(item));
  await ses.send(new SendEmailCommand(email));
}
