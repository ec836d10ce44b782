/**
 * The floor of the HTTP functions (reset, verify, complete): what any implementation of them has to
 * load and run, and nothing more. It imports the same AWS SDK clients (DynamoDB, and Secrets Manager,
 * through which they read their keys once per instance) and the XML parser, creates each once at
 * module scope (as every Lambda using them must) and replays the calls a handler made, with the
 * handler's own inputs: for a reset, the one transaction of its rate-limit counts and the mailbox's
 * item. Built with serverless.yml's esbuild settings, it is the floor for bundle size, cold init and
 * the per-request path alike. No SES: since email left the request path, none of these functions sends.
 */
import { GetItemCommand, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createDynamoDbClient, createSecretsManagerClient } from '../../lib/adapters/aws-clients';
import { replayer } from './replay';

// With the service's own client settings (cacheMiddleware among them), so a ratio to the floor
// measures what the service adds, not how its settings differ from the SDK's defaults.
const dynamodb = createDynamoDbClient();
const secrets = createSecretsManagerClient();

/** Exported so the bundle keeps the parser, as the functions need it for XML bodies. */
export const xml = { parser: new XMLParser(), validate: XMLValidator.validate };

/** The bare calls of a request, in the handler's order. */
export const send = replayer({
  GetItem: (input: GetItemCommand['input']) => dynamodb.send(new GetItemCommand(input)),
  PutItem: (input: PutItemCommand['input']) => dynamodb.send(new PutItemCommand(input)),
  UpdateItem: (input: UpdateItemCommand['input']) => dynamodb.send(new UpdateItemCommand(input)),
  TransactWriteItems: (input: TransactWriteItemsCommand['input']) => dynamodb.send(new TransactWriteItemsCommand(input)),
  GetSecretValue: (input: GetSecretValueCommand['input']) => secrets.send(new GetSecretValueCommand(input)),
});
