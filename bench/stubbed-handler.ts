/**
 * The reset handler with every AWS client's send() answering at once, so timing it measures the
 * handler's own work: decode, validate, token, hash, render, encode, log. Built with serverless.yml's
 * esbuild settings like the function itself.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The operations sent (`UpdateItem`, `SendEmail`, ...) while `recording.on`, in order: the floor replays
 * exactly these. Off by default, so timing loops do not pile up records for the GC to walk.
 */
export const sent: Array<{ readonly command: string; readonly input: unknown }> = [];
export const recording = { on: false };

/**
 * One answer fits every call the handler makes: a GetItem finds the customer, an UpdateItem counts a
 * first hit (within every limit) or takes or gives back the mailbox's lease, SendEmail ignores it.
 */
const ANSWER = { Item: { pk: { S: 'customer' } }, Attributes: { hits: { N: '1' } } };

// The customer-id key, read once per instance by its first request: not a call of every request, so
// not recorded for the floor to replay.
Object.defineProperty(SecretsManagerClient.prototype, 'send', {
  value: async () => ({ SecretString: 'bench-customer-id-key-not-a-secret-0123456789' }),
});

for (const Client of [DynamoDBClient, SESClient]) {
  // On the client classes' own prototypes, so the handler's already created clients pick it up.
  Object.defineProperty(Client.prototype, 'send', {
    // A command's operation name is the third entry of its schema: a string, so it survives
    // minification, which renames the command classes themselves.
    value: async (command: { schema: readonly unknown[]; input: unknown }) => {
      if (recording.on) sent.push({ command: String(command.schema[2]), input: command.input });
      return ANSWER;
    },
  });
}

/**
 * While `parserStub.on`, fast-xml-parser answers from a cache of its own earlier results (the same
 * bundled copy the handler uses): timing the handler then gives its work without the parser's,
 * which the issue counts as floor. The handler only reads the parsed tree, so sharing it is safe.
 */
export const parserStub = { on: false };
const parsed = new Map<string, unknown>();
const parse = XMLParser.prototype.parse;
// The handler calls parse(body) with no validation option (it validates first, itself).
XMLParser.prototype.parse = function cachedParse(this: XMLParser, body: string | Uint8Array) {
  const key = String(body);
  if (parserStub.on && parsed.has(key)) return parsed.get(key);
  const tree: unknown = Reflect.apply(parse, this, [body]);
  parsed.set(key, tree);
  return tree;
};
const validate = XMLValidator.validate;
(XMLValidator as { validate: typeof validate }).validate = (...args) => (parserStub.on ? true : validate(...args));

export { handler } from '../handlers/reset-customer-password';
