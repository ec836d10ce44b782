/**
 * The reset handler with every AWS client's send() answering at once, so timing it measures the
 * handler's own work: decode, validate, token, hash, render, encode, log. Built with serverless.yml's
 * esbuild settings like the function itself.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';

/** Every operation sent (`PutItem`, `SendEmail`, ...) since the list was last emptied, in order: the floor replays exactly these. */
export const sent: Array<{ readonly command: string; readonly input: unknown }> = [];

/**
 * One answer fits every call the handler makes: a GetItem finds the customer, an UpdateItem counts a
 * first hit (within every limit), PutItem and SendEmail ignore it.
 */
const ANSWER = { Item: { pk: { S: 'customer' } }, Attributes: { hits: { N: '1' } } };

for (const Client of [DynamoDBClient, SESClient]) {
  // On the client classes' own prototypes, so the handler's already created clients pick it up.
  Object.defineProperty(Client.prototype, 'send', {
    // A command's operation name is the third entry of its schema: a string, so it survives
    // minification, which renames the command classes themselves.
    value: async (command: { schema: readonly unknown[]; input: unknown }) => {
      sent.push({ command: String(command.schema[2]), input: command.input });
      return ANSWER;
    },
  });
}

export { handler } from '../handlers/reset-customer-password';
/** The XML parser's own work, from the same bundle, so its cost can be told from the handler's. */
export { parseXmlDocument } from '../lib/wire/xml';
