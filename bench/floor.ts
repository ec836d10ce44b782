/**
 * The floor: what any implementation of these functions has to load and run, and nothing more. It
 * imports the same AWS SDK clients and XML parser, creates each once at module scope (as every
 * Lambda using them must) and makes the same calls the handler makes: the rate-limit counters, the
 * customer lookup, the token write that takes the mailbox's lease, the email and the lease's
 * release, replayed with the handler's own inputs; and, as the reset function reads its customer-id
 * key from Secrets Manager (once per instance, so no request after the first replays it), it loads
 * that client too. Built with
 * serverless.yml's esbuild settings, it is the floor for bundle size, cold init and the per-request
 * path alike.
 */
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SendEmailCommand } from '@aws-sdk/client-ses';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createDynamoDbClient, createSecretsManagerClient, createSesClient } from '../lib/adapters/aws-clients';

// With the service's own client settings (cacheMiddleware among them), so a ratio to the floor
// measures what the service adds, not how its settings differ from the SDK's defaults.
const dynamodb = createDynamoDbClient();
const ses = createSesClient();
const secrets = createSecretsManagerClient();

/** Exported so the bundle keeps the parser, as the functions need it for XML bodies. */
export const xml = { parser: new XMLParser(), validate: XMLValidator.validate };

/** One SDK call as the handler made it: the operation's name and its input. */
export interface RecordedCall {
  readonly command: string;
  readonly input: unknown;
}

/** Each operation the handler calls, as the floor sends it: a fresh command on the same client. */
const replays: Readonly<Record<string, (input: never) => Promise<unknown>>> = {
  GetItem: (input: GetItemCommand['input']) => dynamodb.send(new GetItemCommand(input)),
  UpdateItem: (input: UpdateItemCommand['input']) => dynamodb.send(new UpdateItemCommand(input)),
  SendEmail: (input: SendEmailCommand['input']) => ses.send(new SendEmailCommand(input)),
  GetSecretValue: (input: GetSecretValueCommand['input']) => secrets.send(new GetSecretValueCommand(input)),
};

/** The bare calls of a reset request, in the handler's order. */
export async function send(calls: readonly RecordedCall[]): Promise<void> {
  for (const { command, input } of calls) {
    const replay = replays[command];
    if (!replay) throw new Error(`The floor cannot replay ${command}`);
    await replay(input as never);
  }
}
