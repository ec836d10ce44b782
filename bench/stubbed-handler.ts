/**
 * The reset handler with every AWS client's send() answering at once, so timing it measures the
 * handler's own work: decode, validate, token, hash, render, encode, log. Built with serverless.yml's
 * esbuild settings like the function itself.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';

/** The last input of each command sent, by command name: the floor replays exactly these. */
export const lastSent = new Map<string, unknown>();

for (const Client of [DynamoDBClient, SESClient]) {
  // On the client classes' own prototypes, so the handler's already created clients pick it up.
  Object.defineProperty(Client.prototype, 'send', {
    value: async (command: { constructor: { name: string }; input: unknown }) => {
      lastSent.set(command.constructor.name, command.input);
      return {};
    },
  });
}

export { handler } from '../handlers/reset-customer-password';
